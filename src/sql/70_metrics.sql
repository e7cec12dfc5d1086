-- ---------------------------------------------------------------------------
-- Evaluation metrics (docs/evaluation.md): aggregates over (actual,
-- predicted), (actual, score) and (features, cluster), the set-returning
-- functions that unnest a confusion matrix or a score curve into rows, and
-- learn.evaluate.  Every aggregate is PARALLEL SAFE with a combine function;
-- states are bytea, validated on every entry.  Label arguments are "any":
-- an integer, boolean or text column compares with learn.predict_label
-- (text) or learn.predict (float8) without casts (the rule is in the docs).
-- ---------------------------------------------------------------------------

-- classification from (actual, predicted) labels: one confusion-matrix state

CREATE FUNCTION learn.metric_labels_trans(state bytea, actual "any", predicted "any") RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_labels_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_labels_trans(bytea, "any", "any") IS
    'transition function of the label metrics (counts the pair in a confusion matrix)';

CREATE FUNCTION learn.metric_labels_trans(state bytea, actual "any", predicted "any", average text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_labels_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_labels_trans(bytea, "any", "any", text) IS
    'transition function of the label metrics with an average';

CREATE FUNCTION learn.metric_labels_trans(state bytea, actual "any", predicted "any", average text, pos_label text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_labels_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_labels_trans(bytea, "any", "any", text, text) IS
    'transition function of the label metrics with an average and a positive label';

CREATE FUNCTION learn.metric_labels_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_labels_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_labels_combine(bytea, bytea) IS
    'combine function of the label metrics (adds confusion matrices)';

CREATE FUNCTION learn.accuracy_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_accuracy_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.accuracy_final(bytea) IS
    'final function of learn.accuracy';

CREATE FUNCTION learn.balanced_accuracy_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_balanced_accuracy_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.balanced_accuracy_final(bytea) IS
    'final function of learn.balanced_accuracy';

CREATE FUNCTION learn.precision_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_precision_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.precision_final(bytea) IS
    'final function of learn.precision';

CREATE FUNCTION learn.recall_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_recall_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.recall_final(bytea) IS
    'final function of learn.recall';

CREATE FUNCTION learn.f1_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_f1_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.f1_final(bytea) IS
    'final function of learn.f1';

CREATE FUNCTION learn.mcc_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_mcc_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.mcc_final(bytea) IS
    'final function of learn.mcc';

CREATE FUNCTION learn.confusion_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_confusion_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.confusion_final(bytea) IS
    'final function of learn.confusion_matrix';

CREATE AGGREGATE learn.accuracy(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.accuracy_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.accuracy("any", "any") IS
    'fraction of rows whose predicted label equals the actual one (sklearn accuracy_score); NULL without rows';

CREATE AGGREGATE learn.balanced_accuracy(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.balanced_accuracy_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.balanced_accuracy("any", "any") IS
    'mean recall over the actual classes (sklearn balanced_accuracy_score)';

CREATE AGGREGATE learn.mcc(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.mcc_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.mcc("any", "any") IS
    'Matthews correlation coefficient, multiclass as sklearn matthews_corrcoef; 0 when undefined';

CREATE AGGREGATE learn.confusion_matrix(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.confusion_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.confusion_matrix("any", "any") IS
    'confusion matrix as a compact bytea; unnest it with learn.confusion_rows';

CREATE AGGREGATE learn.precision(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.precision_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.precision("any", "any") IS
    'binary precision of the greater of at most two labels (sklearn precision_score default for 0/1 labels); 0 when undefined';

CREATE AGGREGATE learn.precision(actual "any", predicted "any", average text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.precision_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.precision("any", "any", text) IS
    'precision with average binary, macro, micro or weighted (sklearn precision_score); 0 when undefined (zero_division)';

CREATE AGGREGATE learn.precision(actual "any", predicted "any", average text, pos_label text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.precision_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.precision("any", "any", text, text) IS
    'precision with an average and the positive label for average binary';

CREATE AGGREGATE learn.recall(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.recall_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.recall("any", "any") IS
    'binary recall of the greater of at most two labels (sklearn recall_score default for 0/1 labels); 0 when undefined';

CREATE AGGREGATE learn.recall(actual "any", predicted "any", average text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.recall_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.recall("any", "any", text) IS
    'recall with average binary, macro, micro or weighted (sklearn recall_score); 0 when undefined (zero_division)';

CREATE AGGREGATE learn.recall(actual "any", predicted "any", average text, pos_label text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.recall_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.recall("any", "any", text, text) IS
    'recall with an average and the positive label for average binary';

CREATE AGGREGATE learn.f1(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.f1_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.f1("any", "any") IS
    'binary F1 score of the greater of at most two labels (sklearn f1_score default for 0/1 labels); 0 when undefined';

CREATE AGGREGATE learn.f1(actual "any", predicted "any", average text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.f1_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.f1("any", "any", text) IS
    'F1 score with average binary, macro, micro or weighted (sklearn f1_score); 0 when undefined (zero_division)';

CREATE AGGREGATE learn.f1(actual "any", predicted "any", average text, pos_label text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.f1_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.f1("any", "any", text, text) IS
    'F1 score with an average and the positive label for average binary';

CREATE FUNCTION learn.confusion_rows(confusion bytea) RETURNS TABLE (actual text, predicted text, n bigint)
    AS 'MODULE_PATHNAME', 'learn_confusion_rows'
    LANGUAGE C IMMUTABLE PARALLEL SAFE STRICT;
COMMENT ON FUNCTION learn.confusion_rows(bytea) IS
    'the cells of a learn.confusion_matrix value as rows, zeros included, in class order';

-- regression from (actual, predicted)

CREATE FUNCTION learn.metric_regression_trans(state bytea, actual float8, predicted float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_regression_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_regression_trans(bytea, float8, float8) IS
    'transition function of the regression metrics (running moments)';

CREATE FUNCTION learn.metric_regression_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_regression_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_regression_combine(bytea, bytea) IS
    'combine function of the regression metrics';

CREATE FUNCTION learn.rmse_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_rmse_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.rmse_final(bytea) IS
    'final function of learn.rmse';

CREATE AGGREGATE learn.rmse(actual float8, predicted float8) (
    SFUNC = learn.metric_regression_trans,
    STYPE = bytea,
    FINALFUNC = learn.rmse_final,
    COMBINEFUNC = learn.metric_regression_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.rmse(float8, float8) IS
    'root mean squared error (sklearn mean_squared_error, squared=False)';

CREATE FUNCTION learn.mae_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_mae_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.mae_final(bytea) IS
    'final function of learn.mae';

CREATE AGGREGATE learn.mae(actual float8, predicted float8) (
    SFUNC = learn.metric_regression_trans,
    STYPE = bytea,
    FINALFUNC = learn.mae_final,
    COMBINEFUNC = learn.metric_regression_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.mae(float8, float8) IS
    'mean absolute error (sklearn mean_absolute_error)';

CREATE FUNCTION learn.mape_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_mape_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.mape_final(bytea) IS
    'final function of learn.mape';

CREATE AGGREGATE learn.mape(actual float8, predicted float8) (
    SFUNC = learn.metric_regression_trans,
    STYPE = bytea,
    FINALFUNC = learn.mape_final,
    COMBINEFUNC = learn.metric_regression_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.mape(float8, float8) IS
    'mean absolute percentage error as a fraction, dividing by max(|actual|, machine epsilon) (sklearn mean_absolute_percentage_error)';

CREATE FUNCTION learn.r2_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_r2_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.r2_final(bytea) IS
    'final function of learn.r2';

CREATE AGGREGATE learn.r2(actual float8, predicted float8) (
    SFUNC = learn.metric_regression_trans,
    STYPE = bytea,
    FINALFUNC = learn.r2_final,
    COMBINEFUNC = learn.metric_regression_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.r2(float8, float8) IS
    'coefficient of determination (sklearn r2_score); NULL under two rows';

CREATE FUNCTION learn.explained_variance_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_explained_variance_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.explained_variance_final(bytea) IS
    'final function of learn.explained_variance';

CREATE AGGREGATE learn.explained_variance(actual float8, predicted float8) (
    SFUNC = learn.metric_regression_trans,
    STYPE = bytea,
    FINALFUNC = learn.explained_variance_final,
    COMBINEFUNC = learn.metric_regression_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.explained_variance(float8, float8) IS
    'explained variance score (sklearn explained_variance_score); NULL under two rows';

-- binary ranking from (actual, score): the pairs are kept (16 bytes a row, up to learn.memory_limit)

CREATE FUNCTION learn.metric_scores_trans(state bytea, actual "any", score float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_scores_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_scores_trans(bytea, "any", float8) IS
    'transition function of the binary score metrics (keeps the pair)';

CREATE FUNCTION learn.metric_scores_trans(state bytea, actual "any", score float8, pos_label text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_scores_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_scores_trans(bytea, "any", float8, text) IS
    'transition function of the binary score metrics with a positive label';

CREATE FUNCTION learn.metric_scores_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_scores_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_scores_combine(bytea, bytea) IS
    'combine function of the binary score metrics (concatenates the pairs)';

CREATE FUNCTION learn.roc_auc_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_roc_auc_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.roc_auc_final(bytea) IS
    'final function of learn.roc_auc';

CREATE FUNCTION learn.pr_auc_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_pr_auc_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.pr_auc_final(bytea) IS
    'final function of learn.pr_auc';

CREATE FUNCTION learn.binary_scores_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_binary_scores_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.binary_scores_final(bytea) IS
    'final function of learn.binary_scores';

CREATE AGGREGATE learn.roc_auc(actual "any", score float8) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.roc_auc_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.roc_auc("any", float8) IS
    'area under the ROC curve (sklearn roc_auc_score, binary); NULL unless both classes occur; the positive class is the greater of two labels';

CREATE AGGREGATE learn.roc_auc(actual "any", score float8, pos_label text) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.roc_auc_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.roc_auc("any", float8, text) IS
    'area under the ROC curve (sklearn roc_auc_score, binary); NULL unless both classes occur; with the positive label';

CREATE AGGREGATE learn.pr_auc(actual "any", score float8) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.pr_auc_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.pr_auc("any", float8) IS
    'average precision, the step-wise area under the precision-recall curve (sklearn average_precision_score); NULL without a positive; the positive class is the greater of two labels';

CREATE AGGREGATE learn.pr_auc(actual "any", score float8, pos_label text) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.pr_auc_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.pr_auc("any", float8, text) IS
    'average precision, the step-wise area under the precision-recall curve (sklearn average_precision_score); NULL without a positive; with the positive label';

CREATE AGGREGATE learn.binary_scores(actual "any", score float8) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.binary_scores_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.binary_scores("any", float8) IS
    'the (score, label) pairs as a compact bytea for learn.roc_curve and learn.pr_curve; the positive class is the greater of two labels';

CREATE AGGREGATE learn.binary_scores(actual "any", score float8, pos_label text) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.binary_scores_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.binary_scores("any", float8, text) IS
    'the (score, label) pairs as a compact bytea for learn.roc_curve and learn.pr_curve; with the positive label';

CREATE FUNCTION learn.roc_curve(scores bytea) RETURNS TABLE (threshold float8, tpr float8, fpr float8, "precision" float8, recall float8)
    AS 'MODULE_PATHNAME', 'learn_roc_curve'
    LANGUAGE C IMMUTABLE PARALLEL SAFE STRICT;
COMMENT ON FUNCTION learn.roc_curve(bytea) IS
    'the points of sklearn roc_curve(drop_intermediate=False) of a learn.binary_scores value, as rows';

CREATE FUNCTION learn.pr_curve(scores bytea) RETURNS TABLE (threshold float8, tpr float8, fpr float8, "precision" float8, recall float8)
    AS 'MODULE_PATHNAME', 'learn_pr_curve'
    LANGUAGE C IMMUTABLE PARALLEL SAFE STRICT;
COMMENT ON FUNCTION learn.pr_curve(bytea) IS
    'the points of sklearn precision_recall_curve of a learn.binary_scores value, as rows';

-- log loss

CREATE FUNCTION learn.metric_logloss_trans(state bytea, actual "any", p float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_logloss_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_logloss_trans(bytea, "any", float8) IS
    'transition function of binary learn.log_loss';

CREATE FUNCTION learn.metric_logloss_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_logloss_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_logloss_combine(bytea, bytea) IS
    'combine function of binary learn.log_loss';

CREATE FUNCTION learn.log_loss_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_log_loss_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.log_loss_final(bytea) IS
    'final function of binary learn.log_loss';

CREATE AGGREGATE learn.log_loss(actual "any", p float8) (
    SFUNC = learn.metric_logloss_trans,
    STYPE = bytea,
    FINALFUNC = learn.log_loss_final,
    COMBINEFUNC = learn.metric_logloss_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.log_loss("any", float8) IS
    'binary log loss, p the probability of the greater label (sklearn log_loss, p clipped to [eps, 1-eps]); NULL unless both labels occur';

CREATE FUNCTION learn.metric_logloss_multi_trans(state bytea, actual "any", proba float8[], classes text[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_logloss_multi_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_logloss_multi_trans(bytea, "any", float8[], text[]) IS
    'transition function of multiclass learn.log_loss';

CREATE FUNCTION learn.metric_logloss_multi_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_logloss_multi_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_logloss_multi_combine(bytea, bytea) IS
    'combine function of multiclass learn.log_loss';

CREATE FUNCTION learn.log_loss_multi_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_log_loss_multi_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.log_loss_multi_final(bytea) IS
    'final function of multiclass learn.log_loss';

CREATE AGGREGATE learn.log_loss(actual "any", proba float8[], classes text[]) (
    SFUNC = learn.metric_logloss_multi_trans,
    STYPE = bytea,
    FINALFUNC = learn.log_loss_multi_final,
    COMBINEFUNC = learn.metric_logloss_multi_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.log_loss("any", float8[], text[]) IS
    'log loss of class probabilities proba[i] of classes[i] (learn.predict_proba, learn.classes); sklearn log_loss with labels';

-- clustering

CREATE FUNCTION learn.metric_silhouette_trans(state bytea, features float8[], cluster "any") RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_silhouette_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_silhouette_trans(bytea, float8[], "any") IS
    'transition function of learn.silhouette (keeps the rows, up to 20000)';

CREATE FUNCTION learn.metric_silhouette_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_silhouette_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_silhouette_combine(bytea, bytea) IS
    'combine function of learn.silhouette';

CREATE FUNCTION learn.silhouette_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_silhouette_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.silhouette_final(bytea) IS
    'final function of learn.silhouette: exact O(n^2) silhouette';

CREATE AGGREGATE learn.silhouette(features float8[], cluster "any") (
    SFUNC = learn.metric_silhouette_trans,
    STYPE = bytea,
    FINALFUNC = learn.silhouette_final,
    COMBINEFUNC = learn.metric_silhouette_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.silhouette(float8[], "any") IS
    'mean silhouette coefficient, Euclidean, exact (sklearn silhouette_score); at most 20000 rows; NULL unless 2 <= clusters <= rows - 1';

-- learn.evaluate

CREATE FUNCTION learn.evaluate(model text, source text) RETURNS TABLE (metric text, value float8)
    AS 'MODULE_PATHNAME', 'learn_evaluate_name'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION learn.evaluate(text, text) IS
    'one row per metric of the deployed version of a stored model on a table, view or SELECT query';

CREATE FUNCTION learn.evaluate(model bytea, source text) RETURNS TABLE (metric text, value float8)
    AS 'MODULE_PATHNAME', 'learn_evaluate_bytea'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION learn.evaluate(bytea, text) IS
    'one row per metric of a model (bytea) on a table, view or SELECT query';
