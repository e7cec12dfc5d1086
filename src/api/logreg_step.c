/*
 * logreg_step.c: one iteration of logistic regression as an aggregate pass,
 * learn.logreg_step(label, x, model) -> next model, for sources larger than
 * learn.memory_limit.  learn.train starts from LogregStartModel (all
 * coefficients zero) and runs the pass until the model says it is finished;
 * each pass applies LogregIterate, the same function the in-memory fit uses.
 *
 * The aggregate state is a regular pg_learn state (core/state.h) of the
 * internal algorithm id LEARN_ALGO_LOGREG_STEP whose options blob is the
 * model being evaluated, so the final function needs nothing else; its
 * payload is [log-likelihood, g (D), packed H (D(D+1)/2), class counts (k),
 * feature means (p), feature M2 (p)].
 */
#include "postgres.h"

#include "algorithms/logreg.h"
#include "api/step_common.h"
#include "core/checksum.h"
#include "fmgr.h"

/* Slots of the step payload for p features and k classes. */
static int64
StepPayloadLen(uint32 p, uint32 k, int64 rows_used pg_attribute_unused())
{
	int64		D;

	if (p == 0 || p > 1000 || k < 2 || k > LEARN_MAX_CLASSES)
		return -1;
	D = (int64) (k - 1) * (p + 1);
	if (D > 2000)
		return -1;
	return 1 + D + D * (D + 1) / 2 + k + 2 * (int64) p;
}

/* What tells learn.logreg_step apart (step_common.h). */
static const StepKind logreg_step = {
	"learn.logreg_step", &learn_logistic_regression, LEARN_ALGO_LOGREG_STEP, StepPayloadLen, 3, NULL
};

/* Sums viewed over a step payload. */
static void
StepSums(const LogregParams *P, double *payload, LogregSums *s, double **mean, double **m2)
{
	uint32		D = P->D;

	s->ll = payload[0];
	s->g = payload + 1;
	s->H = s->g + D;
	s->count = s->H + (size_t) D * (D + 1) / 2;
	*mean = s->count + P->k;
	*m2 = *mean + P->p;
}

PG_FUNCTION_INFO_V1(logreg_step_trans);

/* logreg_step_trans(state bytea, label anyelement, x float8[], model bytea) */
Datum
logreg_step_trans(PG_FUNCTION_ARGS)
{
	StepCache  *c = StepSetup(fcinfo, &logreg_step);
	LogregParams *P = c->m.decoded;
	bytea	   *state;
	LearnState	st;
	LogregSums	s;
	double	   *mean,
			   *m2;
	const double *x;
	int			y;
	uint64		label_hash;
	double		label_bits;

	state = StepTransState(fcinfo, &logreg_step, c, P->p, c->m.class_names, c->m.n_classes,
						   false, &st);
	x = StepRow(fcinfo, &logreg_step, &st, P->p, 1, 2);
	if (x == NULL)
		PG_RETURN_BYTEA_P(state);
	y = StepClass(fcinfo, c, PG_GETARG_DATUM(1), &label_hash);
	memcpy(&label_bits, &label_hash, sizeof(label_bits));
	StepSums(P, st.payload, &s, &mean, &m2);
	st.hdr->rows_used++;
	st.hdr->fingerprint += LearnRowHash(label_bits, x, (int) P->p);
	LogregAddRow(P, y, x, &s);
	st.payload[0] = s.ll;
	StepAddMoments(mean, m2, x, P->p, st.hdr->rows_used);
	PG_RETURN_BYTEA_P(state);
}

PG_FUNCTION_INFO_V1(logreg_step_combine);

/*
 * Sum two partial passes over the same model: the payload is
 * 1 + D + D(D+1)/2 + k + 2p; everything before the moments adds.
 */
Datum
logreg_step_combine(PG_FUNCTION_ARGS)
{
	return StepCombineSums(fcinfo, &logreg_step);
}

PG_FUNCTION_INFO_V1(logreg_step_final);

/* Apply one iteration to the model the pass evaluated; return the next model. */
Datum
logreg_step_final(PG_FUNCTION_ARGS)
{
	LearnState	st;
	LearnModel	m;
	LogregParams *P;
	LogregSums	s;
	double	   *mean,
			   *m2;
	LearnWriter params;
	bytea	   *b;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	b = LearnStateDetoast(PG_GETARG_DATUM(0), true);
	LearnStateOpen(b, LEARN_ALGO_LOGREG_STEP, StepPayloadLen, &st);
	/*
	 * The state's bytes come from the user: its model may be of another
	 * algorithm (this was an elog, an internal error) or of other dimensions
	 * than the state, whose payload StepSums then overran (a heap overflow
	 * confirmed by test/fuzz/fuzz_fit).  svm_step_final checks the same.
	 */
	if (LearnModelLoad(st.options, st.hdr->options_len, &m) != &learn_logistic_regression)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("A logreg step state holds a model of another algorithm.")));
	P = m.decoded;
	if (P->p != st.hdr->n_features || P->k != st.hdr->n_classes ||
		st.hdr->payload_len != (uint32) StepPayloadLen(P->p, P->k, 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("The step state's size does not match its model.")));
	if (P->status != LOGREG_RUNNING)
		PG_RETURN_BYTEA_P(StepModelCopy(&st));	/* already finished: nothing to do */
	StepSums(P, st.payload, &s, &mean, &m2);
	if (st.hdr->rows_used == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("no usable rows for logistic regression")));
	if (LogregIterate(P, &s, "logistic_regression"))
		LogregFinish(P, &s, (double) st.hdr->rows_used);
	StepModelStats(&m, &st, mean, m2, P->p);
	LearnWriterInit(&params);
	LogregEncode(&params, P);
	PG_RETURN_BYTEA_P(LearnModelEncode(&m, &params));
}

