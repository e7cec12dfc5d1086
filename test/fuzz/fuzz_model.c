/*
 * fuzz_model.c: libFuzzer harness for the model decoder (core/model.c), the
 * pipeline section it carries (core/pipeline.c) and every algorithm's
 * parameter decoder (src/algorithms/), through LearnModelLoad as every
 * scoring and inspection function calls it.
 *
 * The input is the model's bytes as SQL sees them (the bytea's contents).
 * Each input runs twice: as given (so the checksum check itself is
 * exercised) and with its trailing CRC-32C recomputed, so that mutations get
 * past the checksum into the sections.  A model that decodes is then scored
 * (predict / proba / decision / transform into buffers of exactly the size
 * the algorithm reports, so an overrun is caught) and described, as
 * learn.predict*, learn.transform, learn.describe, learn.training_metrics and
 * learn.coefficients would.
 */
#include "postgres.h"

#include <math.h>

#include "algorithms/algorithm.h"
#include "core/checksum.h"
#include "runtime.h"

/* Score the decoded model on x into exactly-sized buffers. */
static void
ScoreModel(const LearnAlgorithm *algo, const LearnModel *m, const double *x)
{
	const void *params = m->decoded;

	if (algo->predict)
		(void) algo->predict(params, x);
	if (algo->proba)
	{
		double	   *out = palloc(sizeof(double) * Max(m->n_classes, 1));

		algo->proba(params, x, out);
	}
	if (algo->decision)
	{
		uint32		n = algo->n_decision(params);
		double	   *out = palloc(sizeof(double) * Max(n, 1));

		algo->decision(params, x, out);
	}
	if (algo->transform)
	{
		uint32		n = algo->n_transform(params);
		double	   *out = palloc(sizeof(double) * Max(n, 1));

		algo->transform(params, x, out);
	}
}

/* Load one model and use it as the SQL functions do. */
static void
RunModel(const FuzzInput *in)
{
	LearnModel	m;
	const LearnAlgorithm *algo = LearnModelLoad(in->data, in->len, &m);
	double	   *x = palloc(sizeof(double) * m.n_features);
	StringInfoData json;
	LearnCoefficient *rows;

	for (uint32 i = 0; i < m.n_features; i++)
		x[i] = 0.0;
	ScoreModel(algo, &m, x);
	for (uint32 i = 0; i < m.n_features; i++)
		x[i] = (i % 3 == 0) ? 1e300 : (i % 3 == 1) ? -2.5 : 1.0;
	ScoreModel(algo, &m, x);

	initStringInfo(&json);
	algo->describe(&json, m.decoded, &m);
	resetStringInfo(&json);
	algo->metrics(&json, m.decoded, &m);
	if (algo->coefficients)
		(void) algo->coefficients(m.decoded, &m, &rows);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void) FuzzRunOnCopy(data, size, RunModel);
	if (size >= 8)
	{
		/* the same bytes with a correct checksum */
		uint32		crc = LearnCrc32c(data, size - 4);
		uint8		le[4] = {crc & 0xff, (crc >> 8) & 0xff, (crc >> 16) & 0xff, crc >> 24};

		if (memcmp(data + size - 4, le, 4) != 0)
		{
			uint8	   *fixed = malloc(size);

			memcpy(fixed, data, size - 4);
			memcpy(fixed + size - 4, le, 4);
			(void) FuzzRunOnCopy(fixed, size, RunModel);
			free(fixed);
		}
	}
	return 0;
}
