/*
 * metrics.h: server-free kernels of the evaluation metrics (learn.accuracy,
 * learn.rmse, learn.roc_auc, learn.silhouette, ...).  The fmgr glue and the
 * bytea aggregate states are in api/metrics.c.
 *
 * Every kernel follows scikit-learn 1.2's sklearn.metrics definitions; the
 * comment above each names the function it mirrors.
 */
#ifndef LEARN_CORE_METRICS_H
#define LEARN_CORE_METRICS_H

#include "postgres.h"

/* exact silhouette is O(n^2): rows allowed in one learn.silhouette state */
#define LEARN_SILHOUETTE_MAX_ROWS	20000

/* How per-class precision, recall and F1 are combined (sklearn's average=). */
typedef enum LearnAverage
{
	LEARN_AVG_BINARY = 1,
	LEARN_AVG_MACRO = 2,
	LEARN_AVG_MICRO = 3,
	LEARN_AVG_WEIGHTED = 4
} LearnAverage;

typedef enum LearnPrfWhat
{
	LEARN_PRF_PRECISION,
	LEARN_PRF_RECALL,
	LEARN_PRF_F1
} LearnPrfWhat;

/* Running moments of a regression evaluation (Chan et al. pairwise update). */
typedef struct LearnRegMoments
{
	double		mean_y;			/* mean of actual */
	double		m2_y;			/* sum of squared deviations of actual */
	double		mean_e;			/* mean of the error actual - predicted */
	double		m2_e;			/* sum of squared deviations of the error */
	double		sse;			/* sum of squared errors */
	double		sae;			/* sum of absolute errors */
	double		sape;			/* sum of absolute percentage errors */
	double		unused;			/* reserved, 0 */
} LearnRegMoments;

/* One point of a binary score curve: a distinct threshold, scores descending. */
typedef struct LearnCurvePoint
{
	double		threshold;
	double		tp;				/* positives scored >= threshold */
	double		fp;				/* negatives scored >= threshold */
} LearnCurvePoint;

/* A (score, is positive) pair of a binary ranking metric. */
typedef struct LearnScorePair
{
	double		score;
	double		positive;		/* 1 or 0 */
} LearnScorePair;

extern uint32 LearnConfusionSlot(uint32 actual, uint32 predicted);

extern double LearnAccuracy(const double *cm, uint32 k);
extern double LearnBalancedAccuracy(const double *cm, uint32 k);
extern double LearnPrf(const double *cm, uint32 k, LearnPrfWhat what, LearnAverage avg, int pos);
extern double LearnMcc(const double *cm, uint32 k);

extern void LearnRegAdd(LearnRegMoments *m, int64 n_before, double y, double yhat);
extern void LearnRegMerge(LearnRegMoments *a, int64 na, const LearnRegMoments *b, int64 nb);
extern double LearnRmse(const LearnRegMoments *m, int64 n);
extern double LearnMae(const LearnRegMoments *m, int64 n);
extern double LearnMape(const LearnRegMoments *m, int64 n);
extern double LearnR2(const LearnRegMoments *m, int64 n);
extern double LearnExplainedVariance(const LearnRegMoments *m, int64 n);

extern double LearnLogLossBinaryTerm(double p, bool positive);
extern double LearnLogLossMultiTerm(const double *p, int k, int actual);

extern int	LearnScoreCurve(LearnScorePair *pairs, int64 n, LearnCurvePoint *out);
extern double LearnRocAuc(const LearnCurvePoint *c, int m);
extern double LearnAveragePrecision(const LearnCurvePoint *c, int m);

extern double LearnSilhouette(const double *rows, int64 n, uint32 p, uint32 k, double *sums);

#endif							/* LEARN_CORE_METRICS_H */
