/*
 * model.h: the one binary format of a pg_learn model.
 *
 * All integers little-endian, floats IEEE-754 binary64 little-endian.
 *
 *   offset 0   magic "PGLM"
 *          4   u16 format version (LEARN_MODEL_FORMAT)
 *          6   u16 algorithm id
 *          8   u32 number of features p
 *         12   u32 reserved, must be 0
 *         16   sections, each: u16 tag, u16 reserved (0), u32 length, payload;
 *              tags appear once each, in increasing order; FEATURES, TARGET,
 *              PARAMS and STATS are required, CLASSES and PIPELINE optional
 *   len - 4    u32 CRC-32C of every byte before it
 *
 *   FEATURES  u32 count (= p), then count names (u16 length + UTF-8 bytes)
 *   TARGET    one name
 *   CLASSES   u8 label kind (1 numeric, 2 boolean, 3 text), u32 count (2 to
 *             1000), count labels (u16 length + bytes) in the model's order
 *             (numeric by value, false before true, text in byte order)
 *   PIPELINE  the preparation steps from input columns to the features
 *             (core/pipeline.c); absent for models trained on float8[]
 *   PARAMS    the algorithm's own encoding (see src/algorithms/)
 *   STATS     u64 rows used, u64 rows skipped, u64 data fingerprint,
 *             f64 mean[p], f64 standard deviation[p] of the training features
 */
#ifndef LEARN_MODEL_H
#define LEARN_MODEL_H

#include "postgres.h"

#include "core/bytes.h"
#include "core/state.h"

#define LEARN_MODEL_MAGIC		"PGLM"
#define LEARN_MODEL_FORMAT		1
#define LEARN_MAX_FEATURES		100000	/* any algorithm; each has its own lower limit */
#define LEARN_MODEL_HEADER_LEN	16

typedef enum LearnSectionTag
{
	LEARN_SECTION_FEATURES = 1,
	LEARN_SECTION_TARGET = 2,
	LEARN_SECTION_CLASSES = 3,
	LEARN_SECTION_PIPELINE = 4,
	LEARN_SECTION_PARAMS = 5,
	LEARN_SECTION_STATS = 6,
	LEARN_SECTION_MAX = 6
} LearnSectionTag;

/* A decoded model; params stay encoded for the algorithm to decode. */
typedef struct LearnModel
{
	uint16		algorithm;
	uint32		n_features;
	char	  **feature_names;
	char	   *target_name;
	uint8		label_kind;		/* LearnLabelKind; 0 without classes */
	uint32		n_classes;
	char	  **class_names;
	int		   *class_perm;		/* while fitting: state index of each sorted class */
	int64		rows_used;
	int64		rows_skipped;
	uint64		fingerprint;
	double	   *feature_mean;
	double	   *feature_sd;
	const uint8 *params;		/* points into the caller's bytes */
	size_t		params_len;
	const uint8 *pipeline_bytes;	/* NULL when the model has no pipeline */
	size_t		pipeline_len;
	struct LearnPipeline *pipeline; /* decoded by LearnModelLoad */
	void	   *decoded;		/* the algorithm's decoded parameters */
} LearnModel;

extern bytea *LearnModelEncode(const LearnModel *m, const LearnWriter *params);
extern bytea *LearnModelAttachPipeline(const uint8 *data, size_t len, const LearnWriter *pipeline);
extern void LearnModelDecode(const uint8 *data, size_t len, LearnModel *m);

#endif							/* LEARN_MODEL_H */
