/*
 * distributions.c: regularized incomplete beta function and the Student t and
 * F tail probabilities built on it.
 *
 * I_x(a,b) is evaluated by its continued fraction (Abramowitz and Stegun
 * 26.5.8) with the modified Lentz algorithm (Press et al., Numerical Recipes,
 * 3rd ed., section 6.4), using the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) so the
 * fraction always converges quickly.  log B(a,b) uses Stirling's series for
 * large arguments so that it keeps full relative accuracy when a or b is in
 * the millions (degrees of freedom of large tables), following the approach
 * of R's lbeta (Loader's algorithm for the gamma correction).
 */
#include "c.h"

#include <math.h>

#include "core/distributions.h"

#define LN_SQRT_2PI 0.918938533204672741780329736406
#define CF_MAX_ITER 100000
#define CF_EPS		1e-16
#define CF_TINY		1e-300

/* lgamma(x) - Stirling's approximation, for x >= 10 (asymptotic series). */
static double
LogGammaCorrection(double x)
{
	double		x2 = 1.0 / (x * x);

	return (1.0 / 12.0 + x2 * (-1.0 / 360.0 + x2 * (1.0 / 1260.0 + x2 * (-1.0 / 1680.0 +
			x2 * (1.0 / 1188.0 + x2 * (-691.0 / 360360.0 + x2 * (1.0 / 156.0))))))) / x;
}

/* log of the beta function, accurate for large and very unequal arguments. */
double
LearnLogBeta(double a, double b)
{
	double		p = Min(a, b);
	double		q = Max(a, b);

	if (p <= 0)
		return NAN;
	if (p >= 10)
	{
		double		corr = LogGammaCorrection(p) + LogGammaCorrection(q) - LogGammaCorrection(p + q);

		return -0.5 * log(q) + LN_SQRT_2PI + corr + (p - 0.5) * log(p / (p + q)) +
			q * log1p(-p / (p + q));
	}
	if (q >= 10)
	{
		double		corr = LogGammaCorrection(q) - LogGammaCorrection(p + q);

		return lgamma(p) + corr + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q));
	}
	return lgamma(p) + lgamma(q) - lgamma(p + q);
}

/*
 * Stirling's error stirlerr(a) = lgamma(a+1) - (a+1/2) log a + a - log sqrt(2 pi)
 * (Loader 2000, "Fast and accurate computation of binomial probabilities"):
 * the asymptotic series for a >= 10, the definition below.
 */
static double
StirlingError(double a)
{
	if (a >= 10)
		return LogGammaCorrection(a);
	return lgamma(a + 1.0) - (a + 0.5) * log(a) + a - LN_SQRT_2PI;
}

/*
 * Deviance term bd0(a, m) = a log(a/m) + m - a, without cancellation when
 * a is close to m (Loader 2000, series in v = (a-m)/(a+m)).
 */
static double
Bd0(double a, double m)
{
	if (fabs(a - m) < 0.1 * (a + m))
	{
		double		v = (a - m) / (a + m);
		double		s = (a - m) * v;
		double		ej = 2.0 * a * v;

		v = v * v;
		for (int j = 1; j < 1000; j++)
		{
			double		s1;

			ej *= v;
			s1 = s + ej / (2 * j + 1);
			if (s1 == s)
				return s1;
			s = s1;
		}
		return s;
	}
	return a * log(a / m) + m - a;
}

/*
 * One step of the modified Lentz algorithm for a continued fraction
 * b0 + a1/(b1 + a2/(b2 + ...)): updates c and d with the partial numerator
 * an and denominator bn and returns the factor the value is multiplied by.
 */
static inline double
LentzStep(double an, double bn, double *c, double *d)
{
	*d = bn + an * *d;
	if (fabs(*d) < CF_TINY)
		*d = CF_TINY;
	*c = bn + an / *c;
	if (fabs(*c) < CF_TINY)
		*c = CF_TINY;
	*d = 1.0 / *d;
	return *d * *c;
}

/* Continued fraction for I_x(a,b), modified Lentz; converges for x < (a+1)/(a+b+2). */
static double
IncBetaFraction(double a, double b, double x)
{
	double		qab = a + b,
				qap = a + 1.0,
				qam = a - 1.0;
	double		c = 1.0,
				d = 1.0 - qab * x / qap,
				h;

	if (fabs(d) < CF_TINY)
		d = CF_TINY;
	d = 1.0 / d;
	h = d;
	for (int m = 1; m <= CF_MAX_ITER; m++)
	{
		int			m2 = 2 * m;
		double		del;

		h *= LentzStep(m * (b - m) * x / ((qam + m2) * (a + m2)), 1.0, &c, &d);
		del = LentzStep(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), 1.0, &c, &d);
		h *= del;
		if (fabs(del - 1.0) < CF_EPS)
			break;
	}
	return h;
}

/*
 * Regularized incomplete beta I_x(a,b).  The caller passes y = 1 - x computed
 * without cancellation (for example t^2/(df+t^2)), since tail probabilities
 * need log(1-x) to full relative accuracy.
 */
double
LearnIncBeta(double a, double b, double x, double y)
{
	double		logx,
				logy,
				front;

	if (isnan(x) || isnan(y) || a <= 0 || b <= 0)
		return NAN;
	if (x <= 0)
		return 0.0;
	if (y <= 0)
		return 1.0;
	if (a + b >= 100)
	{
		/*
		 * x^a y^b / B(a,b) through Loader's deviances: with n = a + b,
		 * log = -bd0(a, n x) - bd0(b, n y) + log sqrt(a b / (2 pi n))
		 * - stirlerr(a) - stirlerr(b) + stirlerr(n) (the linear terms cancel
		 * since x + y = 1).  a log x + b log y - log B(a,b) would subtract
		 * terms of size a log a, losing about (a + b) eps: 1e-10 relative
		 * for degrees of freedom around 1e6.
		 */
		double		n = a + b;

		front = exp(-Bd0(a, n * x) - Bd0(b, n * y) + 0.5 * log(a / n * b) - LN_SQRT_2PI -
					StirlingError(a) - StirlingError(b) + StirlingError(n));
	}
	else
	{
		logx = (x > 0.5) ? log1p(-y) : log(x);
		logy = (y > 0.5) ? log1p(-x) : log(y);
		front = exp(a * logx + b * logy - LearnLogBeta(a, b));
	}
	if (x < (a + 1.0) / (a + b + 2.0))
		return front * IncBetaFraction(a, b, x) / a;
	return 1.0 - front * IncBetaFraction(b, a, y) / b;
}

/* Two-sided p value of a Student t statistic: P(|T| >= |t|) with df degrees of freedom. */
double
LearnStudentT2Sided(double t, double df)
{
	double		t2;

	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	if (isinf(t))
		return 0.0;
	t2 = t * t;
	if (isinf(df))
		return erfc(fabs(t) / M_SQRT2);
	/* x = df/(df+t^2) is the beta variable; the tail is I_x(df/2, 1/2). */
	return LearnIncBeta(df / 2.0, 0.5, df / (df + t2), t2 / (df + t2));
}

/* Upper tail P(F >= f) of the F distribution with (df1, df2) degrees of freedom. */
double
LearnFUpperTail(double f, double df1, double df2)
{
	if (isnan(f) || isnan(df1) || isnan(df2) || df1 <= 0 || df2 <= 0)
		return NAN;
	if (f <= 0)
		return 1.0;
	if (isinf(f))
		return 0.0;
	return LearnIncBeta(df2 / 2.0, df1 / 2.0, df2 / (df2 + df1 * f), df1 * f / (df2 + df1 * f));
}

/* ------------------------------------------------------------------------
 * Distribution functions for SQL: CDF, survival function and quantile of the
 * normal, Student t, chi-square and F distributions.
 * ------------------------------------------------------------------------ */

#define QUANTILE_MAX_ITER 400
#define LOG_DBL_MAX 709.78
#define LOG_DBL_MIN_SUB (-744.4)

/* x^a e^-x / Gamma(a+1), to full relative accuracy for large a (Loader's dpois_raw). */
static double
PoissonTerm(double a, double x)
{
	if (x == 0)
		return 0.0;
	if (isinf(x))
		return 0.0;
	return exp(-StirlingError(a) - Bd0(a, x)) / sqrt(2.0 * M_PI * a);
}

/*
 * Regularized incomplete gamma functions P(a,x) (lower) and Q(a,x) (upper):
 * the power series for x < a+1 and Legendre's continued fraction (modified
 * Lentz) otherwise (Numerical Recipes, 3rd ed., section 6.2), with the common
 * factor x^a e^-x / Gamma(a) from PoissonTerm so that large a keeps its
 * relative accuracy.  Returns the lower tail when lower, else the upper.
 */
double
LearnIncGamma(double a, double x, bool lower)
{
	if (isnan(a) || isnan(x) || a <= 0)
		return NAN;
	if (x <= 0)
		return lower ? 0.0 : 1.0;
	if (isinf(x))
		return lower ? 1.0 : 0.0;
	if (x < a + 1.0)
	{
		double		sum = 1.0,
					term = 1.0,
					p;

		for (int n = 1; n <= CF_MAX_ITER; n++)
		{
			term *= x / (a + n);
			sum += term;
			if (term < sum * CF_EPS)
				break;
		}
		p = PoissonTerm(a, x) * sum;
		return lower ? p : 1.0 - p;
	}
	else
	{
		double		b = x + 1.0 - a,
					c = 1.0 / CF_TINY,
					d = 1.0 / b,
					h = d,
					q;

		for (int i = 1; i <= CF_MAX_ITER; i++)
		{
			double		del;

			b += 2.0;
			del = LentzStep(-i * (i - a), b, &c, &d);
			h *= del;
			if (fabs(del - 1.0) < CF_EPS)
				break;
		}
		q = a * PoissonTerm(a, x) * h;
		return lower ? 1.0 - q : q;
	}
}

/* Standard normal tail: P(Z <= z) when lower, else P(Z > z). */
static double
NormalTail(double z, bool lower)
{
	return 0.5 * erfc((lower ? -z : z) / M_SQRT2);
}

/* Normal distribution function; lower = false gives the survival function. */
double
LearnNormalCdf(double x, double mean, double sd, bool lower)
{
	if (isnan(x) || isnan(mean) || isnan(sd) || !(sd > 0))
		return NAN;
	return NormalTail((x - mean) / sd, lower);
}

/*
 * Beta variables x = df/(df+t^2) and y = t^2/(df+t^2) of a t statistic,
 * without overflow for huge |t|.
 */
static void
TBetaArgs(double t, double df, double *x, double *y)
{
	double		q = fabs(t) / sqrt(df);

	if (q > 1e100)
	{
		*x = (1.0 / q) / q;
		*y = 1.0 - *x;
	}
	else
	{
		double		q2 = q * q;

		*x = 1.0 / (1.0 + q2);
		*y = q2 / (1.0 + q2);
	}
}

/* degrees of freedom beyond which t uses its normal approximation */
#define T_LARGE_DF 1e7

/* Student t distribution function with df > 0 degrees of freedom (df may be infinite). */
double
LearnTCdf(double t, double df, bool lower)
{
	double		x,
				y,
				tail;

	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	if (isinf(df))
		return NormalTail(t, lower);
	if (isinf(t))
		return ((t > 0) == lower) ? 1.0 : 0.0;
	if (df > T_LARGE_DF)
	{
		/*
		 * Abramowitz and Stegun 26.7.8 (as R's pt for large df): the
		 * incomplete beta below loses about 1e-17 df relative (2e-10 at
		 * 1e7, answers above 1 from about 1e16), so beyond 1e7 this normal
		 * approximation, whose error is O(1/df^2), is the more accurate one
		 * (measured against mpmath: 6e-16 at df 1e8, t = 1.96).
		 */
		double		v = 1.0 / (4.0 * df);
		double		z = (fabs(t) > 1e150) ? copysign((1.0 - v) / sqrt(2.0 * v), t)
			: t * (1.0 - v) / sqrt(1.0 + t * t * 2.0 * v);

		return NormalTail(z, lower);
	}
	TBetaArgs(t, df, &x, &y);
	/* the tail beyond |t| on one side is I_x(df/2, 1/2) / 2 */
	if (x < 1e-200)
	{
		/*
		 * I_x(a, b) = x^a / (a B(a,b)) (1 + O(x)): in logs, since x itself
		 * underflows for |t| beyond 1e154 while the tail may not (df < 2)
		 */
		double		a = df / 2.0;
		double		logx = -2.0 * (log(fabs(t)) - 0.5 * log(df));

		tail = 0.5 * exp(a * logx - log(a) - LearnLogBeta(a, 0.5));
	}
	else
		tail = 0.5 * LearnIncBeta(df / 2.0, 0.5, x, y);
	if ((t < 0) == lower)
		return tail;
	return (t == 0) ? 0.5 : 0.5 + 0.5 * LearnIncBeta(0.5, df / 2.0, y, x);
}

/* Chi-square distribution function with df > 0 degrees of freedom. */
double
LearnChisqCdf(double x, double df, bool lower)
{
	if (isnan(x) || isnan(df) || df <= 0)
		return NAN;
	return LearnIncGamma(df / 2.0, x / 2.0, lower);
}

/* F distribution function with (df1, df2) degrees of freedom. */
double
LearnFCdf(double f, double df1, double df2, bool lower)
{
	double		x,
				y,
				r;

	if (isnan(f) || isnan(df1) || isnan(df2) || df1 <= 0 || df2 <= 0)
		return NAN;
	if (f <= 0)
		return lower ? 0.0 : 1.0;
	if (isinf(f))
		return lower ? 1.0 : 0.0;
	/* x = df1 f / (df1 f + df2), y = 1 - x, from whichever ratio cannot overflow */
	r = (df2 / df1) / f;
	if (r > 1)
	{
		double		s = 1.0 / r;

		x = s / (1.0 + s);
		y = 1.0 / (1.0 + s);
	}
	else
	{
		x = 1.0 / (1.0 + r);
		y = r / (1.0 + r);
	}
	if (lower)
		return LearnIncBeta(df1 / 2.0, df2 / 2.0, x, y);
	return LearnIncBeta(df2 / 2.0, df1 / 2.0, y, x);
}

/* log of the density of |Z| scaled to one side: log phi(z). */
static double
NormalLogPdf(double z, const double *par)
{
	(void) par;
	return -0.5 * z * z - LN_SQRT_2PI;
}

/* log density of Student's t with par[0] degrees of freedom. */
static double
TLogPdf(double t, const double *par)
{
	double		df = par[0];
	double		q = fabs(t) / sqrt(df);
	double		l = (q > 1e150) ? 2.0 * (log(fabs(t)) - 0.5 * log(df)) : log1p(q * q);

	return -LearnLogBeta(df / 2.0, 0.5) - 0.5 * log(df) - 0.5 * (df + 1.0) * l;
}

/* log density of the chi-square distribution with par[0] degrees of freedom. */
static double
ChisqLogPdf(double x, const double *par)
{
	double		a = par[0] / 2.0;

	return (a - 1.0) * log(x / 2.0) - x / 2.0 - lgamma(a) - M_LN2;
}

/* log density of the F distribution with (par[0], par[1]) degrees of freedom. */
static double
FLogPdf(double x, const double *par)
{
	double		d1 = par[0],
				d2 = par[1];
	double		ls;				/* log(d2 + d1 x) */

	if (d1 * x > d2)
		ls = log(d1) + log(x) + log1p(d2 / (d1 * x));
	else
		ls = log(d2) + log1p(d1 * x / d2);
	return 0.5 * d1 * log(d1) + 0.5 * d2 * log(d2) + (0.5 * d1 - 1.0) * log(x) -
		0.5 * (d1 + d2) * ls - LearnLogBeta(d1 / 2.0, d2 / 2.0);
}

static double NormalTailPar(double z, const double *par, bool lower)
{
	(void) par;
	return NormalTail(z, lower);
}
static double TTailPar(double t, const double *par, bool lower)
{
	return LearnTCdf(t, par[0], lower);
}
static double ChisqTailPar(double x, const double *par, bool lower)
{
	return LearnChisqCdf(x, par[0], lower);
}
static double FTailPar(double x, const double *par, bool lower)
{
	return LearnFCdf(x, par[0], par[1], lower);
}

typedef double (*TailFn) (double x, const double *par, bool lower);
typedef double (*LogPdfFn) (double x, const double *par);

/*
 * The x > 0 where the tail (lower: P(X <= x), else P(X > x)) equals target,
 * for 0 < target < 1.  Safeguarded Newton iteration on
 * h(u) = log tail(e^u) - log target over u = log x, whose slope is
 * +-x f(x) / tail(x): working in logs keeps full relative accuracy in both x
 * and the probability, from the far tails (1e-300) to the centre.  A bracket
 * [ulo, uhi] is found by doubling steps and kept; a Newton step leaving it is
 * replaced by bisection.  Returns 0 or Infinity when the root lies beyond
 * the doubles.
 */
static double
SolvePositive(TailFn tail, LogPdfFn logpdf, const double *par, double target, bool lower)
{
	double		logt = log(target);
	double		sgn = lower ? 1.0 : -1.0;	/* h is increasing in u after this sign */
	double		u = 0.0,
				h,
				ulo,
				uhi,
				step = 1.0;

#define H_AT(uu) (sgn * (log(tail(exp(uu), par, lower)) - logt))
	h = H_AT(u);
	if (h == 0)
		return 1.0;
	if (h < 0)
	{
		ulo = u;
		for (;;)
		{
			uhi = Min(ulo + step, LOG_DBL_MAX);
			h = H_AT(uhi);
			if (h >= 0)
				break;
			if (uhi >= LOG_DBL_MAX)
				return INFINITY;
			ulo = uhi;
			step *= 2;
		}
		u = uhi;
	}
	else
	{
		uhi = u;
		for (;;)
		{
			ulo = Max(uhi - step, LOG_DBL_MIN_SUB);
			h = H_AT(ulo);
			if (h <= 0)
				break;
			if (ulo <= LOG_DBL_MIN_SUB)
				return 0.0;
			uhi = ulo;
			step *= 2;
		}
		u = ulo;
	}
	for (int it = 0; it < QUANTILE_MAX_ITER && h != 0; it++)
	{
		double		x = exp(u);
		double		slope = exp(log(x) + logpdf(x, par) - log(tail(x, par, lower)));
		double		unew = u - h / slope;
		double		tol = 1e-15 * Max(1.0, fabs(u));

		if (!(unew > ulo && unew < uhi))
			unew = 0.5 * (ulo + uhi);
		if (fabs(unew - u) <= tol || uhi - ulo <= tol)
		{
			u = unew;
			break;
		}
		u = unew;
		h = H_AT(u);
		if (h < 0)
			ulo = u;
		else
			uhi = u;
	}
#undef H_AT
	return exp(u);
}

/*
 * Quantile of a distribution symmetric about 0 (normal, t): the root on the
 * side the probability points to, found on x > 0 from the smaller tail.
 */
static double
SymmetricQuantile(TailFn tail, LogPdfFn logpdf, const double *par, double p, bool lower)
{
	double		s = lower ? p : 1.0 - p;	/* lower-tail probability, maybe rounded */
	double		small;
	double		z;

	if (p == 0)
		return lower ? -INFINITY : INFINITY;
	if (p == 1)
		return lower ? INFINITY : -INFINITY;
	if (p == 0.5)
		return 0.0;
	/* the probability in the smaller tail, exact: 1 - p has no error for p >= 0.5 */
	small = (p < 0.5) ? p : 1.0 - p;
	z = SolvePositive(tail, logpdf, par, small, false);
	/* z > 0 has upper tail `small`; the answer is -z when the lower tail is small */
	if ((p < 0.5) == lower)
		return -z;
	(void) s;
	return z;
}

/* Quantile of a distribution on x >= 0 (chi-square, F). */
static double
PositiveQuantile(TailFn tail, LogPdfFn logpdf, const double *par, double p, bool lower)
{
	if (p == 0)
		return lower ? 0.0 : INFINITY;
	if (p == 1)
		return lower ? INFINITY : 0.0;
	if (p <= 0.5)
		return SolvePositive(tail, logpdf, par, p, lower);
	return SolvePositive(tail, logpdf, par, 1.0 - p, !lower);
}

/* Normal quantile; NaN for p outside [0,1] or sd <= 0. */
double
LearnNormalQuantile(double p, double mean, double sd, bool lower)
{
	if (isnan(p) || p < 0 || p > 1 || isnan(mean) || isnan(sd) || !(sd > 0))
		return NAN;
	return mean + sd * SymmetricQuantile(NormalTailPar, NormalLogPdf, NULL, p, lower);
}

/* Student t quantile. */
double
LearnTQuantile(double p, double df, bool lower)
{
	if (isnan(p) || p < 0 || p > 1 || isnan(df) || df <= 0)
		return NAN;
	if (isinf(df))
		return LearnNormalQuantile(p, 0.0, 1.0, lower);
	return SymmetricQuantile(TTailPar, TLogPdf, &df, p, lower);
}

/* Chi-square quantile. */
double
LearnChisqQuantile(double p, double df, bool lower)
{
	if (isnan(p) || p < 0 || p > 1 || isnan(df) || df <= 0)
		return NAN;
	return PositiveQuantile(ChisqTailPar, ChisqLogPdf, &df, p, lower);
}

/* F quantile. */
double
LearnFQuantile(double p, double df1, double df2, bool lower)
{
	double		par[2] = {df1, df2};

	if (isnan(p) || p < 0 || p > 1 || isnan(df1) || isnan(df2) || df1 <= 0 || df2 <= 0)
		return NAN;
	return PositiveQuantile(FTailPar, FLogPdf, par, p, lower);
}
