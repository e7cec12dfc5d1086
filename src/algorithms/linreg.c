/*
 * linreg.c: linear regression by least squares, optionally ridge-penalised.
 *
 * Training state: the mean vector and the packed upper triangle of the
 * co-moment matrix C = sum (z - mean)(z - mean)' of z = (x_1..x_p, y),
 * updated per row with Welford's algorithm (core/comoments.c: Welford 1962; in the
 * multivariate form of Bennett et al., "Numerically stable, single-pass,
 * parallel statistics algorithms", 2009) and merged across partial states
 * with Chan, Golub and LeVeque's pairwise formula (1979).  Centered
 * co-moments keep full precision where raw sums of squares cancel (large
 * means, millions of rows).  The values are also shifted by the first row
 * seen (the classic shifted-data trick, Chan, Golub and LeVeque 1983), so the
 * running mean stays near zero and does not round away low-order digits of
 * features that sit far from 0 (an offset of 1e6 cost six digits of the
 * intercept without it).
 *
 * Fit: with an intercept the slopes solve Cxx b = Cxy (the centered normal
 * equations; ridge adds lambda to the diagonal, which is scikit-learn's
 * Ridge); without one, the raw Gram matrix Cxx + n m m' is used.  Inference
 * follows R's lm and summary.lm: sigma^2 = RSS / (n - rank - intercept), standard errors
 * from sigma^2 (X'X)^-1, two-sided t tests, the overall F test, R^2 and
 * adjusted R^2 (uncentered total sum of squares without an intercept).
 * A constant feature (zero centered variance; an all-zero one without an
 * intercept) is left out of the fit with coefficient 0 and no inference, as
 * R's lm does with aliased terms; the others keep their statistics.  Any
 * remaining collinearity gives the minimum-norm solution without inference.
 */
#include "postgres.h"

#include <math.h>

#include "algorithms/algorithm.h"
#include "core/comoments.h"
#include "core/distributions.h"
#include "core/linalg.h"
#include "utils/json.h"

#define LINREG_MAX_FEATURES		2000
#define LINREG_MAX_WARN_NAMES	10

typedef struct LinregParams
{
	bool		intercept;
	double		lambda;
	uint32		p;
	uint32		rank;			/* rank of the feature matrix (without intercept) */
	double		b0;				/* intercept, 0 without */
	double	   *coef;			/* p slopes */
	bool		has_inference;
	double	   *se;				/* p + 1: index 0 is the intercept */
	double	   *tval;
	double	   *pval;
	double		r2,
				adj_r2,
				sigma,
				rss,
				tss,
				df_residual,
				fstat,
				f_df1,
				f_df2,
				f_pvalue,
				condition;
} LinregParams;

/*
 * float8 slots of the state, d = p + 1: shift[d] (the first row), mean[d] of
 * the shifted values, and the packed co-moments C[d(d+1)/2].
 */
static int64
LinregPayloadLen(uint32 n_features, uint32 n_classes pg_attribute_unused(),
				 int64 rows_used pg_attribute_unused())
{
	int64		d = (int64) n_features + 1;

	if (n_features == 0 || n_features > LINREG_MAX_FEATURES)
		return -1;
	return 2 * d + d * (d + 1) / 2;
}

/* Welford update of mean and co-moments with one row (core/comoments.c). */
static void
LinregAccumulate(LearnState *st, double y, const double *x)
{
	LearnComomentsAdd(st->payload, (double) st->hdr->rows_used, x, (int) st->hdr->n_features, &y);
}

/* Chan-Golub-LeVeque merge; into's rows_used is still its own count. */
static void
LinregCombine(LearnState *into, const LearnState *from, const int *class_map pg_attribute_unused())
{
	LearnComomentsMerge(into->payload, (double) into->hdr->rows_used, from->payload,
						(double) from->hdr->rows_used, (int) into->hdr->n_features + 1);
}

/* Warn about collinear features found by the solver (keep maps to feature indices). */
static void
WarnCollinear(const LearnSymSolve *sol, const LearnModel *m, const int *keep)
{
	StringInfoData names;
	int			listed = 0;

	if (sol->rank >= sol->p)
		return;
	initStringInfo(&names);
	for (int j = 0; j < sol->p && listed < LINREG_MAX_WARN_NAMES; j++)
	{
		bool		involved = false;

		for (int k = 0; k < sol->n_null; k++)
			if (fabs(sol->null_vectors[j + (size_t) k * sol->p]) >= 0.1)
				involved = true;
		if (involved)
			appendStringInfo(&names, "%s\"%s\"", listed++ ? ", " : "", m->feature_names[keep[j]]);
	}
	ereport(WARNING,
			(errcode(ERRCODE_WARNING),
			 errmsg("features %s are collinear: the feature matrix has rank %d of %d",
					names.data, sol->rank, sol->p),
			 errdetail("The minimum-norm solution (in unit-variance feature scale) is reported; "
					   "standard errors, t values and p values are omitted.")));
}

/* Compute R^2, the F test and coefficient inference from the solved system. */
static void
LinregInference(LinregParams *P, const LearnSymSolve *sol, const int *keep, const double *xmean,
				double n, double rss, double tss)
{
	int			q = sol->p;
	double		df_int = P->intercept ? 1.0 : 0.0;
	double		rdf = n - (P->rank + df_int);
	int			p = (int) P->p;

	P->rss = rss;
	P->tss = tss;
	P->df_residual = rdf;
	P->r2 = (tss > 0) ? 1.0 - rss / tss : NAN;
	P->adj_r2 = (rdf > 0) ? 1.0 - (1.0 - P->r2) * ((n - df_int) / rdf) : NAN;
	P->sigma = (rdf > 0) ? sqrt(rss / rdf) : NAN;
	P->f_df1 = P->rank;
	P->f_df2 = rdf;
	P->fstat = P->f_pvalue = NAN;
	if (rdf > 0 && P->rank > 0 && P->lambda == 0)
	{
		P->fstat = ((tss - rss) / P->rank) / (rss / rdf);
		P->f_pvalue = LearnFUpperTail(P->fstat, P->rank, rdf);
	}

	P->se = palloc(sizeof(double) * (p + 1));
	P->tval = palloc(sizeof(double) * (p + 1));
	P->pval = palloc(sizeof(double) * (p + 1));
	for (int j = 0; j <= p; j++)
		P->se[j] = P->tval[j] = P->pval[j] = NAN;
	P->has_inference = (P->lambda == 0 && sol->rank == q && rdf > 0);
	if (!P->has_inference)
		return;
	for (int i = 0; i < q; i++)
		P->se[keep[i] + 1] = sqrt(P->sigma * P->sigma * sol->inverse[i + (size_t) i * q]);
	if (P->intercept)
	{
		/* Var(b0) = sigma^2 (1/n + m' inv m), over the kept features */
		double		quad = 0;

		for (int i = 0; i < q; i++)
			for (int j = 0; j < q; j++)
				quad += xmean[keep[i]] * sol->inverse[i + (size_t) j * q] * xmean[keep[j]];
		P->se[0] = P->sigma * sqrt(1.0 / n + quad);
	}
	for (int j = 0; j <= p; j++)
	{
		double		est = (j == 0) ? P->b0 : P->coef[j - 1];

		if ((j == 0 && !P->intercept) || isnan(P->se[j]))
			continue;
		P->tval[j] = est / P->se[j];
		P->pval[j] = LearnStudentT2Sided(P->tval[j], rdf);
	}
}

/* Encode the parameters. */
static void
LinregEncode(LearnWriter *w, const LinregParams *P)
{
	LearnWriteU8(w, P->intercept);
	LearnWriteF64(w, P->lambda);
	LearnWriteU32(w, P->p);
	LearnWriteU32(w, P->rank);
	LearnWriteF64(w, P->b0);
	LearnWriteF64Array(w, P->coef, P->p);
	LearnWriteU8(w, P->has_inference);
	LearnWriteF64Array(w, P->se, P->p + 1);
	LearnWriteF64Array(w, P->tval, P->p + 1);
	LearnWriteF64Array(w, P->pval, P->p + 1);
	LearnWriteF64(w, P->r2);
	LearnWriteF64(w, P->adj_r2);
	LearnWriteF64(w, P->sigma);
	LearnWriteF64(w, P->rss);
	LearnWriteF64(w, P->tss);
	LearnWriteF64(w, P->df_residual);
	LearnWriteF64(w, P->fstat);
	LearnWriteF64(w, P->f_df1);
	LearnWriteF64(w, P->f_df2);
	LearnWriteF64(w, P->f_pvalue);
	LearnWriteF64(w, P->condition);
}

/* Warn that feature j is constant and left out. */
static void
WarnConstant(const LearnModel *m, int j, bool intercept)
{
	ereport(WARNING,
			(errcode(ERRCODE_WARNING),
			 errmsg("feature \"%s\" is %s; it is left out of the fit with coefficient 0",
					m->feature_names[j], intercept ? "constant" : "always zero"),
			 errdetail("Its standard error, t value and p value are omitted; the other features keep theirs.")));
}

/* Fit from the co-moments: solve, then inference; see the file header. */
static void
LinregFit(const LearnState *st, const LearnOptions *opt, LearnModel *m, LearnWriter *params)
{
	int			p = (int) st->hdr->n_features;
	int			d = p + 1;
	double		n = (double) st->hdr->rows_used;
	const double *shift = st->payload;
	const double *C = shift + 2 * d;
	double	   *mean = palloc(sizeof(double) * d);
	double	   *G = palloc(sizeof(double) * p * p);	/* unpenalised Gram matrix */
	double	   *g = palloc(sizeof(double) * p);	/* X'y */
	int		   *keep = palloc(sizeof(int) * p);
	double	   *A,
			   *b;
	int			q = 0;
	double		yy,
				rss;
	LinregParams P = {0};
	LearnSymSolve sol;

	for (int i = 0; i < d; i++)
		mean[i] = shift[i] + shift[d + i];
	for (int i = 0; i < p; i++)
	{
		for (int j = 0; j < p; j++)
			G[i + j * p] = C[LearnPackedIndex(Min(i, j), Max(i, j), d)] +
				(opt->intercept ? 0 : n * mean[i] * mean[j]);
		g[i] = C[LearnPackedIndex(i, p, d)] + (opt->intercept ? 0 : n * mean[i] * mean[p]);
	}
	yy = C[LearnPackedIndex(p, p, d)] + (opt->intercept ? 0 : n * mean[p] * mean[p]);

	/* leave constant features out; solve the system of the others */
	for (int j = 0; j < p; j++)
	{
		if (G[j + j * p] > 0)
			keep[q++] = j;
		else
			WarnConstant(m, j, opt->intercept);
	}
	A = palloc(sizeof(double) * Max(q, 1) * Max(q, 1));
	b = palloc(sizeof(double) * Max(q, 1));
	for (int i = 0; i < q; i++)
	{
		for (int j = 0; j < q; j++)
			A[i + j * q] = G[keep[i] + keep[j] * p];
		A[i + i * q] += opt->lambda;
		b[i] = g[keep[i]];
	}

	P.intercept = opt->intercept;
	P.lambda = opt->lambda;
	P.p = p;
	P.coef = palloc0(sizeof(double) * p);
	if (q > 0)
	{
		LearnSolveSymmetric(A, b, q, true, &sol);
		WarnCollinear(&sol, m, keep);
		for (int i = 0; i < q; i++)
			P.coef[keep[i]] = sol.x[i];
		P.rank = sol.rank;
		P.condition = sol.condition;
	}
	else
	{
		memset(&sol, 0, sizeof(sol));
		P.rank = 0;
		P.condition = NAN;
	}
	P.b0 = 0;
	if (opt->intercept)
	{
		P.b0 = mean[p];
		for (int j = 0; j < p; j++)
			P.b0 -= P.coef[j] * mean[j];
	}
	/* RSS = yy - 2 c'g + c' G c, exact for any c (ridge, pseudo-inverse) */
	rss = yy;
	for (int i = 0; i < p; i++)
	{
		double		gc = 0;

		for (int j = 0; j < p; j++)
			gc += G[i + j * p] * P.coef[j];
		rss += P.coef[i] * (gc - 2.0 * g[i]);
	}
	LinregInference(&P, &sol, keep, mean, n, Max(rss, 0.0), yy);

	m->feature_mean = palloc(sizeof(double) * p);
	m->feature_sd = palloc(sizeof(double) * p);
	for (int j = 0; j < p; j++)
	{
		m->feature_mean[j] = mean[j];
		m->feature_sd[j] = (n > 1) ? sqrt(C[LearnPackedIndex(j, j, d)] / (n - 1)) : 0.0;
	}
	LinregEncode(params, &P);
}

/* Decode parameters; every field is checked against the model. */
static void *
LinregDecode(LearnReader *r, const LearnModel *m)
{
	LinregParams *P = palloc0(sizeof(LinregParams));
	uint8		flag;

	flag = LearnReadU8(r);
	if (flag > 1)
		LearnReaderFail(r, "bad intercept flag");
	P->intercept = flag;
	P->lambda = LearnReadF64(r);
	P->p = LearnReadU32(r);
	if (P->p != m->n_features)
		LearnReaderFail(r, "coefficient count does not match the features");
	P->rank = LearnReadU32(r);
	if (P->rank > P->p)
		LearnReaderFail(r, "rank exceeds the number of features");
	P->b0 = LearnReadF64(r);
	P->coef = palloc(sizeof(double) * P->p);
	LearnReadF64Array(r, P->coef, P->p);
	flag = LearnReadU8(r);
	if (flag > 1)
		LearnReaderFail(r, "bad inference flag");
	P->has_inference = flag;
	P->se = palloc(sizeof(double) * (P->p + 1));
	P->tval = palloc(sizeof(double) * (P->p + 1));
	P->pval = palloc(sizeof(double) * (P->p + 1));
	LearnReadF64Array(r, P->se, P->p + 1);
	LearnReadF64Array(r, P->tval, P->p + 1);
	LearnReadF64Array(r, P->pval, P->p + 1);
	P->r2 = LearnReadF64(r);
	P->adj_r2 = LearnReadF64(r);
	P->sigma = LearnReadF64(r);
	P->rss = LearnReadF64(r);
	P->tss = LearnReadF64(r);
	P->df_residual = LearnReadF64(r);
	P->fstat = LearnReadF64(r);
	P->f_df1 = LearnReadF64(r);
	P->f_df2 = LearnReadF64(r);
	P->f_pvalue = LearnReadF64(r);
	P->condition = LearnReadF64(r);
	return P;
}

/* b0 + c'x */
static double
LinregPredict(const void *params, const double *x)
{
	const LinregParams *P = params;
	double		s = P->b0;

	for (uint32 j = 0; j < P->p; j++)
		s += P->coef[j] * x[j];
	return s;
}

/* Coefficient table rows, intercept first. */
static int
LinregCoefficients(const void *params, const LearnModel *m, LearnCoefficient **rows)
{
	const LinregParams *P = params;
	int			n = 0;
	LearnCoefficient *c = palloc(sizeof(LearnCoefficient) * (P->p + 1));

	for (uint32 j = 0; j <= P->p; j++)
	{
		if (j == 0 && !P->intercept)
			continue;
		c[n].term = (j == 0) ? "(intercept)" : m->feature_names[j - 1];
		c[n].estimate = (j == 0) ? P->b0 : P->coef[j - 1];
		c[n].std_error = P->se[j];
		c[n].t_value = P->tval[j];
		c[n].p_value = P->pval[j];
		n++;
	}
	*rows = c;
	return n;
}

/* JSON members: options, coefficient table and fit statistics. */
static void
LinregDescribe(StringInfo json, const void *params, const LearnModel *m)
{
	const LinregParams *P = params;
	LearnCoefficient *rows;
	int			n = LinregCoefficients(params, m, &rows);

	LearnJsonKey(json, "intercept", true);
	appendStringInfoString(json, P->intercept ? "true" : "false");
	LearnJsonKey(json, "lambda", false);
	LearnJsonNumber(json, P->lambda);
	LearnJsonKey(json, "rank", false);
	appendStringInfo(json, "%u", P->rank);
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
		LearnJsonKey(json, "t_value", false);
		LearnJsonNumber(json, rows[i].t_value);
		LearnJsonKey(json, "p_value", false);
		LearnJsonNumber(json, rows[i].p_value);
		appendStringInfoChar(json, '}');
	}
	appendStringInfoChar(json, ']');
#define NUM(key, v) do { LearnJsonKey(json, key, false); LearnJsonNumber(json, v); } while (0)
	NUM("r2", P->r2);
	NUM("adj_r2", P->adj_r2);
	NUM("sigma", P->sigma);
	NUM("df_residual", P->df_residual);
	NUM("f_statistic", P->fstat);
	NUM("f_df1", P->f_df1);
	NUM("f_df2", P->f_df2);
	NUM("f_p_value", P->f_pvalue);
	NUM("rss", P->rss);
	NUM("tss", P->tss);
	NUM("condition_number", P->condition);
}

/* Training metrics for learn.models.metrics. */
static void
LinregMetrics(StringInfo json, const void *params, const LearnModel *m)
{
	const LinregParams *P = params;
	double		n = (double) m->rows_used;

	LearnJsonKey(json, "r2", true);
	LearnJsonNumber(json, P->r2);
	NUM("adj_r2", P->adj_r2);
	NUM("rmse", sqrt(P->rss / n));
	NUM("sigma", P->sigma);
	NUM("f_statistic", P->fstat);
	NUM("f_p_value", P->f_pvalue);
	NUM("condition_number", P->condition);
	NUM("rank", (double) P->rank);
#undef NUM
}

const LearnAlgorithm learn_linear_regression = {
	.id = LEARN_ALGO_LINEAR_REGRESSION,
	.name = "linear_regression",
	.task = LEARN_TASK_REGRESSION,
	.target = LEARN_TARGET_NUMBER,
	.aggregate = "learn.linreg_fit",
	.max_features = LINREG_MAX_FEATURES,
	.option_mask = LEARN_OPT_INTERCEPT | LEARN_OPT_LAMBDA,
	.payload_len = LinregPayloadLen,
	.accumulate = LinregAccumulate,
	.combine = LinregCombine,
	.fit = LinregFit,
	.decode = LinregDecode,
	.predict = LinregPredict,
	.describe = LinregDescribe,
	.metrics = LinregMetrics,
	.coefficients = LinregCoefficients,
};
