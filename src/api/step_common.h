/*
 * step_common.h: the plumbing shared by the iteration-as-an-aggregate-pass
 * functions (learn.logreg_step, learn.svm_step, learn.kmeans_step): the
 * per-call-site cache of the decoded model argument, the label lookup, and
 * opening, checking and combining their states.
 *
 * Each step's state is a regular pg_learn state (core/state.h) of an
 * internal algorithm id whose options blob is the model being evaluated and
 * whose payload ends with the feature means (p) and M2 (p).
 */
#ifndef LEARN_STEP_COMMON_H
#define LEARN_STEP_COMMON_H

#include "postgres.h"

#include "algorithms/algorithm.h"
#include "api/aggregate.h"
#include "fmgr.h"

/* What tells the steps apart. */
typedef struct StepKind
{
	const char *fname;			/* "learn.logreg_step", for messages */
	const LearnAlgorithm *algo; /* the model evaluated; its name in messages */
	uint16		state_algo;		/* LEARN_ALGO_*_STEP */
	LearnPayloadLenFn payload_len;
	int			model_arg;		/* the transition function's model argument */
	const char *nonfinite_hint; /* errhint for a non-finite feature, or NULL */
} StepKind;

/* What one call site caches: the decoded model and the label reader. */
typedef struct StepCache
{
	char	   *key;			/* the model argument's bytes */
	Size		key_len;
	LearnModel	m;				/* m.decoded is the algorithm's parameters */
	Oid			label_type;
	FmgrInfo	label_out;
	Oid			label_base;		/* its base type (a domain's) */
	bool		label_bool;
	void	   *extra;			/* the caller's, in fn_mcxt; NULL when new */
	const bytea *checked_state; /* the aggregate state last found to hold key */
	bool		model_stable;	/* the model argument is a constant or parameter */
	const bytea *last_state;	/* the state the transition returned last (trusted) */
	LearnLabelCache labels;		/* label -> the model's class (the model is fixed) */
} StepCache;

extern StepCache *StepSetup(FunctionCallInfo fcinfo, const StepKind *kind);
extern int	StepClass(FunctionCallInfo fcinfo, StepCache *c, Datum d, uint64 *hash);
extern bytea *StepTransState(FunctionCallInfo fcinfo, const StepKind *kind, StepCache *c,
							 uint32 p, char **names, uint32 n_classes, bool check_classes,
							 LearnState *st);
extern const double *StepRow(FunctionCallInfo fcinfo, const StepKind *kind, LearnState *st,
							 uint32 p, int label_arg, int x_arg);
extern void StepAddMoments(double *mean, double *m2, const double *x, uint32 p, int64 n);
extern bool StepCombineOpen(FunctionCallInfo fcinfo, const StepKind *kind, bytea **sa,
							LearnState *a, LearnState *b);
extern void StepCombineMoments(LearnState *a, const LearnState *b, int64 sums);
extern Datum StepCombineSums(FunctionCallInfo fcinfo, const StepKind *kind);
extern bytea *StepModelCopy(const LearnState *st);
extern void StepModelStats(LearnModel *m, const LearnState *st, const double *mean,
						   const double *m2, uint32 p);

#endif							/* LEARN_STEP_COMMON_H */
