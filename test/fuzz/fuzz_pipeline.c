/*
 * fuzz_pipeline.c: libFuzzer harness for the preprocessing pipeline decoder
 * (core/pipeline.c), as learn.prepare_row and the model loader use it.
 *
 * The input is a pipeline section's bytes.  A pipeline that decodes is then
 * named (LearnPipelineFeatureNames) and replayed on rows of edge values:
 * NULLs, zero, NaN, +-Infinity and huge magnitudes for numeric and time
 * inputs (times as epoch seconds, as prepare.c converts them), each training
 * category and an unseen one, and arrays of the expected length, into an
 * output buffer of exactly n_outputs doubles.
 */
#include "postgres.h"

#include <math.h>

#include "core/pipeline.h"
#include "runtime.h"

#define N_ROUNDS 6

static const double edge_values[N_ROUNDS] = {0.0, NAN, INFINITY, -1e308, 1.5e9, -62135596800.0};

/* Decode, name the features, and transform a few rows. */
static void
RunPipeline(const FuzzInput *in)
{
	LearnPipeline pl;
	LearnReader r;
	LearnRaw   *raw;
	LearnTransformCounts *counts;
	double	   *out;

	memset(&pl, 0, sizeof(pl));
	LearnReaderInit(&r, in->data, in->len, "model");
	LearnPipelineDecode(&r, &pl);
	LearnReaderExpectEnd(&r);
	(void) LearnPipelineFeatureNames(&pl);

	raw = palloc0(sizeof(LearnRaw) * Max(pl.n_inputs, 1));
	counts = palloc0(sizeof(LearnTransformCounts) * Max(pl.n_inputs, 1));
	out = palloc(sizeof(double) * Max(pl.n_outputs, 1));
	for (int round = 0; round <= N_ROUNDS; round++)
	{
		for (uint32 i = 0; i < pl.n_inputs; i++)
		{
			const LearnInput *li = &pl.inputs[i];
			LearnRaw   *v = &raw[i];

			memset(v, 0, sizeof(*v));
			v->isnull = (round == N_ROUNDS);
			v->num = edge_values[round % N_ROUNDS];
			if (li->kind == LEARN_INPUT_CATEGORY)
			{
				/* each category in turn, then one never seen */
				if ((uint32) round < li->n_categories)
				{
					v->str = li->categories[round];
					v->len = (int) li->category_len[round];
				}
				else
				{
					v->str = "\x01unseen";
					v->len = 7;
				}
			}
			else if (li->kind == LEARN_INPUT_ARRAY)
			{
				double	   *a = palloc(sizeof(double) * Max(li->array_len, 1));

				for (uint32 k = 0; k < li->array_len; k++)
					a[k] = edge_values[(round + k) % N_ROUNDS];
				v->arr = a;
				v->arr_len = (int) li->array_len;
				v->arr_has_null = (round == 1);
			}
		}
		(void) LearnPipelineTransform(&pl, raw, out, counts);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void) FuzzRunOnCopy(data, size, RunPipeline);
	return 0;
}
