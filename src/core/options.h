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
	int32		max_iter;		/* iterative algorithms: iteration cap (0 = algorithm default) */
	double		tol;			/* convergence tolerance (0 = algorithm default) */
	bool		verbose;		/* NOTICE per iteration */
	uint8		class_weight;	/* LEARN_CLASS_WEIGHT_* */
	uint32		n_class_weights;	/* explicit weights: label -> weight */
	char	  **class_weight_labels;
	double	   *class_weights;
	int32		k;				/* k-means: clusters (0 = not set) */
	int32		n_init;			/* k-means: restarts (0 = default) */
	int64		seed;			/* random seed (has_seed) */
	bool		has_seed;
	int32		n_components;	/* PCA: components kept (0 = all) */
	bool		standardize;	/* PCA: scale features to unit variance */
	double		C;				/* SVM: inverse regularisation strength (0 = default 1) */
	double		alpha;			/* naive Bayes: smoothing (multinomial) or variance smoothing (gaussian); <0 = default */
	uint8		distribution;	/* naive Bayes: LEARN_NB_* */
} LearnOptions;

#define LEARN_NB_GAUSSIAN		0
#define LEARN_NB_MULTINOMIAL	1

#define LEARN_CLASS_WEIGHT_NONE		0
#define LEARN_CLASS_WEIGHT_BALANCED	1	/* n / (k n_c), as scikit-learn */
#define LEARN_CLASS_WEIGHT_EXPLICIT	2

extern void LearnOptionsDefaults(LearnOptions *o);
extern void LearnOptionsEncode(LearnWriter *w, const LearnOptions *o);
extern void LearnOptionsDecode(LearnReader *r, LearnOptions *o);

#endif							/* LEARN_OPTIONS_H */
