/*
 * stattests.c: moments, p values and exact null distributions of the
 * hypothesis tests.  The conventions (statistics, exactness rules,
 * continuity and tie corrections) follow R 4.2's stats package so that
 * results can be checked against t.test, ks.test and wilcox.test.
 */
#include "postgres.h"

#include <math.h>

#include "core/distributions.h"
#include "core/stattests.h"

/* Welford's update of running moments with one value. */
void
LearnMomentsAdd(LearnMoments *m, double x)
{
	double		d = x - m->mean;

	m->n += 1.0;
	m->mean += d / m->n;
	m->m2 += d * (x - m->mean);
}

/*
 * Merge b into a: Chan, Golub and LeVeque (1979), "Updating formulae and a
 * pairwise algorithm for computing sample variances".
 */
void
LearnMomentsMerge(LearnMoments *a, const LearnMoments *b)
{
	double		n = a->n + b->n,
				d;

	if (b->n == 0)
		return;
	if (a->n == 0)
	{
		*a = *b;
		return;
	}
	d = b->mean - a->mean;
	a->m2 += b->m2 + d * d * a->n * b->n / n;
	a->mean += d * b->n / n;
	a->n = n;
}

/* p value of a t statistic for the alternative (R's t.test). */
double
LearnTPValue(double t, double df, LearnAlternative alt)
{
	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	switch (alt)
	{
		case LEARN_ALT_LESS:
			return LearnTCdf(t, df, true);
		case LEARN_ALT_GREATER:
			return LearnTCdf(t, df, false);
		default:
			return 2.0 * LearnTCdf(-fabs(t), df, true);
	}
}

/*
 * Two-sample Kolmogorov-Smirnov statistic over sorted samples, evaluated
 * after each run of equal values (so ties are handled as R's ks.test does):
 * D = max |F_x - F_y| for the two-sided alternative, max (F_x - F_y) for
 * "greater" and max (F_y - F_x) for "less".  *ties tells whether the pooled
 * sample had any.
 */
double
LearnKsStatistic(const double *x, int nx, const double *y, int ny, LearnAlternative alt, bool *ties)
{
	int			i = 0,
				j = 0;
	double		d = 0;

	*ties = false;
	while (i < nx || j < ny)
	{
		double		v;
		int			k = 0;

		if (j >= ny || (i < nx && x[i] <= y[j]))
			v = x[i];
		else
			v = y[j];
		while (i < nx && x[i] == v)
			i++, k++;
		while (j < ny && y[j] == v)
			j++, k++;
		if (k > 1)
			*ties = true;
		{
			double		z = (double) i / nx - (double) j / ny;

			d = Max(d, alt == LEARN_ALT_TWO_SIDED ? fabs(z) : alt == LEARN_ALT_GREATER ? z : -z);
		}
	}
	return d + 0.0;				/* never -0 */
}

/*
 * Exact P(D >= d) for the two-sided two-sample statistic, with or without
 * ties: the lattice-path count of R's psmirnov (R >= 4.2.2, after Schröer
 * and Trenkler 1995).  Paths from (0,0) to (m,n) take one step per pooled
 * sorted value; a path reaches D >= d when, after a step k where the k-th
 * and (k+1)-th pooled values differ (boundary[k-1]), |u/m - v/n| >= q, with
 * q = (0.5 + floor(d m n - 1e-7)) / (m n) as in R.  One-sided (R's
 * two.sided = FALSE, used for both "less" and "greater"), the band is
 * u/m - v/n < q.  R counts the paths that
 * stay inside and returns 1 - inside / C(m+n, m), which loses the relative
 * accuracy of small p values (about 1e-14 / p); we also carry the count of
 * paths that have left (out), so p = out / C(m+n, m) keeps it.  Counts are
 * doubles (up to C(m+n, m) <= 1e59 for the m n < 10000 where R uses this).
 */
double
LearnKsExactP(double d, int m, int n, const bool *boundary, bool two_sided)
{
	int			total = m + n;
	double		md = m,
				nd = n,
				q = (0.5 + floor(d * md * nd - 1e-7)) / (md * nd),
				p;
	double	   *in = palloc0(sizeof(double) * (m + 1));
	double	   *out = palloc0(sizeof(double) * (m + 1));

	in[0] = 1;
	for (int k = 1; k <= total; k++)
	{
		int			lo = Max(0, k - n),
					hi = Min(k, m);

		/* new[u] = old[u] (a y step, valid while v = k - u <= n) + old[u-1] (an x step) */
		for (int u = hi; u >= lo; u--)
		{
			bool		y_ok = (u <= k - 1);

			in[u] = (y_ok ? in[u] : 0) + (u >= 1 ? in[u - 1] : 0);
			out[u] = (y_ok ? out[u] : 0) + (u >= 1 ? out[u - 1] : 0);
		}
		if (lo > 0)
			in[lo - 1] = out[lo - 1] = 0;
		if (boundary[k - 1])
			for (int u = lo; u <= hi; u++)
				if (!(q > (two_sided ? fabs(u / md - (k - u) / nd) : u / md - (k - u) / nd)))
				{
					out[u] += in[u];
					in[u] = 0;
				}
	}
	p = out[m] / (out[m] + in[m]);
	pfree(in);
	pfree(out);
	return Min(1.0, Max(0.0, p));
}

/*
 * Asymptotic P(D >= d): one-sided exp(-2 x^2), two-sided the Kolmogorov
 * distribution at x = sqrt(mn/(m+n)) d,
 * by the two series of R's pkstwo with its tolerance 1e-6 (what ks.test
 * uses), so results agree with R to rounding.
 */
double
LearnKsAsymptoticP(double d, int m, int n, bool two_sided)
{
	double		x = sqrt((double) m * n / (m + n)) * d;
	double		tol = 1e-6,
				p;

	if (x <= 0)
		return 1.0;
	if (!two_sided)
		return exp(-2.0 * x * x);	/* Smirnov's one-sided limit */
	if (x < 1)
	{
		int			kmax = (int) sqrt(2 - log(tol));
		double		z = -(M_PI_2 * M_PI_4) / (x * x),
					w = log(x),
					s = 0;

		for (int k = 1; k < kmax; k += 2)
			s += exp(k * k * z - w);
		p = s * sqrt(2 * M_PI);
	}
	else
	{
		double		z = -2 * x * x,
					s = -1,
					old = 0,
					new = 1;
		int			k = 1;

		while (fabs(old - new) > tol)
		{
			old = new;
			new += 2 * s * exp(z * k * k);
			s *= -1;
			k++;
		}
		p = new;
	}
	p = 1.0 - p;
	return Min(1.0, Max(0.0, p));
}

/* qsort comparator of (value, index) pairs by value. */
static int
CompareByValue(const void *a, const void *b)
{
	double		x = ((const double *) a)[0],
				y = ((const double *) b)[0];

	return (x < y) ? -1 : (x > y) ? 1 : 0;
}

/*
 * Mid-ranks of v[0..n-1] (ties get the average of their ranks) and the tie
 * term sum(t^3 - t) over groups of t equal values.
 */
void
LearnRanks(const double *v, int n, double *ranks, double *tie_term)
{
	double	   *pairs = palloc(sizeof(double) * 2 * n);
	int			i = 0;

	for (int k = 0; k < n; k++)
	{
		pairs[2 * k] = v[k];
		pairs[2 * k + 1] = k;
	}
	qsort(pairs, n, 2 * sizeof(double), CompareByValue);
	*tie_term = 0;
	while (i < n)
	{
		int			j = i;
		double		r,
					t;

		while (j + 1 < n && pairs[2 * (j + 1)] == pairs[2 * i])
			j++;
		r = (i + j + 2) / 2.0;	/* ranks i+1 .. j+1 */
		for (int k = i; k <= j; k++)
			ranks[(int) pairs[2 * k + 1]] = r;
		t = j - i + 1;
		*tie_term += t * t * t - t;
		i = j + 1;
	}
	pfree(pairs);
}

/*
 * P(W <= q) (lower) or P(W > q) of the Mann-Whitney statistic for samples
 * of sizes m and n without ties.  The counts follow R's cwilcox recursion
 * c(k; i, j) = c(k - j; i - 1, j) + c(k; i, j - 1) (the largest value comes
 * from the first or the second sample), built bottom-up over i with one
 * (n+1) x (mn+1) table per step; only additions of positive counts, so the
 * tails keep their relative accuracy.
 */
double
LearnWilcoxonCdf(double q, int m, int n, bool lower)
{
	int			top = m * n,
				w = top + 1;
	double	   *prev,
			   *cur,
			   *c;
	double		below = 0,
				above = 0;

	q = floor(q + 1e-7);
	if (q < 0)
		return lower ? 0.0 : 1.0;
	if (q >= top)
		return lower ? 1.0 : 0.0;
	prev = palloc0(sizeof(double) * (n + 1) * w);
	cur = palloc0(sizeof(double) * (n + 1) * w);
	for (int j = 0; j <= n; j++)
		prev[j * w] = 1;		/* i = 0: only W = 0 */
	for (int i = 1; i <= m; i++)
	{
		memset(cur, 0, sizeof(double) * (n + 1) * w);
		cur[0] = 1;				/* j = 0: only W = 0 */
		for (int j = 1; j <= n; j++)
			for (int k = 0; k <= i * j; k++)
				cur[j * w + k] = ((k >= j) ? prev[j * w + k - j] : 0) + cur[(j - 1) * w + k];
		c = prev;
		prev = cur;
		cur = c;
	}
	c = prev + n * w;
	for (int k = 0; k <= top; k++)
	{
		if (k <= q)
			below += c[k];
		else
			above += c[k];
	}
	pfree(prev);
	pfree(cur);
	return (lower ? below : above) / (below + above);
}
