/*
 * pipeline.h: the preparation steps fitted at training time and replayed at
 * scoring, so that both see exactly the same features (no training/serving
 * skew).  A pipeline maps input columns, by name, to the model's float8
 * features.  This module knows nothing of SQL types: the SQL layer converts
 * each column's datum into a LearnRaw value first (src/api/prepare.c).
 */
#ifndef LEARN_PIPELINE_H
#define LEARN_PIPELINE_H

#include "postgres.h"

#include "core/bytes.h"

#define LEARN_PIPELINE_VERSION	1
#define LEARN_MAX_INPUTS		1600	/* PostgreSQL's column limit */
#define LEARN_MAX_CATEGORIES	10000
#define LEARN_MAX_BUCKETS		1000
#define LEARN_MAX_ARRAY_LEN		10000

/* What an input column is; also decides which SQL types it accepts. */
typedef enum LearnInputKind
{
	LEARN_INPUT_NUMERIC = 1,	/* smallint .. numeric */
	LEARN_INPUT_BOOLEAN = 2,	/* boolean, as 0/1 */
	LEARN_INPUT_CATEGORY = 3,	/* text, varchar, char, name, enum: one-hot */
	LEARN_INPUT_TIME = 4,		/* date, timestamp, timestamptz: parts */
	LEARN_INPUT_ARRAY = 5		/* float8[] of fixed length: one feature per element */
} LearnInputKind;

typedef enum LearnImpute
{
	LEARN_IMPUTE_NONE = 0,		/* a NULL makes the row unusable (skipped / NULL score) */
	LEARN_IMPUTE_MEAN = 1,
	LEARN_IMPUTE_MEDIAN = 2,
	LEARN_IMPUTE_MOST_FREQUENT = 3,
	LEARN_IMPUTE_CONSTANT = 4,
	LEARN_IMPUTE_MISSING = 5	/* categories: NULL encodes like an unseen category */
} LearnImpute;

typedef enum LearnScale
{
	LEARN_SCALE_NONE = 0,
	LEARN_SCALE_STANDARD = 1,	/* (x - mean) / population sd */
	LEARN_SCALE_MINMAX = 2,		/* (x - min) / (max - min) */
	LEARN_SCALE_ROBUST = 3		/* (x - median) / (q3 - q1) */
} LearnScale;

/* date and time parts, in output order */
#define LEARN_PART_YEAR		(1u << 0)
#define LEARN_PART_MONTH	(1u << 1)
#define LEARN_PART_DAY		(1u << 2)
#define LEARN_PART_DOW		(1u << 3)	/* 0 = Sunday .. 6 = Saturday */
#define LEARN_PART_HOUR		(1u << 4)
#define LEARN_PART_WEEKEND	(1u << 5)
#define LEARN_PART_EPOCH	(1u << 6)	/* seconds since 1970-01-01 00:00 UTC */
#define LEARN_N_PARTS		7

/* One input column and its fitted steps. */
typedef struct LearnInput
{
	char	   *name;			/* column name */
	char	   *type_name;		/* SQL type at training, for messages */
	uint8		kind;			/* LearnInputKind */
	uint8		impute;			/* LearnImpute */
	uint8		scale;			/* LearnScale (numeric only) */
	bool		indicator;		/* add a <name>__missing 0/1 feature */
	double		impute_value;	/* numeric, boolean */
	double		center;			/* scaling: x' = (x - center) / divisor */
	double		divisor;
	uint32		n_bounds;		/* numeric bucketing: bin edges, ascending */
	double	   *bounds;
	uint32		n_categories;	/* category: sorted by byte order */
	char	  **categories;
	uint32	   *category_len;
	bool		drop_first;		/* category, buckets: the first is the baseline (no feature) */
	bool		other;			/* category: an __other__ feature for rare and unseen values */
	char	   *impute_category;	/* category: value used for NULL (most_frequent/constant) */
	uint32		parts;			/* time: LEARN_PART_* */
	double		part_impute[LEARN_N_PARTS];
	uint32		array_len;		/* array */
	uint32		n_outputs;		/* derived: features this input produces */
	uint32		first_output;	/* derived: index of its first feature */
	/* scoring caches, derived at decode time, never encoded */
	int32	   *category_slots; /* open-addressing hash of categories: index + 1, or 0 */
	uint32		category_mask;
	int64		cached_day;		/* time: the last day decoded (INT64_MIN: none) */
	double		cached_civil[4];	/* its year, month, day, day of week */
} LearnInput;

typedef struct LearnPipeline
{
	uint32		n_inputs;
	LearnInput *inputs;
	uint32		n_outputs;
} LearnPipeline;

/* One input value, converted from SQL by the caller. */
typedef struct LearnRaw
{
	bool		isnull;
	double		num;			/* numeric, boolean, time (epoch seconds) */
	const char *str;			/* category text (not NUL-terminated) */
	int			len;
	const double *arr;			/* array elements */
	int			arr_len;
	bool		arr_has_null;
} LearnRaw;

/* Per-call counts of values that needed a defined fallback. */
typedef struct LearnTransformCounts
{
	int64		imputed;		/* NULLs replaced by imputation */
	int64		unseen;			/* categories not seen in training */
} LearnTransformCounts;

extern void LearnPipelineFinish(LearnPipeline *pl);
extern void LearnPipelineEncode(LearnWriter *w, const LearnPipeline *pl);
extern void LearnPipelineDecode(LearnReader *r, LearnPipeline *pl);
extern char **LearnPipelineFeatureNames(const LearnPipeline *pl);
extern bool LearnPipelineTransform(const LearnPipeline *pl, const LearnRaw *raw, double *out,
								   LearnTransformCounts *counts);
extern void LearnTimeParts(double epoch, double *parts);
extern const char *LearnInputKindName(uint8 kind);
extern const char *LearnPartName(int part);

#endif							/* LEARN_PIPELINE_H */
