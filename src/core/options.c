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
	LearnReaderExpectEnd(r);
}
