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
		double		aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		double		del;

		d = 1.0 + aa * d;
		if (fabs(d) < CF_TINY)
			d = CF_TINY;
		c = 1.0 + aa / c;
		if (fabs(c) < CF_TINY)
			c = CF_TINY;
		d = 1.0 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1.0 + aa * d;
		if (fabs(d) < CF_TINY)
			d = CF_TINY;
		c = 1.0 + aa / c;
		if (fabs(c) < CF_TINY)
			c = CF_TINY;
		d = 1.0 / d;
		del = d * c;
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
	logx = (x > 0.5) ? log1p(-y) : log(x);
	logy = (y > 0.5) ? log1p(-x) : log(y);
	front = exp(a * logx + b * logy - LearnLogBeta(a, b));
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
