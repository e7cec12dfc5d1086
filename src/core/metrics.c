/*
 * metrics.c: evaluation metric kernels, after scikit-learn 1.2's
 * sklearn.metrics (the reference check test/reference/check_metrics.sh
 * compares every one of them with it).
 *
 * Confusion matrices are dense k x k arrays cm[actual * k + predicted] in
 * class order; undefined ratios follow sklearn's zero_division="warn"
 * behaviour (the ratio is 0).
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "core/metrics.h"
#include "miscadmin.h"

/*
 * Slot of the confusion cell (actual, predicted) in the shell layout: the
 * cells with max(actual, predicted) = s occupy slots s^2 .. (s+1)^2 - 1, so
 * a matrix for k classes is a prefix of the one for k + 1 and a new class
 * only appends zeroed slots.
 */
uint32
LearnConfusionSlot(uint32 actual, uint32 predicted)
{
	uint32		s = Max(actual, predicted);

	if (actual == s)
		return s * s + predicted;	/* row s, columns 0..s */
	return s * s + s + 1 + actual;	/* column s, rows 0..s-1 */
}

/* Row (actual) and column (predicted) totals of a confusion matrix. */
static void
Margins(const double *cm, uint32 k, double *rows, double *cols)
{
	for (uint32 i = 0; i < k; i++)
		rows[i] = cols[i] = 0;
	for (uint32 i = 0; i < k; i++)
		for (uint32 j = 0; j < k; j++)
		{
			rows[i] += cm[i * k + j];
			cols[j] += cm[i * k + j];
		}
}

/* accuracy_score: the fraction of rows on the diagonal. */
double
LearnAccuracy(const double *cm, uint32 k)
{
	double		right = 0,
				n = 0;

	for (uint32 i = 0; i < k; i++)
		for (uint32 j = 0; j < k; j++)
		{
			n += cm[i * k + j];
			if (i == j)
				right += cm[i * k + j];
		}
	return right / n;
}

/*
 * balanced_accuracy_score (adjusted=False): the mean recall over the classes
 * that occur as actual labels (a class only ever predicted has no recall and
 * is left out, as sklearn does after its warning).
 */
double
LearnBalancedAccuracy(const double *cm, uint32 k)
{
	double	   *rows = palloc(sizeof(double) * k * 2);
	double		sum = 0;
	int			used = 0;

	Margins(cm, k, rows, rows + k);
	for (uint32 i = 0; i < k; i++)
		if (rows[i] > 0)
		{
			sum += cm[i * k + i] / rows[i];
			used++;
		}
	pfree(rows);
	return sum / used;
}

/* num / den, or 0 when den is 0 (sklearn's zero_division="warn"). */
static double
Ratio(double num, double den)
{
	return den == 0 ? 0.0 : num / den;
}

/* F-beta with beta = 1 from precision and recall, as sklearn 1.2 forms it. */
static double
F1(double p, double r)
{
	double		den = p + r;

	return (den == 0 ? 0.0 : 2 * p * r / den);
}

/* One class's precision, recall or F1. */
static double
ClassPrf(LearnPrfWhat what, double tp, double pred, double actual)
{
	double		p = Ratio(tp, pred),
				r = Ratio(tp, actual);

	return what == LEARN_PRF_PRECISION ? p : what == LEARN_PRF_RECALL ? r : F1(p, r);
}

/*
 * precision_score, recall_score, f1_score with average = binary (class pos
 * only), macro (unweighted mean over every class seen as actual or
 * predicted), micro (from the global counts) or weighted (by support).
 */
double
LearnPrf(const double *cm, uint32 k, LearnPrfWhat what, LearnAverage avg, int pos)
{
	double	   *rows = palloc(sizeof(double) * k * 2);
	double	   *cols = rows + k;
	double		result = 0,
				wsum = 0,
				tp_all = 0,
				n = 0;

	Margins(cm, k, rows, cols);
	for (uint32 i = 0; i < k; i++)
	{
		double		v = ClassPrf(what, cm[i * k + i], cols[i], rows[i]);

		tp_all += cm[i * k + i];
		n += rows[i];
		if (avg == LEARN_AVG_BINARY && (int) i == pos)
			result = v;
		else if (avg == LEARN_AVG_MACRO)
			result += v / k;
		else if (avg == LEARN_AVG_WEIGHTED)
		{
			result += v * rows[i];
			wsum += rows[i];
		}
	}
	if (avg == LEARN_AVG_WEIGHTED)
		result = Ratio(result, wsum);
	else if (avg == LEARN_AVG_MICRO)
		result = ClassPrf(what, tp_all, n, n);
	pfree(rows);
	return result;
}

/*
 * matthews_corrcoef, multiclass form (Gorodkin 2004, as sklearn computes
 * it): cov(y, yhat) / sqrt(cov(y, y) cov(yhat, yhat)) from the confusion
 * matrix; 0 when either variance is 0.
 */
double
LearnMcc(const double *cm, uint32 k)
{
	double	   *t = palloc(sizeof(double) * k * 2);
	double	   *p = t + k;
	double		correct = 0,
				n = 0,
				tp = 0,
				pp = 0,
				tt = 0,
				cov_ytyp,
				cov_ypyp,
				cov_ytyt;

	Margins(cm, k, t, p);
	for (uint32 i = 0; i < k; i++)
	{
		correct += cm[i * k + i];
		n += p[i];
		tp += t[i] * p[i];
		pp += p[i] * p[i];
		tt += t[i] * t[i];
	}
	pfree(t);
	cov_ytyp = correct * n - tp;
	cov_ypyp = n * n - pp;
	cov_ytyt = n * n - tt;
	if (cov_ypyp * cov_ytyt == 0)
		return 0.0;
	return cov_ytyp / sqrt(cov_ytyt * cov_ypyp);
}

/*
 * Add one (actual, predicted) pair to the moments; n_before rows are in
 * already.  Welford's update for the means and squared deviations.
 */
void
LearnRegAdd(LearnRegMoments *m, int64 n_before, double y, double yhat)
{
	double		n = (double) n_before + 1;
	double		e = y - yhat;
	double		dy = y - m->mean_y;
	double		de = e - m->mean_e;

	m->mean_y += dy / n;
	m->m2_y += dy * (y - m->mean_y);
	m->mean_e += de / n;
	m->m2_e += de * (e - m->mean_e);
	m->sse += e * e;
	m->sae += fabs(e);
	/* mean_absolute_percentage_error divides by max(|y|, machine epsilon) */
	m->sape += fabs(e) / Max(fabs(y), DBL_EPSILON);
}

/* Merge moments b (nb rows) into a (na rows): Chan, Golub and LeVeque's pairwise formula. */
void
LearnRegMerge(LearnRegMoments *a, int64 na, const LearnRegMoments *b, int64 nb)
{
	double		n = (double) na + (double) nb;
	double		dy = b->mean_y - a->mean_y;
	double		de = b->mean_e - a->mean_e;

	if (nb == 0)
		return;
	if (na == 0)
	{
		*a = *b;
		return;
	}
	a->m2_y += b->m2_y + dy * dy * (double) na * (double) nb / n;
	a->m2_e += b->m2_e + de * de * (double) na * (double) nb / n;
	a->mean_y += dy * (double) nb / n;
	a->mean_e += de * (double) nb / n;
	a->sse += b->sse;
	a->sae += b->sae;
	a->sape += b->sape;
}

/* root of mean_squared_error */
double
LearnRmse(const LearnRegMoments *m, int64 n)
{
	return sqrt(m->sse / (double) n);
}

/* mean_absolute_error */
double
LearnMae(const LearnRegMoments *m, int64 n)
{
	return m->sae / (double) n;
}

/* mean_absolute_percentage_error (a fraction, not per cent) */
double
LearnMape(const LearnRegMoments *m, int64 n)
{
	return m->sape / (double) n;
}

/*
 * 1 - num / den with sklearn's force_finite=True: a constant actual gives
 * 1 for a perfect fit and 0 otherwise.
 */
static double
OneMinusRatio(double num, double den)
{
	if (den == 0)
		return num == 0 ? 1.0 : 0.0;
	return 1.0 - num / den;
}

/* r2_score: 1 - SS_res / SS_tot */
double
LearnR2(const LearnRegMoments *m, int64 n)
{
	(void) n;
	return OneMinusRatio(m->sse, m->m2_y);
}

/* explained_variance_score: 1 - Var(actual - predicted) / Var(actual) */
double
LearnExplainedVariance(const LearnRegMoments *m, int64 n)
{
	(void) n;
	return OneMinusRatio(m->m2_e, m->m2_y);
}

/*
 * One row's log_loss term for a binary score p = P(positive): sklearn clips
 * p to [eps, 1 - eps], forms the pair (1 - p, p) and renormalises it.
 */
double
LearnLogLossBinaryTerm(double p, bool positive)
{
	double		q = Min(Max(p, DBL_EPSILON), 1.0 - DBL_EPSILON);
	double		sum = (1.0 - q) + q;

	return -log((positive ? q : 1.0 - q) / sum);
}

/*
 * One row's log_loss term for class probabilities p[0..k-1] and the actual
 * class: each clipped to [eps, 1 - eps], then renormalised to sum to 1.
 */
double
LearnLogLossMultiTerm(const double *p, int k, int actual)
{
	double		sum = 0;

	for (int c = 0; c < k; c++)
		sum += Min(Max(p[c], DBL_EPSILON), 1.0 - DBL_EPSILON);
	return -log(Min(Max(p[actual], DBL_EPSILON), 1.0 - DBL_EPSILON) / sum);
}

/* Descending order of scores. */
static int
ScoreDesc(const void *a, const void *b)
{
	double		x = ((const LearnScorePair *) a)->score;
	double		y = ((const LearnScorePair *) b)->score;

	return (x > y) ? -1 : (x < y) ? 1 : 0;
}

/*
 * sklearn's _binary_clf_curve: sort the pairs by score, descending, and
 * give for each distinct score (a threshold) the positives and negatives
 * scored at or above it.  Tied scores form one point, so ties are counted
 * exactly as sklearn does.  out has room for n points; returns the count.
 */
int
LearnScoreCurve(LearnScorePair *pairs, int64 n, LearnCurvePoint *out)
{
	double		tp = 0,
				fp = 0;
	int			m = 0;

	qsort(pairs, n, sizeof(LearnScorePair), ScoreDesc);
	for (int64 i = 0; i < n; i++)
	{
		if (pairs[i].positive != 0)
			tp++;
		else
			fp++;
		if (i == n - 1 || pairs[i + 1].score != pairs[i].score)
		{
			out[m].threshold = pairs[i].score;
			out[m].tp = tp;
			out[m].fp = fp;
			m++;
		}
		if ((i & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return m;
}

/*
 * roc_auc_score for binary labels: the trapezoidal area under the ROC
 * curve, (0, 0) first, summed in exact integer counts (long double holds
 * the products) and divided by P * N once.  Needs both classes.
 */
double
LearnRocAuc(const LearnCurvePoint *c, int m)
{
	long double area = 0;
	double		ptp = 0,
				pfp = 0;

	for (int i = 0; i < m; i++)
	{
		area += (long double) (c[i].fp - pfp) * (long double) (c[i].tp + ptp);
		ptp = c[i].tp;
		pfp = c[i].fp;
	}
	return (double) (area / (2.0L * (long double) ptp * (long double) pfp));
}

/*
 * average_precision_score: sum over thresholds of (R_i - R_(i-1)) P_i, the
 * step-wise area under the precision-recall curve (not the trapezoid).
 * Needs at least one positive.
 */
double
LearnAveragePrecision(const LearnCurvePoint *c, int m)
{
	double		total = c[m - 1].tp;
	double		ap = 0,
				ptp = 0;

	for (int i = 0; i < m; i++)
	{
		ap += (c[i].tp - ptp) / total * (c[i].tp / (c[i].tp + c[i].fp));
		ptp = c[i].tp;
	}
	return ap;
}

/* Euclidean distance between two points of p coordinates. */
static double
Distance(const double *a, const double *b, uint32 p)
{
	double		s = 0;

	for (uint32 j = 0; j < p; j++)
	{
		double		d = a[j] - b[j];

		s += d * d;
	}
	return sqrt(s);
}

/* Row i's silhouette coefficient from its summed distances to each cluster. */
static double
RowSilhouette(const double *sum, const double *count, uint32 k, uint32 ci)
{
	double		a,
				b = INFINITY;

	if (count[ci] <= 1)
		return 0;				/* a singleton cluster */
	a = sum[ci] / (count[ci] - 1);
	for (uint32 c = 0; c < k; c++)
		if (c != ci && count[c] > 0)
			b = Min(b, sum[c] / count[c]);
	return Max(a, b) > 0 ? (b - a) / Max(a, b) : 0;
}

/*
 * silhouette_score (Rousseeuw 1987), exact, Euclidean: for each row, a is
 * the mean distance to the other members of its cluster and b the smallest
 * mean distance to another cluster; s = (b - a) / max(a, b), 0 for a
 * singleton cluster; the score is the mean of s.  rows holds n rows of
 * (cluster index, p coordinates); k clusters.  sums, when not NULL, has room
 * for n * k per-row cluster sums: each distance is then computed once for
 * both of its rows (half the work); without it, row by row with k sums.
 */
double
LearnSilhouette(const double *rows, int64 n, uint32 p, uint32 k, double *sums)
{
	double	   *count = palloc0(sizeof(double) * k);
	double	   *one = sums ? NULL : palloc(sizeof(double) * k);
	double		total = 0;

	for (int64 i = 0; i < n; i++)
		count[(uint32) rows[i * (p + 1)]]++;
	if (sums)
	{
		memset(sums, 0, sizeof(double) * n * k);
		for (int64 i = 0; i < n; i++)
		{
			const double *ri = rows + i * (p + 1);

			CHECK_FOR_INTERRUPTS();
			for (int64 j = i + 1; j < n; j++)
			{
				const double *rj = rows + j * (p + 1);
				double		d = Distance(ri + 1, rj + 1, p);

				sums[i * k + (uint32) rj[0]] += d;
				sums[j * k + (uint32) ri[0]] += d;
			}
		}
	}
	for (int64 i = 0; i < n; i++)
	{
		const double *ri = rows + i * (p + 1);
		double	   *sum = sums ? sums + i * k : one;

		if (!sums)
		{
			CHECK_FOR_INTERRUPTS();
			for (uint32 c = 0; c < k; c++)
				sum[c] = 0;
			for (int64 j = 0; j < n; j++)
			{
				const double *rj = rows + j * (p + 1);

				sum[(uint32) rj[0]] += Distance(ri + 1, rj + 1, p);
			}
		}
		total += RowSilhouette(sum, count, k, (uint32) ri[0]);
	}
	return total / (double) n;
}
