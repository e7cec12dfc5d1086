/*
 * stattests.h: the numeric parts of the hypothesis tests (learn.t_test,
 * learn.anova, learn.chisq_test, learn.ks_test, learn.mann_whitney), free of
 * SQL so they can be linked without a server.
 */
#ifndef LEARN_STATTESTS_H
#define LEARN_STATTESTS_H

#include "c.h"

/* Alternative hypotheses, as R names them. */
typedef enum LearnAlternative
{
	LEARN_ALT_TWO_SIDED = 0,
	LEARN_ALT_LESS = 1,
	LEARN_ALT_GREATER = 2
} LearnAlternative;

/* Running moments of one sample (Welford / Chan et al.). */
typedef struct LearnMoments
{
	double		n;
	double		mean;
	double		m2;				/* sum of squared deviations from the mean */
} LearnMoments;

extern void LearnMomentsAdd(LearnMoments *m, double x);
extern void LearnMomentsMerge(LearnMoments *a, const LearnMoments *b);
extern double LearnTPValue(double t, double df, LearnAlternative alt);
extern double LearnKsStatistic(const double *x, int nx, const double *y, int ny, LearnAlternative alt,
							   bool *ties);
extern double LearnKsExactP(double d, int m, int n, const bool *boundary, bool two_sided);
extern double LearnKsAsymptoticP(double d, int m, int n, bool two_sided);
extern void LearnRanks(const double *v, int n, double *ranks, double *tie_term);
extern double LearnWilcoxonCdf(double q, int m, int n, bool lower);



/*
 * Ids of the statistics aggregate states (LearnStateHeader.algorithm):
 * stored in states, never reuse or renumber; training algorithms stay
 * below 200 (algorithms/algorithm.h), the metrics use 201-206
 * (api/metrics.h): a state of one kind is never valid as another.
 */
#define LEARN_STATE_STAT_MOMENTS	211 /* per-group moments: t tests, ANOVA */
#define LEARN_STATE_STAT_SAMPLE		212 /* kept values: KS, Mann-Whitney, goodness of fit */
#define LEARN_STATE_STAT_TABLE		213 /* contingency counts: chi-square test */
#define LEARN_STATE_STAT_COMOMENTS	214 /* co-moments: correlation, covariance */

#endif							/* LEARN_STATTESTS_H */
