/*
 * linalg.c: solving the symmetric positive semi-definite systems that
 * sufficient-statistics training produces (normal equations, Newton steps).
 *
 * Method: Jacobi scaling (equilibration) S A S with S = diag(1/sqrt(A_jj)),
 * which makes the condition number independent of feature units (van der
 * Sluis, 1969); a symmetric eigen-decomposition (LAPACK dsyevd) of the scaled
 * matrix for the condition number and the numerical rank; then
 *   - full rank: Cholesky (dpotrf/dpotrs, inverse by dpotri);
 *   - rank-deficient: the Moore-Penrose pseudo-inverse V_r L_r^-1 V_r' of the
 *     scaled matrix, which gives the minimum-norm solution in equilibrated
 *     coordinates (Golub and Van Loan, Matrix Computations, 4th ed., 5.5).
 * Columns with a zero diagonal (a constant feature after centering) get a
 * zero coefficient and are reported to the caller.
 */
#include "postgres.h"

#include <math.h>

#include <lapacke.h>

#include "core/linalg.h"
#include "core/simd.h"
#include "miscadmin.h"

/* Allocate n doubles, zeroed, with overflow-checked size. */
static double *
AllocDoubles(size_t n)
{
	return palloc_extended(mul_size(n, sizeof(double)), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
}

/* Eigen-decomposition of the symmetric matrix a (overwritten by eigenvectors). */
static void
SymmetricEigen(double *a, int p, double *w)
{
	lapack_int	info,
				liwork;
	double		wq;
	lapack_int	iwq;
	double	   *work;
	lapack_int *iwork;

	info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'U', p, a, p, w, &wq, -1, &iwq, -1);
	if (info != 0)
		elog(ERROR, "dsyevd workspace query failed: %d", (int) info);
	work = AllocDoubles((size_t) wq);
	liwork = iwq;
	iwork = palloc_extended(mul_size(liwork, sizeof(lapack_int)), MCXT_ALLOC_HUGE);
	info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'U', p, a, p, w, work, (lapack_int) wq,
							   iwork, liwork);
	if (info != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("eigen-decomposition did not converge (LAPACK dsyevd info %d)", (int) info),
				 errhint("Check the input for extreme values.")));
	pfree(work);
	pfree(iwork);
}

/* Solve the full-rank scaled system by Cholesky; as holds the scaled matrix. */
static bool
CholeskySolve(double *as, int p, double *z, bool want_inverse)
{
	lapack_int	info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', p, as, p);

	if (info != 0)
		return false;
	info = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'U', p, 1, as, p, z, p);
	if (info != 0)
		return false;
	if (want_inverse)
	{
		info = LAPACKE_dpotri_work(LAPACK_COL_MAJOR, 'U', p, as, p);
		if (info != 0)
			return false;
		for (int j = 0; j < p; j++)
			for (int i = j + 1; i < p; i++)
				as[i + (size_t) j * p] = as[j + (size_t) i * p];
	}
	return true;
}

/* z := pinv * z and optionally build pinv into inv, from eigenpairs (v, w) with rank r. */
static void
PseudoInverseSolve(const double *v, const double *w, int p, double tol,
				   double *z, double *inv)
{
	double	   *vtz = AllocDoubles(p);

	for (int k = 0; k < p; k++)
	{
		double		s = 0;

		if (w[k] <= tol)
			continue;
		for (int i = 0; i < p; i++)
			s += v[i + (size_t) k * p] * z[i];
		vtz[k] = s / w[k];
	}
	for (int i = 0; i < p; i++)
	{
		double		s = 0;

		for (int k = 0; k < p; k++)
			s += v[i + (size_t) k * p] * vtz[k];
		z[i] = s;
	}
	if (inv != NULL)
	{
		for (int j = 0; j < p; j++)
		{
			CHECK_FOR_INTERRUPTS();
			for (int i = 0; i < p; i++)
			{
				double		s = 0;

				for (int k = 0; k < p; k++)
					if (w[k] > tol)
						s += v[i + (size_t) k * p] * v[j + (size_t) k * p] / w[k];
				inv[i + (size_t) j * p] = s;
			}
		}
	}
	pfree(vtz);
}

/*
 * Solve A x = b for symmetric positive semi-definite A (p x p, column-major).
 * A and b are not modified.  See the file header for the method.
 */
void
LearnSolveSymmetric(const double *A, const double *b, int p, bool want_inverse,
					LearnSymSolve *out)
{
	double	   *s = AllocDoubles(p);
	double	   *as = AllocDoubles((size_t) p * p);
	double	   *v = AllocDoubles((size_t) p * p);
	double	   *w = AllocDoubles(p);
	double	   *z = AllocDoubles(p);
	double		wmax,
				wmin,
				tol;
	bool		solved = false;

	out->p = p;
	out->zero_column = palloc0(sizeof(bool) * p);
	for (int j = 0; j < p; j++)
	{
		double		d = A[j + (size_t) j * p];

		if (d > 0 && isfinite(d))
			s[j] = 1.0 / sqrt(d);
		else
			out->zero_column[j] = true;
	}
	for (int j = 0; j < p; j++)
		for (int i = 0; i < p; i++)
			as[i + (size_t) j * p] = s[i] * A[i + (size_t) j * p] * s[j];
	for (int i = 0; i < p; i++)
		z[i] = s[i] * b[i];

	memcpy(v, as, sizeof(double) * p * p);
	SymmetricEigen(v, p, w);
	wmax = w[p - 1];
	wmin = w[0];
	tol = (wmax > 0) ? wmax * LEARN_RANK_RTOL : 0;
	out->rank = 0;
	for (int k = 0; k < p; k++)
		if (w[k] > tol)
			out->rank++;
	out->condition = (wmin > tol && wmin > 0) ? wmax / wmin : INFINITY;

	out->inverse = want_inverse ? AllocDoubles((size_t) p * p) : NULL;
	if (out->rank == p)
	{
		double	   *zc = AllocDoubles(p);

		memcpy(zc, z, sizeof(double) * p);
		solved = CholeskySolve(as, p, zc, want_inverse);
		if (solved)
		{
			memcpy(z, zc, sizeof(double) * p);
			if (want_inverse)
				memcpy(out->inverse, as, sizeof(double) * p * p);
		}
		pfree(zc);
	}
	if (!solved)
		PseudoInverseSolve(v, w, p, tol, z, out->inverse);

	/* back to original coordinates: x = S z, inverse = S inv S */
	out->x = AllocDoubles(p);
	for (int i = 0; i < p; i++)
		out->x[i] = s[i] * z[i];
	if (want_inverse)
		for (int j = 0; j < p; j++)
			for (int i = 0; i < p; i++)
				out->inverse[i + (size_t) j * p] *= s[i] * s[j];

	out->n_null = p - out->rank;
	out->null_vectors = AllocDoubles((size_t) p * Max(out->n_null, 1));
	memcpy(out->null_vectors, v, sizeof(double) * p * out->n_null);

	pfree(s);
	pfree(as);
	pfree(v);
	pfree(w);
	pfree(z);
}

/*
 * Mean and sample standard deviation of p columns of a row-major matrix
 * (n rows, stride doubles apart), by Welford's algorithm.
 */
LEARN_WIDE_KERNEL void
LearnColumnMoments(const double *data, int stride, int64 n, int p, double *mean, double *sd)
{
	double	   *m2 = palloc0(sizeof(double) * Max(p, 1));

	memset(mean, 0, sizeof(double) * p);
	for (int64 r = 0; r < n; r++)
	{
		const double *row = data + r * stride;

		for (int j = 0; j < p; j++)
		{
			double		d = row[j] - mean[j];

			mean[j] += d / (double) (r + 1);
			m2[j] += d * (row[j] - mean[j]);
		}
	}
	for (int j = 0; j < p; j++)
		sd[j] = (n > 1) ? sqrt(m2[j] / (double) (n - 1)) : 0.0;
	pfree(m2);
}

/*
 * Eigen-decomposition of the symmetric p x p column-major matrix a (LAPACK
 * dsyevd): eigenvalues in w in increasing order, a overwritten by the
 * orthonormal eigenvectors (column k goes with w[k]).
 */
void
LearnSymmetricEigen(double *a, int p, double *w)
{
	SymmetricEigen(a, p, w);
}
