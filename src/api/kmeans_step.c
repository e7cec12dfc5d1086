/*
 * kmeans_step.c: one k-means iteration as an aggregate pass,
 * learn.kmeans_step(x, model) -> next model, for sources larger than
 * learn.memory_limit.  learn.train starts from the k-means++ centroids of
 * KmeansStreamStart and runs the pass until the model is done; each pass
 * applies KmeansIterate, the function the in-memory fit uses, so both paths
 * follow the same centroids.
 *
 * The aggregate state is a regular pg_learn state (core/state.h) of the
 * internal algorithm id LEARN_ALGO_KMEANS_STEP whose options blob is the
 * model being evaluated; its class dictionary names the k clusters "0" ..
 * "k-1" (so that the state header alone fixes the payload length, which
 * depends on k), and its payload is the iteration's sums (algorithms/kmeans.h)
 * followed by the feature means (p) and M2 (p) for the model's statistics and
 * the tolerance.
 */
#include "postgres.h"

#include <math.h>

#include "algorithms/kmeans.h"
#include "core/checksum.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

/* What one call site caches: the decoded model and the cluster names. */
typedef struct StepCache
{
	char	   *key;
	Size		key_len;
	LearnModel	m;
	KmeansParams *P;
	char	  **cluster_names;
} StepCache;

/* Slots of the step payload for p features and k clusters. */
static int64
StepPayloadLen(uint32 p, uint32 k, int64 rows_used pg_attribute_unused())
{
	if (p == 0 || p > KMEANS_MAX_FEATURES || k == 0 || k > KMEANS_MAX_K)
		return -1;
	return KmeansSumsLen(k, p) + 2 * (int64) p;
}

/* The model argument decoded (once per call site). */
static StepCache *
StepSetup(FunctionCallInfo fcinfo, int model_arg)
{
	StepCache  *c = fcinfo->flinfo->fn_extra;
	bytea	   *b = PG_GETARG_BYTEA_PP(model_arg);
	MemoryContext old;

	if (c && c->key_len == VARSIZE_ANY_EXHDR(b) && memcmp(c->key, VARDATA_ANY(b), c->key_len) == 0)
		return c;
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	c = palloc0(sizeof(StepCache));
	c->key_len = VARSIZE_ANY_EXHDR(b);
	c->key = palloc(c->key_len);
	memcpy(c->key, VARDATA_ANY(b), c->key_len);
	if (LearnModelLoad((const uint8 *) c->key, c->key_len, &c->m) != &learn_kmeans)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("learn.kmeans_step needs a kmeans model")));
	c->P = c->m.decoded;
	c->cluster_names = palloc(sizeof(char *) * c->P->k);
	for (uint32 j = 0; j < c->P->k; j++)
		c->cluster_names[j] = psprintf("%u", j);
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = c;
	return c;
}

/* The decoded model a state evaluates (its options blob). */
static KmeansParams *
StateModel(const LearnState *st, LearnModel *m)
{
	if (LearnModelLoad(st->options, st->hdr->options_len, m) != &learn_kmeans)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("A kmeans step state holds a model of another algorithm.")));
	if (m->n_features != st->hdr->n_features ||
		((KmeansParams *) m->decoded)->k != st->hdr->n_classes)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("The state's dimensions do not match its model.")));
	return m->decoded;
}

PG_FUNCTION_INFO_V1(kmeans_step_trans);

/* kmeans_step_trans(state bytea, x float8[], model bytea) */
Datum
kmeans_step_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	StepCache  *c;
	bytea	   *state;
	LearnState	st;
	ArrayType  *arr;
	const double *x;
	double	   *mean,
			   *m2;
	uint32		p;

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("learn.kmeans_step needs the model to evaluate")));
	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	c = StepSetup(fcinfo, 2);
	p = c->P->p;
	if (c->key_len > LEARN_STATE_MAX_OPTIONS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("learn.kmeans_step: a model of %zu bytes is too large to stream (the limit is %d)",
						(size_t) c->key_len, LEARN_STATE_MAX_OPTIONS),
				 errhint("Raise learn.memory_limit so that the rows fit in memory, or use fewer clusters or features.")));
	if (PG_ARGISNULL(0))
	{
		LearnWriter blob;

		blob.data = c->key;
		blob.len = (int) c->key_len;
		state = LearnStateCreateWithClasses(aggcxt, LEARN_ALGO_KMEANS_STEP, p, &blob,
											c->cluster_names, c->P->k,
											(uint32) StepPayloadLen(p, c->P->k, 0));
	}
	else
		state = LearnStateDetoast(PG_GETARG_DATUM(0), !in_agg);
	LearnStateOpen(state, LEARN_ALGO_KMEANS_STEP, StepPayloadLen, &st);
	if (st.hdr->n_features != p || st.hdr->n_classes != c->P->k ||
		st.hdr->options_len != c->key_len || memcmp(st.options, c->key, c->key_len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn.kmeans_step: the model changed within one aggregate")));
	if (PG_ARGISNULL(1))
	{
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(state);
	}
	arr = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(arr) != 1 || (uint32) ARR_DIMS(arr)[0] != p)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("learn.kmeans_step: the model has %u features", p)));
	if (ARR_HASNULL(arr) && array_contains_nulls(arr))
	{
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(state);
	}
	x = (const double *) ARR_DATA_PTR(arr);
	for (uint32 i = 0; i < p; i++)
		if (!isfinite(x[i]))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("kmeans: feature %u has the non-finite value %g", i + 1, x[i]),
					 errhint("Filter the row out with WHERE, or replace the value.")));
	st.hdr->rows_used++;
	st.hdr->fingerprint += LearnRowHash(0, x, (int) p);
	KmeansAddRow(c->P, x, st.payload);
	mean = st.payload + KmeansSumsLen(c->P->k, p);
	m2 = mean + p;
	for (uint32 i = 0; i < p; i++)
	{
		double		d = x[i] - mean[i];

		mean[i] += d / (double) st.hdr->rows_used;
		m2[i] += d * (x[i] - mean[i]);
	}
	PG_RETURN_BYTEA_P(state);
}

PG_FUNCTION_INFO_V1(kmeans_step_combine);

/* Add two partial passes over the same model. */
Datum
kmeans_step_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	LearnState	a,
				b;
	LearnModel	m;
	KmeansParams *P;
	bytea	   *sa,
			   *sb;
	uint32		p;
	int64		sums;
	double		na,
				nb;

	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		sa = LearnStateDetoast(PG_GETARG_DATUM(0), !in_agg);
		LearnStateOpen(sa, LEARN_ALGO_KMEANS_STEP, StepPayloadLen, &a);
		PG_RETURN_BYTEA_P(sa);
	}
	sb = LearnStateDetoast(PG_GETARG_DATUM(1), false);
	LearnStateOpen(sb, LEARN_ALGO_KMEANS_STEP, StepPayloadLen, &b);
	if (PG_ARGISNULL(0))
	{
		sa = MemoryContextAlloc(aggcxt, VARSIZE(sb));
		memcpy(sa, sb, VARSIZE(sb));
		PG_RETURN_BYTEA_P(sa);
	}
	sa = LearnStateDetoast(PG_GETARG_DATUM(0), !in_agg);
	LearnStateOpen(sa, LEARN_ALGO_KMEANS_STEP, StepPayloadLen, &a);
	if (a.hdr->options_len != b.hdr->options_len ||
		memcmp(a.options, b.options, a.hdr->options_len) != 0 || a.hdr->payload_len != b.hdr->payload_len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn.kmeans_step: cannot combine passes over different models")));
	P = StateModel(&a, &m);
	KmeansSumsCheck(P, a.payload, a.hdr->rows_used);
	KmeansSumsCheck(P, b.payload, b.hdr->rows_used);
	KmeansMergeSums(P, a.payload, b.payload);
	p = a.hdr->n_features;
	sums = KmeansSumsLen(P->k, p);
	na = (double) a.hdr->rows_used;
	nb = (double) b.hdr->rows_used;
	if (nb > 0)
	{
		double	   *ma = a.payload + sums,
				   *mb = b.payload + sums;

		for (uint32 i = 0; i < p; i++)
		{
			double		d = mb[i] - ma[i];

			ma[p + i] += mb[p + i] + d * d * na * nb / (na + nb);
			ma[i] += d * nb / (na + nb);
		}
	}
	a.hdr->rows_used += b.hdr->rows_used;
	a.hdr->rows_skipped += b.hdr->rows_skipped;
	a.hdr->fingerprint += b.hdr->fingerprint;
	PG_RETURN_BYTEA_P(sa);
}

PG_FUNCTION_INFO_V1(kmeans_step_final);

/* Apply one iteration to the model the pass evaluated; return the next model. */
Datum
kmeans_step_final(PG_FUNCTION_ARGS)
{
	LearnState	st;
	LearnModel	m;
	KmeansParams *P;
	double	   *mean,
			   *m2;
	double		mean_var = 0;
	LearnWriter params;
	bytea	   *b;
	int64		n;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	b = LearnStateDetoast(PG_GETARG_DATUM(0), true);
	LearnStateOpen(b, LEARN_ALGO_KMEANS_STEP, StepPayloadLen, &st);
	P = StateModel(&st, &m);
	n = st.hdr->rows_used;
	KmeansSumsCheck(P, st.payload, n);
	if (P->status == KMEANS_DONE)
	{
		bytea	   *same = palloc(VARHDRSZ + st.hdr->options_len);

		SET_VARSIZE(same, VARHDRSZ + st.hdr->options_len);
		memcpy(VARDATA(same), st.options, st.hdr->options_len);
		PG_RETURN_BYTEA_P(same);	/* already finished: nothing to do */
	}
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("no usable rows for kmeans")));
	if ((int64) P->k > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kmeans: k = %u exceeds the number of rows (" INT64_FORMAT ")", P->k, n)));
	mean = st.payload + KmeansSumsLen(P->k, P->p);
	m2 = mean + P->p;
	for (uint32 i = 0; i < P->p; i++)
	{
		if (!isfinite(mean[i]) || !isfinite(m2[i]) || m2[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid pg_learn aggregate state"),
					 errdetail("Bad feature moments.")));
		mean_var += m2[i] / (double) n;
	}
	mean_var /= P->p;
	if (KmeansIterate(P, st.payload, mean_var))
		KmeansWarn(P);
	m.rows_used = n;
	m.rows_skipped = st.hdr->rows_skipped;
	m.fingerprint = st.hdr->fingerprint;
	for (uint32 i = 0; i < P->p; i++)
	{
		m.feature_mean[i] = mean[i];
		m.feature_sd[i] = n > 1 ? sqrt(m2[i] / (double) (n - 1)) : 0;
	}
	LearnWriterInit(&params);
	KmeansEncode(&params, P);
	PG_RETURN_BYTEA_P(LearnModelEncode(&m, &params));
}
