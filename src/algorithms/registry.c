/*
 * registry.c: the list of algorithms, and loading a model with its
 * algorithm's parameters decoded.
 */
#include "postgres.h"

#include <math.h>

#include "algorithms/algorithm.h"
#include "core/pipeline.h"
#include "utils/json.h"

static const LearnAlgorithm *const algorithms[] = {
	&learn_linear_regression,
	&learn_preprocess,
	&learn_logistic_regression,
	&learn_kmeans,
	&learn_linear_svm,
	&learn_naive_bayes,
	&learn_pca,
};

/* The algorithm called name, or NULL. */
const LearnAlgorithm *
LearnAlgorithmByName(const char *name)
{
	for (size_t i = 0; i < lengthof(algorithms); i++)
		if (strcmp(algorithms[i]->name, name) == 0)
			return algorithms[i];
	return NULL;
}

/* The algorithm with id, or NULL. */
const LearnAlgorithm *
LearnAlgorithmById(uint16 id)
{
	for (size_t i = 0; i < lengthof(algorithms); i++)
		if (algorithms[i]->id == id)
			return algorithms[i];
	return NULL;
}

/* The algorithm whose training aggregate is called sqlname ("learn.x_fit"), or NULL. */
const LearnAlgorithm *
LearnAlgorithmByAggregate(const char *sqlname)
{
	for (size_t i = 0; i < lengthof(algorithms); i++)
		if (algorithms[i]->aggregate && strcmp(algorithms[i]->aggregate, sqlname) == 0)
			return algorithms[i];
	return NULL;
}

/* Comma-separated names, for hints. */
const char *
LearnAlgorithmNames(void)
{
	StringInfoData s;

	initStringInfo(&s);
	for (size_t i = 0; i < lengthof(algorithms); i++)
		appendStringInfo(&s, "%s%s", i ? ", " : "", algorithms[i]->name);
	return s.data;
}

/* The task's name as SQL shows it. */
const char *
LearnTaskName(LearnTask task)
{
	switch (task)
	{
		case LEARN_TASK_REGRESSION:
			return "regression";
		case LEARN_TASK_CLASSIFICATION:
			return "classification";
		case LEARN_TASK_CLUSTERING:
			return "clustering";
		case LEARN_TASK_TRANSFORM:
			return "transform";
	}
	return "unknown";
}

/* Decode model bytes and the algorithm's parameters; returns the algorithm. */
const LearnAlgorithm *
LearnModelLoad(const uint8 *data, size_t len, LearnModel *m)
{
	const LearnAlgorithm *algo;
	LearnReader r;

	LearnModelDecode(data, len, m);
	algo = LearnAlgorithmById(m->algorithm);
	if (algo == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn model"),
				 errdetail("Unknown algorithm id %u (made by a newer pg_learn?).", m->algorithm)));
	if (m->n_features > algo->max_features)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid pg_learn model"),
				 errdetail("%u features exceed the %s limit of %u.",
						   m->n_features, algo->name, algo->max_features)));
	if (m->pipeline_bytes != NULL)
	{
		char	  **names;

		m->pipeline = palloc0(sizeof(LearnPipeline));
		LearnReaderInit(&r, m->pipeline_bytes, m->pipeline_len, "model");
		LearnPipelineDecode(&r, m->pipeline);
		LearnReaderExpectEnd(&r);
		if (m->pipeline->n_outputs != m->n_features)
			LearnReaderFail(&r, psprintf("pipeline makes %u features, the model has %u",
										 m->pipeline->n_outputs, m->n_features));
		names = LearnPipelineFeatureNames(m->pipeline);
		for (uint32 i = 0; i < m->n_features; i++)
			if (strcmp(names[i], m->feature_names[i]) != 0)
				LearnReaderFail(&r, "pipeline feature names disagree with the model's");
	}
	LearnReaderInit(&r, m->params, m->params_len, "model");
	m->decoded = algo->decode(&r, m);
	LearnReaderExpectEnd(&r);
	return algo;
}

/* Append a JSON number, or null for NaN and infinities. */
void
LearnJsonNumber(StringInfo json, double v)
{
	if (isnan(v) || isinf(v))
		appendStringInfoString(json, "null");
	else
		appendStringInfo(json, "%.17g", v);
}

/* Append "key": with a leading comma unless first. */
void
LearnJsonKey(StringInfo json, const char *key, bool first)
{
	if (!first)
		appendStringInfoString(json, ", ");
	escape_json(json, key);
	appendStringInfoString(json, ": ");
}

/*
 * The sample a large streamed classifier fit starts warm from (logreg.c
 * LogregStreamWarmStart, linear_svm.c SvmStreamWarmStart): about n / 64 of
 * the ctx->n_rows rows, at least 2 min_rows, within learn.memory_limit, and
 * only when that is at most a quarter of the rows; rows of (model class,
 * p features) in *rows, and in *identity the class map for them (class c is
 * c).  Returns the sample's rows, or 0 for no warm start.
 */
int64
LearnStreamWarmSample(const LearnStreamStart *ctx, int64 min_rows, double **rows, int **identity)
{
	int64		want = Max(2 * min_rows, ctx->n_rows / 64);
	int64		m;

	want = Min(want, (int64) ((double) learn_memory_limit_kb * 1024.0 / (8.0 * (ctx->p + 1))));
	if (ctx->sample_classes == NULL || ctx->n_rows < 4 * want || want < min_rows)
		return 0;
	m = ctx->sample_classes(ctx, want, rows);
	if (m < min_rows / 2)
		return 0;
	*identity = palloc(sizeof(int) * ctx->n_classes);
	for (uint32 c = 0; c < ctx->n_classes; c++)
		(*identity)[c] = (int) c;
	return m;
}
