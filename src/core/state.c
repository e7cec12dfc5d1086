/*
 * state.c: creation, detoasting and validation of bytea aggregate states.
 */
#include "postgres.h"

#include "core/bytes.h"
#include "core/state.h"
#include "fmgr.h"
#include "utils/memutils.h"

/* Bytes of a state with the given options blob and payload. */
Size
LearnStateSize(uint32 options_len, uint32 payload_len)
{
	return add_size(add_size(sizeof(LearnStateHeader), TYPEALIGN(8, (Size) options_len)),
					mul_size(payload_len, sizeof(double)));
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
	size = LearnStateSize(options->len, payload_len);
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aggregate state for %u features would take %zu bytes, more than the %zu allowed",
						n_features, size, (Size) MaxAllocSize)));
	b = MemoryContextAllocZero(cxt, size);
	SET_VARSIZE(b, size);
	h = (LearnStateHeader *) b;
	h->magic = LEARN_STATE_MAGIC;
	h->version = LEARN_STATE_VERSION;
	h->algorithm = algorithm;
	h->n_features = n_features;
	h->options_len = options->len;
	h->payload_len = payload_len;
	memcpy((char *) b + sizeof(LearnStateHeader), options->data, options->len);
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
	bytea	   *b;

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
	expect = (h->n_features == 0) ? 0 : payload_len(h->n_features);
	if (expect < 0 || h->payload_len != (uint64) expect)
		BadState(psprintf("payload has %u slots, expected " INT64_FORMAT " for %u features",
						  h->payload_len, expect, h->n_features));
	if (size != LearnStateSize(h->options_len, h->payload_len))
		BadState(psprintf("state has %zu bytes, its header describes %zu",
						  size, LearnStateSize(h->options_len, h->payload_len)));
	st->hdr = h;
	st->options = (const uint8 *) b + sizeof(LearnStateHeader);
	st->payload = (double *) ((char *) b + sizeof(LearnStateHeader) + TYPEALIGN(8, h->options_len));
}
