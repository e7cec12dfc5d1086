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
	SvmParams  *P;
	Oid			label_type;
	FmgrInfo	label_out;
	bool		label_bool;
} StepCache;

/* Slots of the step payload for p features and k classes. */
static int64
StepPayloadLen(uint32 p, uint32 k, int64 rows_used pg_attribute_unused())
{
	return SvmStepSlots(p, k);
}

/* Where problem j's sums start in a step payload. */
static inline double *
ProblemBlock(const SvmParams *P, double *payload, uint32 j)
{
	return payload + (size_t) j * SvmSumSlots(P->p + 1);
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
	if (LearnModelLoad((const uint8 *) c->key, c->key_len, &c->m) != &learn_linear_svm)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("learn.svm_step needs a linear_svm model")));
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

		if (!OidIsValid(type))
			ereport(ERROR,
					(errcode(ERRCODE_INDETERMINATE_DATATYPE),
					 errmsg("could not determine the type of the label argument")));
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
	for (uint32 i = 0; i < P->p; i++)
	{
		double		d = x[i] - mean[i];

		mean[i] += d / (double) rows_used;
		m2[i] += d * (x[i] - mean[i]);
	}
}

PG_FUNCTION_INFO_V1(svm_step_trans);

/* svm_step_trans(state bytea, label anyelement, x float8[], model bytea) */
Datum
svm_step_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	StepCache  *c;
	bytea	   *state;
	LearnState	st;
	ArrayType  *arr;
	const double *x;
	int			y;
	uint64		label_hash;
	double		label_bits;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("learn.svm_step needs the model to evaluate")));
	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	c = StepSetup(fcinfo, 3);
	if (PG_ARGISNULL(0))
	{
		LearnWriter blob;

		blob.data = c->key;
		blob.len = (int) c->key_len;
		state = LearnStateCreateWithClasses(aggcxt, LEARN_ALGO_SVM_STEP, c->P->p, &blob,
											c->m.class_names, c->m.n_classes,
											(uint32) StepPayloadLen(c->P->p, c->P->k, 0));
	}
	else
		state = LearnStateDetoast(PG_GETARG_DATUM(0), !in_agg);
	LearnStateOpen(state, LEARN_ALGO_SVM_STEP, StepPayloadLen, &st);
	if (st.hdr->n_features != c->P->p || st.hdr->options_len != c->key_len ||
		memcmp(st.options, c->key, c->key_len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn.svm_step: the model changed within one aggregate")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(state);
	}
	arr = PG_GETARG_ARRAYTYPE_P(2);
	if (ARR_NDIM(arr) != 1 || (uint32) ARR_DIMS(arr)[0] != c->P->p)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("learn.svm_step: the model has %u features", c->P->p)));
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
					 errmsg("linear_svm: feature %u has the non-finite value %g", i + 1, x[i])));
	y = StepClass(fcinfo, c, PG_GETARG_DATUM(1), &label_hash);
	memcpy(&label_bits, &label_hash, sizeof(label_bits));
	st.hdr->rows_used++;
	st.hdr->fingerprint += LearnRowHash(label_bits, x, (int) c->P->p);
	StepAddRow(c->P, st.payload, st.hdr->rows_used, y, x);
	PG_RETURN_BYTEA_P(state);
}

PG_FUNCTION_INFO_V1(svm_step_combine);

/* Sum two partial passes over the same model. */
Datum
svm_step_combine(PG_FUNCTION_ARGS)
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
		LearnStateOpen(sa, LEARN_ALGO_SVM_STEP, StepPayloadLen, &a);
		PG_RETURN_BYTEA_P(sa);
	}
	sb = LearnStateDetoast(PG_GETARG_DATUM(1), false);
	LearnStateOpen(sb, LEARN_ALGO_SVM_STEP, StepPayloadLen, &b);
	if (PG_ARGISNULL(0))
	{
		sa = MemoryContextAlloc(aggcxt, VARSIZE(sb));
		memcpy(sa, sb, VARSIZE(sb));
		PG_RETURN_BYTEA_P(sa);
	}
	sa = LearnStateDetoast(PG_GETARG_DATUM(0), !in_agg);
	LearnStateOpen(sa, LEARN_ALGO_SVM_STEP, StepPayloadLen, &a);
	if (a.hdr->options_len != b.hdr->options_len ||
		memcmp(a.options, b.options, a.hdr->options_len) != 0 || a.hdr->payload_len != b.hdr->payload_len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("learn.svm_step: cannot combine passes over different models")));
	/* everything before the moments (problem sums, class counts) adds */
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
	if (LearnModelLoad(st.options, st.hdr->options_len, &m) != &learn_linear_svm)
		elog(ERROR, "svm step state holds another model");
	P = m.decoded;
	if (P->p != st.hdr->n_features || st.hdr->payload_len != (uint32) StepPayloadLen(P->p, P->k, 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn aggregate state"),
				 errdetail("The step state's size does not match its model.")));
	if (SvmFinished(P))
	{
		bytea	   *same = palloc(VARHDRSZ + st.hdr->options_len);

		SET_VARSIZE(same, VARHDRSZ + st.hdr->options_len);
		memcpy(VARDATA(same), st.options, st.hdr->options_len);
		PG_RETURN_BYTEA_P(same);	/* already finished: nothing to do */
	}
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
		SvmIterate(P, j, &s, SvmProblemLabel(P, j, m.class_names));
	}
	counts = ProblemBlock(P, st.payload, P->n_problems);
	mean = counts + P->k;
	m2 = mean + P->p;
	memcpy(P->class_count, counts, sizeof(double) * P->k);
	if (SvmFinished(P))
		SvmFinish(P);
	m.rows_used = st.hdr->rows_used;
	m.rows_skipped = st.hdr->rows_skipped;
	m.fingerprint = st.hdr->fingerprint;
	for (uint32 i = 0; i < P->p; i++)
	{
		m.feature_mean[i] = mean[i];
		m.feature_sd[i] = st.hdr->rows_used > 1 ? sqrt(m2[i] / (double) (st.hdr->rows_used - 1)) : 0;
	}
	LearnWriterInit(&params);
	SvmEncode(&params, P);
	PG_RETURN_BYTEA_P(LearnModelEncode(&m, &params));
}
