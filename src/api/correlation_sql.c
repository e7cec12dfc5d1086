/*
 * correlation_sql.c: learn.covariance_matrix and learn.correlation_matrix,
 * aggregates over float8[] rows that compute every pairwise covariance or
 * Pearson correlation in one scan.
 *
 * The state is a pg_learn bytea aggregate state (core/state.h, id
 * LEARN_STATE_STAT_COMOMENTS) with n_features = the array length (0 until
 * the first usable row) and the shifted means and co-moments of
 * core/comoments.c (the code linear regression trains with), updated in
 * place inside the aggregate and merged with Chan's formula by the combine
 * function.  Rows whose array is NULL or holds a NULL or NaN element are
 * skipped (complete cases, R's use = "complete.obs"); infinite values raise
 * 22000.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "core/bytes.h"
#include "core/comoments.h"
#include "core/state.h"
#include "core/stattests.h"
#include "fmgr.h"
#include "utils/array.h"

#define COMOMENTS_MAX_COLUMNS	(LEARN_COMOMENTS_MAX_DIM - 1)

/* float8 slots of a co-moments state with nf columns. */
static int64
ComomentsLen(uint32 nf, uint32 nc, int64 rows)
{
	(void) nc;
	(void) rows;
	if (nf > COMOMENTS_MAX_COLUMNS)
		return -1;
	return LearnComomentsLen(nf);
}

/* A new state in the current context: nf columns (0: none yet). */
static bytea *
NewComoments(uint32 nf, LearnState *st)
{
	LearnWriter none;
	bytea	   *b;

	if (nf > COMOMENTS_MAX_COLUMNS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("correlation and covariance matrices take at most %d columns, got %u",
						COMOMENTS_MAX_COLUMNS, nf)));
	LearnWriterInit(&none);
	b = LearnStateCreate(CurrentMemoryContext, LEARN_STATE_STAT_COMOMENTS, nf, &none,
						 (uint32) LearnComomentsLen(nf));
	LearnStateOpen(b, LEARN_STATE_STAT_COMOMENTS, ComomentsLen, st);
	return b;
}

/* Open the state in argno (not NULL); a copy unless we own it. */
static bytea *
OpenComoments(FunctionCallInfo fcinfo, int argno, bool own, LearnState *st)
{
	bytea	   *b = LearnStateDetoast(PG_GETARG_DATUM(argno), !own);

	LearnStateOpen(b, LEARN_STATE_STAT_COMOMENTS, ComomentsLen, st);
	return b;
}

PG_FUNCTION_INFO_V1(learn_comoments_trans);

/* Transition: (state, x float8[]). */
Datum
learn_comoments_trans(PG_FUNCTION_ARGS)
{
	bool		in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	LearnState	st;
	bytea	   *b = PG_ARGISNULL(0) ? NULL : OpenComoments(fcinfo, 0, in_agg, &st);
	ArrayType  *arr;
	const double *x;
	int			n;
	bool		skip = PG_ARGISNULL(1);

	if (!skip)
	{
		arr = PG_GETARG_ARRAYTYPE_P(1);
		if (ARR_NDIM(arr) != 1 || ARR_ELEMTYPE(arr) != FLOAT8OID)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("correlation_matrix / covariance_matrix take a one-dimensional float8 array, got %d dimensions",
							ARR_NDIM(arr))));
		n = ARR_DIMS(arr)[0];
		x = (const double *) ARR_DATA_PTR(arr);
		skip = ARR_HASNULL(arr) && array_contains_nulls(arr);
		for (int i = 0; i < n && !skip; i++)
		{
			if (isnan(x[i]))
				skip = true;
			else if (isinf(x[i]))
				ereport(ERROR,
						(errcode(ERRCODE_DATA_EXCEPTION),
						 errmsg("column %d has the non-finite value %g", i + 1, x[i]),
						 errhint("Filter the row out with WHERE, or replace the value.")));
		}
	}
	if (b == NULL)
		b = NewComoments(skip ? 0 : n, &st);
	else if (!skip && st.hdr->n_features == 0)
	{
		int64		skipped = st.hdr->rows_skipped;

		b = NewComoments(n, &st);
		st.hdr->rows_skipped = skipped;
	}
	if (skip)
	{
		st.hdr->rows_skipped++;
		PG_RETURN_BYTEA_P(b);
	}
	if ((uint32) n != st.hdr->n_features)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("array has %d elements, expected %u as in the first row", n, st.hdr->n_features)));
	st.hdr->rows_used++;
	LearnComomentsAdd(st.payload, (double) st.hdr->rows_used, x, n, NULL);
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(learn_comoments_combine);

/* Combine (strict): Chan's merge of two partial states. */
Datum
learn_comoments_combine(PG_FUNCTION_ARGS)
{
	bool		in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	LearnState	a,
				b;
	bytea	   *sa = OpenComoments(fcinfo, 0, in_agg, &a);
	bytea	   *sb = OpenComoments(fcinfo, 1, false, &b);

	LearnStateCheckCounts(a.hdr, b.hdr);	/* forged counts near INT64_MAX (fuzz_stats) */
	if (b.hdr->rows_used == 0)
	{
		a.hdr->rows_skipped += b.hdr->rows_skipped;
		PG_RETURN_BYTEA_P(sa);
	}
	if (a.hdr->rows_used == 0)
	{
		int64		skipped = a.hdr->rows_skipped;

		sa = LearnStateDetoast(PointerGetDatum(sb), true);
		LearnStateOpen(sa, LEARN_STATE_STAT_COMOMENTS, ComomentsLen, &a);
		a.hdr->rows_skipped += skipped;
		PG_RETURN_BYTEA_P(sa);
	}
	if (a.hdr->n_features != b.hdr->n_features)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cannot combine states of %u and %u columns", a.hdr->n_features, b.hdr->n_features)));
	LearnComomentsMerge(a.payload, (double) a.hdr->rows_used, b.payload, (double) b.hdr->rows_used,
						(int) a.hdr->n_features);
	a.hdr->rows_used += b.hdr->rows_used;
	a.hdr->rows_skipped += b.hdr->rows_skipped;
	PG_RETURN_BYTEA_P(sa);
}

/* The d x d matrix of a final function as float8[][]. */
static Datum
MatrixResult(FunctionCallInfo fcinfo, bool correlation)
{
	LearnState	st;
	int			d,
				k = 0;
	double	   *m;
	Datum	   *elems;
	int			dims[2],
				lbs[2] = {1, 1};
	const double *C;
	double		n;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	OpenComoments(fcinfo, 0, false, &st);
	if (st.hdr->rows_used == 0)
		PG_RETURN_NULL();
	d = (int) st.hdr->n_features;
	n = (double) st.hdr->rows_used;
	C = st.payload + 2 * d;
	m = palloc(sizeof(double) * d * d);
	for (int i = 0; i < d; i++)
		for (int j = i; j < d; j++, k++)
		{
			/*
			 * Finite values near the largest double overflow the co-moments;
			 * raise 22003 as PostgreSQL's covar_samp and corr do instead of
			 * returning Infinity or NaN for what is a well-defined correlation
			 */
			if (!isfinite(C[k]))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("the co-moments of columns %d and %d overflow double precision", i + 1, j + 1),
						 errhint("Rescale the values.")));
			m[i * d + j] = m[j * d + i] = C[k];
		}
	for (int i = 0; i < d; i++)
		for (int j = 0; j < d; j++)
		{
			double		v = m[i * d + j];

			if (correlation)
			{
				double		cii = C[i * d - i * (i - 1) / 2],
							cjj = C[j * d - j * (j - 1) / 2];

				/* row i of the packed triangle starts at i d - i (i - 1) / 2 */
				v = (i == j && cii > 0) ? 1.0 : v / sqrt(cii * cjj);
				if (!(cii > 0 && cjj > 0))
					v = NAN;
				else
					v = Max(-1.0, Min(1.0, v));
			}
			else
				v = (n > 1) ? v / (n - 1) : NAN;
			m[i * d + j] = v;
		}
	elems = palloc(sizeof(Datum) * d * d);
	for (int i = 0; i < d * d; i++)
		elems[i] = Float8GetDatum(m[i]);
	dims[0] = dims[1] = d;
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, NULL, 2, dims, lbs, FLOAT8OID, 8, FLOAT8PASSBYVAL, 'd'));
}

PG_FUNCTION_INFO_V1(learn_covariance_final);
PG_FUNCTION_INFO_V1(learn_correlation_final);

/* Final of learn.covariance_matrix: sample covariances C / (n - 1). */
Datum
learn_covariance_final(PG_FUNCTION_ARGS)
{
	return MatrixResult(fcinfo, false);
}

/* Final of learn.correlation_matrix: Pearson correlations C_ij / sqrt(C_ii C_jj). */
Datum
learn_correlation_final(PG_FUNCTION_ARGS)
{
	return MatrixResult(fcinfo, true);
}
