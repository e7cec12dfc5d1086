/*
 * options.h: the training options an aggregate state carries.
 *
 * Parsed from jsonb by the SQL layer (api/options.c) once per group, then
 * stored in the aggregate state as a small little-endian blob so that combine
 * can check that two partial states were built with the same options and the
 * final function can read them back with bounds checks.
 */
#ifndef LEARN_OPTIONS_H
#define LEARN_OPTIONS_H

#include "core/bytes.h"

typedef struct LearnOptions
{
	bool		intercept;		/* fit an intercept (default true) */
	double		lambda;			/* L2 penalty (default 0) */
	uint32		n_feature_names;	/* 0: names default to x1..xp */
	char	  **feature_names;
	char	   *target_name;	/* NULL: "y" */
} LearnOptions;

extern void LearnOptionsDefaults(LearnOptions *o);
extern void LearnOptionsEncode(LearnWriter *w, const LearnOptions *o);
extern void LearnOptionsDecode(LearnReader *r, LearnOptions *o);

#endif							/* LEARN_OPTIONS_H */
