/*
 * aggregate.c: the training aggregates' state machine, shared by every
 * algorithm.
 *
 * The state is a bytea (core/state.h) updated in place inside the aggregate
 * memory context, as float8_accum does; called outside an aggregate (users
 * may call these functions directly) the input is copied first.  Rows with a
 * NULL target, NULL array or NULL element are skipped and counted; the state
 * stays dimensionless (n_features = 0) until the first usable row.
 */
#include "postgres.h"

#include <math.h>

#include "api/aggregate.h"
#include "api/options.h"
#include "core/checksum.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

/* Open the state in argument argno (not NULL), copying it unless we own it. */
static bytea *
OpenStateArg(FunctionCallInfo fcinfo, int argno, bool own, const LearnAlgorithm *algo,
			 LearnState *st)
{
	bytea	   *b = LearnStateDetoast(PG_GETARG_DATUM(argno), !own);

	LearnStateOpen(b, algo->id, algo->payload_len, st);
	return b;
}

/* A fresh state with p features (0 = none yet), given the options blob. */
static bytea *
NewState(MemoryContext cxt, const LearnAlgorithm *algo, uint32 p, const LearnWriter *blob,
		 LearnState *st)
{
	int64		slots = 0;
	bytea	   *b;

	if (p > 0)
	{
		slots = algo->payload_len(p);
		if (slots < 0)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s supports at most %u features, got %u",
							algo->name, algo->max_features, p)));
	}
	b = LearnStateCreate(cxt, algo->id, p, blob, (uint32) slots);
	LearnStateOpen(b, algo->id, algo->payload_len, st);
	return b;
}

/* The options blob of an existing state, as a writer to copy from. */
static LearnWriter
StateBlob(const LearnState *st)
{
	LearnWriter w;

	w.data = (char *) st->options;
	w.len = (int) st->hdr->options_len;
	w.maxlen = w.len;
	w.cursor = 0;
	return w;
}

/* Parse the options argument (or defaults) into a blob. */
static LearnWriter
OptionsBlob(FunctionCallInfo fcinfo, const LearnAlgorithm *algo)
{
	LearnOptions o;
	LearnWriter w;
	Jsonb	   *j = NULL;

	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
		j = PG_GETARG_JSONB_P(3);
	LearnParseOptions(j, algo, &o, NULL);
	LearnWriterInit(&w);
	LearnOptionsEncode(&w, &o);
	return w;
}

/* Check that a row's values are finite; name the first that is not. */
static void
CheckFinite(const LearnAlgorithm *algo, double y, const double *x, int n)
{
	if (!isfinite(y))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("%s: target value %g is not finite", algo->name, y),
				 errhint("Filter the row out with WHERE, or replace the value.")));
	for (int i = 0; i < n; i++)
		if (!isfinite(x[i]))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("%s: feature %d has the non-finite value %g", algo->name, i + 1, x[i]),
					 errhint("Filter the row out with WHERE, or replace the value.")));
}

/*
 * Transition: (state bytea, y float8, x float8[] [, options jsonb]).
 * Non-strict, so that NULL rows can be counted.
 */
Datum
LearnAggTransition(FunctionCallInfo fcinfo, const LearnAlgorithm *algo)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	bytea	   *state = NULL;
	LearnState	st;
	ArrayType  *arr = NULL;
	int			n = 0;
	bool		skip;

	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	if (!PG_ARGISNULL(0))
		state = OpenStateArg(fcinfo, 0, in_agg, algo, &st);

	skip = PG_ARGISNULL(1) || PG_ARGISNULL(2);
	if (!skip)
	{
		arr = PG_GETARG_ARRAYTYPE_P(2);
		if (ARR_NDIM(arr) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s: feature array is empty", algo->name)));
		if (ARR_NDIM(arr) != 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s: features must be a one-dimensional float8 array, got %d dimensions",
							algo->name, ARR_NDIM(arr))));
		n = ARR_DIMS(arr)[0];
		skip = ARR_HASNULL(arr) && array_contains_nulls(arr);
	}

	if (state == NULL)
	{
		LearnWriter blob = OptionsBlob(fcinfo, algo);

		state = NewState(aggcxt, algo, skip ? 0 : n, &blob, &st);
	}
	else if (st.hdr->n_features == 0 && !skip)
	{
		LearnWriter blob = StateBlob(&st);
		int64		skipped = st.hdr->rows_skipped;

		state = NewState(aggcxt, algo, n, &blob, &st);
		st.hdr->rows_skipped = skipped;
	}

	if (skip)
	{
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(state);
	}
	if ((uint32) n != st.hdr->n_features)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: feature array has %d elements, expected %u as in the first row",
						algo->name, n, st.hdr->n_features)));
	{
		double		y = PG_GETARG_FLOAT8(1);
		const double *x = (const double *) ARR_DATA_PTR(arr);

		CheckFinite(algo, y, x, n);
		st.hdr->rows_used++;
		st.hdr->fingerprint += LearnRowHash(y, x, n);
		algo->accumulate(&st, y, x);
	}
	PG_RETURN_BYTEA_P(state);
}

/* Fail unless two states were made with the same options. */
static void
CheckCompatible(const LearnAlgorithm *algo, const LearnState *a, const LearnState *b)
{
	if (a->hdr->options_len != b->hdr->options_len ||
		memcmp(a->options, b->options, a->hdr->options_len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: cannot combine states trained with different options", algo->name)));
	if (a->hdr->n_features != 0 && b->hdr->n_features != 0 &&
		a->hdr->n_features != b->hdr->n_features)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: cannot combine states with %u and %u features",
						algo->name, a->hdr->n_features, b->hdr->n_features)));
}

/* Combine: merge the second state into the first (non-strict). */
Datum
LearnAggCombine(FunctionCallInfo fcinfo, const LearnAlgorithm *algo)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	LearnState	a,
				b;
	bytea	   *sa,
			   *sb,
			   *out;

	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		sa = OpenStateArg(fcinfo, 0, in_agg, algo, &a);
		PG_RETURN_BYTEA_P(sa);
	}
	sb = OpenStateArg(fcinfo, 1, true, algo, &b);
	if (PG_ARGISNULL(0))
	{
		out = MemoryContextAlloc(aggcxt, VARSIZE(sb));
		memcpy(out, sb, VARSIZE(sb));
		PG_RETURN_BYTEA_P(out);
	}
	sa = OpenStateArg(fcinfo, 0, in_agg, algo, &a);
	CheckCompatible(algo, &a, &b);

	if (a.hdr->rows_used == 0 && b.hdr->rows_used != 0)
	{
		int64		skipped = a.hdr->rows_skipped;

		out = MemoryContextAlloc(aggcxt, VARSIZE(sb));
		memcpy(out, sb, VARSIZE(sb));
		LearnStateOpen(out, algo->id, algo->payload_len, &a);
		a.hdr->rows_skipped += skipped;
		PG_RETURN_BYTEA_P(out);
	}
	if (b.hdr->rows_used != 0)
		algo->combine(&a, &b);
	a.hdr->rows_used += b.hdr->rows_used;
	a.hdr->rows_skipped += b.hdr->rows_skipped;
	a.hdr->fingerprint += b.hdr->fingerprint;
	PG_RETURN_BYTEA_P(sa);
}

/* Feature names for the model: from the options, or x1..xp. */
static char **
FeatureNames(const LearnAlgorithm *algo, const LearnOptions *o, uint32 p)
{
	char	  **names;

	if (o->n_feature_names != 0)
	{
		if (o->n_feature_names != p)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s: option feature_names has %u names, but rows have %u features",
							algo->name, o->n_feature_names, p)));
		return o->feature_names;
	}
	names = palloc(sizeof(char *) * p);
	for (uint32 i = 0; i < p; i++)
		names[i] = psprintf("x%u", i + 1);
	return names;
}

/* Final: fit the model from the state; NULL when no row was usable. */
Datum
LearnAggFinal(FunctionCallInfo fcinfo, const LearnAlgorithm *algo)
{
	LearnState	st;
	LearnOptions o;
	LearnReader r;
	LearnModel	m = {0};
	LearnWriter params;
	MemoryContext scratch,
				caller = CurrentMemoryContext;
	bytea	   *result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	scratch = AllocSetContextCreate(CurrentMemoryContext, "pg_learn fit", ALLOCSET_DEFAULT_SIZES);
	MemoryContextSwitchTo(scratch);
	OpenStateArg(fcinfo, 0, true, algo, &st);
	if (st.hdr->rows_used == 0)
	{
		MemoryContextSwitchTo(caller);
		MemoryContextDelete(scratch);
		PG_RETURN_NULL();
	}
	LearnReaderInit(&r, st.options, st.hdr->options_len, "aggregate state");
	LearnOptionsDecode(&r, &o);
	for (uint32 i = 0; i < st.hdr->payload_len; i++)
		if (!isfinite(st.payload[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid pg_learn aggregate state"),
					 errdetail("The state holds a non-finite value at slot %u.", i)));

	m.algorithm = algo->id;
	m.n_features = st.hdr->n_features;
	m.feature_names = FeatureNames(algo, &o, m.n_features);
	m.target_name = o.target_name ? o.target_name : "y";
	m.rows_used = st.hdr->rows_used;
	m.rows_skipped = st.hdr->rows_skipped;
	m.fingerprint = st.hdr->fingerprint;
	LearnWriterInit(&params);
	algo->fit(&st, &o, &m, &params);

	MemoryContextSwitchTo(caller);
	result = LearnModelEncode(&m, &params);
	MemoryContextDelete(scratch);
	PG_RETURN_BYTEA_P(result);
}

/* ---- per-algorithm entry points ---- */

PG_FUNCTION_INFO_V1(linreg_fit_trans);
PG_FUNCTION_INFO_V1(linreg_fit_combine);
PG_FUNCTION_INFO_V1(linreg_fit_final);

Datum
linreg_fit_trans(PG_FUNCTION_ARGS)
{
	return LearnAggTransition(fcinfo, &learn_linear_regression);
}

Datum
linreg_fit_combine(PG_FUNCTION_ARGS)
{
	return LearnAggCombine(fcinfo, &learn_linear_regression);
}

Datum
linreg_fit_final(PG_FUNCTION_ARGS)
{
	return LearnAggFinal(fcinfo, &learn_linear_regression);
}

PG_FUNCTION_INFO_V1(preprocess_fit_trans);
PG_FUNCTION_INFO_V1(preprocess_fit_combine);
PG_FUNCTION_INFO_V1(preprocess_fit_final);

Datum
preprocess_fit_trans(PG_FUNCTION_ARGS)
{
	return LearnAggTransition(fcinfo, &learn_preprocess);
}

Datum
preprocess_fit_combine(PG_FUNCTION_ARGS)
{
	return LearnAggCombine(fcinfo, &learn_preprocess);
}

Datum
preprocess_fit_final(PG_FUNCTION_ARGS)
{
	return LearnAggFinal(fcinfo, &learn_preprocess);
}
