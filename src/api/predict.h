/*
 * predict.h: decoding a model once per query and call site.
 */
#ifndef LEARN_API_PREDICT_H
#define LEARN_API_PREDICT_H

#include "algorithms/algorithm.h"
#include "fmgr.h"

typedef struct LearnCachedModel
{
	const LearnAlgorithm *algo;
	LearnModel	model;
} LearnCachedModel;

extern LearnCachedModel *LearnModelArg(FunctionCallInfo fcinfo, int argno, bool by_name);
extern const double *LearnFeatureArg(FunctionCallInfo fcinfo, int argno,
									 const LearnCachedModel *cm, bool *has_null);

#endif							/* LEARN_API_PREDICT_H */
