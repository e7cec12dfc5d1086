/*
 * selection.h: model selection: deterministic row splits (holdout and
 * k folds, by a hash of each row's contents), scoring a model on a part,
 * and learn.tune.
 */
#ifndef LEARN_API_SELECTION_H
#define LEARN_API_SELECTION_H

#include "api/train.h"

/* At most this many trials in one learn.tune run. */
#define LEARN_MAX_TRIALS	10000
/* At most this many folds. */
#define LEARN_MAX_FOLDS		1000

/* How rows are split into parts. */
typedef struct LearnSplit
{
	int			folds;			/* k folds (parts 0..k-1), or 0 for a holdout */
	double		fraction;		/* holdout: the fraction in part 0 (the rest is part 1) */
	int64		seed;			/* seed of the row hash */
	bool		stratify;		/* balance the classes of the target over the parts */
} LearnSplit;

extern int	LearnCanonicalTextForm(void);
extern char *LearnSplitSql(const TrainPlan *tp, const LearnSplit *sp);
extern char *LearnPartSql(const TrainPlan *tp, const char *split_sql, int part, bool in_part);
extern bytea *LearnFitWithHoldout(TrainPlan *tp, Jsonb *options, MemoryContext caller, char **holdout);

#endif							/* LEARN_API_SELECTION_H */
