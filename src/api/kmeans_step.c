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
#include "api/step_common.h"
#include "core/checksum.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

/* Slots of the step payload for p features and k clusters. */
static int64
StepPayloadLen(uint32 p, uint32 k, int64 rows_used pg_attribute_unused())
{
	if (p == 0 || p > KMEANS_MAX_FEATURES || k == 0 || k > KMEANS_MAX_K)
		return -1;
	return KmeansSumsLen(k, p) + 2 * (int64) p;
}

/* What tells learn.kmeans_step apart (step_common.h). */
static const StepKind kmeans_step = {
	"learn.kmeans_step", &learn_kmeans, LEARN_ALGO_KMEANS_STEP, StepPayloadLen, 2,
	"Filter the row out with WHERE, or replace the value."
};

/* The model argument decoded, with its cluster names "0" .. "k-1" (once per call site). */
static StepCache *
KmeansStepSetup(FunctionCallInfo fcinfo)
{
	StepCache  *c = StepSetup(fcinfo, &kmeans_step);
	KmeansParams *P = c->m.decoded;

	if (c->extra == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		char	  **names = palloc(sizeof(char *) * P->k);

		for (uint32 j = 0; j < P->k; j++)
			names[j] = psprintf("%u", j);
		MemoryContextSwitchTo(old);
		c->extra = names;
	}
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
	StepCache  *c = KmeansStepSetup(fcinfo);
	KmeansParams *P = c->m.decoded;
	bytea	   *state;
	LearnState	st;
	const double *x;
	double	   *mean;
	uint32		p = P->p;

	if (c->key_len > LEARN_STATE_MAX_OPTIONS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("learn.kmeans_step: a model of %zu bytes is too large to stream (the limit is %d)",
						(size_t) c->key_len, LEARN_STATE_MAX_OPTIONS),
				 errhint("Raise learn.memory_limit so that the rows fit in memory, or use fewer clusters or features.")));
	state = StepTransState(fcinfo, &kmeans_step, c, p, (char **) c->extra, P->k, true, &st);
	x = StepRow(fcinfo, &kmeans_step, &st, p, -1, 1);
	if (x == NULL)
		PG_RETURN_BYTEA_P(state);
	st.hdr->rows_used++;
	st.hdr->fingerprint += LearnRowHash(0, x, (int) p);
	KmeansAddRow(P, x, st.payload);
	mean = st.payload + KmeansSumsLen(P->k, p);
	StepAddMoments(mean, mean + p, x, p, st.hdr->rows_used);
	PG_RETURN_BYTEA_P(state);
}

PG_FUNCTION_INFO_V1(kmeans_step_combine);

/* Add two partial passes over the same model. */
Datum
kmeans_step_combine(PG_FUNCTION_ARGS)
{
	LearnState	a,
				b;
	LearnModel	m;
	KmeansParams *P;
	bytea	   *sa;

	if (!StepCombineOpen(fcinfo, &kmeans_step, &sa, &a, &b))
	{
		if (sa == NULL)
			PG_RETURN_NULL();
		PG_RETURN_BYTEA_P(sa);
	}
	P = StateModel(&a, &m);
	KmeansSumsCheck(P, a.payload, a.hdr->rows_used);
	KmeansSumsCheck(P, b.payload, b.hdr->rows_used);
	KmeansMergeSums(P, a.payload, b.payload);
	StepCombineMoments(&a, &b, KmeansSumsLen(P->k, a.hdr->n_features));
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
		PG_RETURN_BYTEA_P(StepModelCopy(&st));	/* already finished: nothing to do */
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
	StepModelStats(&m, &st, mean, m2, P->p);
	LearnWriterInit(&params);
	KmeansEncode(&params, P);
	PG_RETURN_BYTEA_P(LearnModelEncode(&m, &params));
}
