/*
 * linalg.h: small dense linear algebra through LAPACKE, with palloc'd
 * workspaces (the _work variants never malloc, so an ereport cannot leak).
 */
#ifndef LEARN_LINALG_H
#define LEARN_LINALG_H

#include "c.h"

/*
 * Eigenvalues of the equilibrated matrix below this fraction of the largest
 * are treated as zero: a condition number above 1e11 makes the system
 * numerically rank-deficient.
 */
#define LEARN_RANK_RTOL		1e-11

/* Result of solving a symmetric positive semi-definite system A x = b. */
typedef struct LearnSymSolve
{
	int			p;				/* order of the system */
	double	   *x;				/* solution (minimum-norm when rank-deficient) */
	double	   *inverse;		/* p x p (pseudo-)inverse of A, column-major; NULL if not asked */
	int			rank;			/* numerical rank */
	double		condition;		/* condition number of the equilibrated matrix (Inf if singular) */
	bool	   *zero_column;	/* p flags: column with a zero diagonal */
	int			n_null;			/* eigenvectors of dropped eigenvalues */
	double	   *null_vectors;	/* p x n_null, in equilibrated coordinates */
} LearnSymSolve;

extern void LearnColumnMoments(const double *data, int stride, int64 n, int p,
							   double *mean, double *sd);
extern void LearnSolveSymmetric(const double *A, const double *b, int p,
								bool want_inverse, LearnSymSolve *out);

/* index of (i,j), i <= j, in a packed upper-triangular row-major d x d matrix */
static inline int
LearnPackedIndex(int i, int j, int d)
{
	return i * d - (i * (i - 1)) / 2 + (j - i);
}

extern void LearnSymmetricEigen(double *a, int p, double *w);

#endif							/* LEARN_LINALG_H */
