/*
 * state.c: creation, detoasting and validation of bytea aggregate states.
 */
#include "postgres.h"

#include "core/bytes.h"
#include "core/state.h"
#include "common/int.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/memutils.h"

/* Bytes of a state with the given options blob, class dictionary and payload capacity. */
Size
LearnStateSize(uint32 options_len, uint32 classes_len, uint32 payload_cap)
{
	return add_size(add_size(add_size(sizeof(LearnStateHeader), TYPEALIGN(8, (Size) options_len)),
							 TYPEALIGN(8, (Size) classes_len)),
					mul_size(payload_cap, sizeof(double)));
}

/* Fail unless a state of size bytes can be allocated. */
static void
CheckStateSize(Size size, uint32 n_features)
{
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aggregate state for %u features would take %zu bytes, more than the %zu allowed",
						n_features, size, (Size) MaxAllocSize),
				 errhint("For algorithms that hold their rows in memory, learn.train streams larger inputs.")));
}

/* Allocate a zeroed state in cxt. */
bytea *
LearnStateCreate(MemoryContext cxt, uint16 algorithm, uint32 n_features,
				 const LearnWriter *options, uint32 payload_len)
{
	Size		size;
	bytea	   *b;
	LearnStateHeader *h;

	if (options->len > LEARN_STATE_MAX_OPTIONS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("training options take %d bytes; the limit is %d",
						options->len, LEARN_STATE_MAX_OPTIONS)));
	size = LearnStateSize(options->len, 0, payload_len);
	CheckStateSize(size, n_features);
	b = MemoryContextAllocZero(cxt, size);
	SET_VARSIZE(b, size);
	h = (LearnStateHeader *) b;
	h->magic = LEARN_STATE_MAGIC;
	h->version = LEARN_STATE_VERSION;
	h->algorithm = algorithm;
	h->n_features = n_features;
	h->options_len = options->len;
	h->payload_len = payload_len;
	h->payload_cap = payload_len;
	memcpy((char *) b + sizeof(LearnStateHeader), options->data, options->len);
	return b;
}

/* A fresh zeroed state whose class dictionary holds names[0..n-1]. */
bytea *
LearnStateCreateWithClasses(MemoryContext cxt, uint16 algorithm, uint32 n_features,
							const LearnWriter *options, char **names, uint32 n, uint32 payload_len)
{
	LearnWriter dict;
	Size		size;
	bytea	   *b;
	LearnStateHeader *h;
	char	   *p;

	LearnWriterInit(&dict);
	for (uint32 c = 0; c < n; c++)
		LearnWriteName(&dict, names[c]);
	size = LearnStateSize(options->len, dict.len, payload_len);
	CheckStateSize(size, n_features);
	b = MemoryContextAllocZero(cxt, size);
	SET_VARSIZE(b, size);
	h = (LearnStateHeader *) b;
	h->magic = LEARN_STATE_MAGIC;
	h->version = LEARN_STATE_VERSION;
	h->algorithm = algorithm;
	h->n_features = n_features;
	h->options_len = options->len;
	h->payload_len = payload_len;
	h->payload_cap = payload_len;
	h->classes_len = dict.len;
	h->n_classes = n;
	p = (char *) b + sizeof(LearnStateHeader);
	memcpy(p, options->data, options->len);
	memcpy(p + TYPEALIGN(8, options->len), dict.data, dict.len);
	return b;
}

/*
 * A copy of st in cxt, with new_class (when not NULL) added to the class
 * dictionary and the payload resized to payload_len slots in use out of
 * payload_cap allocated; new slots are zero.
 */
bytea *
LearnStateGrow(MemoryContext cxt, const LearnState *st, const char *new_class, int new_class_len,
			   uint32 payload_len, uint32 payload_cap)
{
	const LearnStateHeader *old = st->hdr;
	uint32		classes_len = old->classes_len + (new_class ? 2 + new_class_len : 0);
	Size		size;
	bytea	   *b;
	LearnStateHeader *h;
	char	   *p;

	if (new_class && (new_class_len <= 0 || new_class_len > LEARN_MAX_NAME_BYTES))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("class labels must have 1 to %d bytes", LEARN_MAX_NAME_BYTES)));
	if (new_class && old->n_classes >= LEARN_MAX_CLASSES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("more than %d distinct class labels", LEARN_MAX_CLASSES)));
	Assert(payload_cap >= payload_len && payload_len >= Min(old->payload_len, payload_len));
	size = LearnStateSize(old->options_len, classes_len, payload_cap);
	CheckStateSize(size, old->n_features);
	/* everything but the copied payload is zeroed: memset-ing a large state twice costs as much as copying it */
	b = MemoryContextAlloc(cxt, size);
	memset(b, 0, size - sizeof(double) * (Size) payload_cap);
	memset((char *) b + size - sizeof(double) * ((Size) payload_cap - Min(old->payload_len, payload_len)), 0,
		   sizeof(double) * ((Size) payload_cap - Min(old->payload_len, payload_len)));
	h = (LearnStateHeader *) b;
	memcpy(h, old, sizeof(LearnStateHeader));
	SET_VARSIZE(b, size);		/* after the copy: the header begins with the varlena length */
	h->classes_len = classes_len;
	h->payload_len = payload_len;
	h->payload_cap = payload_cap;
	p = (char *) b + sizeof(LearnStateHeader);
	memcpy(p, st->options, old->options_len);
	p += TYPEALIGN(8, old->options_len);
	memcpy(p, st->classes, old->classes_len);
	if (new_class)
	{
		p[old->classes_len] = new_class_len & 0xff;
		p[old->classes_len + 1] = (new_class_len >> 8) & 0xff;
		memcpy(p + old->classes_len + 2, new_class, new_class_len);
		h->n_classes++;
	}
	p += TYPEALIGN(8, classes_len);
	memcpy(p, st->payload, sizeof(double) * Min(old->payload_len, payload_len));
	return b;
}

/*
 * Detoast a state datum into a 4-byte-header, 8-byte-aligned varlena.  With
 * copy, the result is always a fresh copy the caller may modify.
 */
bytea *
LearnStateDetoast(Datum d, bool copy)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);
	LearnStateBox *box = LearnStateBoxOf(d);
	bytea	   *b;

	if (box != NULL)
		v = (struct varlena *) box->flat;	/* ours: no flattening copy */
	if (VARATT_IS_EXTENDED(v))
		b = (bytea *) PG_DETOAST_DATUM(d);	/* always a fresh palloc */
	else if (copy || (uintptr_t) v % 8 != 0)
	{
		b = palloc(VARSIZE(v));
		memcpy(b, v, VARSIZE(v));
	}
	else
		b = (bytea *) v;
	return b;
}

/* Raise the error for a malformed state. */
static void
BadState(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid pg_learn aggregate state"),
			 errdetail("%s", detail),
			 errhint("Aggregate states are made by pg_learn's transition functions; do not pass other bytes.")));
}

/* Validate a state of the given algorithm and return a view of it. */
void
LearnStateOpen(bytea *b, uint16 algorithm, LearnPayloadLenFn payload_len, LearnState *st)
{
	Size		size = VARSIZE(b);
	LearnStateHeader *h = (LearnStateHeader *) b;
	int64		expect;

	if (size < sizeof(LearnStateHeader))
		BadState("state is shorter than its header");
	if (h->magic != LEARN_STATE_MAGIC)
		BadState("wrong magic number");
	if (h->version != LEARN_STATE_VERSION)
		BadState(psprintf("state version %u is not supported", h->version));
	if (h->algorithm != algorithm)
		BadState(psprintf("state belongs to algorithm %u, not %u", h->algorithm, algorithm));
	if (h->options_len > LEARN_STATE_MAX_OPTIONS)
		BadState("options blob is too long");
	if (h->rows_used < 0 || h->rows_skipped < 0)
		BadState("negative row count");
	if (h->n_features == 0 && h->rows_used != 0)
		BadState("rows counted without dimensions");
	if (h->classes_len > LEARN_MAX_CLASSES * (2 + LEARN_MAX_NAME_BYTES) || h->n_classes > LEARN_MAX_CLASSES ||
		h->label_kind > LEARN_LABEL_TEXT || h->reserved != 0)
		BadState("bad class dictionary header");
	if (h->payload_len > h->payload_cap)
		BadState("payload length exceeds its capacity");
	expect = (h->n_features == 0) ? 0 : payload_len(h->n_features, h->n_classes, h->rows_used);
	if (expect < 0 || h->payload_len != (uint64) expect)
		BadState(psprintf("payload has %u slots, expected " INT64_FORMAT " for %u features",
						  h->payload_len, expect, h->n_features));
	if (size != LearnStateSize(h->options_len, h->classes_len, h->payload_cap))
		BadState(psprintf("state has %zu bytes, its header describes %zu",
						  size, LearnStateSize(h->options_len, h->classes_len, h->payload_cap)));
	st->hdr = h;
	st->options = (const uint8 *) b + sizeof(LearnStateHeader);
	st->classes = st->options + TYPEALIGN(8, h->options_len);
	st->payload = (double *) (st->classes + TYPEALIGN(8, h->classes_len));
	/* the dictionary must hold exactly n_classes well-formed labels */
	{
		uint32		pos = 0;

		for (uint32 c = 0; c < h->n_classes; c++)
		{
			uint32		len;

			if (pos + 2 > h->classes_len)
				BadState("class dictionary is truncated");
			len = st->classes[pos] | (st->classes[pos + 1] << 8);
			if (len == 0 || len > LEARN_MAX_NAME_BYTES || pos + 2 + len > h->classes_len)
				BadState("class dictionary is truncated");
			/*
			 * Labels come from text, which never holds a zero byte, and
			 * become the model's class names, which the model decoder checks
			 * the same way: a forged "\0..." label made the statistics
			 * combine functions copy (size_t) -1 bytes, and a final function
			 * fed an invalid one returned a model no function could load
			 * (found by test/fuzz/fuzz_state).
			 */
			if (memchr(st->classes + pos + 2, '\0', len) != NULL ||
				!pg_verifymbstr((const char *) st->classes + pos + 2, (int) len, true))
				BadState("class label is not valid in the database encoding");
			pos += 2 + len;
		}
		if (pos != h->classes_len)
			BadState("class dictionary has trailing bytes");
	}
}

/*
 * Fail unless the row counts of two states can be added: states come from
 * users, and counts near INT64_MAX overflowed in combine (undefined
 * behaviour; found by test/fuzz/fuzz_state).
 */
void
LearnStateCheckCounts(const LearnStateHeader *a, const LearnStateHeader *b)
{
	int64		sum;

	if (pg_add_s64_overflow(a->rows_used, b->rows_used, &sum) ||
		pg_add_s64_overflow(a->rows_skipped, b->rows_skipped, &sum))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("cannot combine aggregate states: their row counts overflow bigint")));
}

/* Index of the class label (not NUL-terminated) in the dictionary, or -1. */
int
LearnStateFindClass(const LearnState *st, const char *label, int len)
{
	uint32		pos = 0;

	for (uint32 c = 0; c < st->hdr->n_classes; c++)
	{
		uint32		n = st->classes[pos] | (st->classes[pos + 1] << 8);

		if (n == (uint32) len && memcmp(st->classes + pos + 2, label, len) == 0)
			return (int) c;
		pos += 2 + n;
	}
	return -1;
}

/* The class labels, in dictionary order, as palloc'd strings. */
char **
LearnStateClassNames(const LearnState *st)
{
	char	  **names = palloc(sizeof(char *) * Max(st->hdr->n_classes, 1));
	uint32		pos = 0;

	for (uint32 c = 0; c < st->hdr->n_classes; c++)
	{
		uint32		n = st->classes[pos] | (st->classes[pos + 1] << 8);

		names[c] = pnstrdup((const char *) st->classes + pos + 2, n);
		pos += 2 + n;
	}
	return names;
}

/* ---- the expanded-object box (state.h) ---- */

/* Bytes of the flat form: the state itself. */
static Size
BoxFlatSize(ExpandedObjectHeader *eohptr)
{
	return VARSIZE(((LearnStateBox *) eohptr)->flat);
}

/* The flat form: a copy of the state. */
static void
BoxFlatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	memcpy(result, ((LearnStateBox *) eohptr)->flat, allocated_size);
}

static const ExpandedObjectMethods box_methods = {BoxFlatSize, BoxFlatten};

/* The box a datum points to, or NULL when it is not one of ours. */
LearnStateBox *
LearnStateBoxOf(Datum d)
{
	ExpandedObjectHeader *eoh;

	if (!VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
		return NULL;
	eoh = DatumGetEOHP(d);
	return eoh->eoh_methods == &box_methods ? (LearnStateBox *) eoh : NULL;
}

/* An empty box in its own context under aggcxt (set its state next). */
LearnStateBox *
LearnStateBoxCreate(MemoryContext aggcxt)
{
	MemoryContext cxt = AllocSetContextCreate(aggcxt, "pg_learn aggregate state",
											  ALLOCSET_SMALL_SIZES);
	LearnStateBox *box = MemoryContextAllocZero(cxt, sizeof(LearnStateBox));

	EOH_init_header(&box->hdr, &box_methods, cxt);
	return box;
}

/* Put a copy of state in the box (state may be the box's own, then nothing changes). */
void
LearnStateBoxSet(LearnStateBox *box, const bytea *state)
{
	bytea	   *copy;

	if (state == box->flat)
		return;
	copy = MemoryContextAllocHuge(box->hdr.eoh_context, VARSIZE(state));
	memcpy(copy, state, VARSIZE(state));
	if (box->flat)
		pfree(box->flat);
	box->flat = copy;
}

/*
 * Grow the boxed state's payload capacity in place (realloc: large blocks
 * move without being copied page by page); the new slots are not zeroed,
 * so this is for payloads whose slots are written before they are read
 * (kept rows).  Returns the (possibly moved) state.
 */
bytea *
LearnStateBoxGrowPayload(LearnStateBox *box, uint32 payload_cap)
{
	LearnStateHeader *h = (LearnStateHeader *) box->flat;
	Size		size = LearnStateSize(h->options_len, h->classes_len, payload_cap);

	Assert(payload_cap >= h->payload_cap);
	CheckStateSize(size, h->n_features);
	box->flat = repalloc_huge(box->flat, size);
	h = (LearnStateHeader *) box->flat;
	SET_VARSIZE(box->flat, size);
	h->payload_cap = payload_cap;
	return box->flat;
}
