/*
 * preprocess.c: a model that is only its preparation pipeline, for users who
 * prepare data without training ("fit once, transform rows").  Training
 * records the mean and standard deviation of every prepared feature (Welford,
 * merged with Chan, Golub and LeVeque's formula) for later drift checks; the
 * model scores nothing and transforms rows with learn.transform.
 */
#include "postgres.h"

#include <math.h>

#include "algorithms/algorithm.h"

/* float8 slots: mean[p], M2[p] */
static int64
PreprocessPayloadLen(uint32 n_features, uint32 n_classes pg_attribute_unused(),
				 int64 rows_used pg_attribute_unused())
{
	if (n_features == 0 || n_features > LEARN_MAX_FEATURES)
		return -1;
	return 2 * (int64) n_features;
}

/* Welford update of each feature's mean and sum of squared deviations. */
static void
PreprocessAccumulate(LearnState *st, double y pg_attribute_unused(), const double *x)
{
	uint32		p = st->hdr->n_features;
	double	   *mean = st->payload;
	double	   *m2 = mean + p;
	double		n = (double) st->hdr->rows_used;

	for (uint32 j = 0; j < p; j++)
	{
		double		d = x[j] - mean[j];

		mean[j] += d / n;
		m2[j] += d * (x[j] - mean[j]);
	}
}

/* Merge partial moments. */
static void
PreprocessCombine(LearnState *into, const LearnState *from, const int *class_map pg_attribute_unused())
{
	uint32		p = into->hdr->n_features;
	double		na = (double) into->hdr->rows_used;
	double		nb = (double) from->hdr->rows_used;
	double		n = na + nb;
	double	   *ma = into->payload;
	const double *mb = from->payload;

	for (uint32 j = 0; j < p; j++)
	{
		double		d = mb[j] - ma[j];

		ma[p + j] += mb[p + j] + d * d * na * nb / n;
		ma[j] += d * nb / n;
	}
}

/* The model keeps only the feature statistics. */
static void
PreprocessFit(const LearnState *st, const LearnOptions *opt pg_attribute_unused(), LearnModel *m,
			  LearnWriter *params)
{
	uint32		p = st->hdr->n_features;
	double		n = (double) st->hdr->rows_used;

	m->feature_mean = palloc(sizeof(double) * p);
	m->feature_sd = palloc(sizeof(double) * p);
	for (uint32 j = 0; j < p; j++)
	{
		m->feature_mean[j] = st->payload[j];
		m->feature_sd[j] = (n > 1) ? sqrt(st->payload[p + j] / (n - 1)) : 0.0;
	}
	LearnWriteU32(params, p);
}

/* Parameters: just the feature count, checked. */
static void *
PreprocessDecode(LearnReader *r, const LearnModel *m)
{
	uint32	   *p = palloc(sizeof(uint32));

	*p = LearnReadU32(r);
	if (*p != m->n_features)
		LearnReaderFail(r, "feature count does not match");
	return p;
}

/* The transform of a preprocess model is its prepared features. */
static void
PreprocessTransform(const void *params, const double *x, double *out)
{
	memcpy(out, x, sizeof(double) * *(const uint32 *) params);
}

static uint32
PreprocessNTransform(const void *params)
{
	return *(const uint32 *) params;
}

/* Nothing beyond the generic description. */
static void
PreprocessDescribe(StringInfo json, const void *params pg_attribute_unused(),
				   const LearnModel *m pg_attribute_unused())
{
	LearnJsonKey(json, "transform_only", true);
	appendStringInfoString(json, "true");
}

/* No training metrics. */
static void
PreprocessMetrics(StringInfo json, const void *params pg_attribute_unused(), const LearnModel *m)
{
	LearnJsonKey(json, "features", true);
	appendStringInfo(json, "%u", m->n_features);
}

const LearnAlgorithm learn_preprocess = {
	.id = LEARN_ALGO_PREPROCESS,
	.name = "preprocess",
	.task = LEARN_TASK_TRANSFORM,
	.target = LEARN_TARGET_NUMBER,
	.aggregate = "learn.preprocess_fit",
	.max_features = LEARN_MAX_FEATURES,
	.option_mask = 0,
	.payload_len = PreprocessPayloadLen,
	.accumulate = PreprocessAccumulate,
	.combine = PreprocessCombine,
	.fit = PreprocessFit,
	.decode = PreprocessDecode,
	.transform = PreprocessTransform,
	.n_transform = PreprocessNTransform,
	.describe = PreprocessDescribe,
	.metrics = PreprocessMetrics,
	.coefficients = NULL,
};
