/*
 * pg_learn.c: module magic and small catalog-free SQL functions.
 */
#include "postgres.h"

#include <unistd.h>

#include "access/parallel.h"
#include "algorithms/algorithm.h"
#include "algorithms/kmeans.h"
#include "api/rewrite.h"
#include "core/parallel.h"
#include "fmgr.h"
#include "funcapi.h"
#include "optimizer/cost.h"
#include "utils/builtins.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

int			learn_memory_limit_kb = 256 * 1024;
bool		learn_direct_scan = true;
static int	learn_threads = 0;

void		_PG_init(void);

/*
 * Threads an in-memory fit may use now (core/parallel.h): learn.threads, or
 * with 0 one more than max_parallel_workers_per_gather (the processes a
 * parallel query of this session may use); at most the online CPUs; one in
 * a parallel worker.
 */
static int
LearnThreadsNow(void)
{
	int			threads = learn_threads > 0 ? learn_threads : 1 + max_parallel_workers_per_gather;
	long		cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (IsParallelWorker())
		return 1;
	if (cpus > 0 && threads > cpus)
		threads = (int) cpus;
	return Max(threads, 1);
}

/* Register pg_learn's settings. */
void
_PG_init(void)
{
	DefineCustomIntVariable("learn.memory_limit",
							"Memory an algorithm may use to keep its training rows.",
							"Iterative algorithms (logistic regression, k-means, SVM) keep their rows in "
							"memory up to this size and iterate there; learn.train streams larger "
							"sources with one aggregate pass per iteration.",
							&learn_memory_limit_kb,
							256 * 1024, 64, MAX_KILOBYTES,
							PGC_USERSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
	DefineCustomIntVariable("learn.threads",
							"Threads an in-memory fit may use for its iterations.",
							"0 (the default) means one more than max_parallel_workers_per_gather, "
							"at most the online CPUs; 1 means no threads.  Only the arithmetic over "
							"rows already in memory runs on the extra threads.",
							&learn_threads,
							0, 0, LEARN_PARALLEL_MAX_THREADS,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
	learn_threads_hook = LearnThreadsNow;
	DefineCustomBoolVariable("learn.kmeans_bounds",
							 "Lets k-means skip distance computations in memory with Hamerly's bounds.",
							 "A developer setting: the model is the same either way (off computes every "
							 "distance of every row, for comparison).",
							 &kmeans_use_bounds,
							 true,
							 PGC_USERSET, GUC_NOT_IN_SAMPLE,
							 NULL, NULL, NULL);
	DefineCustomBoolVariable("learn.direct_scan",
							 "Lets learn.train read a table's rows itself for an in-memory fit.",
							 "For algorithms that keep their rows, a plain table source (no inheritance "
							 "children, no row-level security applying) with numeric or boolean features "
							 "is read with the table access method instead of a fit query; the model is the "
							 "same either way (off always runs the query, for comparison).",
							 &learn_direct_scan,
							 true,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	MarkGUCPrefixReserved("learn");
	LearnInstallPlannerHook();
}

PG_FUNCTION_INFO_V1(learn_version);

/* learn.version() RETURNS text: the version of the loaded library */
Datum
learn_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(PG_LEARN_VERSION));
}

PG_FUNCTION_INFO_V1(learn_algorithms);

/*
 * learn.algorithms() RETURNS TABLE (name text, task text, aggregate text,
 * max_features int)
 */
Datum
learn_algorithms(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (uint16 id = 1; id < 1000; id++)
	{
		const LearnAlgorithm *a = LearnAlgorithmById(id);
		Datum		values[4];
		bool		nulls[4] = {false};

		if (a == NULL)
			continue;
		values[0] = CStringGetTextDatum(a->name);
		values[1] = CStringGetTextDatum(LearnTaskName(a->task));
		values[2] = CStringGetTextDatum(a->aggregate);
		values[3] = Int32GetDatum((int32) a->max_features);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
