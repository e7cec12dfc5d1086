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

#include <math.h>

#include "algorithms/logreg.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "core/checksum.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

/* What one call site caches: the decoded model and the label reader. */
typedef struct StepCache
{
	char	   *key;
	Size		key_len;
	LearnModel	m;
	LogregParams *P;
	Oid			label_type;
	FmgrInfo	label_out;
	bool		label_bool;
} StepCache;

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
	if (LearnModelLoad((const uint8 *) c->key, c->key_len, &c->m) != &learn_logistic_regression)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("learn.logreg_step needs a logistic_regression model")));
	c->P = c->m.decoded;
	c->label_type = InvalidOid;
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = c;
	return c;
}

/* The class index of a label datum under the model, or an error; *hash gets the label's hash. */
static int
StepClass(FunctionCallInfo fcinfo, StepCache *c, Datum d, uint64 *hash)
{
	Oid			type = get_fn_expr_argtype(fcinfo->flinfo, 1);
	char	   *label;

	if (type != c->label_type)
	{
		Oid			outfn;
		bool		varlena;

		getTypeOutputInfo(type, &outfn, &varlena);
		fmgr_info_cxt(outfn, &c->label_out, fcinfo->flinfo->fn_mcxt);
		c->label_type = type;
		c->label_bool = (type == BOOLOID);
	}
	label = c->label_bool ? (DatumGetBool(d) ? "true" : "false") : OutputFunctionCall(&c->label_out, d);
	*hash = hash_bytes_extended((const unsigned char *) label, strlen(label), 0);
	for (uint32 k = 0; k < c->m.n_classes; k++)
		if (strcmp(c->m.class_names[k], label) == 0)
			return (int) k;
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("label \"%s\" is not one of the model's classes", label)));
	return -1;
}

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
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	StepCache  *c;
	bytea	   *state;
	LearnState	st;
	ArrayType  *arr;
	LogregSums	s;
	double	   *mean,
			   *m2;
	const double *x;
	int			y;
	uint64		label_hash;
	double		label_bits;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("learn.logreg_step needs the model to evaluate")));
	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	c = StepSetup(fcinfo, 3);
	if (PG_ARGISNULL(0))
	{
		LearnWriter blob;

		blob.data = c->key;
		blob.len = (int) c->key_len;
		state = LearnStateCreateWithClasses(aggcxt, LEARN_ALGO_LOGREG_STEP, c->P->p, &blob,
											c->m.class_names, c->m.n_classes,
											(uint32) StepPayloadLen(c->P->p, c->P->k, 0));
	}
	else
		state = LearnStateDetoast(PG_GETARG_DATUM(0), !in_agg);
	LearnStateOpen(state, LEARN_ALGO_LOGREG_STEP, StepPayloadLen, &st);
	if (st.hdr->n_features != c->P->p || st.hdr->options_len != c->key_len ||
		memcmp(st.options, c->key, c->key_len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn.logreg_step: the model changed within one aggregate")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(state);
	}
	arr = PG_GETARG_ARRAYTYPE_P(2);
	if (ARR_NDIM(arr) != 1 || (uint32) ARR_DIMS(arr)[0] != c->P->p)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("learn.logreg_step: the model has %u features", c->P->p)));
	if (ARR_HASNULL(arr) && array_contains_nulls(arr))
	{
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(state);
	}
	x = (const double *) ARR_DATA_PTR(arr);
	for (uint32 i = 0; i < c->P->p; i++)
		if (!isfinite(x[i]))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("logistic_regression: feature %u has the non-finite value %g", i + 1, x[i])));
	y = StepClass(fcinfo, c, PG_GETARG_DATUM(1), &label_hash);
	memcpy(&label_bits, &label_hash, sizeof(label_bits));
	StepSums(c->P, st.payload, &s, &mean, &m2);
	st.hdr->rows_used++;
	st.hdr->fingerprint += LearnRowHash(label_bits, x, (int) c->P->p);
	LogregAddRow(c->P, y, x, &s);
	st.payload[0] = s.ll;
	for (uint32 i = 0; i < c->P->p; i++)
	{
		double		d = x[i] - mean[i];

		mean[i] += d / (double) st.hdr->rows_used;
		m2[i] += d * (x[i] - mean[i]);
	}
	PG_RETURN_BYTEA_P(state);
}

PG_FUNCTION_INFO_V1(logreg_step_combine);

/* Sum two partial passes over the same model. */
Datum
logreg_step_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	LearnState	a,
				b;
	bytea	   *sa,
			   *sb;
	uint32		p,
				sums;
	double		na,
				nb;

	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		sa = LearnStateDetoast(PG_GETARG_DATUM(0), !in_agg);
		LearnStateOpen(sa, LEARN_ALGO_LOGREG_STEP, StepPayloadLen, &a);
		PG_RETURN_BYTEA_P(sa);
	}
	sb = LearnStateDetoast(PG_GETARG_DATUM(1), false);
	LearnStateOpen(sb, LEARN_ALGO_LOGREG_STEP, StepPayloadLen, &b);
	if (PG_ARGISNULL(0))
	{
		sa = MemoryContextAlloc(aggcxt, VARSIZE(sb));
		memcpy(sa, sb, VARSIZE(sb));
		PG_RETURN_BYTEA_P(sa);
	}
	sa = LearnStateDetoast(PG_GETARG_DATUM(0), !in_agg);
	LearnStateOpen(sa, LEARN_ALGO_LOGREG_STEP, StepPayloadLen, &a);
	if (a.hdr->options_len != b.hdr->options_len ||
		memcmp(a.options, b.options, a.hdr->options_len) != 0 || a.hdr->payload_len != b.hdr->payload_len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn.logreg_step: cannot combine passes over different models")));
	/* the payload is 1 + D + D(D+1)/2 + k + 2p; everything before the moments adds */
	p = a.hdr->n_features;
	sums = a.hdr->payload_len - 2 * p;
	na = (double) a.hdr->rows_used;
	nb = (double) b.hdr->rows_used;
	for (uint32 i = 0; i < sums; i++)
		a.payload[i] += b.payload[i];
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
	if (LearnModelLoad(st.options, st.hdr->options_len, &m) != &learn_logistic_regression)
		elog(ERROR, "logreg step state holds another model");
	P = m.decoded;
	if (P->status != LOGREG_RUNNING)
	{
		bytea	   *same = palloc(VARHDRSZ + st.hdr->options_len);

		SET_VARSIZE(same, VARHDRSZ + st.hdr->options_len);
		memcpy(VARDATA(same), st.options, st.hdr->options_len);
		PG_RETURN_BYTEA_P(same);	/* already finished: nothing to do */
	}
	StepSums(P, st.payload, &s, &mean, &m2);
	if (st.hdr->rows_used == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("no usable rows for logistic regression")));
	if (LogregIterate(P, &s, "logistic_regression"))
		LogregFinish(P, &s, (double) st.hdr->rows_used);
	m.rows_used = st.hdr->rows_used;
	m.rows_skipped = st.hdr->rows_skipped;
	m.fingerprint = st.hdr->fingerprint;
	for (uint32 i = 0; i < P->p; i++)
	{
		m.feature_mean[i] = mean[i];
		m.feature_sd[i] = st.hdr->rows_used > 1 ? sqrt(m2[i] / (double) (st.hdr->rows_used - 1)) : 0;
	}
	LearnWriterInit(&params);
	LogregEncode(&params, P);
	PG_RETURN_BYTEA_P(LearnModelEncode(&m, &params));
}

