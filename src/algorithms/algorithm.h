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
#include "core/simd.h"
#include "core/state.h"
#include "lib/stringinfo.h"

typedef enum LearnTask
{
	LEARN_TASK_REGRESSION,
	LEARN_TASK_CLASSIFICATION,
	LEARN_TASK_CLUSTERING,
	LEARN_TASK_TRANSFORM
} LearnTask;

/* What the first aggregate argument is. */
typedef enum LearnTargetKind
{
	LEARN_TARGET_NUMBER,		/* (y float8, x float8[] ...) */
	LEARN_TARGET_LABEL,			/* (label anyelement, x float8[] ...): classes */
	LEARN_TARGET_NONE			/* (x float8[] ...) */
} LearnTargetKind;

/* Algorithm ids are stored in models and states: never reuse or renumber. */
typedef enum LearnAlgorithmId
{
	LEARN_ALGO_LINEAR_REGRESSION = 1,
	LEARN_ALGO_PREPROCESS = 2,
	LEARN_ALGO_LOGISTIC_REGRESSION = 3,
	LEARN_ALGO_NAIVE_BAYES = 4,
	LEARN_ALGO_KMEANS = 5,
	LEARN_ALGO_PCA = 6,
	LEARN_ALGO_LINEAR_SVM = 7,
	/* internal ids of step-aggregate states (learn.<algo>_step) */
	LEARN_ALGO_LOGREG_STEP = 103,
	LEARN_ALGO_KMEANS_STEP = 105,
	LEARN_ALGO_SVM_STEP = 107
} LearnAlgorithmId;

/* Option keys an algorithm accepts (see api/options.c for their types). */
#define LEARN_OPT_INTERCEPT		(1u << 0)
#define LEARN_OPT_LAMBDA		(1u << 1)
#define LEARN_OPT_MAX_ITER		(1u << 2)
#define LEARN_OPT_TOL			(1u << 3)
#define LEARN_OPT_VERBOSE		(1u << 4)
#define LEARN_OPT_CLASS_WEIGHT	(1u << 5)
#define LEARN_OPT_K				(1u << 6)
#define LEARN_OPT_N_INIT		(1u << 7)
#define LEARN_OPT_SEED			(1u << 8)
#define LEARN_OPT_N_COMPONENTS	(1u << 9)
#define LEARN_OPT_STANDARDIZE	(1u << 10)
#define LEARN_OPT_C				(1u << 11)
#define LEARN_OPT_ALPHA			(1u << 12)
#define LEARN_OPT_DISTRIBUTION	(1u << 13)

/* One row of a coefficient table (learn.coefficients). */
typedef struct LearnCoefficient
{
	const char *term;
	double		estimate;
	double		std_error;		/* NaN when not available */
	double		t_value;
	double		p_value;
} LearnCoefficient;

/*
 * What learn.train gives an iterative algorithm to start a streamed fit
 * (sources over learn.memory_limit): the prepared feature names, the
 * classes of a classifier with their row counts, and a way to read a
 * deterministic sample of prepared training rows (for seeding).
 */
typedef struct LearnStreamStart
{
	const LearnOptions *opt;
	uint32		p;
	char	  **feature_names;
	const char *target;
	LearnLabelKind label_kind;
	uint32		n_classes;
	char	  **class_names;
	const double *class_counts;
	int64		n_rows;
	/* up to max_rows prepared rows (row-major, p values each); returns the count */
	int64		(*sample) (const struct LearnStreamStart *ctx, int64 max_rows, double **rows);

	/*
	 * Classifiers: up to max_rows training rows chosen by a hash of their
	 * values, each its class index (in class_names' order) and p prepared
	 * values; for a warm start only (a row whose label could not be matched
	 * to a class is left out); returns the count.
	 */
	int64		(*sample_classes) (const struct LearnStreamStart *ctx, int64 max_rows, double **rows);
	void	   *private;
} LearnStreamStart;

typedef struct LearnAlgorithm
{
	uint16		id;
	const char *name;			/* as learn.train takes it */
	LearnTask	task;
	const char *aggregate;		/* training aggregate learn.train calls */
	LearnTargetKind target;
	bool		keeps_rows;		/* the aggregate keeps its rows (bounded by learn.memory_limit) */
	uint32		max_features;
	uint32		option_mask;	/* LEARN_OPT_* keys accepted */

	/*
	 * Aggregate state: float8 slots in use for these dimensions (or -1 over a
	 * limit).  Per-class blocks grow the payload when a new label appears;
	 * algorithms that keep their rows (to iterate over them in memory) grow
	 * it by one row per accumulated row.
	 */
	LearnPayloadLenFn payload_len;
	/* add one row (y is the class index for labels); rows_used counts it already */
	void		(*accumulate) (LearnState *st, double y, const double *x);
	/*
	 * merge from into into (both with rows, same dimensions and options);
	 * class_map[c] is into's index of from's class c (NULL without classes);
	 * into's payload has been grown to hold the merged result
	 */
	void		(*combine) (LearnState *into, const LearnState *from, const int *class_map);
	/*
	 * fit from a state with rows: encode parameters, set feature statistics;
	 * m->class_names is sorted, m->class_perm[i] is the state's index of
	 * sorted class i
	 */
	void		(*fit) (const LearnState *st, const LearnOptions *opt, LearnModel *m,
						LearnWriter *params);

	/*
	 * Streaming (row-keeping algorithms): the model a streamed fit starts
	 * from, the step aggregate that evaluates a model and returns the next
	 * one, and whether a model is finished.
	 */
	bytea	   *(*stream_start) (const LearnStreamStart *ctx);
	const char *step_aggregate;
	bool		(*stream_finished) (const LearnModel *m);

	/* model parameters */
	void	   *(*decode) (LearnReader *r, const LearnModel *m);
	/* regression value, or cluster number */
	double		(*predict) (const void *params, const double *x);
	/* classification: probability of each class, in the model's class order */
	void		(*proba) (const void *params, const double *x, double *out);
	/* classification: decision scores (n_decision of them) */
	void		(*decision) (const void *params, const double *x, double *out);
	uint32		(*n_decision) (const void *params);
	/* transforms (PCA): n_transform outputs */
	void		(*transform) (const void *params, const double *x, double *out);
	uint32		(*n_transform) (const void *params);
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
extern const LearnAlgorithm *LearnAlgorithmByAggregate(const char *sqlname);
extern const char *LearnAlgorithmNames(void);
extern const char *LearnTaskName(LearnTask task);
extern const LearnAlgorithm *LearnModelLoad(const uint8 *data, size_t len, LearnModel *m);

/* learn.memory_limit, in kB (pg_learn.c) */
extern int	learn_memory_limit_kb;
extern bool learn_direct_scan;

/* shared helpers for describe/metrics output */
extern void LearnJsonNumber(StringInfo json, double v);
extern void LearnJsonKey(StringInfo json, const char *key, bool first);
extern int64 LearnStreamWarmSample(const LearnStreamStart *ctx, int64 min_rows, double **rows,
								   int **identity);

/* the algorithms */
extern const LearnAlgorithm learn_linear_regression;
extern const LearnAlgorithm learn_preprocess;
extern const LearnAlgorithm learn_logistic_regression;
extern const LearnAlgorithm learn_naive_bayes;
extern const LearnAlgorithm learn_kmeans;
extern const LearnAlgorithm learn_pca;
extern const LearnAlgorithm learn_linear_svm;

#endif							/* LEARN_ALGORITHM_H */
