/*
 * options.h: parsing the options jsonb of training aggregates and learn.train.
 */
#ifndef LEARN_API_OPTIONS_H
#define LEARN_API_OPTIONS_H

#include "algorithms/algorithm.h"
#include "utils/jsonb.h"

/* Options only learn.train understands. */
typedef struct LearnTrainOptions
{
	bool		deploy;			/* deploy the new version (default true) */
	bool		verbose;		/* NOTICE per phase (default false) */
	double		holdout;		/* fraction of rows held out for scoring, 0: none */
	int64		holdout_seed;	/* seed of the row hash (default: "seed", else 0) */
	bool		holdout_seed_set;
	bool		holdout_stratify;	/* per class (default: for classifiers) */
	bool		holdout_stratify_set;
} LearnTrainOptions;

extern char *LearnOptionsToJson(const LearnOptions *o, const LearnAlgorithm *algo);
extern void LearnParseOptions(Jsonb *options, const LearnAlgorithm *algo,
							  LearnOptions *o, LearnTrainOptions *train);

#endif							/* LEARN_API_OPTIONS_H */
