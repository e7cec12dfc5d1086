/*
 * options.c: defaults and the bounds-checked binary form of LearnOptions.
 */
#include "postgres.h"

#include <math.h>

#include "core/model.h"
#include "core/options.h"

/* The options every training starts from. */
void
LearnOptionsDefaults(LearnOptions *o)
{
	memset(o, 0, sizeof(*o));
	o->intercept = true;
	o->lambda = 0.0;
	o->alpha = -1.0;
}

/* Append the options to w. */
void
LearnOptionsEncode(LearnWriter *w, const LearnOptions *o)
{
	LearnWriteU8(w, o->intercept ? 1 : 0);
	LearnWriteF64(w, o->lambda);
	LearnWriteU32(w, o->n_feature_names);
	for (uint32 i = 0; i < o->n_feature_names; i++)
		LearnWriteName(w, o->feature_names[i]);
	LearnWriteU8(w, o->target_name ? 1 : 0);
	if (o->target_name)
		LearnWriteName(w, o->target_name);
	LearnWriteU32(w, (uint32) o->max_iter);
	LearnWriteF64(w, o->tol);
	LearnWriteU8(w, o->verbose ? 1 : 0);
	LearnWriteU8(w, o->class_weight);
	LearnWriteU32(w, o->n_class_weights);
	for (uint32 i = 0; i < o->n_class_weights; i++)
	{
		LearnWriteName(w, o->class_weight_labels[i]);
		LearnWriteF64(w, o->class_weights[i]);
	}
	LearnWriteU32(w, (uint32) o->k);
	LearnWriteU32(w, (uint32) o->n_init);
	LearnWriteU8(w, o->has_seed ? 1 : 0);
	LearnWriteU64(w, (uint64) o->seed);
	LearnWriteU32(w, (uint32) o->n_components);
	LearnWriteU8(w, o->standardize ? 1 : 0);
	LearnWriteF64(w, o->C);
	LearnWriteF64(w, o->alpha);
	LearnWriteU8(w, o->distribution);
}

/* Read options written by LearnOptionsEncode; every field is checked. */
void
LearnOptionsDecode(LearnReader *r, LearnOptions *o)
{
	uint8		flag;

	LearnOptionsDefaults(o);
	flag = LearnReadU8(r);
	if (flag > 1)
		LearnReaderFail(r, "bad intercept flag");
	o->intercept = flag;
	o->lambda = LearnReadF64(r);
	if (!(o->lambda >= 0) || isinf(o->lambda))
		LearnReaderFail(r, "bad lambda");
	o->n_feature_names = LearnReadCount(r, LEARN_MAX_FEATURES, 3);
	o->feature_names = palloc(sizeof(char *) * Max(o->n_feature_names, 1));
	for (uint32 i = 0; i < o->n_feature_names; i++)
		o->feature_names[i] = LearnReadName(r);
	flag = LearnReadU8(r);
	if (flag > 1)
		LearnReaderFail(r, "bad target flag");
	if (flag)
		o->target_name = LearnReadName(r);
	o->max_iter = (int32) LearnReadU32(r);
	if (o->max_iter < 0 || o->max_iter > 1000000)
		LearnReaderFail(r, "bad iteration cap");
	o->tol = LearnReadF64(r);
	if (!(o->tol >= 0) || isinf(o->tol))
		LearnReaderFail(r, "bad tolerance");
	flag = LearnReadU8(r);
	if (flag > 1)
		LearnReaderFail(r, "bad verbose flag");
	o->verbose = flag;
	o->class_weight = LearnReadU8(r);
	if (o->class_weight > LEARN_CLASS_WEIGHT_EXPLICIT)
		LearnReaderFail(r, "bad class weight mode");
	o->n_class_weights = LearnReadCount(r, LEARN_MAX_CLASSES, 11);
	o->class_weight_labels = palloc(sizeof(char *) * Max(o->n_class_weights, 1));
	o->class_weights = palloc(sizeof(double) * Max(o->n_class_weights, 1));
	for (uint32 i = 0; i < o->n_class_weights; i++)
	{
		o->class_weight_labels[i] = LearnReadName(r);
		o->class_weights[i] = LearnReadF64(r);
		if (!(o->class_weights[i] > 0) || isinf(o->class_weights[i]))
			LearnReaderFail(r, "bad class weight");
	}
	o->k = (int32) LearnReadU32(r);
	o->n_init = (int32) LearnReadU32(r);
	if (o->k < 0 || o->k > 100000 || o->n_init < 0 || o->n_init > 1000)
		LearnReaderFail(r, "bad cluster options");
	flag = LearnReadU8(r);
	if (flag > 1)
		LearnReaderFail(r, "bad seed flag");
	o->has_seed = flag;
	o->seed = (int64) LearnReadU64(r);
	o->n_components = (int32) LearnReadU32(r);
	if (o->n_components < 0 || o->n_components > 100000)
		LearnReaderFail(r, "bad component count");
	flag = LearnReadU8(r);
	if (flag > 1)
		LearnReaderFail(r, "bad standardize flag");
	o->standardize = flag;
	o->C = LearnReadF64(r);
	if (!(o->C >= 0) || isinf(o->C))
		LearnReaderFail(r, "bad C");
	o->alpha = LearnReadF64(r);
	if (isnan(o->alpha) || isinf(o->alpha))
		LearnReaderFail(r, "bad alpha");
	o->distribution = LearnReadU8(r);
	if (o->distribution > LEARN_NB_MULTINOMIAL)
		LearnReaderFail(r, "bad distribution");
	LearnReaderExpectEnd(r);
}
