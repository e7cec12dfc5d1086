/*
 * logreg.c: logistic regression, binary and multinomial, by Newton's method
 * (iteratively reweighted least squares; McCullagh and Nelder, Generalized
 * Linear Models, 2nd ed., 2.5), with an optional L2 penalty on the slopes
 * and class weights.
 *
 * Classes are in the model's order (numeric labels by value, false before
 * true, text in byte order); the first is the reference: with k classes the
 * model has k-1 blocks of coefficients (R's glm for k = 2, nnet::multinom's
 * baseline parameterisation for k > 2).  Each iteration needs the gradient,
 * Hessian and log-likelihood over all rows at the current coefficients; the
 * same iteration function (LogregIterate) is driven either over the rows
 * kept in memory by the learn.logreg_fit aggregate, or by one aggregate pass
 * per iteration (learn.logreg_step) when learn.train streams a large source,
 * so both paths follow the same sequence of coefficients.
 *
 * Iteration: evaluate at beta; if the penalised log-likelihood fell, halve
 * the step back towards the previous beta (at most 30 times); stop when its
 * relative change |l - l_prev| / (|l| + 0.1) is below tol (R's glm.control
 * rule, default 1e-10 here) or after max_iter evaluations; otherwise take the
 * Newton step beta += H^-1 g.  Standard errors come from the inverse Hessian
 * at the optimum (unpenalised fits only); z tests are two-sided.
 *
 * Large in-memory fits start from fits on nested subsamples of the rows
 * (LogregWarmStart), and then also stop when the Newton step's predicted
 * gain g' H^-1 g / 2, relative to |l| + 0.1, is below tol (taking that last
 * step unevaluated): together three evaluations over all rows instead of
 * about eight.
 */
#include "postgres.h"

#include <math.h>

#include "algorithms/algorithm.h"
#include "algorithms/logreg.h"
#include "core/checksum.h"
#include "core/linalg.h"
#include "core/parallel.h"
#include "core/subsample.h"
#include "miscadmin.h"
#include "utils/json.h"

#define LOGREG_MAX_FEATURES		1000
#define LOGREG_DEFAULT_MAX_ITER	100
#define LOGREG_DEFAULT_TOL		1e-10
#define LOGREG_MAX_HALVINGS		30
#define LOGREG_MAX_COEFFICIENTS	2000

/* float8 slots of the row store: rows x (label, x_1..x_p). */
static int64
LogregPayloadLen(uint32 n_features, uint32 n_classes, int64 rows_used)
{
	if (n_features == 0 || n_features > LOGREG_MAX_FEATURES || n_classes > LEARN_MAX_CLASSES ||
		rows_used < 0 || rows_used > ((int64) 1 << 40) / (n_features + 1))
		return -1;
	return rows_used * ((int64) n_features + 1);
}

/* Keep the row: the generic code has grown the payload by one row. */
static void
LogregAccumulate(LearnState *st, double y, const double *x)
{
	uint32		p = st->hdr->n_features;
	double	   *row = st->payload + (st->hdr->rows_used - 1) * (int64) (p + 1);

	row[0] = y;
	memcpy(row + 1, x, sizeof(double) * p);
}

/* Append from's rows, relabelled into into's dictionary. */
static void
LogregCombine(LearnState *into, const LearnState *from, const int *class_map)
{
	uint32		w = into->hdr->n_features + 1;
	double	   *dst = into->payload + into->hdr->rows_used * (int64) w;

	memcpy(dst, from->payload, sizeof(double) * from->hdr->rows_used * w);
	for (int64 r = 0; r < from->hdr->rows_used; r++)
	{
		double	   *row = dst + r * w;

		/*
		 * Range-check the double before converting it: (int) of a NaN or an
		 * out-of-range value is undefined behaviour, and 1.5 would silently
		 * become class 1 (found by test/fuzz/fuzz_state).
		 */
		if (!(row[0] >= 0 && row[0] < from->hdr->n_classes) || row[0] != floor(row[0]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid pg_learn aggregate state"),
					 errdetail("A row has class index %g.", row[0])));
		row[0] = class_map[(int) row[0]];
	}
}

/* Empty parameters for p features and k classes, options applied. */
LogregParams *
LogregNew(uint32 p, uint32 k, const LearnOptions *opt)
{
	LogregParams *P = palloc0(sizeof(LogregParams));

	if ((uint64) (k - 1) * (p + (opt->intercept ? 1 : 0)) > LOGREG_MAX_COEFFICIENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("logistic regression with %u classes and %u features has too many coefficients",
						k, p),
				 errdetail("(classes - 1) x (features + 1) is limited to %d.", LOGREG_MAX_COEFFICIENTS)));
	P->intercept = opt->intercept;
	P->lambda = opt->lambda;
	P->p = p;
	P->k = k;
	P->d = p + (opt->intercept ? 1 : 0);
	P->D = (k - 1) * P->d;
	P->max_iter = opt->max_iter > 0 ? (uint32) opt->max_iter : LOGREG_DEFAULT_MAX_ITER;
	P->tol = opt->tol > 0 ? opt->tol : LOGREG_DEFAULT_TOL;
	P->verbose = opt->verbose;
	P->beta = palloc0(sizeof(double) * P->D);
	P->beta_prev = palloc0(sizeof(double) * P->D);
	P->se = palloc(sizeof(double) * P->D);
	for (uint32 i = 0; i < P->D; i++)
		P->se[i] = NAN;
	P->class_weight = palloc(sizeof(double) * k);
	P->class_count = palloc0(sizeof(double) * k);
	for (uint32 c = 0; c < k; c++)
		P->class_weight[c] = 1.0;
	P->ll_prev = -INFINITY;
	P->ll = NAN;
	P->null_ll = NAN;
	return P;
}

/* Class weights from the options and the (unweighted) class counts. */
void
LogregSetWeights(LogregParams *P, const LearnOptions *opt, char **class_names, const double *counts)
{
	double		n = 0;

	for (uint32 c = 0; c < P->k; c++)
		n += counts[c];
	for (uint32 c = 0; c < P->k; c++)
	{
		P->class_weight[c] = 1.0;
		if (opt->class_weight == LEARN_CLASS_WEIGHT_BALANCED)
			P->class_weight[c] = n / (P->k * counts[c]);
		else if (opt->class_weight == LEARN_CLASS_WEIGHT_EXPLICIT)
			for (uint32 i = 0; i < opt->n_class_weights; i++)
				if (strcmp(opt->class_weight_labels[i], class_names[c]) == 0)
					P->class_weight[c] = opt->class_weights[i];
	}
	if (opt->class_weight == LEARN_CLASS_WEIGHT_EXPLICIT)
		for (uint32 i = 0; i < opt->n_class_weights; i++)
		{
			bool		found = false;

			for (uint32 c = 0; c < P->k; c++)
				found |= strcmp(opt->class_weight_labels[i], class_names[c]) == 0;
			if (!found)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("class_weight names the label \"%s\", which is not a class of the training rows",
								opt->class_weight_labels[i])));
		}
}

/* Linear predictors eta[0..k-1] (eta[0] = 0, the reference) for x. */
static void
Eta(const LogregParams *P, const double *x, double *eta)
{
	eta[0] = 0;
	for (uint32 j = 1; j < P->k; j++)
	{
		const double *b = P->beta + (j - 1) * P->d;
		double		s = 0;
		uint32		a = 0;

		if (P->intercept)
			s = b[a++];
		for (uint32 i = 0; i < P->p; i++)
			s += b[a + i] * x[i];
		eta[j] = s;
	}
}

/* Softmax of eta into prob; returns log of the normaliser (log-sum-exp). */
static double
Softmax(const double *eta, uint32 k, double *prob)
{
	double		m = eta[0],
				s = 0;

	for (uint32 j = 1; j < k; j++)
		m = Max(m, eta[j]);
	for (uint32 j = 0; j < k; j++)
		s += (prob[j] = exp(eta[j] - m));
	for (uint32 j = 0; j < k; j++)
		prob[j] /= s;
	return m + log(s);
}

/*
 * One row of a two-class fit: z = (1, x) (or x), and the row's terms, added
 * to the log-likelihood, class count and gradient; returns the Hessian
 * weight c = w p (1 - p).  The logistic function takes one exp and one log:
 * log(1 + e^eta) = max(eta, 0) + log(1 + e^-|eta|), stable for large |eta|
 * (glibc's log is about three times as fast as log1p; rounding 1 + e costs
 * at most 1.1e-16 absolute per row).
 */
static inline double
BinaryRow(const LogregParams *P, int y, const double *x, double *z, LogregSums *s)
{
	const double *b = P->beta;
	double		w = P->class_weight[y];
	double		eta = 0,
				e,
				p1,
				r;
	uint32		o = P->intercept ? 1 : 0;

	if (o)
	{
		z[0] = 1.0;
		eta = b[0];
	}
	for (uint32 i = 0; i < P->p; i++)
	{
		z[o + i] = x[i];
		eta += b[o + i] * x[i];
	}
	e = exp(-fabs(eta));
	p1 = eta >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
	s->ll += w * ((y == 1 ? eta : 0.0) - (Max(eta, 0.0) + log(1.0 + e)));
	s->count[y] += 1;
	r = w * ((y == 1 ? 1.0 : 0.0) - p1);
	for (uint32 a = 0; a < P->d; a++)
		s->g[a] += r * z[a];
	return w * p1 * (1.0 - p1);
}

/* LogregAddRow for two classes: the Hessian's one block c z z', packed upper. */
static void
LogregAddRowBinary(const LogregParams *P, int y, const double *x, LogregSums *s)
{
	double		z[LOGREG_MAX_FEATURES + 1];
	double		c = BinaryRow(P, y, x, z, s);
	double	   *H = s->H;
	uint32		d = P->d;

	for (uint32 a = 0; a < d; a++)
	{
		double		cz = c * z[a];

		for (uint32 t = a; t < d; t++)
			H[t - a] += cz * z[t];
		H += d - a;
	}
}

/*
 * Four rows of a two-class fit at once (rows[q] = class index, features):
 * the same terms as LogregAddRowBinary, but the Hessian gets the four rows'
 * sum per entry, so the packed triangle is read and written once per four
 * rows (the entries are summed in another order: equal up to rounding).
 * Fewer than four rows (m < 4) are padded with weight 0.
 */
static LEARN_WIDE_KERNEL void
LogregAddRowsBinary4(const LogregParams *P, const int *rank, const double *const *rows,
					 int m, LogregSums *s)
{
	double		z[4][LOGREG_MAX_FEATURES + 1];
	double		c[4] = {0, 0, 0, 0};
	double	   *H = s->H;
	uint32		d = P->d;

	for (int q = 0; q < 4; q++)
	{
		if (q < m)
			c[q] = BinaryRow(P, rank[(int) rows[q][0]], rows[q] + 1, z[q], s);
		else
			memset(z[q], 0, sizeof(double) * d);
	}
	for (uint32 a = 0; a < d; a++)
	{
		double		c0 = c[0] * z[0][a],
					c1 = c[1] * z[1][a],
					c2 = c[2] * z[2][a],
					c3 = c[3] * z[3][a];

		for (uint32 t = a; t < d; t++)
			H[t - a] += (c0 * z[0][t] + c1 * z[1][t]) + (c2 * z[2][t] + c3 * z[3][t]);
		H += d - a;
	}
}

/*
 * Add one row (class y, features x) at the current coefficients to the
 * gradient g (D), packed upper Hessian H (D(D+1)/2) and log-likelihood.
 * The Hessian is of the negative log-likelihood: sum w p_j (delta_jl - p_l) z z'.
 */
void
LogregAddRow(const LogregParams *P, int y, const double *x, LogregSums *s)
{
	uint32		k = P->k,
				d = P->d;
	uint32		D PG_USED_FOR_ASSERTS_ONLY = P->D;
	double		eta[LEARN_MAX_CLASSES];
	double		prob[LEARN_MAX_CLASSES];
	double		z[LOGREG_MAX_FEATURES + 1];
	double		w = P->class_weight[y];
	double		lse;
	int			idx = 0;

	if (k == 2)
	{
		LogregAddRowBinary(P, y, x, s);
		return;
	}
	Eta(P, x, eta);
	lse = Softmax(eta, k, prob);
	s->ll += w * (eta[y] - lse);
	s->count[y] += 1;
	if (P->intercept)
	{
		z[0] = 1.0;
		memcpy(z + 1, x, sizeof(double) * P->p);
	}
	else
		memcpy(z, x, sizeof(double) * P->p);
	for (uint32 j = 1; j < k; j++)
	{
		double		r = w * ((y == (int) j ? 1.0 : 0.0) - prob[j]);

		for (uint32 a = 0; a < d; a++)
			s->g[(j - 1) * d + a] += r * z[a];
	}
	/* packed upper triangle over (j, a) x (l, b), row-major */
	for (uint32 j = 1; j < k; j++)
		for (uint32 a = 0; a < d; a++)
		{
			for (uint32 l = j; l < k; l++)
			{
				double		c = w * prob[j] * ((j == l ? 1.0 : 0.0) - prob[l]);
				double		cz = c * z[a];

				for (uint32 b = (l == j ? a : 0); b < d; b++)
					s->H[idx++] += cz * z[b];
			}
		}
	Assert(idx == (int) (D * (D + 1) / 2));
}

/* Zeroed sums for P (allocated on first use, cleared after). */
void
LogregSumsInit(const LogregParams *P, LogregSums *s, bool allocate)
{
	size_t		h = (size_t) P->D * (P->D + 1) / 2;

	if (allocate)
	{
		s->g = palloc_extended(sizeof(double) * Max(P->D, 1), MCXT_ALLOC_ZERO);
		s->H = palloc_extended(sizeof(double) * Max(h, 1), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		s->count = palloc0(sizeof(double) * P->k);
	}
	else
	{
		memset(s->g, 0, sizeof(double) * P->D);
		memset(s->H, 0, sizeof(double) * h);
		memset(s->count, 0, sizeof(double) * P->k);
	}
	s->ll = 0;
}

/* Is coefficient i a slope (penalised), not an intercept? */
static inline bool
IsSlope(const LogregParams *P, uint32 i)
{
	return !P->intercept || (i % P->d) != 0;
}

/* Full symmetric D x D matrix (column-major) from packed H, penalty added. */
static double *
Unpack(const LogregParams *P, const double *H)
{
	uint32		D = P->D;
	double	   *A = palloc(sizeof(double) * D * D);
	int			idx = 0;

	for (uint32 i = 0; i < D; i++)
		for (uint32 j = i; j < D; j++)
			A[i + (size_t) j * D] = A[j + (size_t) i * D] = H[idx++];
	for (uint32 i = 0; i < D; i++)
		if (IsSlope(P, i))
			A[i + (size_t) i * D] += P->lambda;
	return A;
}

/* Standard errors, z and p values from the inverse Hessian at the optimum. */
static void
Inference(LogregParams *P, const double *H)
{
	LearnSymSolve sol;
	double	   *A = Unpack(P, H);
	double	   *zero = palloc0(sizeof(double) * P->D);

	if (P->lambda != 0)
		return;
	if (P->D == 0)
		return;
	LearnSolveSymmetric(A, zero, P->D, true, &sol);
	if (sol.rank < (int) P->D)
	{
		ereport(WARNING,
				(errcode(ERRCODE_WARNING),
				 errmsg("logistic regression: the information matrix is singular (rank %d of %u); standard errors are omitted",
						sol.rank, P->D),
				 errhint("Some classes may be (quasi-)separable, or features collinear; a penalty (lambda > 0) helps.")));
		return;
	}
	for (uint32 i = 0; i < P->D; i++)
		P->se[i] = sqrt(sol.inverse[i + (size_t) i * P->D]);
}

/*
 * One iteration, given the sums at P->beta.  Returns true when the fit is
 * finished (converged or out of iterations).
 */
bool
LogregIterate(LogregParams *P, const LogregSums *s, const char *name)
{
	uint32		D = P->D;
	double		pen = 0;
	double		ll;

	CHECK_FOR_INTERRUPTS();
	for (uint32 i = 0; i < D; i++)
		if (IsSlope(P, i))
			pen += P->beta[i] * P->beta[i];
	ll = s->ll - 0.5 * P->lambda * pen;
	P->iterations++;
	if (P->verbose)
		ereport(NOTICE,
				(errmsg("%s: iteration %u, penalised log-likelihood %.10g, change %.3g",
						name, P->iterations, ll, isinf(P->ll_prev) ? NAN : ll - P->ll_prev)));
	if (isfinite(P->ll_prev) && ll < P->ll_prev - 1e-12 * fabs(P->ll_prev) &&
		P->halvings < LOGREG_MAX_HALVINGS && P->iterations < P->max_iter)
	{
		for (uint32 i = 0; i < D; i++)
			P->beta[i] = 0.5 * (P->beta[i] + P->beta_prev[i]);
		P->halvings++;
		return false;
	}
	P->halvings = 0;
	P->ll = s->ll;
	if (isfinite(P->ll_prev) && fabs(ll - P->ll_prev) / (fabs(ll) + 0.1) < P->tol)
	{
		P->status = LOGREG_CONVERGED;
		if (!P->warm_stage)
			Inference(P, s->H);
		return true;
	}
	if (P->iterations >= P->max_iter)
	{
		P->status = LOGREG_MAX_ITER;
		return true;
	}
	{
		double	   *A = Unpack(P, s->H);
		double	   *g = palloc(sizeof(double) * D);
		LearnSymSolve sol;
		double		gain = 0;

		for (uint32 i = 0; i < D; i++)
			g[i] = s->g[i] - (IsSlope(P, i) ? P->lambda * P->beta[i] : 0);
		LearnSolveSymmetric(A, g, D, false, &sol);

		/*
		 * After a warm start: the Newton step's predicted gain g' H^-1 g / 2.
		 * When it is below the tolerance, the next evaluation could only
		 * confirm convergence: take the step without it (its error is of
		 * the order of the gain squared) and stop; the log-likelihood and
		 * standard errors are those evaluated here, off by at most the gain.
		 */
		for (uint32 i = 0; i < D; i++)
			gain += 0.5 * g[i] * sol.x[i];
		if (P->gain_rule && isfinite(P->ll_prev) && isfinite(gain) && gain >= 0 &&
			gain / (fabs(ll) + 0.1) < P->tol)
		{
			P->status = LOGREG_CONVERGED;
			if (!P->warm_stage)
				Inference(P, s->H);
			for (uint32 i = 0; i < D; i++)
				P->beta[i] += sol.x[i];
			return true;
		}
		memcpy(P->beta_prev, P->beta, sizeof(double) * D);
		P->ll_prev = ll;
		for (uint32 i = 0; i < D; i++)
			P->beta[i] += sol.x[i];
	}
	return false;
}

/* Null log-likelihood: intercept-only fit, from the weighted class counts. */
static double
NullLogLik(const LogregParams *P)
{
	double		n = 0,
				ll = 0;

	for (uint32 c = 0; c < P->k; c++)
		n += P->class_weight[c] * P->class_count[c];
	for (uint32 c = 0; c < P->k; c++)
		if (P->class_count[c] > 0)
		{
			double		nc = P->class_weight[c] * P->class_count[c];

			ll += nc * log(P->intercept ? nc / n : 1.0 / P->k);
		}
	return ll;
}

/* Warnings at the end of a fit: no convergence, separation. */
void
LogregFinish(LogregParams *P, const LogregSums *s, double n_rows)
{
	double		maxabs = 0;

	memcpy(P->class_count, s->count, sizeof(double) * P->k);
	P->null_ll = NullLogLik(P);
	for (uint32 i = 0; i < P->D; i++)
		if (IsSlope(P, i))
			maxabs = Max(maxabs, fabs(P->beta[i]));
	if (P->status == LOGREG_MAX_ITER)
		ereport(WARNING,
				(errcode(ERRCODE_WARNING),
				 errmsg("logistic regression did not converge in %u iterations", P->iterations),
				 errhint("Raise max_iter, scale the features, or add a penalty (lambda).")));
	if (P->lambda == 0 && (P->ll > -1e-6 * n_rows || maxabs > 1e6))
	{
		P->separated = true;
		ereport(WARNING,
				(errcode(ERRCODE_WARNING),
				 errmsg("the classes are (quasi-)separable by the features: the maximum-likelihood coefficients are unbounded"),
				 errdetail("The reported coefficients are where the iterations stopped; standard errors are omitted."),
				 errhint("A penalty (lambda > 0) gives finite, unique estimates.")));
		for (uint32 i = 0; i < P->D; i++)
			P->se[i] = NAN;
	}
}

/* One part of an evaluation over the kept rows (see LogregIterateRows). */
typedef struct LogregPart
{
	const LogregParams *P;
	const int  *rank;
	const double *rows;
	int64		w;
	int64		m;
	LogregSums *sums;			/* one per part */
	bool	   *stopped;		/* one per part: left early on an interrupt */
} LogregPart;

/*
 * Sums of part `part` of `parts` of the rows: pure arithmetic, run on a
 * thread of its own (core/parallel.h): no server call in here.
 */
static void
LogregSumPart(void *arg, int part, int parts)
{
	LogregPart *a = (LogregPart *) arg;
	const LogregParams *P = a->P;
	LogregSums *s = &a->sums[part];
	int64		lo = a->m * part / parts,
				hi = a->m * (part + 1) / parts;
	size_t		h = (size_t) P->D * (P->D + 1) / 2;

	memset(s->g, 0, sizeof(double) * P->D);
	memset(s->H, 0, sizeof(double) * h);
	memset(s->count, 0, sizeof(double) * P->k);
	s->ll = 0;
	a->stopped[part] = false;
	if (P->k == 2)
		for (int64 i = lo; i < hi; i += 4)
		{
			const double *r4[4];
			int			q4 = (int) Min(4, hi - i);

			if (((i - lo) & 0xfff) == 0 && LearnParallelInterrupted())
			{
				a->stopped[part] = true;
				return;
			}
			for (int q = 0; q < q4; q++)
				r4[q] = a->rows + (i + q) * a->w;
			LogregAddRowsBinary4(P, a->rank, r4, q4, s);
		}
	else
		for (int64 i = lo; i < hi; i++)
		{
			const double *row = a->rows + i * a->w;

			/* a row costs O(D^2): check often */
			if (((i - lo) & 0xff) == 0 && LearnParallelInterrupted())
			{
				a->stopped[part] = true;
				return;
			}
			LogregAddRow(P, a->rank[(int) row[0]], row + 1, s);
		}
}

/*
 * Iterate P to the end over the n kept rows (rows + r * w = class index,
 * features); s holds the sums at the final coefficients.  Each evaluation is split over threads when there are
 * enough rows (core/parallel.h); the parts' sums are added in part order,
 * so a fit is reproducible for a given number of threads.
 */
static void
LogregIterateRows(LogregParams *P, const int *rank, const double *rows, int64 w, int64 n,
				  LogregSums *s, const char *name)
{
	bool		done = false;
	LogregPart	a;
	int			parts;
	size_t		h = (size_t) P->D * (P->D + 1) / 2;

	parts = LearnParallelParts(n);
	a.P = P;
	a.rank = rank;
	a.rows = rows;
	a.w = w;
	a.m = n;
	a.sums = palloc(sizeof(LogregSums) * parts);
	a.stopped = palloc(sizeof(bool) * parts);
	a.sums[0] = *s;
	for (int i = 1; i < parts; i++)
		LogregSumsInit(P, &a.sums[i], true);
	while (!done)
	{
		bool		stopped = false;

		LearnParallelRun(LogregSumPart, &a, parts);
		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i < parts; i++)
			stopped |= a.stopped[i];
		if (stopped)
			continue;			/* an interrupt that was not an error: again */
		*s = a.sums[0];
		for (int i = 1; i < parts; i++)
		{
			s->ll += a.sums[i].ll;
			for (uint32 j = 0; j < P->D; j++)
				s->g[j] += a.sums[i].g[j];
			for (size_t j = 0; j < h; j++)
				s->H[j] += a.sums[i].H[j];
			for (uint32 j = 0; j < P->k; j++)
				s->count[j] += a.sums[i].count[j];
		}
		done = LogregIterate(P, s, name);
	}
}

#define LOGREG_WARM_MIN_ROWS	25000

/*
 * One stage of a warm start: fit the m rows (model class, features) from
 * beta, and on a clean convergence leave the result in beta; returns
 * whether it converged cleanly.
 */
static bool
LogregStageFit(const LogregParams *P, const LearnOptions *opt, const double *rows, int64 w,
			   int64 m, double *beta, uint32 *evaluations)
{
	LogregParams *S = LogregNew(P->p, P->k, opt);
	int		   *identity = palloc(sizeof(int) * P->k);
	double		maxabs = 0;
	bool		ok;
	LogregSums	s;

	for (uint32 c = 0; c < P->k; c++)
		identity[c] = (int) c;
	memcpy(S->class_weight, P->class_weight, sizeof(double) * P->k);
	memcpy(S->beta, beta, sizeof(double) * P->D);
	S->verbose = P->verbose;
	S->warm_stage = true;
	S->gain_rule = true;
	LogregSumsInit(S, &s, true);
	LogregIterateRows(S, identity, rows, w, m, &s,
					  psprintf("logistic_regression (warm start on " INT64_FORMAT " rows)", m));
	*evaluations += S->iterations;
	ok = S->status == LOGREG_CONVERGED && isfinite(S->ll) && S->ll < -1e-6 * (double) m;
	for (uint32 c = 0; c < P->k && ok; c++)
		ok = s.count[c] > 0;
	for (uint32 i = 0; i < P->D && ok; i++)
	{
		ok = isfinite(S->beta[i]);
		maxabs = Max(maxabs, fabs(S->beta[i]));
	}
	ok = ok && maxabs <= 1e6;
	if (!ok && P->verbose)
		ereport(NOTICE,
				(errmsg("logistic_regression: no warm start (the fit on " INT64_FORMAT " rows did not converge cleanly); starting from zero",
						m)));
	if (ok)
		memcpy(beta, S->beta, sizeof(double) * P->D);
	return ok;
}

/*
 * Warm start for a large fit: Newton's method converges quadratically only
 * near the optimum, and from zero it takes some eight evaluations over all
 * rows.  Fit first on nested subsamples of about n / 4^j rows (the smallest
 * with at least LOGREG_WARM_MIN_ROWS rows and 100 rows per coefficient, up
 * to n / 16; core/subsample.h: chosen by a hash of each row's values, so
 * they do not depend on the physical order of the rows, and copied, so that
 * their passes read memory in order), each stage from the previous one's
 * coefficients: the fit over all rows then starts within the sampling error
 * of its optimum, which Newton's method, with the stop on the predicted
 * gain, closes in three evaluations instead of eight; the stages cost a
 * fraction of one more.  The fit over all rows is the same iteration, so it
 * ends at the same optimum (to the tolerance).  A stage that does not
 * converge cleanly (non-convergence, a class missing from the subsample,
 * separation in the subsample, huge coefficients) abandons the warm start:
 * the full fit then starts from zero.  Sets P->beta; returns the stages'
 * evaluations, and whether a warm start was tried in *tried.
 */
static uint32
LogregWarmStart(LogregParams *P, const LearnOptions *opt, const int *rank, const double *rows,
				int64 w, int64 n, bool *tried)
{
	int64		min_rows = Max(LOGREG_WARM_MIN_ROWS, 100 * (int64) P->D);
	double	   *stage_rows[LEARN_WARM_MAX_STAGES];
	int64		stage_n[LEARN_WARM_MAX_STAGES];
	int			stages = LearnWarmSubsamples(rows, w, n, rank, min_rows, stage_rows, stage_n);
	uint32		evaluations = 0;
	double	   *beta = palloc0(sizeof(double) * Max(P->D, 1));

	*tried = stages > 0;
	for (int st = 0; st < stages; st++)
	{
		if (stage_n[st] < min_rows / 2)
			continue;			/* an unlucky hash: too few rows to be worth it */
		if (!LogregStageFit(P, opt, stage_rows[st], w, stage_n[st], beta, &evaluations))
			return evaluations;
		pfree(stage_rows[st]);
	}
	memcpy(P->beta, beta, sizeof(double) * P->D);
	return evaluations;
}

/* Fit in memory over the kept rows. */
static void
LogregFit(const LearnState *st, const LearnOptions *opt, LearnModel *m, LearnWriter *params)
{
	uint32		p = st->hdr->n_features,
				k = m->n_classes,
				w = p + 1;
	int64		n = st->hdr->rows_used;
	LogregParams *P = LogregNew(p, k, opt);
	int		   *rank = palloc(sizeof(int) * k);	/* state class -> model class */
	double	   *counts = palloc0(sizeof(double) * k);
	LogregSums	s;

	for (uint32 c = 0; c < k; c++)
		rank[m->class_perm[c]] = (int) c;
	for (int64 r = 0; r < n; r++)
	{
		double		c = st->payload[r * w];

		/* states can come from SQL: every row's class must be a valid index */
		if (!(c >= 0 && c < k && c == floor(c)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid pg_learn aggregate state"),
					 errdetail("Row " INT64_FORMAT " has class index %g.", r, c)));
		counts[rank[(int) c]] += 1;
	}
	LogregSetWeights(P, opt, m->class_names, counts);
	P->warm_evaluations = LogregWarmStart(P, opt, rank, st->payload, w, n, &P->gain_rule);
	LogregSumsInit(P, &s, true);
	LogregIterateRows(P, rank, st->payload, w, n, &s, "logistic_regression");
	LogregFinish(P, &s, (double) n);

	m->feature_mean = palloc0(sizeof(double) * p);
	m->feature_sd = palloc0(sizeof(double) * p);
	LearnColumnMoments(st->payload + 1, w, n, p, m->feature_mean, m->feature_sd);
	LogregEncode(params, P);
}

/* Encode parameters (also used by the streaming step). */
void
LogregEncode(LearnWriter *w, const LogregParams *P)
{
	LearnWriteU8(w, P->intercept);
	LearnWriteF64(w, P->lambda);
	LearnWriteU32(w, P->p);
	LearnWriteU32(w, P->k);
	LearnWriteU32(w, P->max_iter);
	LearnWriteF64(w, P->tol);
	LearnWriteU8(w, (P->verbose ? 1 : 0) | (P->gain_rule ? 2 : 0));	/* bit 1: the gain rule */
	LearnWriteU8(w, P->status);
	LearnWriteU8(w, P->separated);
	LearnWriteU32(w, P->iterations);
	LearnWriteU32(w, P->halvings);
	LearnWriteF64(w, P->ll);
	LearnWriteF64(w, P->ll_prev);
	LearnWriteF64(w, P->null_ll);
	LearnWriteF64Array(w, P->class_weight, P->k);
	LearnWriteF64Array(w, P->class_count, P->k);
	LearnWriteF64Array(w, P->beta, P->D);
	LearnWriteF64Array(w, P->beta_prev, P->D);
	LearnWriteF64Array(w, P->se, P->D);
}

/* Decode parameters; every field is checked against the model. */
static void *
LogregDecode(LearnReader *r, const LearnModel *m)
{
	LogregParams *P = palloc0(sizeof(LogregParams));
	uint8		flag;

	flag = LearnReadU8(r);
	if (flag > 1)
		LearnReaderFail(r, "bad intercept flag");
	P->intercept = flag;
	P->lambda = LearnReadF64(r);
	P->p = LearnReadU32(r);
	P->k = LearnReadU32(r);
	if (P->p != m->n_features || P->k != m->n_classes || P->k < 2)
		LearnReaderFail(r, "dimensions do not match the model");
	P->d = P->p + (P->intercept ? 1 : 0);
	P->D = (P->k - 1) * P->d;
	P->max_iter = LearnReadU32(r);
	P->tol = LearnReadF64(r);
	{
		uint8		flags = LearnReadU8(r);

		P->verbose = (flags & 1) != 0;
		P->gain_rule = (flags & 2) != 0;
	}
	P->status = LearnReadU8(r);
	if (P->status > LOGREG_MAX_ITER)
		LearnReaderFail(r, "bad status");
	P->separated = LearnReadU8(r) != 0;
	P->iterations = LearnReadU32(r);
	P->halvings = LearnReadU32(r);
	P->ll = LearnReadF64(r);
	P->ll_prev = LearnReadF64(r);
	P->null_ll = LearnReadF64(r);
	LearnReaderNeed(r, (size_t) 8 * (2 * P->k + 3 * (size_t) P->D));
	P->class_weight = palloc(sizeof(double) * P->k);
	P->class_count = palloc(sizeof(double) * P->k);
	P->beta = palloc(sizeof(double) * Max(P->D, 1));
	P->beta_prev = palloc(sizeof(double) * Max(P->D, 1));
	P->se = palloc(sizeof(double) * Max(P->D, 1));
	LearnReadF64Array(r, P->class_weight, P->k);
	LearnReadF64Array(r, P->class_count, P->k);
	LearnReadF64Array(r, P->beta, P->D);
	LearnReadF64Array(r, P->beta_prev, P->D);
	LearnReadF64Array(r, P->se, P->D);
	return P;
}

/* Class probabilities in the model's class order. */
static void
LogregProba(const void *params, const double *x, double *out)
{
	const LogregParams *P = params;
	double		eta[LEARN_MAX_CLASSES];

	Eta(P, x, eta);
	Softmax(eta, P->k, out);
}

/* Decision scores: the log-odds of the second class (binary), else eta per class. */
static void
LogregDecision(const void *params, const double *x, double *out)
{
	const LogregParams *P = params;
	double		eta[LEARN_MAX_CLASSES];

	Eta(P, x, eta);
	if (P->k == 2)
		out[0] = eta[1];
	else
		memcpy(out, eta, sizeof(double) * P->k);
}

static uint32
LogregNDecision(const void *params)
{
	const LogregParams *P = params;

	return P->k == 2 ? 1 : P->k;
}

/* Coefficient table: per non-reference class, intercept then features. */
static int
LogregCoefficients(const void *params, const LearnModel *m, LearnCoefficient **rows)
{
	const LogregParams *P = params;
	LearnCoefficient *c = palloc(sizeof(LearnCoefficient) * Max(P->D, 1));

	for (uint32 j = 1; j < P->k; j++)
		for (uint32 a = 0; a < P->d; a++)
		{
			uint32		i = (j - 1) * P->d + a;
			const char *term = (P->intercept && a == 0) ? "(intercept)"
				: m->feature_names[a - (P->intercept ? 1 : 0)];

			c[i].term = (P->k == 2) ? term : psprintf("%s:%s", m->class_names[j], term);
			c[i].estimate = P->beta[i];
			c[i].std_error = P->se[i];
			c[i].t_value = P->beta[i] / P->se[i];
			c[i].p_value = erfc(fabs(c[i].t_value) / M_SQRT2);
		}
	*rows = c;
	return (int) P->D;
}

/* JSON members: options, coefficients with odds ratios, fit statistics. */
static void
LogregDescribe(StringInfo json, const void *params, const LearnModel *m)
{
	const LogregParams *P = params;
	LearnCoefficient *rows;
	int			n = LogregCoefficients(params, m, &rows);
	static const char *const status[] = {"running", "converged", "max_iter"};

	LearnJsonKey(json, "intercept", true);
	appendStringInfoString(json, P->intercept ? "true" : "false");
	LearnJsonKey(json, "lambda", false);
	LearnJsonNumber(json, P->lambda);
	LearnJsonKey(json, "reference_class", false);
	escape_json(json, m->class_names[0]);
	LearnJsonKey(json, "coefficients", false);
	appendStringInfoChar(json, '[');
	for (int i = 0; i < n; i++)
	{
		appendStringInfoString(json, i ? ", {" : "{");
		LearnJsonKey(json, "term", true);
		escape_json(json, rows[i].term);
		LearnJsonKey(json, "estimate", false);
		LearnJsonNumber(json, rows[i].estimate);
		LearnJsonKey(json, "std_error", false);
		LearnJsonNumber(json, rows[i].std_error);
		LearnJsonKey(json, "z_value", false);
		LearnJsonNumber(json, rows[i].t_value);
		LearnJsonKey(json, "p_value", false);
		LearnJsonNumber(json, rows[i].p_value);
		LearnJsonKey(json, "odds_ratio", false);
		LearnJsonNumber(json, exp(rows[i].estimate));
		appendStringInfoChar(json, '}');
	}
	appendStringInfoChar(json, ']');
	LearnJsonKey(json, "class_weights", false);
	appendStringInfoChar(json, '[');
	for (uint32 c = 0; c < P->k; c++)
	{
		if (c)
			appendStringInfoString(json, ", ");
		LearnJsonNumber(json, P->class_weight[c]);
	}
	appendStringInfoChar(json, ']');
	LearnJsonKey(json, "status", false);
	escape_json(json, status[P->status]);
	LearnJsonKey(json, "separated", false);
	appendStringInfoString(json, P->separated ? "true" : "false");
	LearnJsonKey(json, "iterations", false);
	appendStringInfo(json, "%u", P->iterations);
	LearnJsonKey(json, "log_likelihood", false);
	LearnJsonNumber(json, P->ll);
	LearnJsonKey(json, "null_log_likelihood", false);
	LearnJsonNumber(json, P->null_ll);
	LearnJsonKey(json, "deviance", false);
	LearnJsonNumber(json, -2 * P->ll);
	LearnJsonKey(json, "null_deviance", false);
	LearnJsonNumber(json, -2 * P->null_ll);
	LearnJsonKey(json, "aic", false);
	LearnJsonNumber(json, -2 * P->ll + 2 * P->D);
}

/* Training metrics for learn.models.metrics. */
static void
LogregMetrics(StringInfo json, const void *params, const LearnModel *m)
{
	const LogregParams *P = params;

	LearnJsonKey(json, "log_likelihood", true);
	LearnJsonNumber(json, P->ll);
	LearnJsonKey(json, "deviance", false);
	LearnJsonNumber(json, -2 * P->ll);
	LearnJsonKey(json, "null_deviance", false);
	LearnJsonNumber(json, -2 * P->null_ll);
	LearnJsonKey(json, "aic", false);
	LearnJsonNumber(json, -2 * P->ll + 2 * P->D);
	LearnJsonKey(json, "pseudo_r2", false);
	LearnJsonNumber(json, 1 - P->ll / P->null_ll);
	LearnJsonKey(json, "iterations", false);
	appendStringInfo(json, "%u", P->iterations);
	LearnJsonKey(json, "converged", false);
	appendStringInfoString(json, P->status == LOGREG_CONVERGED ? "true" : "false");
	LearnJsonKey(json, "classes", false);
	appendStringInfo(json, "%u", m->n_classes);
}

/*
 * The warm start of a large streamed fit: a sample of about n / 64 rows
 * (at least 50,000 and 200 per coefficient, and at most a quarter of the
 * rows; LearnStreamStart.sample_classes), fitted in memory from its own nested
 * subsamples (LogregWarmStart), gives the coefficients the passes over all
 * rows start from; they then also stop on the predicted gain (as in memory),
 * which takes three passes instead of eight.  Nothing changes when the
 * sample does not converge cleanly.
 */
static void
LogregStreamWarmStart(LogregParams *P, const LearnStreamStart *ctx)
{
	double	   *rows;
	double	   *beta;
	int		   *identity;
	uint32		evaluations = 0;
	bool		tried;
	int64		m = LearnStreamWarmSample(ctx, Max(LOGREG_WARM_MIN_ROWS, 100 * (int64) P->D),
										  &rows, &identity);

	if (m == 0)
		return;
	(void) LogregWarmStart(P, ctx->opt, identity, rows, P->p + 1, m, &tried);
	beta = palloc(sizeof(double) * Max(P->D, 1));
	memcpy(beta, P->beta, sizeof(double) * P->D);
	if (LogregStageFit(P, ctx->opt, rows, P->p + 1, m, beta, &evaluations))
	{
		memcpy(P->beta, beta, sizeof(double) * P->D);
		P->gain_rule = true;
	}
	else
		memset(P->beta, 0, sizeof(double) * P->D);
	pfree(rows);
}

/* The model a streamed fit starts from: classes and weights set, coefficients warm or zero. */
static bytea *
LogregStreamStart(const LearnStreamStart *ctx)
{
	LearnModel	m = {0};
	LogregParams *P = LogregNew(ctx->p, ctx->n_classes, ctx->opt);
	LearnWriter params;

	LogregSetWeights(P, ctx->opt, ctx->class_names, ctx->class_counts);
	LogregStreamWarmStart(P, ctx);
	m.algorithm = LEARN_ALGO_LOGISTIC_REGRESSION;
	m.n_features = ctx->p;
	m.feature_names = ctx->feature_names;
	m.target_name = (char *) (ctx->target ? ctx->target : "y");
	m.label_kind = ctx->label_kind;
	m.n_classes = ctx->n_classes;
	m.class_names = ctx->class_names;
	m.feature_mean = palloc0(sizeof(double) * ctx->p);
	m.feature_sd = palloc0(sizeof(double) * ctx->p);
	LearnWriterInit(&params);
	LogregEncode(&params, P);
	return LearnModelEncode(&m, &params);
}

/* A streamed fit is finished once the model converged or ran out of iterations. */
static bool
LogregStreamFinished(const LearnModel *m)
{
	return ((const LogregParams *) m->decoded)->status != LOGREG_RUNNING;
}

const LearnAlgorithm learn_logistic_regression = {
	.id = LEARN_ALGO_LOGISTIC_REGRESSION,
	.name = "logistic_regression",
	.task = LEARN_TASK_CLASSIFICATION,
	.target = LEARN_TARGET_LABEL,
	.aggregate = "learn.logreg_fit",
	.max_features = LOGREG_MAX_FEATURES,
	.option_mask = LEARN_OPT_INTERCEPT | LEARN_OPT_LAMBDA | LEARN_OPT_MAX_ITER | LEARN_OPT_TOL |
	LEARN_OPT_CLASS_WEIGHT,
	.keeps_rows = true,
	.payload_len = LogregPayloadLen,
	.accumulate = LogregAccumulate,
	.combine = LogregCombine,
	.fit = LogregFit,
	.stream_start = LogregStreamStart,
	.step_aggregate = "learn.logreg_step",
	.stream_finished = LogregStreamFinished,
	.decode = LogregDecode,
	.proba = LogregProba,
	.decision = LogregDecision,
	.n_decision = LogregNDecision,
	.describe = LogregDescribe,
	.metrics = LogregMetrics,
	.coefficients = LogregCoefficients,
};
