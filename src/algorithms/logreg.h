/*
 * logreg.h: logistic regression's parameters and iteration, shared by the
 * in-memory fit and the streaming step aggregate (api/logreg_step.c).
 */
#ifndef LEARN_LOGREG_H
#define LEARN_LOGREG_H

#include "algorithms/algorithm.h"

#define LOGREG_RUNNING		0
#define LOGREG_CONVERGED	1
#define LOGREG_MAX_ITER		2

typedef struct LogregParams
{
	bool		intercept;
	double		lambda;
	uint32		p;				/* features */
	uint32		k;				/* classes */
	uint32		d;				/* coefficients per block: p + intercept */
	uint32		D;				/* all coefficients: (k - 1) d */
	uint32		max_iter;
	double		tol;
	bool		verbose;
	bool		warm_stage;		/* fitting a warm start on a subsample: no inference */
	bool		gain_rule;		/* also stop on a small predicted gain (after a warm start) */
	uint8		status;
	bool		separated;
	uint32		iterations;		/* evaluations so far */
	uint32		warm_evaluations;	/* of the warm start's subsample fits (not stored) */
	uint32		halvings;
	double		ll;				/* log-likelihood at beta (when finished) */
	double		ll_prev;		/* penalised log-likelihood at beta_prev */
	double		null_ll;
	double	   *class_weight;	/* k */
	double	   *class_count;	/* k, unweighted training rows per class */
	double	   *beta;			/* D: the coefficients to evaluate next / final */
	double	   *beta_prev;		/* D */
	double	   *se;				/* D, NaN when not available */
} LogregParams;

/* Sums over the rows at the current coefficients. */
typedef struct LogregSums
{
	double		ll;
	double	   *g;				/* D */
	double	   *H;				/* D(D+1)/2, packed upper */
	double	   *count;			/* k */
} LogregSums;

extern LogregParams *LogregNew(uint32 p, uint32 k, const LearnOptions *opt);
extern void LogregSetWeights(LogregParams *P, const LearnOptions *opt, char **class_names,
							 const double *counts);
extern void LogregSumsInit(const LogregParams *P, LogregSums *s, bool allocate);
extern void LogregAddRow(const LogregParams *P, int y, const double *x, LogregSums *s);
extern bool LogregIterate(LogregParams *P, const LogregSums *s, const char *name);
extern void LogregFinish(LogregParams *P, const LogregSums *s, double n_rows);
extern void LogregEncode(LearnWriter *w, const LogregParams *P);

#endif							/* LEARN_LOGREG_H */
