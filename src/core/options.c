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
	LearnReaderExpectEnd(r);
}
