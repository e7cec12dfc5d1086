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
} LearnTrainOptions;

extern char *LearnOptionsToJson(const LearnOptions *o, const LearnAlgorithm *algo);
extern void LearnParseOptions(Jsonb *options, const LearnAlgorithm *algo,
							  LearnOptions *o, LearnTrainOptions *train);

#endif							/* LEARN_API_OPTIONS_H */
