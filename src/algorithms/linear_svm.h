/*
 * linear_svm.h: the linear support vector machine's parameters and Newton
 * iteration, shared by the in-memory fit (algorithms/linear_svm.c) and the
 * streaming step aggregate (api/svm_step.c).
 */
#ifndef LEARN_LINEAR_SVM_H
#define LEARN_LINEAR_SVM_H

#include "algorithms/algorithm.h"

#define SVM_MAX_FEATURES	1000
/* float8 slots of the per-problem sums of all problems together (128 MB) */
#define SVM_MAX_SUM_SLOTS	((int64) 1 << 24)

#define SVM_RUNNING			0
#define SVM_CONVERGED		1
#define SVM_MAX_ITER		2

/*
 * The binary problems: one for two classes (the second class positive),
 * one per class (one-vs-rest) otherwise.  Each has its own coefficients
 * (d of them: the intercept first when there is one, then the p weights)
 * and its own iteration state.
 */
typedef struct SvmParams
{
	bool		intercept;
	double		C;
	uint32		p;				/* features */
	uint32		k;				/* classes */
	uint32		d;				/* coefficients per problem: p + intercept */
	uint32		n_problems;		/* 1 (binary) or k (one-vs-rest) */
	uint32		max_iter;
	double		tol;
	bool		verbose;
	bool		gain_rule;		/* also stop on a small predicted gain (after a warm start) */
	double	   *class_weight;	/* k */
	double	   *class_count;	/* k, training rows per class */
	/* per problem */
	uint8	   *status;
	uint8	   *halved;			/* the point to evaluate is a halved step */
	uint32	   *iterations;		/* evaluations so far */
	uint32	   *halvings;		/* consecutive halvings */
	double	   *objective;		/* at w (the final objective once finished) */
	double	   *objective_prev; /* at w_prev */
	double	   *n_sv;			/* rows with a positive margin loss at w */
	double	   *w;				/* n_problems x d: to evaluate next / final */
	double	   *w_prev;			/* n_problems x d */
} SvmParams;

/* Sums over the rows of one problem at its current coefficients. */
typedef struct SvmSums
{
	double		loss;			/* sum C_i max(0, 1 - y_i f_i)^2 */
	double		n_active;		/* rows with 1 - y_i f_i > 0 */
	double	   *g;				/* d: sum C_i y_i (1 - y_i f_i) z_i over active rows */
	double	   *H;				/* d(d+1)/2 packed upper: sum C_i z_i z_i' over active rows */
} SvmSums;

extern int64 SvmSumSlots(uint32 d);
extern int64 SvmStepSlots(uint32 p, uint32 k);
extern SvmParams *SvmNew(uint32 p, uint32 k, const LearnOptions *opt);
extern void SvmSetWeights(SvmParams *P, const LearnOptions *opt, char **class_names,
						  const double *counts);
extern void SvmSumsView(const SvmParams *P, double *block, SvmSums *s);
extern void SvmAddRow(const SvmParams *P, uint32 j, int y, const double *x, SvmSums *s);
extern bool SvmIterate(SvmParams *P, uint32 j, const SvmSums *s, const char *label);
extern bool SvmFinished(const SvmParams *P);
extern void SvmFinish(SvmParams *P);
extern void SvmEncode(LearnWriter *w, const SvmParams *P);
extern const char *SvmProblemLabel(const SvmParams *P, uint32 j, char **class_names);

#endif							/* LEARN_LINEAR_SVM_H */
