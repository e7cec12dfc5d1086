/*
 * distributions_sql.c: SQL wrappers of the distribution functions in
 * core/distributions.c (learn.normal_cdf, learn.t_quantile, ...).
 *
 * Parameters outside their domain (df <= 0 or NaN, sd <= 0, a probability
 * outside [0,1] or NaN) raise 22023; a NaN x gives NaN.
 */
#include "postgres.h"

#include <math.h>

#include "core/distributions.h"
#include "fmgr.h"

/*
 * Degrees of freedom where the results stay accurate (their errors grow
 * about 1e-17 df relative, 1e-9 at 1e8): below 1e-300 (subnormal df) the t,
 * chi-square and F functions returned NaN or wrong values; beyond 1e8 the
 * incomplete gamma and beta functions cancel near the centre
 * (chisq_cdf(1e12, 1e12) gave 0.056 instead of 0.5, F lost 1e-8 at 1e10 and
 * went below 0 at 1e18).  t uses a normal approximation for large df and
 * takes any df.
 */
#define DF_MIN		1e-300
#define DF_MAX_CHISQ 1e8
#define DF_MAX_F	1e8

/* Raise 22023 unless v is a valid degrees-of-freedom value, at most max (infinite only when allowed). */
static void
CheckDf(const char *fn, const char *name, double v, double max, bool allow_inf)
{
	if (isnan(v) || v <= 0 || (isinf(v) && !allow_inf))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s must be a positive%s number, got %g", fn, name,
						allow_inf ? "" : " finite", v)));
	if (v < DF_MIN && isinf(max))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s must be at least %g, got %g", fn, name, DF_MIN, v)));
	if (v < DF_MIN || v > max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s must be between %g and %g, got %g", fn, name, DF_MIN, max, v)));
}

/* Raise 22023 unless p is a probability. */
static void
CheckProb(const char *fn, double p)
{
	if (isnan(p) || p < 0 || p > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: probability must be between 0 and 1, got %g", fn, p)));
}

/* Raise 22023 unless the normal's mean and sd are usable. */
static void
CheckNormal(const char *fn, double mean, double sd)
{
	if (!isfinite(mean))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: mean must be finite, got %g", fn, mean)));
	if (!(sd > 0) || isinf(sd))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: sd must be a positive finite number, got %g", fn, sd)));
}

PG_FUNCTION_INFO_V1(learn_normal_cdf);
PG_FUNCTION_INFO_V1(learn_normal_quantile);
PG_FUNCTION_INFO_V1(learn_t_cdf);
PG_FUNCTION_INFO_V1(learn_t_quantile);
PG_FUNCTION_INFO_V1(learn_chisq_cdf);
PG_FUNCTION_INFO_V1(learn_chisq_quantile);
PG_FUNCTION_INFO_V1(learn_f_cdf);
PG_FUNCTION_INFO_V1(learn_f_quantile);

/* learn.normal_cdf(x, mean, sd, lower_tail) */
Datum
learn_normal_cdf(PG_FUNCTION_ARGS)
{
	CheckNormal("normal_cdf", PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2));
	PG_RETURN_FLOAT8(LearnNormalCdf(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1),
									PG_GETARG_FLOAT8(2), PG_GETARG_BOOL(3)));
}

/* learn.normal_quantile(p, mean, sd, lower_tail) */
Datum
learn_normal_quantile(PG_FUNCTION_ARGS)
{
	CheckProb("normal_quantile", PG_GETARG_FLOAT8(0));
	CheckNormal("normal_quantile", PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2));
	PG_RETURN_FLOAT8(LearnNormalQuantile(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1),
										 PG_GETARG_FLOAT8(2), PG_GETARG_BOOL(3)));
}

/* learn.t_cdf(x, df, lower_tail) */
Datum
learn_t_cdf(PG_FUNCTION_ARGS)
{
	CheckDf("t_cdf", "df", PG_GETARG_FLOAT8(1), INFINITY, true);
	PG_RETURN_FLOAT8(LearnTCdf(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_BOOL(2)));
}

/* learn.t_quantile(p, df, lower_tail) */
Datum
learn_t_quantile(PG_FUNCTION_ARGS)
{
	CheckProb("t_quantile", PG_GETARG_FLOAT8(0));
	CheckDf("t_quantile", "df", PG_GETARG_FLOAT8(1), INFINITY, true);
	PG_RETURN_FLOAT8(LearnTQuantile(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_BOOL(2)));
}

/* learn.chisq_cdf(x, df, lower_tail) */
Datum
learn_chisq_cdf(PG_FUNCTION_ARGS)
{
	CheckDf("chisq_cdf", "df", PG_GETARG_FLOAT8(1), DF_MAX_CHISQ, false);
	PG_RETURN_FLOAT8(LearnChisqCdf(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_BOOL(2)));
}

/* learn.chisq_quantile(p, df, lower_tail) */
Datum
learn_chisq_quantile(PG_FUNCTION_ARGS)
{
	CheckProb("chisq_quantile", PG_GETARG_FLOAT8(0));
	CheckDf("chisq_quantile", "df", PG_GETARG_FLOAT8(1), DF_MAX_CHISQ, false);
	PG_RETURN_FLOAT8(LearnChisqQuantile(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_BOOL(2)));
}

/* learn.f_cdf(x, df1, df2, lower_tail) */
Datum
learn_f_cdf(PG_FUNCTION_ARGS)
{
	CheckDf("f_cdf", "df1", PG_GETARG_FLOAT8(1), DF_MAX_F, false);
	CheckDf("f_cdf", "df2", PG_GETARG_FLOAT8(2), DF_MAX_F, false);
	PG_RETURN_FLOAT8(LearnFCdf(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2),
							   PG_GETARG_BOOL(3)));
}

/* learn.f_quantile(p, df1, df2, lower_tail) */
Datum
learn_f_quantile(PG_FUNCTION_ARGS)
{
	CheckProb("f_quantile", PG_GETARG_FLOAT8(0));
	CheckDf("f_quantile", "df1", PG_GETARG_FLOAT8(1), DF_MAX_F, false);
	CheckDf("f_quantile", "df2", PG_GETARG_FLOAT8(2), DF_MAX_F, false);
	PG_RETURN_FLOAT8(LearnFQuantile(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2),
									PG_GETARG_BOOL(3)));
}
