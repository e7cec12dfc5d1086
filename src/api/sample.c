/*
 * sample.c: learn.hash_sample(x float8[], n bigint) -> float8[][], the
 * deterministic row sample (core/sample.h) as a parallel aggregate: the n
 * rows with the smallest sample keys, in key order, as an n x p array.
 * learn.train's streamed fits read their sample with it; the in-memory fits
 * select the same rows with LearnSampleRows.
 *
 * The state is a bytea: a 20-byte header (magic, p, capacity n, count, a
 * reserved zero; u32 each, host order like every pg_learn state), so that
 * the slots start 8-byte aligned from the varlena's start, and count slots of 1 + p
 * float8-sized words (core/sample.h) forming a max-heap.  Its buffer starts
 * small and doubles up to n slots.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "core/sample.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/memutils.h"

#define SAMPLE_STATE_MAGIC	0x504D534C	/* "LSMP" in little-endian */
#define SAMPLE_MAX_BYTES	((Size) 512 * 1024 * 1024)	/* state size limit */
#define SAMPLE_FIRST_SLOTS	256

typedef struct SampleStateHeader
{
	uint32		magic;
	uint32		p;
	uint32		cap;			/* n, the rows kept at most */
	uint32		count;			/* rows kept */
	uint32		reserved;		/* zero; aligns the slots (VARHDRSZ + 20 = 24) */
} SampleStateHeader;

/* Bytes of a state with room for slots slots of p values. */
static Size
SampleStateBytes(uint32 p, int64 slots)
{
	return add_size(VARHDRSZ + sizeof(SampleStateHeader),
					mul_size(mul_size(sizeof(double), (Size) p + 1), (Size) slots));
}

/* The header of a state, checked against its length. */
static SampleStateHeader *
SampleStateOpen(bytea *state, LearnSampleHeap *h)
{
	SampleStateHeader *hdr = (SampleStateHeader *) VARDATA(state);
	Size		len = VARSIZE(state);

	if (len < VARHDRSZ + sizeof(SampleStateHeader) || hdr->magic != SAMPLE_STATE_MAGIC ||
		hdr->p == 0 || hdr->p > MaxAllocSize / sizeof(double) || hdr->count > hdr->cap ||
		hdr->reserved != 0 ||
		len < SampleStateBytes(hdr->p, hdr->count))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid learn.hash_sample state")));
	h->p = hdr->p;
	h->cap = hdr->cap;
	h->count = hdr->count;
	h->slots = (double *) (hdr + 1);
	return hdr;
}

/* Slots the state's buffer holds. */
static int64
SampleStateRoom(bytea *state, uint32 p)
{
	return (int64) ((VARSIZE(state) - VARHDRSZ - sizeof(SampleStateHeader)) /
					(sizeof(double) * ((Size) p + 1)));
}

/* A new state with room for slots slots, in cxt. */
static bytea *
SampleStateNew(MemoryContext cxt, uint32 p, uint32 cap, int64 slots)
{
	Size		bytes = SampleStateBytes(p, slots);
	bytea	   *state;
	SampleStateHeader *hdr;

	if (SampleStateBytes(p, cap) > SAMPLE_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("learn.hash_sample of %u rows x %u values exceeds %zu MB", cap, p,
						SAMPLE_MAX_BYTES / (1024 * 1024))));
	state = MemoryContextAllocHuge(cxt, bytes);
	SET_VARSIZE(state, bytes);
	hdr = (SampleStateHeader *) VARDATA(state);
	hdr->magic = SAMPLE_STATE_MAGIC;
	hdr->p = p;
	hdr->cap = cap;
	hdr->count = 0;
	hdr->reserved = 0;
	return state;
}

/*
 * The state with room for one more slot: the same one, or a copy twice as
 * large built in the per-call context (nodeAgg copies a new state value into
 * the aggregate context itself and frees the old one).
 */
static bytea *
SampleStateReserve(bytea *state)
{
	SampleStateHeader *hdr = (SampleStateHeader *) VARDATA(state);
	int64		room = SampleStateRoom(state, hdr->p);
	bytea	   *grown;

	if (hdr->count < room || room >= hdr->cap)
		return state;
	grown = SampleStateNew(CurrentMemoryContext, hdr->p, hdr->cap, Min((int64) hdr->cap, 2 * room));
	memcpy(VARDATA(grown), VARDATA(state), SampleStateBytes(hdr->p, hdr->count) - VARHDRSZ);
	return grown;
}

/* The state argument, detoasted; a copy when not called as an aggregate, so a caller's datum is never changed. */
static bytea *
SampleStateArg(FunctionCallInfo fcinfo, int arg, bool in_agg)
{
	return in_agg ? PG_GETARG_BYTEA_P(arg) : PG_GETARG_BYTEA_P_COPY(arg);
}

/* Offer one row to the state (grown when needed); returns the state. */
static bytea *
SampleStateAdd(bytea *state, uint64 hash, const double *x)
{
	LearnSampleHeap h;
	SampleStateHeader *hdr;

	state = SampleStateReserve(state);
	hdr = SampleStateOpen(state, &h);
	LearnSampleOffer(&h, hash, x);
	hdr->count = (uint32) h.count;
	return state;
}

PG_FUNCTION_INFO_V1(hash_sample_trans);
/* Transition: offer the row x (skipped when NULL or holding a NULL). */
Datum
hash_sample_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	bytea	   *state = PG_ARGISNULL(0) ? NULL : SampleStateArg(fcinfo, 0, in_agg);
	ArrayType  *arr;
	int64		n;
	uint32		p;
	const double *x;

	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_BYTEA_P(state);
	}
	arr = PG_GETARG_ARRAYTYPE_P(1);
	n = PG_GETARG_INT64(2);
	if (ARR_ELEMTYPE(arr) != FLOAT8OID)
		elog(ERROR, "learn.hash_sample needs float8[]");
	if (ARR_NDIM(arr) != 1 || ARR_DIMS(arr)[0] < 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("learn.hash_sample needs a one-dimensional array of at least one value")));
	if (n < 0 || n > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn.hash_sample: n = " INT64_FORMAT " is out of range", n),
				 errdetail("n must be between 0 and %d.", PG_INT32_MAX)));
	if (ARR_HASNULL(arr) && array_contains_nulls(arr))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_BYTEA_P(state);
	}
	p = (uint32) ARR_DIMS(arr)[0];
	x = (const double *) ARR_DATA_PTR(arr);
	if (state == NULL)
		state = SampleStateNew(aggcxt, p, (uint32) n, Min(n, SAMPLE_FIRST_SLOTS));
	else
	{
		LearnSampleHeap h;
		SampleStateHeader *hdr = SampleStateOpen(state, &h);

		if (hdr->p != p)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("learn.hash_sample: a row has %u values, an earlier one %u", p, hdr->p)));
		if (hdr->cap != (uint32) n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("learn.hash_sample: n changed from %u to " INT64_FORMAT " within one aggregate",
							hdr->cap, n)));
	}
	state = SampleStateAdd(state, LearnSampleHash(x, p), x);
	PG_RETURN_BYTEA_P(state);
}

PG_FUNCTION_INFO_V1(hash_sample_combine);
/* Combine: offer the rows of the second state to the first. */
Datum
hash_sample_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	bytea	   *a,
			   *b;
	LearnSampleHeap ha,
				hb;

	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		a = SampleStateArg(fcinfo, 0, in_agg);
		SampleStateOpen(a, &ha);
		PG_RETURN_BYTEA_P(a);
	}
	b = PG_GETARG_BYTEA_P(1);
	SampleStateOpen(b, &hb);
	if (PG_ARGISNULL(0))
	{
		a = MemoryContextAllocHuge(aggcxt, VARSIZE(b));
		memcpy(a, b, VARSIZE(b));
		PG_RETURN_BYTEA_P(a);
	}
	a = SampleStateArg(fcinfo, 0, in_agg);
	SampleStateOpen(a, &ha);
	if (ha.p != hb.p || ha.cap != hb.cap)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn.hash_sample: cannot combine states of %u and %u values, n %u and %u",
						(uint32) ha.p, (uint32) hb.p, (uint32) ha.cap, (uint32) hb.cap)));
	for (int64 i = 0; i < hb.count; i++)
	{
		const double *s = hb.slots + i * (int64) (hb.p + 1);
		uint64		hash;

		memcpy(&hash, s, 8);
		a = SampleStateAdd(a, hash, s + 1);
	}
	PG_RETURN_BYTEA_P(a);
}

PG_FUNCTION_INFO_V1(hash_sample_final);
/* Final: the kept rows in key order as a count x p float8 array. */
Datum
hash_sample_final(PG_FUNCTION_ARGS)
{
	bytea	   *state;
	LearnSampleHeap h;
	ArrayType  *out;
	int			dims[2],
				lbs[2] = {1, 1};
	Size		nbytes;
	double	   *data;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = PG_GETARG_BYTEA_P_COPY(0);	/* sorting destroys the heap */
	SampleStateOpen(state, &h);
	if (h.count == 0)
		PG_RETURN_NULL();
	LearnSampleSort(&h);
	dims[0] = (int) h.count;
	dims[1] = (int) h.p;
	nbytes = mul_size(mul_size(sizeof(double), h.p), (Size) h.count);
	out = (ArrayType *) palloc_extended(ARR_OVERHEAD_NONULLS(2) + nbytes, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	SET_VARSIZE(out, ARR_OVERHEAD_NONULLS(2) + nbytes);
	out->ndim = 2;
	out->dataoffset = 0;
	out->elemtype = FLOAT8OID;
	memcpy(ARR_DIMS(out), dims, sizeof(dims));
	memcpy(ARR_LBOUND(out), lbs, sizeof(lbs));
	data = (double *) ARR_DATA_PTR(out);
	for (int64 r = 0; r < h.count; r++)
		memcpy(data + r * h.p, h.slots + r * (int64) (h.p + 1) + 1, sizeof(double) * h.p);
	PG_RETURN_ARRAYTYPE_P(out);
}
