/*
 * fuzz_stats: the combine and final functions of the evaluation-metric and
 * statistics aggregates (learn.metric_*_combine, learn.<metric>_final,
 * learn.stat_*_combine / _final, learn.comoments_combine, the covariance
 * and correlation finals, learn.hash_sample_combine / _final), given
 * arbitrary bytes as states.  An ERROR is the expected outcome of bad bytes;
 * a sanitizer report or an abort is a bug.
 *
 * Input: byte 0 selects the function pair, bytes 1-4 the length of state A
 * (little-endian), the rest is A then B.  Each input runs final(A), and,
 * when B is not empty, final(combine(A, B)).  (Several of these combine
 * functions are STRICT, so PostgreSQL never passes them a NULL; the SQL
 * catalogue covers the NULL cases of the others.)  Finals returning a composite (learn.test_result) or
 * an array stop with an ERROR at the very end, where the result would be
 * built (the harness runtime has no catalog), after validating and
 * computing everything.
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>

#include "fmgr.h"
#include "runtime.h"

#define DECLARE(fn) extern Datum fn(PG_FUNCTION_ARGS);

DECLARE(learn_metric_labels_combine)
DECLARE(learn_accuracy_final)
DECLARE(learn_balanced_accuracy_final)
DECLARE(learn_precision_final)
DECLARE(learn_recall_final)
DECLARE(learn_f1_final)
DECLARE(learn_mcc_final)
DECLARE(learn_confusion_final)
DECLARE(learn_metric_regression_combine)
DECLARE(learn_rmse_final)
DECLARE(learn_mae_final)
DECLARE(learn_mape_final)
DECLARE(learn_r2_final)
DECLARE(learn_explained_variance_final)
DECLARE(learn_metric_scores_combine)
DECLARE(learn_roc_auc_final)
DECLARE(learn_pr_auc_final)
DECLARE(learn_binary_scores_final)
DECLARE(learn_metric_logloss_combine)
DECLARE(learn_log_loss_final)
DECLARE(learn_metric_logloss_multi_combine)
DECLARE(learn_log_loss_multi_final)
DECLARE(learn_metric_silhouette_combine)
DECLARE(learn_silhouette_final)
DECLARE(learn_stat_moments_combine)
DECLARE(learn_stat_moments_final)
DECLARE(learn_stat_sample_combine)
DECLARE(learn_stat_sample_final)
DECLARE(learn_stat_table_combine)
DECLARE(learn_stat_table_final)
DECLARE(learn_comoments_combine)
DECLARE(learn_covariance_final)
DECLARE(learn_correlation_final)
DECLARE(hash_sample_combine)
DECLARE(hash_sample_final)

typedef struct Pair
{
	PGFunction	combine;
	PGFunction	final;
} Pair;

/* the selector byte's meaning; the corpus depends on this order */
static const Pair pairs[] = {
	{learn_metric_labels_combine, learn_accuracy_final},
	{learn_metric_labels_combine, learn_balanced_accuracy_final},
	{learn_metric_labels_combine, learn_precision_final},
	{learn_metric_labels_combine, learn_recall_final},
	{learn_metric_labels_combine, learn_f1_final},
	{learn_metric_labels_combine, learn_mcc_final},
	{learn_metric_labels_combine, learn_confusion_final},
	{learn_metric_regression_combine, learn_rmse_final},
	{learn_metric_regression_combine, learn_mae_final},
	{learn_metric_regression_combine, learn_mape_final},
	{learn_metric_regression_combine, learn_r2_final},
	{learn_metric_regression_combine, learn_explained_variance_final},
	{learn_metric_scores_combine, learn_roc_auc_final},
	{learn_metric_scores_combine, learn_pr_auc_final},
	{learn_metric_scores_combine, learn_binary_scores_final},
	{learn_metric_logloss_combine, learn_log_loss_final},
	{learn_metric_logloss_multi_combine, learn_log_loss_multi_final},
	{learn_metric_silhouette_combine, learn_silhouette_final},
	{learn_stat_moments_combine, learn_stat_moments_final},
	{learn_stat_sample_combine, learn_stat_sample_final},
	{learn_stat_table_combine, learn_stat_table_final},
	{learn_comoments_combine, learn_covariance_final},
	{learn_comoments_combine, learn_correlation_final},
	{hash_sample_combine, hash_sample_final},
};

typedef struct Input
{
	const Pair *pair;
	uint8_t    *a;				/* malloc'd, exact size */
	size_t		a_len;
	uint8_t    *b;
	size_t		b_len;
} Input;

/* FuzzMakeBytea and FuzzCall (runtime.c) under short names */
#define MakeBytea FuzzMakeBytea
#define Call FuzzCall

static void
RunFinal(void *arg)
{
	Input	   *in = arg;

	(void) Call(in->pair->final, 1, MakeBytea(in->a, in->a_len), false, 0, true);
}

static void
RunCombineTwo(void *arg)
{
	Input	   *in = arg;
	Datum		merged = Call(in->pair->combine, 2, MakeBytea(in->a, in->a_len), false,
							  MakeBytea(in->b, in->b_len), false);

	if (merged != (Datum) 0)
		(void) Call(in->pair->final, 1, merged, false, 0, true);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Input		in;

	if (size < 5)
		return 0;
	in.pair = &pairs[data[0] % lengthof(pairs)];
	FuzzSplitStates(data, size, &in.a, &in.a_len, &in.b, &in.b_len);
	(void) FuzzTry(RunFinal, &in);
	FuzzResetMemory();
	if (in.b_len > 0)
	{
		(void) FuzzTry(RunCombineTwo, &in);
		FuzzResetMemory();
	}
	free(in.a);
	free(in.b);
	return 0;
}
