/*
 * algorithm.h: the descriptor every algorithm family exports.
 *
 * Adding an algorithm = one file in src/algorithms/ exporting a
 * LearnAlgorithm, one line in registry.c, and its SQL declarations.
 * The SQL layer (src/api/) drives aggregates, scoring and the catalog
 * through these callbacks and knows nothing algorithm-specific.
 */
#ifndef LEARN_ALGORITHM_H
#define LEARN_ALGORITHM_H

#include "postgres.h"

#include "core/bytes.h"
#include "core/model.h"
#include "core/options.h"
#include "core/state.h"
#include "lib/stringinfo.h"

typedef enum LearnTask
{
	LEARN_TASK_REGRESSION,
	LEARN_TASK_CLASSIFICATION,
	LEARN_TASK_CLUSTERING,
	LEARN_TASK_TRANSFORM
} LearnTask;

/* Algorithm ids are stored in models and states: never reuse or renumber. */
typedef enum LearnAlgorithmId
{
	LEARN_ALGO_LINEAR_REGRESSION = 1,
	LEARN_ALGO_PREPROCESS = 2
} LearnAlgorithmId;

/* Option keys an algorithm accepts (see api/options.c for their types). */
#define LEARN_OPT_INTERCEPT		(1u << 0)
#define LEARN_OPT_LAMBDA		(1u << 1)

/* One row of a coefficient table (learn.coefficients). */
typedef struct LearnCoefficient
{
	const char *term;
	double		estimate;
	double		std_error;		/* NaN when not available */
	double		t_value;
	double		p_value;
} LearnCoefficient;

typedef struct LearnAlgorithm
{
	uint16		id;
	const char *name;			/* as learn.train takes it */
	LearnTask	task;
	const char *aggregate;		/* training aggregate learn.train calls */
	uint32		max_features;
	uint32		option_mask;	/* LEARN_OPT_* keys accepted */

	/* aggregate state: float8 slots for n features, or -1 over the limit */
	int64		(*payload_len) (uint32 n_features);
	/* add one row; the generic code has already counted it in rows_used */
	void		(*accumulate) (LearnState *st, double y, const double *x);
	/* merge from into into (both non-empty, same dimensions and options) */
	void		(*combine) (LearnState *into, const LearnState *from);
	/* fit from a non-empty state: encode parameters, set feature statistics */
	void		(*fit) (const LearnState *st, const LearnOptions *opt, LearnModel *m,
						LearnWriter *params);

	/* model parameters */
	void	   *(*decode) (LearnReader *r, const LearnModel *m);
	double		(*predict) (const void *params, const double *x);
	/* append JSON object members (no braces) describing the parameters */
	void		(*describe) (StringInfo json, const void *params, const LearnModel *m);
	/* append JSON object members for the catalog's metrics column */
	void		(*metrics) (StringInfo json, const void *params, const LearnModel *m);
	/* coefficient table rows, or NULL if the model has none */
	int			(*coefficients) (const void *params, const LearnModel *m,
								 LearnCoefficient **rows);
} LearnAlgorithm;

/* registry.c */
extern const LearnAlgorithm *LearnAlgorithmByName(const char *name);
extern const LearnAlgorithm *LearnAlgorithmById(uint16 id);
extern const char *LearnAlgorithmNames(void);
extern const char *LearnTaskName(LearnTask task);
extern const LearnAlgorithm *LearnModelLoad(const uint8 *data, size_t len, LearnModel *m);

/* shared helpers for describe/metrics output */
extern void LearnJsonNumber(StringInfo json, double v);
extern void LearnJsonKey(StringInfo json, const char *key, bool first);

/* the algorithms */
extern const LearnAlgorithm learn_linear_regression;
extern const LearnAlgorithm learn_preprocess;

#endif							/* LEARN_ALGORITHM_H */
