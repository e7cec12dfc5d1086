/*
 * train.h: the learn.train driver, shared with learn.tune (selection.c).
 */
#ifndef LEARN_API_TRAIN_H
#define LEARN_API_TRAIN_H

#include "algorithms/algorithm.h"
#include "api/options.h"
#include "api/prepare.h"
#include "core/pipeline.h"
#include "portability/instr_time.h"
#include "utils/array.h"
#include "utils/jsonb.h"

/* Everything learn.train works out before it fits. */
typedef struct TrainPlan
{
	const char *name;
	const LearnAlgorithm *algo;
	char	   *source;			/* SQL for FROM: a quoted relation or (query) */
	char	   *target;
	int			n_features;
	char	  **features;		/* input columns */
	Oid		   *types;
	LearnPipelinePlan *plan;
	LearnPipeline *pipeline;
	LearnWriter pipeline_bytes;
	char	  **prepared;		/* the model's feature names */
	Oid			target_type;
	const char *path;			/* "memory" or "streaming" for row-keeping algorithms */
	const char *scan;			/* in memory: "direct" (table scan) or "query" */
	int			passes;
	double		fit_seconds;
	LearnOptions opt;
	LearnTrainOptions topt;
} TrainPlan;

extern void LearnTrainInit(TrainPlan *tp, const char *name, const char *algo_name,
						   const char *target);
extern void LearnTrainParse(TrainPlan *tp, Jsonb *options);
extern void LearnTrainOpen(TrainPlan *tp, const char *source_arg, ArrayType *features);
extern bytea *LearnTrainFit(TrainPlan *tp, Jsonb *options, MemoryContext caller);
extern char *LearnTrainMetrics(TrainPlan *tp, bytea *model, LearnModel *m, const char *extra,
							   MemoryContext caller);
extern int32 LearnTrainFinish(TrainPlan *tp, const char *source_arg, Jsonb *options, bytea *model,
							  const LearnModel *m, const char *metrics, instr_time start);
extern double LearnElapsed(instr_time start);

#endif							/* LEARN_API_TRAIN_H */
