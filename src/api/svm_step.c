/*
 * svm_step.c: one Newton iteration of the linear SVM as an aggregate pass,
 * learn.svm_step(label, x, model) -> next model, for sources larger than
 * learn.memory_limit.  learn.train starts from the algorithm's start model
 * (all coefficients zero) and runs the pass until the model says it is
 * finished; each pass applies SvmIterate, the function the in-memory fit
 * uses, to every binary problem that is still running, so both paths follow
 * the same sequence of coefficients.
 *
 * The aggregate state is a regular pg_learn state (core/state.h) of the
 * internal algorithm id LEARN_ALGO_SVM_STEP whose options blob is the model
 * being evaluated, so the final function needs nothing else.  Its payload
 * is, per binary problem, [loss, active rows, g (d), packed H (d(d+1)/2)]
 * (SvmSumSlots(p + 1) slots, whether or not there is an intercept), then
 * class counts (k), feature means (p) and feature M2 (p).
 */
#include "postgres.h"

#include <math.h>

#include "algorithms/linear_svm.h"
#include "api/step_common.h"
#include "core/checksum.h"
#include "fmgr.h"

/* Slots of the step payload for p features and k classes. */
static int64
StepPayloadLen(uint32 p, uint32 k, int64 rows_used pg_attribute_unused())
{
	return SvmStepSlots(p, k);
}

/* What tells learn.svm_step apart (step_common.h). */
static const StepKind svm_step = {
	"learn.svm_step", &learn_linear_svm, LEARN_ALGO_SVM_STEP, StepPayloadLen, 3, NULL
};

/* Where problem j's sums start in a step payload. */
static inline double *
ProblemBlock(const SvmParams *P, double *payload, uint32 j)
{
	return payload + (size_t) j * SvmSumSlots(P->p + 1);
}

/* Add one row to the sums of every running problem, and to the moments. */
static void
StepAddRow(const SvmParams *P, double *payload, int64 rows_used, int y, const double *x)
{
	double	   *counts = ProblemBlock(P, payload, P->n_problems);
	double	   *mean = counts + P->k;
	double	   *m2 = mean + P->p;

	for (uint32 j = 0; j < P->n_problems; j++)
	{
		double	   *block = ProblemBlock(P, payload, j);
		SvmSums		s;

		if (P->status[j] != SVM_RUNNING)
			continue;
		SvmSumsView(P, block, &s);
		SvmAddRow(P, j, y, x, &s);
		block[0] = s.loss;
		block[1] = s.n_active;
	}
	counts[y] += 1;
	StepAddMoments(mean, m2, x, P->p, rows_used);
}

PG_FUNCTION_INFO_V1(svm_step_trans);

/* svm_step_trans(state bytea, label anyelement, x float8[], model bytea) */
Datum
svm_step_trans(PG_FUNCTION_ARGS)
{
	StepCache  *c = StepSetup(fcinfo, &svm_step);
	SvmParams  *P = c->m.decoded;
	bytea	   *state;
	LearnState	st;
	const double *x;
	int			y;
	uint64		label_hash;
	double		label_bits;

	state = StepTransState(fcinfo, &svm_step, c, P->p, c->m.class_names, c->m.n_classes,
						   false, &st);
	x = StepRow(fcinfo, &svm_step, &st, P->p, 1, 2);
	if (x == NULL)
		PG_RETURN_BYTEA_P(state);
	y = StepClass(fcinfo, c, PG_GETARG_DATUM(1), &label_hash);
	memcpy(&label_bits, &label_hash, sizeof(label_bits));
	st.hdr->rows_used++;
	st.hdr->fingerprint += LearnRowHash(label_bits, x, (int) P->p);
	StepAddRow(P, st.payload, st.hdr->rows_used, y, x);
	PG_RETURN_BYTEA_P(state);
}

PG_FUNCTION_INFO_V1(svm_step_combine);

/*
 * Sum two partial passes over the same model: everything before the moments
 * (problem sums, class counts) adds.
 */
Datum
svm_step_combine(PG_FUNCTION_ARGS)
{
	return StepCombineSums(fcinfo, &svm_step);
}

PG_FUNCTION_INFO_V1(svm_step_final);

/* Apply one iteration to every running problem of the model; return the next model. */
Datum
svm_step_final(PG_FUNCTION_ARGS)
{
	LearnState	st;
	LearnModel	m;
	SvmParams  *P;
	double	   *counts,
			   *mean,
			   *m2;
	LearnWriter params;
	bytea	   *b;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	b = LearnStateDetoast(PG_GETARG_DATUM(0), true);
	LearnStateOpen(b, LEARN_ALGO_SVM_STEP, StepPayloadLen, &st);
	/* user bytes: another algorithm's model is bad input, not an internal error */
	if (LearnModelLoad(st.options, st.hdr->options_len, &m) != &learn_linear_svm)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("An svm step state holds a model of another algorithm.")));
	P = m.decoded;
	if (P->p != st.hdr->n_features || st.hdr->payload_len != (uint32) StepPayloadLen(P->p, P->k, 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("The step state's size does not match its model.")));
	if (SvmFinished(P))
		PG_RETURN_BYTEA_P(StepModelCopy(&st));	/* already finished: nothing to do */
	if (st.hdr->rows_used == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("no usable rows for linear_svm")));
	for (uint32 i = 0; i < st.hdr->payload_len; i++)
		if (!isfinite(st.payload[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid pg_learn aggregate state"),
					 errdetail("The state holds a non-finite value at slot %u.", i)));
	for (uint32 j = 0; j < P->n_problems; j++)
	{
		SvmSums		s;

		if (P->status[j] != SVM_RUNNING)
			continue;
		SvmSumsView(P, ProblemBlock(P, st.payload, j), &s);
		SvmIterate(P, j, &s, SvmProblemLabel(P, j, m.class_names) ? psprintf("class %s", SvmProblemLabel(P, j, m.class_names)) : NULL);
	}
	counts = ProblemBlock(P, st.payload, P->n_problems);
	mean = counts + P->k;
	m2 = mean + P->p;
	memcpy(P->class_count, counts, sizeof(double) * P->k);
	if (SvmFinished(P))
		SvmFinish(P);
	StepModelStats(&m, &st, mean, m2, P->p);
	LearnWriterInit(&params);
	SvmEncode(&params, P);
	PG_RETURN_BYTEA_P(LearnModelEncode(&m, &params));
}
