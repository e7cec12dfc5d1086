/*
 * prepare.h: SQL values to pipeline inputs: binding columns by name and
 * type, converting datums, fitting a pipeline on a training source.
 */
#ifndef LEARN_API_PREPARE_H
#define LEARN_API_PREPARE_H

#include "access/tupdesc.h"
#include "core/pipeline.h"
#include "fmgr.h"
#include "utils/jsonb.h"

/* How one SQL value is turned into a LearnRaw. */
typedef struct LearnColumnReader
{
	Oid			typid;
	int			conv;			/* see prepare.c */
	FmgrInfo	outfn;			/* for values read through their output function */
} LearnColumnReader;

extern void LearnColumnReaderInit(LearnColumnReader *cr, const LearnInput *in, Oid typid,
								  const char *model_name, MemoryContext cxt);
extern void LearnColumnRead(const LearnColumnReader *cr, Datum d, bool isnull, LearnRaw *out);
extern LearnInputKind LearnDefaultKind(Oid typid);

typedef struct LearnPipelinePlan LearnPipelinePlan;

extern LearnPipelinePlan *LearnPipelinePlanMake(char **columns, Oid *types, int n_columns,
												Jsonb *options);
extern bool LearnPipelinePlanDeferrable(const LearnPipelinePlan *plan);
extern LearnPipeline *LearnPipelineDeferred(const LearnPipelinePlan *plan);
extern void LearnPipelineCompleteDeferred(LearnPipeline *pl, const LearnPipelinePlan *plan,
										  const double *mean);
extern LearnPipeline *LearnPipelineFitPlan(const LearnPipelinePlan *plan, const char *source_sql,
										   const char *target);
extern LearnPipeline *LearnIdentityPipeline(char **feature_names, uint32 n);
extern char *LearnInputList(const LearnPipeline *pl);
extern bool LearnPipelineIsPassThrough(const LearnPipeline *pl);

#endif							/* LEARN_API_PREPARE_H */
