/*
 * comoments.c: running means and co-moments of vectors.
 *
 * Per row, Welford's update (Welford 1962) in the multivariate form of
 * Bennett et al., "Numerically stable, single-pass, parallel statistics
 * algorithms" (2009); partial states merged with Chan, Golub and LeVeque's
 * pairwise formula (1979).  Centered co-moments keep full precision where
 * raw sums of squares cancel (large means, millions of rows).  The values
 * are also shifted by the first row seen (the shifted-data trick, Chan,
 * Golub and LeVeque 1983), so the running mean stays near zero and does not
 * round away low-order digits of values far from 0.
 */
#include "postgres.h"

#include "core/comoments.h"

/*
 * Add the row z = (x[0..p-1], *y) (y NULL: z = x) as the n-th row.  The
 * inner loop runs over a contiguous row of the packed triangle with restrict
 * pointers, so the compiler can vectorise it (built with -O3).
 */
void
LearnComomentsAdd(double *slots, double n, const double *x, int p, const double *y)
{
	int			d = p + (y != NULL);
	double	   *restrict shift = slots;
	double	   *restrict mean = shift + d;
	double	   *restrict C = mean + d;
	double		inv_n = 1.0 / n;
	double		f = (n - 1.0) * inv_n;
	double		delta[LEARN_COMOMENTS_MAX_DIM];

	Assert(d <= LEARN_COMOMENTS_MAX_DIM);
	if (n == 1)
	{
		memcpy(shift, x, sizeof(double) * p);
		if (y)
			shift[p] = *y;
		return;					/* mean and C stay zero */
	}
	for (int i = 0; i < p; i++)
	{
		delta[i] = (x[i] - shift[i]) - mean[i];
		mean[i] += delta[i] * inv_n;
	}
	if (y)
	{
		delta[p] = (*y - shift[p]) - mean[p];
		mean[p] += delta[p] * inv_n;
	}
	for (int i = 0; i < d; i++)
	{
		const double di = delta[i] * f;
		const double *restrict dj = delta + i;
		double	   *restrict row = C;
		const int	len = d - i;

		for (int j = 0; j < len; j++)
			row[j] += di * dj[j];
		C += len;
	}
}

/* Chan-Golub-LeVeque merge of b (nb rows) into a (na rows), d dimensions. */
void
LearnComomentsMerge(double *a, double na, const double *b, double nb, int d)
{
	double		n = na + nb;
	double	   *ka = a;
	const double *kb = b;
	double	   *ma = ka + d;
	const double *mb = kb + d;
	double	   *Ca = ma + d;
	const double *Cb = mb + d;
	double		delta[LEARN_COMOMENTS_MAX_DIM];
	double		w = na * nb / n;
	int			k = 0;

	Assert(d <= LEARN_COMOMENTS_MAX_DIM);
	/* b's mean, re-expressed relative to a's shift */
	for (int i = 0; i < d; i++)
	{
		delta[i] = (mb[i] + (kb[i] - ka[i])) - ma[i];
		ma[i] += delta[i] * (nb / n);
	}
	for (int i = 0; i < d; i++)
		for (int j = i; j < d; j++, k++)
			Ca[k] += Cb[k] + delta[i] * delta[j] * w;
}
