/*
 * linear_svm.c: linear support vector machine, L2-regularised squared hinge
 * loss (the L2-loss SVM; scikit-learn's LinearSVC default, liblinear's
 * solver 2), solved in the primal by Newton's method.
 *
 * For one binary problem with labels y_i in {-1, +1} and z_i = (1, x_i)
 * (the constant first when there is an intercept), minimise
 *
 *   f(w) = 0.5 ||w||^2 + sum_i C_i max(0, 1 - y_i w'z_i)^2.
 *
 * The intercept is penalised like a weight: this is what liblinear does with
 * scikit-learn's intercept_scaling = 1 (a constant feature appended to x),
 * so the models agree with LinearSVC.  The squared hinge is differentiable
 * with a piecewise-constant generalised Hessian, so Newton's method applies
 * (Keerthi and DeCoste, "A modified finite Newton method for fast solution
 * of large scale linear SVMs", JMLR 6, 2005; Chapelle, "Training a support
 * vector machine in the primal", Neural Computation 19, 2007): over the
 * active set I = {i : y_i w'z_i < 1},
 *
 *   gradient  w - 2 sum_I C_i y_i (1 - y_i w'z_i) z_i
 *   Hessian   I + 2 sum_I C_i z_i z_i'
 *
 * and the step is w -= Hessian^-1 gradient.  The iteration has the shape of
 * logistic regression's (logreg.c), so the in-memory fit and the streaming
 * step aggregate (api/svm_step.c) follow the same sequence of coefficients:
 * evaluate at w; if the objective rose, halve the step back towards the
 * previous w (at most 30 times); stop when the relative change
 * |f - f_prev| / (|f| + 0.1) is below tol (default 1e-10) after a full
 * Newton step, or after max_iter evaluations (default 100).  Once the
 * active set is right the objective is quadratic and one step is exact, so
 * the fit usually ends within ten or twenty evaluations.
 *
 * Classes are in the model's order.  Two classes make one problem, the
 * second class positive (decision > 0 predicts it, as in scikit-learn);
 * k > 2 classes make k one-vs-rest problems, and the label is the class
 * with the largest decision score.  Class weights scale C as liblinear does
 * through scikit-learn: with two classes each row gets C times its class's
 * weight; one-vs-rest problem j gives its positive rows C times class j's
 * weight and every other row plain C.
 */
#include "postgres.h"

#include <math.h>

#include "algorithms/algorithm.h"
#include "algorithms/linear_svm.h"
#include "core/checksum.h"
#include "core/linalg.h"
#include "core/parallel.h"
#include "core/subsample.h"
#include "miscadmin.h"
#include "utils/json.h"

#define SVM_DEFAULT_C			1.0
#define SVM_DEFAULT_MAX_ITER	100
#define SVM_DEFAULT_TOL			1e-10
#define SVM_MAX_HALVINGS		30

/* float8 slots of the row store: rows x (label, x_1..x_p). */
static int64
SvmPayloadLen(uint32 n_features, uint32 n_classes, int64 rows_used)
{
	if (n_features == 0 || n_features > SVM_MAX_FEATURES || n_classes > LEARN_MAX_CLASSES ||
		rows_used < 0 || rows_used > ((int64) 1 << 40) / (n_features + 1))
		return -1;
	return rows_used * ((int64) n_features + 1);
}

/* Keep the row: the generic code has grown the payload by one row. */
static void
SvmAccumulate(LearnState *st, double y, const double *x)
{
	uint32		p = st->hdr->n_features;
	double	   *row = st->payload + (st->hdr->rows_used - 1) * (int64) (p + 1);

	row[0] = y;
	memcpy(row + 1, x, sizeof(double) * p);
}

/* Raise the error for a row whose class index is not one of the state's. */
static void
BadClassIndex(double c)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid pg_learn aggregate state"),
			 errdetail("A row has class index %g.", c)));
}

/* Append from's rows, relabelled into into's dictionary. */
static void
SvmCombine(LearnState *into, const LearnState *from, const int *class_map)
{
	uint32		w = into->hdr->n_features + 1;
	double	   *dst = into->payload + into->hdr->rows_used * (int64) w;

	memcpy(dst, from->payload, sizeof(double) * from->hdr->rows_used * w);
	for (int64 r = 0; r < from->hdr->rows_used; r++)
	{
		double	   *row = dst + r * w;

		if (!(row[0] >= 0 && row[0] < from->hdr->n_classes) || row[0] != floor(row[0]))
			BadClassIndex(row[0]);
		row[0] = class_map[(int) row[0]];
	}
}

/* Slots of one problem's sums: loss, active rows, gradient, packed Hessian. */
int64
SvmSumSlots(uint32 d)
{
	return 2 + (int64) d + (int64) d * (d + 1) / 2;
}

/*
 * Slots of a streaming step's payload for p features and k classes: the
 * sums of every problem, class counts, feature means and M2; -1 over the
 * limits.
 */
int64
SvmStepSlots(uint32 p, uint32 k)
{
	int64		sums;

	if (p == 0 || p > SVM_MAX_FEATURES || k < 2 || k > LEARN_MAX_CLASSES)
		return -1;
	/* with or without an intercept: size for p + 1 coefficients */
	sums = (k == 2 ? 1 : (int64) k) * SvmSumSlots(p + 1);
	if (sums > SVM_MAX_SUM_SLOTS)
		return -1;
	return sums + k + 2 * (int64) p;
}

/* Empty parameters for p features and k classes, options applied. */
SvmParams *
SvmNew(uint32 p, uint32 k, const LearnOptions *opt)
{
	SvmParams  *P = palloc0(sizeof(SvmParams));
	uint32		np = (k == 2) ? 1 : k;

	if (SvmStepSlots(p, k) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("linear_svm with %u classes and %u features is too large", k, p),
				 errdetail("One-vs-rest problems x (features + 1)^2 / 2 is limited to " INT64_FORMAT ".",
						   SVM_MAX_SUM_SLOTS)));
	P->intercept = opt->intercept;
	P->C = opt->C > 0 ? opt->C : SVM_DEFAULT_C;
	P->p = p;
	P->k = k;
	P->d = p + (opt->intercept ? 1 : 0);
	P->n_problems = np;
	P->max_iter = opt->max_iter > 0 ? (uint32) opt->max_iter : SVM_DEFAULT_MAX_ITER;
	P->tol = opt->tol > 0 ? opt->tol : SVM_DEFAULT_TOL;
	P->verbose = opt->verbose;
	P->class_weight = palloc(sizeof(double) * k);
	P->class_count = palloc0(sizeof(double) * k);
	for (uint32 c = 0; c < k; c++)
		P->class_weight[c] = 1.0;
	P->status = palloc0(np);
	P->halved = palloc0(np);
	P->iterations = palloc0(sizeof(uint32) * np);
	P->halvings = palloc0(sizeof(uint32) * np);
	P->objective = palloc(sizeof(double) * np);
	P->objective_prev = palloc(sizeof(double) * np);
	P->n_sv = palloc0(sizeof(double) * np);
	for (uint32 j = 0; j < np; j++)
	{
		P->objective[j] = NAN;
		P->objective_prev[j] = INFINITY;
	}
	P->w = palloc0(sizeof(double) * np * P->d);
	P->w_prev = palloc0(sizeof(double) * np * P->d);
	return P;
}

/* Class weights from the options and the class counts ("balanced": n / (k n_c)). */
void
SvmSetWeights(SvmParams *P, const LearnOptions *opt, char **class_names, const double *counts)
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

/* The sums of one problem viewed over a block of SvmSumSlots(d) doubles. */
void
SvmSumsView(const SvmParams *P, double *block, SvmSums *s)
{
	s->loss = block[0];
	s->n_active = block[1];
	s->g = block + 2;
	s->H = s->g + P->d;
}

/* The class whose rows are positive in problem j. */
static inline uint32
PositiveClass(const SvmParams *P, uint32 j)
{
	return P->n_problems == 1 ? 1 : j;
}

/* The class name a problem is reported under (NULL for a binary model). */
const char *
SvmProblemLabel(const SvmParams *P, uint32 j, char **class_names)
{
	return P->n_problems == 1 ? NULL : class_names[j];
}

/* w'z for problem j's coefficients. */
static inline double
Score(const SvmParams *P, uint32 j, const double *x)
{
	const double *w = P->w + (size_t) j * P->d;
	double		s = 0;
	uint32		a = 0;

	if (P->intercept)
		s = w[a++];
	for (uint32 i = 0; i < P->p; i++)
		s += w[a + i] * x[i];
	return s;
}

/*
 * Add one row (class y, features x) at problem j's current coefficients: its
 * squared hinge loss and, when the margin is violated, its share of the
 * gradient and generalised Hessian.  The caller keeps s->loss and
 * s->n_active (scalars) and writes them back to a block if it has one.
 */
void
SvmAddRow(const SvmParams *P, uint32 j, int y, const double *x, SvmSums *s)
{
	uint32		d = P->d;
	bool		positive = ((uint32) y == PositiveClass(P, j));
	double		c,
				m,
				cm;
	double		z[SVM_MAX_FEATURES + 1];
	int			idx = 0;

	if (P->n_problems == 1)
		c = P->C * P->class_weight[y];
	else
		c = positive ? P->C * P->class_weight[j] : P->C;
	m = 1.0 - (positive ? 1.0 : -1.0) * Score(P, j, x);
	if (!(m > 0))
		return;
	s->loss += c * m * m;
	s->n_active += 1;
	if (P->intercept)
	{
		z[0] = 1.0;
		memcpy(z + 1, x, sizeof(double) * P->p);
	}
	else
		memcpy(z, x, sizeof(double) * P->p);
	cm = (positive ? c : -c) * m;
	for (uint32 a = 0; a < d; a++)
		s->g[a] += cm * z[a];
	for (uint32 a = 0; a < d; a++)
	{
		double		cz = c * z[a];

		for (uint32 b = a; b < d; b++)
			s->H[idx++] += cz * z[b];
	}
}

/*
 * Newton step for problem j: w -= (I + 2 H)^-1 (w - 2 g).  Returns the
 * step's predicted decrease of the objective, G' (I + 2 H)^-1 G / 2 with
 * G = w - 2 g (exact when the margin's active rows stay the same).
 */
static double
NewtonStep(SvmParams *P, uint32 j, const SvmSums *s)
{
	uint32		d = P->d;
	double	   *w = P->w + (size_t) j * d;
	double	   *A = palloc(sizeof(double) * d * d);
	double	   *g = palloc(sizeof(double) * d);
	LearnSymSolve sol;
	int			idx = 0;
	double		gain = 0;

	for (uint32 a = 0; a < d; a++)
		for (uint32 b = a; b < d; b++)
			A[a + (size_t) b * d] = A[b + (size_t) a * d] = 2.0 * s->H[idx++] + (a == b ? 1.0 : 0.0);
	for (uint32 a = 0; a < d; a++)
		g[a] = w[a] - 2.0 * s->g[a];
	LearnSolveSymmetric(A, g, (int) d, false, &sol);
	memcpy(P->w_prev + (size_t) j * d, w, sizeof(double) * d);
	for (uint32 a = 0; a < d; a++)
	{
		gain += 0.5 * g[a] * sol.x[a];
		w[a] -= sol.x[a];
	}
	pfree(A);
	pfree(g);
	return gain;
}

/*
 * One iteration of problem j, given its sums at its current coefficients.
 * Returns true when the problem is finished (converged or out of
 * iterations); label names the problem in verbose notices ("class x").
 */
bool
SvmIterate(SvmParams *P, uint32 j, const SvmSums *s, const char *label)
{
	uint32		d = P->d;
	double	   *w = P->w + (size_t) j * d;
	double	   *wp = P->w_prev + (size_t) j * d;
	double		f = 0,
				fp = P->objective_prev[j];

	CHECK_FOR_INTERRUPTS();
	for (uint32 a = 0; a < d; a++)
		f += w[a] * w[a];
	f = 0.5 * f + s->loss;
	if (!isfinite(f))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("linear_svm: the objective overflows double precision"),
				 errhint("Scale the features (option \"scale\") or divide them by a constant.")));
	P->iterations[j]++;
	if (P->verbose)
		ereport(NOTICE,
				(errmsg("linear_svm%s%s: iteration %u, objective %.10g, change %.3g, %.0f rows in the margin",
						label ? ": " : "", label ? label : "", P->iterations[j], f,
						isfinite(fp) ? f - fp : NAN, s->n_active)));
	if (isfinite(fp) && f > fp + 1e-12 * fabs(fp) &&
		P->halvings[j] < SVM_MAX_HALVINGS && P->iterations[j] < P->max_iter)
	{
		for (uint32 a = 0; a < d; a++)
			w[a] = 0.5 * (w[a] + wp[a]);
		P->halvings[j]++;
		P->halved[j] = 1;
		return false;
	}
	P->halvings[j] = 0;
	P->objective[j] = f;
	P->n_sv[j] = s->n_active;
	/* only a full Newton step can end the fit: a halved one may just be short */
	if (isfinite(fp) && !P->halved[j] && fabs(f - fp) / (fabs(f) + 0.1) < P->tol)
	{
		P->status[j] = SVM_CONVERGED;
		return true;
	}
	if (P->iterations[j] >= P->max_iter)
	{
		P->status[j] = SVM_MAX_ITER;
		return true;
	}
	P->halved[j] = 0;
	P->objective_prev[j] = f;
	{
		double		gain = NewtonStep(P, j, s);

		/*
		 * After a warm start: when the step just taken is predicted to gain
		 * less than tol, the next evaluation could only confirm convergence;
		 * stop with the step taken (the objective and margin counts are
		 * those evaluated here, off by at most the gain).
		 */
		if (P->gain_rule && isfinite(fp) && isfinite(gain) && gain >= 0 &&
			gain / (fabs(f) + 0.1) < P->tol)
		{
			P->status[j] = SVM_CONVERGED;
			return true;
		}
	}
	return false;
}

/* Are all problems finished? */
bool
SvmFinished(const SvmParams *P)
{
	for (uint32 j = 0; j < P->n_problems; j++)
		if (P->status[j] == SVM_RUNNING)
			return false;
	return true;
}

/* Warn about problems that ran out of iterations. */
void
SvmFinish(SvmParams *P)
{
	uint32		n = 0,
				most = 0;

	for (uint32 j = 0; j < P->n_problems; j++)
		if (P->status[j] == SVM_MAX_ITER)
		{
			n++;
			most = Max(most, P->iterations[j]);
		}
	if (n > 0)
		ereport(WARNING,
				(errcode(ERRCODE_WARNING),
				 errmsg("linear_svm did not converge in %u iterations", most),
				 errdetail("%u of %u binary problems stopped at max_iter.", n, P->n_problems),
				 errhint("Raise max_iter, scale the features, or lower C.")));
}

/* One part of an evaluation over the kept rows (see SvmIterateRows). */
typedef struct SvmPart
{
	const SvmParams *P;
	uint32		j;
	const int  *y;
	const double *rows;
	int64		w;
	int64		m;
	double	  **blocks;			/* one sums block per part */
	SvmSums    *sums;			/* one per part, viewing its block */
	bool	   *stopped;		/* one per part: left early on an interrupt */
} SvmPart;

/*
 * Sums of part `part` of `parts` of the rows for problem j: pure
 * arithmetic, run on a thread of its own (core/parallel.h): no server call
 * in here.
 */
static void
SvmSumPart(void *arg, int part, int parts)
{
	SvmPart    *a = (SvmPart *) arg;
	SvmSums    *s = &a->sums[part];
	int64		lo = a->m * part / parts,
				hi = a->m * (part + 1) / parts;

	memset(a->blocks[part], 0, sizeof(double) * SvmSumSlots(a->P->d));
	SvmSumsView(a->P, a->blocks[part], s);
	a->stopped[part] = false;
	for (int64 i = lo; i < hi; i++)
	{
		/* an active row costs O(d^2): check often */
		if (((i - lo) & 0xff) == 0 && LearnParallelInterrupted())
		{
			a->stopped[part] = true;
			return;
		}
		SvmAddRow(a->P, a->j, a->y[i], a->rows + i * a->w + 1, s);
	}
}

/*
 * Iterate problem j of P to the end over the n kept rows (classes y,
 * features at rows + r * w + 1).  Each
 * evaluation is split over threads when there are enough rows
 * (core/parallel.h); the parts' sums are added in part order.
 */
static void
SvmIterateRows(SvmParams *P, uint32 j, const int *y, const double *rows, int64 w, int64 n,
			   double *block, const char *label)
{
	bool		done = false;
	SvmPart		a;
	int			parts;
	int64		slots = SvmSumSlots(P->d);

	parts = LearnParallelParts(n);
	a.P = P;
	a.j = j;
	a.y = y;
	a.rows = rows;
	a.w = w;
	a.m = n;
	a.blocks = palloc(sizeof(double *) * parts);
	a.sums = palloc(sizeof(SvmSums) * parts);
	a.stopped = palloc(sizeof(bool) * parts);
	a.blocks[0] = block;
	for (int i = 1; i < parts; i++)
		a.blocks[i] = palloc_extended(sizeof(double) * slots, MCXT_ALLOC_HUGE);
	while (!done)
	{
		bool		stopped = false;
		SvmSums		s;

		LearnParallelRun(SvmSumPart, &a, parts);
		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i < parts; i++)
			stopped |= a.stopped[i];
		if (stopped)
			continue;			/* an interrupt that was not an error: again */
		s = a.sums[0];
		for (int i = 1; i < parts; i++)
		{
			s.loss += a.sums[i].loss;
			s.n_active += a.sums[i].n_active;
			for (int64 t = 2; t < slots; t++)
				block[t] += a.blocks[i][t];
		}
		done = SvmIterate(P, j, &s, label);
	}
}

/*
 * Warm start for a large fit, as logistic regression's (logreg.c,
 * LogregWarmStart): fit on nested subsamples of about n / 4^j rows
 * (core/subsample.h), each stage from the previous one's coefficients, with
 * C scaled by n / m so that a subsample of m rows poses the full problem's
 * trade-off between the penalty and the loss.  The fit over all rows then
 * starts near its optimum, with the active set of the margin nearly right,
 * and the Newton steps finish it in two or three evaluations instead of six
 * or more.  A stage that does not converge abandons the warm start (the fit
 * over all rows starts from zero).  Sets P->w; returns whether a warm start
 * was tried.
 */
#define SVM_WARM_MIN_ROWS		25000

/*
 * One stage of a warm start: fit the m rows (model class, features) from
 * start (n_problems x d), C scaled by n_total / m; on convergence of every
 * problem leave the result in start and return true.
 */
static bool
SvmStageFit(const SvmParams *P, const LearnOptions *opt, const double *rows, int64 w, int64 m,
			double n_total, double *start, char **class_names)
{
	SvmParams  *S = SvmNew(P->p, P->k, opt);
	int		   *y = palloc_extended(sizeof(int) * Max(m, 1), MCXT_ALLOC_HUGE);
	double	   *block = palloc_extended(sizeof(double) * SvmSumSlots(P->d), MCXT_ALLOC_HUGE);

	for (int64 r = 0; r < m; r++)
		y[r] = (int) rows[r * w];	/* already the model's class */
	S->C = P->C * n_total / (double) m;
	S->gain_rule = true;
	S->verbose = P->verbose;
	memcpy(S->class_weight, P->class_weight, sizeof(double) * P->k);
	memcpy(S->w, start, sizeof(double) * P->n_problems * P->d);
	for (uint32 j = 0; j < P->n_problems; j++)
	{
		const char *cls = SvmProblemLabel(P, j, class_names);
		char	   *label = cls ? psprintf("class %s, warm start on " INT64_FORMAT " rows", cls, m)
			: psprintf("warm start on " INT64_FORMAT " rows", m);

		SvmIterateRows(S, j, y, rows, w, m, block, label);
		if (S->status[j] != SVM_CONVERGED)
		{
			if (P->verbose)
				ereport(NOTICE,
						(errmsg("linear_svm: no warm start (the fit on " INT64_FORMAT " rows did not converge); starting from zero",
								m)));
			return false;
		}
	}
	memcpy(start, S->w, sizeof(double) * P->n_problems * P->d);
	pfree(y);
	return true;
}

/*
 * Warm start for a large fit, as logistic regression's (logreg.c,
 * LogregWarmStart): fit on nested subsamples of about n / 4^j rows
 * (core/subsample.h), each stage from the previous one's coefficients, with
 * C scaled by n_total / m so that a subsample of m rows poses the full
 * problem's trade-off between the penalty and the loss.  The fit over all
 * rows then starts near its optimum, with the active set of the margin
 * nearly right, and the Newton steps finish it in two or three evaluations
 * instead of six or more.  A stage that does not converge abandons the warm
 * start.  Sets P->w (zero when abandoned); returns whether the stages
 * converged (false also when n is too small to try).
 */
static bool
SvmWarmStart(SvmParams *P, const LearnOptions *opt, const int *rank, const double *rows,
			 int64 w, int64 n, double n_total, char **class_names)
{
	int64		min_rows = Max(SVM_WARM_MIN_ROWS, 100 * (int64) P->d);
	double	   *stage_rows[LEARN_WARM_MAX_STAGES];
	int64		stage_n[LEARN_WARM_MAX_STAGES];
	int			stages = LearnWarmSubsamples(rows, w, n, rank, min_rows, stage_rows, stage_n);
	double	   *start = palloc0(sizeof(double) * P->n_problems * P->d);

	for (int st = 0; st < stages; st++)
	{
		if (stage_n[st] < min_rows / 2)
			continue;			/* an unlucky hash: too few rows to be worth it */
		if (!SvmStageFit(P, opt, stage_rows[st], w, stage_n[st], n_total, start, class_names))
			return false;
		pfree(stage_rows[st]);
	}
	memcpy(P->w, start, sizeof(double) * P->n_problems * P->d);
	return stages > 0;
}

/* Fit in memory over the kept rows: the problems one after the other. */
static void
SvmFit(const LearnState *st, const LearnOptions *opt, LearnModel *m, LearnWriter *params)
{
	uint32		p = st->hdr->n_features,
				k = m->n_classes,
				w = p + 1;
	int64		n = st->hdr->rows_used;
	SvmParams  *P = SvmNew(p, k, opt);
	int		   *rank = palloc(sizeof(int) * k);	/* state class -> model class */
	int		   *y = palloc_extended(sizeof(int) * Max(n, 1), MCXT_ALLOC_HUGE);
	double	   *block = palloc_extended(sizeof(double) * SvmSumSlots(P->d), MCXT_ALLOC_HUGE);

	for (uint32 c = 0; c < k; c++)
		rank[m->class_perm[c]] = (int) c;
	for (int64 r = 0; r < n; r++)
	{
		double		c = st->payload[r * w];

		if (!(c >= 0 && c < k) || c != floor(c))
			BadClassIndex(c);
		y[r] = rank[(int) c];
		P->class_count[y[r]] += 1;
	}
	SvmSetWeights(P, opt, m->class_names, P->class_count);
	(void) SvmWarmStart(P, opt, rank, st->payload, w, n, (double) n, m->class_names);
	P->gain_rule = n >> 2 >= Max(SVM_WARM_MIN_ROWS, 100 * (int64) P->d);	/* a warm start was tried */
	for (uint32 j = 0; j < P->n_problems; j++)
	{
		const char *cls = SvmProblemLabel(P, j, m->class_names);

		SvmIterateRows(P, j, y, st->payload, w, n, block, cls ? psprintf("class %s", cls) : NULL);
	}
	SvmFinish(P);

	m->feature_mean = palloc0(sizeof(double) * p);
	m->feature_sd = palloc0(sizeof(double) * p);
	LearnColumnMoments(st->payload + 1, w, n, p, m->feature_mean, m->feature_sd);
	SvmEncode(params, P);
}

/* Encode parameters (also used by the streaming step). */
void
SvmEncode(LearnWriter *w, const SvmParams *P)
{
	LearnWriteU8(w, P->intercept);
	LearnWriteF64(w, P->C);
	LearnWriteU32(w, P->p);
	LearnWriteU32(w, P->k);
	LearnWriteU32(w, P->max_iter);
	LearnWriteF64(w, P->tol);
	LearnWriteU8(w, (P->verbose ? 1 : 0) | (P->gain_rule ? 2 : 0));	/* bit 1: the gain rule */
	LearnWriteF64Array(w, P->class_weight, P->k);
	LearnWriteF64Array(w, P->class_count, P->k);
	for (uint32 j = 0; j < P->n_problems; j++)
	{
		LearnWriteU8(w, P->status[j]);
		LearnWriteU8(w, P->halved[j]);
		LearnWriteU32(w, P->iterations[j]);
		LearnWriteU32(w, P->halvings[j]);
		LearnWriteF64(w, P->objective[j]);
		LearnWriteF64(w, P->objective_prev[j]);
		LearnWriteF64(w, P->n_sv[j]);
		LearnWriteF64Array(w, P->w + (size_t) j * P->d, P->d);
		LearnWriteF64Array(w, P->w_prev + (size_t) j * P->d, P->d);
	}
}

/* Decode parameters; every field is checked against the model. */
static void *
SvmDecode(LearnReader *r, const LearnModel *m)
{
	SvmParams  *P = palloc0(sizeof(SvmParams));
	uint8		flag;
	uint32		np;

	flag = LearnReadU8(r);
	if (flag > 1)
		LearnReaderFail(r, "bad intercept flag");
	P->intercept = flag;
	P->C = LearnReadF64(r);
	if (!(P->C > 0) || isinf(P->C))
		LearnReaderFail(r, "bad C");
	P->p = LearnReadU32(r);
	P->k = LearnReadU32(r);
	if (P->p != m->n_features || P->k != m->n_classes || SvmStepSlots(P->p, P->k) < 0)
		LearnReaderFail(r, "dimensions do not match the model");
	P->d = P->p + (P->intercept ? 1 : 0);
	np = P->n_problems = (P->k == 2) ? 1 : P->k;
	P->max_iter = LearnReadU32(r);
	P->tol = LearnReadF64(r);
	{
		uint8		flags = LearnReadU8(r);

		P->verbose = (flags & 1) != 0;
		P->gain_rule = (flags & 2) != 0;
	}
	LearnReaderNeed(r, (size_t) 16 * P->k);
	P->class_weight = palloc(sizeof(double) * P->k);
	P->class_count = palloc(sizeof(double) * P->k);
	LearnReadF64Array(r, P->class_weight, P->k);
	LearnReadF64Array(r, P->class_count, P->k);
	LearnReaderNeed(r, (size_t) np * (34 + 16 * (size_t) P->d));
	P->status = palloc(np);
	P->halved = palloc(np);
	P->iterations = palloc(sizeof(uint32) * np);
	P->halvings = palloc(sizeof(uint32) * np);
	P->objective = palloc(sizeof(double) * np);
	P->objective_prev = palloc(sizeof(double) * np);
	P->n_sv = palloc(sizeof(double) * np);
	P->w = palloc(sizeof(double) * np * Max(P->d, 1));
	P->w_prev = palloc(sizeof(double) * np * Max(P->d, 1));
	for (uint32 j = 0; j < np; j++)
	{
		P->status[j] = LearnReadU8(r);
		if (P->status[j] > SVM_MAX_ITER)
			LearnReaderFail(r, "bad status");
		P->halved[j] = LearnReadU8(r);
		if (P->halved[j] > 1)
			LearnReaderFail(r, "bad halving flag");
		P->iterations[j] = LearnReadU32(r);
		P->halvings[j] = LearnReadU32(r);
		P->objective[j] = LearnReadF64(r);
		P->objective_prev[j] = LearnReadF64(r);
		P->n_sv[j] = LearnReadF64(r);
		LearnReadF64Array(r, P->w + (size_t) j * P->d, P->d);
		LearnReadF64Array(r, P->w_prev + (size_t) j * P->d, P->d);
	}
	return P;
}

/*
 * Per-class scores: the decision of each one-vs-rest problem, or (0, s) for
 * a binary model with decision s.
 */
static void
ClassScores(const SvmParams *P, const double *x, double *out)
{
	if (P->n_problems == 1)
	{
		out[0] = 0;
		out[1] = Score(P, 0, x);
		return;
	}
	for (uint32 j = 0; j < P->k; j++)
		out[j] = Score(P, j, x);
}

/*
 * learn.predict_proba: a softmax of the class scores (for two classes the
 * logistic function of the decision).  An SVM has no probabilities: these
 * are scores on the probability scale, not calibrated probabilities; their
 * largest is the predicted class, which is how the generic scoring code
 * derives labels.
 */
static void
SvmProba(const void *params, const double *x, double *out)
{
	const SvmParams *P = params;
	double		mx,
				sum = 0;

	ClassScores(P, x, out);
	mx = out[0];
	for (uint32 c = 1; c < P->k; c++)
		mx = Max(mx, out[c]);
	for (uint32 c = 0; c < P->k; c++)
	{
		out[c] = exp(out[c] - mx);
		sum += out[c];
	}
	for (uint32 c = 0; c < P->k; c++)
		out[c] /= sum;
}

/* Decision scores: w'z of the second class (binary), else one per class. */
static void
SvmDecision(const void *params, const double *x, double *out)
{
	const SvmParams *P = params;

	for (uint32 j = 0; j < P->n_problems; j++)
		out[j] = Score(P, j, x);
}

static uint32
SvmNDecision(const void *params)
{
	return ((const SvmParams *) params)->n_problems;
}

/* Coefficient table: per problem, intercept then features (no standard errors). */
static int
SvmCoefficients(const void *params, const LearnModel *m, LearnCoefficient **rows)
{
	const SvmParams *P = params;
	int			n = (int) (P->n_problems * P->d);
	LearnCoefficient *c = palloc(sizeof(LearnCoefficient) * Max(n, 1));

	for (uint32 j = 0; j < P->n_problems; j++)
		for (uint32 a = 0; a < P->d; a++)
		{
			uint32		i = j * P->d + a;
			const char *term = (P->intercept && a == 0) ? "(intercept)"
				: m->feature_names[a - (P->intercept ? 1 : 0)];

			c[i].term = (P->n_problems == 1) ? term : psprintf("%s:%s", m->class_names[j], term);
			c[i].estimate = P->w[i];
			c[i].std_error = NAN;
			c[i].t_value = NAN;
			c[i].p_value = NAN;
		}
	*rows = c;
	return n;
}

/* A JSON array of n numbers. */
static void
JsonNumbers(StringInfo json, const double *v, uint32 n)
{
	appendStringInfoChar(json, '[');
	for (uint32 i = 0; i < n; i++)
	{
		if (i)
			appendStringInfoString(json, ", ");
		LearnJsonNumber(json, v[i]);
	}
	appendStringInfoChar(json, ']');
}

/* Largest iteration count, summed objective and whether every problem converged. */
static void
Totals(const SvmParams *P, uint32 *iterations, double *objective, bool *converged)
{
	*iterations = 0;
	*objective = 0;
	*converged = true;
	for (uint32 j = 0; j < P->n_problems; j++)
	{
		*iterations = Max(*iterations, P->iterations[j]);
		*objective += P->objective[j];
		*converged &= P->status[j] == SVM_CONVERGED;
	}
}

/* One problem as a JSON object. */
static void
DescribeProblem(StringInfo json, const SvmParams *P, const LearnModel *m, uint32 j)
{
	static const char *const status[] = {"running", "converged", "max_iter"};
	const double *w = P->w + (size_t) j * P->d;

	appendStringInfoChar(json, '{');
	LearnJsonKey(json, "positive_class", true);
	escape_json(json, m->class_names[PositiveClass(P, j)]);
	LearnJsonKey(json, "intercept", false);
	if (P->intercept)
		LearnJsonNumber(json, w[0]);
	else
		appendStringInfoString(json, "null");
	LearnJsonKey(json, "weights", false);
	JsonNumbers(json, w + (P->intercept ? 1 : 0), P->p);
	LearnJsonKey(json, "objective", false);
	LearnJsonNumber(json, P->objective[j]);
	LearnJsonKey(json, "support_vectors", false);
	appendStringInfo(json, "%.0f", P->n_sv[j]);
	LearnJsonKey(json, "iterations", false);
	appendStringInfo(json, "%u", P->iterations[j]);
	LearnJsonKey(json, "status", false);
	escape_json(json, status[P->status[j]]);
	LearnJsonKey(json, "converged", false);
	appendStringInfoString(json, P->status[j] == SVM_CONVERGED ? "true" : "false");
	appendStringInfoChar(json, '}');
}

/* JSON members: options, classes, and per binary problem its weights and fit. */
static void
SvmDescribe(StringInfo json, const void *params, const LearnModel *m)
{
	const SvmParams *P = params;
	uint32		iterations;
	double		objective;
	bool		converged;

	Totals(P, &iterations, &objective, &converged);
	LearnJsonKey(json, "loss", true);
	escape_json(json, "squared_hinge");
	LearnJsonKey(json, "penalty", false);
	escape_json(json, "l2");
	LearnJsonKey(json, "C", false);
	LearnJsonNumber(json, P->C);
	LearnJsonKey(json, "intercept", false);
	appendStringInfoString(json, P->intercept ? "true" : "false");
	LearnJsonKey(json, "intercept_penalized", false);
	appendStringInfoString(json, P->intercept ? "true" : "false");
	LearnJsonKey(json, "multiclass", false);
	escape_json(json, P->n_problems == 1 ? "binary" : "one_vs_rest");
	LearnJsonKey(json, "classes", false);
	appendStringInfoChar(json, '[');
	for (uint32 c = 0; c < P->k; c++)
	{
		if (c)
			appendStringInfoString(json, ", ");
		escape_json(json, m->class_names[c]);
	}
	appendStringInfoChar(json, ']');
	LearnJsonKey(json, "class_counts", false);
	JsonNumbers(json, P->class_count, P->k);
	LearnJsonKey(json, "class_weights", false);
	JsonNumbers(json, P->class_weight, P->k);
	LearnJsonKey(json, "problems", false);
	appendStringInfoChar(json, '[');
	for (uint32 j = 0; j < P->n_problems; j++)
	{
		if (j)
			appendStringInfoString(json, ", ");
		DescribeProblem(json, P, m, j);
	}
	appendStringInfoChar(json, ']');
	LearnJsonKey(json, "objective", false);
	LearnJsonNumber(json, objective);
	LearnJsonKey(json, "iterations", false);
	appendStringInfo(json, "%u", iterations);
	LearnJsonKey(json, "converged", false);
	appendStringInfoString(json, converged ? "true" : "false");
	LearnJsonKey(json, "max_iter", false);
	appendStringInfo(json, "%u", P->max_iter);
	LearnJsonKey(json, "tol", false);
	LearnJsonNumber(json, P->tol);
}

/* Training metrics for learn.models.metrics. */
static void
SvmMetrics(StringInfo json, const void *params, const LearnModel *m)
{
	const SvmParams *P = params;
	uint32		iterations;
	double		objective,
				n_sv = 0;
	bool		converged;

	Totals(P, &iterations, &objective, &converged);
	for (uint32 j = 0; j < P->n_problems; j++)
		n_sv += P->n_sv[j];
	LearnJsonKey(json, "objective", true);
	LearnJsonNumber(json, objective);
	LearnJsonKey(json, "iterations", false);
	appendStringInfo(json, "%u", iterations);
	LearnJsonKey(json, "converged", false);
	appendStringInfoString(json, converged ? "true" : "false");
	LearnJsonKey(json, "support_vectors", false);
	appendStringInfo(json, "%.0f", n_sv);
	LearnJsonKey(json, "classes", false);
	appendStringInfo(json, "%u", m->n_classes);
}

/*
 * The warm start of a large streamed fit, as logistic regression's
 * (logreg.c, LogregStreamWarmStart): a sample of about n / 64 rows (at least
 * 50,000 and 200 per coefficient, at most a quarter of the rows) fitted in
 * memory with C scaled by n / m, from its own nested subsamples; the passes
 * over all rows start from its coefficients and also stop on the predicted
 * gain.  Nothing changes when the sample does not converge.
 */
static void
SvmStreamWarmStart(SvmParams *P, const LearnStreamStart *ctx)
{
	double	   *rows;
	double	   *start;
	int		   *identity;
	int64		m = LearnStreamWarmSample(ctx, Max(SVM_WARM_MIN_ROWS, 100 * (int64) P->d), &rows, &identity);

	if (m == 0)
		return;
	(void) SvmWarmStart(P, ctx->opt, identity, rows, P->p + 1, m, (double) ctx->n_rows, ctx->class_names);
	start = palloc(sizeof(double) * P->n_problems * P->d);
	memcpy(start, P->w, sizeof(double) * P->n_problems * P->d);
	if (SvmStageFit(P, ctx->opt, rows, P->p + 1, m, (double) ctx->n_rows, start, ctx->class_names))
	{
		memcpy(P->w, start, sizeof(double) * P->n_problems * P->d);
		P->gain_rule = true;
	}
	else
		memset(P->w, 0, sizeof(double) * P->n_problems * P->d);
	pfree(rows);
}

/* The model a streamed fit starts from: coefficients zero, classes and weights set. */
static bytea *
SvmStreamStart(const LearnStreamStart *ctx)
{
	LearnModel	m = {0};
	SvmParams  *P = SvmNew(ctx->p, ctx->n_classes, ctx->opt);
	LearnWriter params;

	SvmSetWeights(P, ctx->opt, ctx->class_names, ctx->class_counts);
	memcpy(P->class_count, ctx->class_counts, sizeof(double) * ctx->n_classes);
	SvmStreamWarmStart(P, ctx);
	m.algorithm = LEARN_ALGO_LINEAR_SVM;
	m.n_features = ctx->p;
	m.feature_names = ctx->feature_names;
	m.target_name = (char *) (ctx->target ? ctx->target : "y");
	m.label_kind = ctx->label_kind;
	m.n_classes = ctx->n_classes;
	m.class_names = ctx->class_names;
	m.feature_mean = palloc0(sizeof(double) * ctx->p);
	m.feature_sd = palloc0(sizeof(double) * ctx->p);
	LearnWriterInit(&params);
	SvmEncode(&params, P);
	return LearnModelEncode(&m, &params);
}

/* A streamed fit is finished once every problem converged or ran out of iterations. */
static bool
SvmStreamFinished(const LearnModel *m)
{
	return SvmFinished((const SvmParams *) m->decoded);
}

const LearnAlgorithm learn_linear_svm = {
	.id = LEARN_ALGO_LINEAR_SVM,
	.name = "linear_svm",
	.task = LEARN_TASK_CLASSIFICATION,
	.target = LEARN_TARGET_LABEL,
	.aggregate = "learn.svm_fit",
	.max_features = SVM_MAX_FEATURES,
	.option_mask = LEARN_OPT_INTERCEPT | LEARN_OPT_C | LEARN_OPT_MAX_ITER | LEARN_OPT_TOL |
	LEARN_OPT_CLASS_WEIGHT,
	.keeps_rows = true,
	.payload_len = SvmPayloadLen,
	.accumulate = SvmAccumulate,
	.combine = SvmCombine,
	.fit = SvmFit,
	.stream_start = SvmStreamStart,
	.step_aggregate = "learn.svm_step",
	.stream_finished = SvmStreamFinished,
	.decode = SvmDecode,
	.proba = SvmProba,
	.decision = SvmDecision,
	.n_decision = SvmNDecision,
	.describe = SvmDescribe,
	.metrics = SvmMetrics,
	.coefficients = SvmCoefficients,
};
