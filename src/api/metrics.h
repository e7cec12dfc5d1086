/*
 * metrics.h: the evaluation aggregates' state ids and label canonicalisation
 * shared by api/metrics.c and api/evaluate.c.
 */
#ifndef LEARN_API_METRICS_H
#define LEARN_API_METRICS_H

#include "core/state.h"

/*
 * Metric aggregate states reuse the training state header under these ids
 * (stored in states users may keep: never reuse or renumber; the training
 * algorithms' ids are in algorithms/algorithm.h).
 */
/* 201-206; the statistics states use 211-214 (core/stattests.h) */
#define LEARN_METRIC_LABELS			201	/* confusion matrix */
#define LEARN_METRIC_REGRESSION		202	/* regression moments */
#define LEARN_METRIC_SCORES			203	/* binary (score, label) pairs */
#define LEARN_METRIC_LOGLOSS		204	/* binary log loss sums */
#define LEARN_METRIC_LOGLOSS_MULTI	205	/* multiclass log loss sum */
#define LEARN_METRIC_SILHOUETTE		206	/* clustered rows */

extern char *LearnCanonicalTextLabel(char *s, LearnLabelKind other);

#endif							/* LEARN_API_METRICS_H */
