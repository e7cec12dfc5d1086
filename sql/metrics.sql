-- Evaluation metrics: aggregates, confusion rows, curves, learn.evaluate.
-- Expected values are worked out by hand in the comments; floats are
-- compared with a tolerance inside SQL.
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

-- ---------------------------------------------------------------------------
-- Classification from labels.  9 rows: TP = 3, FN = 1, FP = 2, TN = 3 for
-- the positive label 1.
-- ---------------------------------------------------------------------------
CREATE TABLE cls (a int, p int, grp text);
INSERT INTO cls VALUES (1, 1, 'x'), (1, 1, 'x'), (1, 0, 'x'), (0, 1, 'x'), (0, 1, 'y'),
                       (0, 0, 'y'), (0, 0, 'y'), (0, 0, 'y'), (1, 1, 'y');

SELECT abs(learn.accuracy(a, p) - 6.0 / 9) < 1e-12 AS accuracy,                 -- 6 of 9 right
       abs(learn.balanced_accuracy(a, p) - 0.675) < 1e-12 AS balanced,          -- (3/4 + 3/5) / 2
       abs(learn.precision(a, p) - 0.6) < 1e-12 AS precision_binary,            -- 3 / 5
       abs(learn.recall(a, p) - 0.75) < 1e-12 AS recall_binary,                 -- 3 / 4
       abs(learn.f1(a, p) - 2.0 / 3) < 1e-12 AS f1_binary,                      -- 2 .6 .75 / 1.35
       abs(learn.mcc(a, p) - 0.35) < 1e-12 AS mcc                               -- (9 - 2) / sqrt(5 4 5 4)
FROM cls;

SELECT abs(learn.precision(a, p, 'binary', '0') - 0.75) < 1e-12 AS precision_of_0,   -- 3 / 4
       abs(learn.precision(a, p, 'macro') - 0.675) < 1e-12 AS precision_macro,        -- (3/4 + 3/5) / 2
       abs(learn.precision(a, p, 'micro') - 6.0 / 9) < 1e-12 AS precision_micro,      -- = accuracy
       abs(learn.precision(a, p, 'weighted') - (5 * 0.75 + 4 * 0.6) / 9) < 1e-12 AS precision_weighted,
       abs(learn.recall(a, p, 'weighted') - 6.0 / 9) < 1e-12 AS recall_weighted,      -- = accuracy
       abs(learn.f1(a, p, 'macro') - (2 * 0.75 * 0.6 / 1.35 + 2.0 / 3) / 2) < 1e-12 AS f1_macro
FROM cls;

-- The confusion matrix as rows (every cell, zeros included, in class order).
SELECT * FROM learn.confusion_rows((SELECT learn.confusion_matrix(a, p) FROM cls));

-- One model per group in one scan.
SELECT grp, round(learn.accuracy(a, p)::numeric, 4) AS accuracy, round(learn.recall(a, p, 'macro')::numeric, 4) AS recall
FROM cls GROUP BY grp ORDER BY grp;

-- ---------------------------------------------------------------------------
-- Labels of different types are compared by value without casts.
-- ---------------------------------------------------------------------------
SELECT learn.accuracy(1, '1'::text) AS int_vs_text;
SELECT learn.accuracy(true, 'true'::text) AS bool_vs_text;
SELECT learn.accuracy(false, 'f'::text) AS bool_vs_text_short;
SELECT learn.accuracy(1, 1.0::float8) AS int_vs_float8;
SELECT learn.accuracy(1.0::numeric, 1) AS numeric_vs_int;
SELECT learn.accuracy(0.5::float8, '0.50'::text) AS float_vs_text_number;
SELECT learn.accuracy('a'::text, 1) AS text_vs_int_differ;
SELECT learn.accuracy(2::smallint, 2::bigint) AS smallint_vs_bigint;
SELECT learn.accuracy(a, p) AS bool_vs_predict_0_1 FROM (VALUES (true, 1.0::float8), (false, 0), (false, 1)) v(a, p);
SELECT learn.accuracy(true, 2) AS bool_vs_int;      -- ERROR: only 0 and 1 compare with booleans
SELECT * FROM learn.confusion_rows((SELECT learn.confusion_matrix(a, p)
    FROM (VALUES (10, '9'), (9, '10'), (9, '9.0')) v(a, p)));   -- numeric order, not text order

-- ---------------------------------------------------------------------------
-- Edge cases, one per line.
-- ---------------------------------------------------------------------------
SELECT learn.accuracy(a, p) IS NULL AS empty_is_null FROM cls WHERE false;
SELECT learn.accuracy(a, p) IS NULL AS all_null_rows_are_null FROM (VALUES (NULL::int, 1), (1, NULL)) v(a, p);
SELECT learn.accuracy(a, p) AS null_rows_skipped FROM (VALUES (1, 1), (NULL, 0), (0, NULL), (0, 0)) v(a, p);
SELECT learn.precision(a, p) AS no_positive_predictions_precision_0 FROM (VALUES (1, 0), (0, 0)) v(a, p);
SELECT learn.f1(a, p) AS no_positive_predictions_f1_0 FROM (VALUES (1, 0), (0, 0)) v(a, p);
SELECT learn.recall(a, p, 'binary', '1') AS pos_label_absent_one_class_0 FROM (VALUES (0, 0), (0, 0)) v(a, p);
SELECT learn.mcc(a, p) AS mcc_constant_prediction_0 FROM (VALUES (1, 0), (0, 0)) v(a, p);
SELECT learn.balanced_accuracy(a, p) AS balanced_skips_predicted_only_class FROM (VALUES (0, 0), (0, 1)) v(a, p);
SELECT learn.precision(a, p) FROM (VALUES (0, 0), (1, 1), (2, 2)) v(a, p);                  -- ERROR: binary needs <= 2 labels
SELECT learn.precision(a, p, 'binary', '7') FROM (VALUES (0, 0), (1, 1)) v(a, p);           -- ERROR: pos_label absent
SELECT learn.precision(a, p, 'mean') FROM (VALUES (0, 0)) v(a, p);                          -- ERROR: unknown average
SELECT learn.precision(a, p, CASE WHEN a = 0 THEN 'macro' ELSE 'micro' END) FROM (VALUES (0, 0), (1, 1)) v(a, p);  -- ERROR: average varies
SELECT learn.confusion_matrix(a, p) IS NULL AS empty_confusion_is_null FROM cls WHERE false;

-- ---------------------------------------------------------------------------
-- Regression.  e = actual - predicted = -1, 0, -2, 1: SSE 6, mean(y) 2.5,
-- SS_tot 5, mean(e) -0.5, sum (e - mean e)^2 = 5.
-- ---------------------------------------------------------------------------
CREATE TABLE reg (y float8, yhat float8);
INSERT INTO reg VALUES (1, 2), (2, 2), (3, 5), (4, 3);
SELECT abs(learn.rmse(y, yhat) - sqrt(1.5)) < 1e-12 AS rmse,
       abs(learn.mae(y, yhat) - 1) < 1e-12 AS mae,
       abs(learn.mape(y, yhat) - (1 + 0 + 2.0 / 3 + 0.25) / 4) < 1e-12 AS mape,
       abs(learn.r2(y, yhat) - (1 - 6.0 / 5)) < 1e-12 AS r2,
       abs(learn.explained_variance(y, yhat) - 0) < 1e-12 AS explained_variance
FROM reg;
SELECT learn.rmse(y, yhat) IS NULL AS empty_is_null FROM reg WHERE false;
SELECT learn.rmse(y, yhat) AS one_row_rmse, learn.r2(y, yhat) IS NULL AS one_row_r2_null FROM (VALUES (1.0::float8, 3.0::float8)) v(y, yhat);
SELECT learn.r2(y, yhat) AS constant_actual_perfect_1 FROM (VALUES (2.0::float8, 2.0::float8), (2, 2)) v(y, yhat);
SELECT learn.r2(y, yhat) AS constant_actual_imperfect_0 FROM (VALUES (2.0::float8, 2.0::float8), (2, 3)) v(y, yhat);
SELECT learn.mae(y, yhat) AS null_rows_skipped FROM (VALUES (1.0::float8, 2.0::float8), (NULL, 5), (7, NULL)) v(y, yhat);
SELECT learn.mape(y, yhat) > 1e15 AS mape_zero_actual_divides_by_epsilon FROM (VALUES (0.0::float8, 1.0::float8)) v(y, yhat);
SELECT learn.rmse(y, yhat) FROM (VALUES ('NaN'::float8, 1.0::float8)) v(y, yhat);           -- ERROR: not finite
SELECT learn.rmse(y, yhat) FROM (VALUES (1.0::float8, 'Infinity'::float8)) v(y, yhat);      -- ERROR: not finite

-- ---------------------------------------------------------------------------
-- Binary scores.  Positives at 0.9, 0.7, 0.3; negatives at 0.8, 0.7, 0.1
-- (a tie at 0.7).  ROC AUC = 1/9 + 1/6 + 1/3 = 11/18; average precision =
-- 1/3 * 1 + 1/3 * 2/4 + 1/3 * 3/5 = 0.7.
-- ---------------------------------------------------------------------------
CREATE TABLE sc (a boolean, s float8);
INSERT INTO sc VALUES (true, 0.9), (false, 0.8), (true, 0.7), (false, 0.7), (true, 0.3), (false, 0.1);
SELECT abs(learn.roc_auc(a, s) - 11.0 / 18) < 1e-12 AS roc_auc,
       abs(learn.pr_auc(a, s) - 0.7) < 1e-12 AS pr_auc,
       abs(learn.roc_auc(a, s, 'true') - 11.0 / 18) < 1e-12 AS roc_auc_pos_true,
       abs(learn.roc_auc(a, s, 'false') - 7.0 / 18) < 1e-12 AS roc_auc_pos_false,
       abs(learn.log_loss(a, s) + (ln(0.9) + ln(1 - 0.8) + ln(0.7) + ln(1 - 0.7) + ln(0.3) + ln(1 - 0.1)) / 6) < 1e-12 AS log_loss
FROM sc;

-- The curves as rows a BI tool can plot with one SELECT.
SELECT round(threshold::numeric, 4) AS threshold, round(tpr::numeric, 4) AS tpr, round(fpr::numeric, 4) AS fpr,
       round(precision::numeric, 4) AS precision, round(recall::numeric, 4) AS recall
FROM (SELECT learn.binary_scores(a, s) AS b FROM sc) q, learn.roc_curve(q.b);
SELECT round(threshold::numeric, 4) AS threshold, round(precision::numeric, 4) AS precision, round(recall::numeric, 4) AS recall
FROM (SELECT learn.binary_scores(a, s) AS b FROM sc) q, learn.pr_curve(q.b);

-- Edge cases, one per line.
SELECT learn.roc_auc(a, s) IS NULL AS empty_is_null FROM sc WHERE false;
SELECT learn.roc_auc(a, s) IS NULL AS one_class_roc_auc_null FROM sc WHERE a;
SELECT learn.pr_auc(a, s) IS NULL AS one_class_pr_auc_null FROM sc WHERE a;
SELECT learn.pr_auc(a, s, 'true') AS only_positives_pr_auc_1 FROM sc WHERE a;
SELECT learn.roc_auc(a, s, 'true') IS NULL AS only_positives_roc_auc_null FROM sc WHERE a;
SELECT learn.pr_auc(a, s, 'true') IS NULL AS no_positive_pr_auc_null FROM sc WHERE NOT a;
SELECT learn.log_loss(a, s) IS NULL AS one_class_log_loss_null FROM sc WHERE a;
SELECT learn.roc_auc(a, s) AS null_rows_skipped FROM (VALUES (true, 0.9::float8), (false, NULL), (NULL, 0.1), (false, 0.2)) v(a, s);
SELECT count(*) FROM (SELECT learn.binary_scores(a, s) AS b FROM sc WHERE a) q, learn.roc_curve(q.b);  -- ERROR: positive unknown
SELECT fpr IS NULL AS fpr_undefined_without_negatives FROM (SELECT learn.binary_scores(a, s, 'true') AS b FROM sc WHERE a) q, learn.roc_curve(q.b) LIMIT 1;
SELECT learn.roc_auc(a, s) FROM (VALUES (true, 'NaN'::float8)) v(a, s);                     -- ERROR: NaN score
SELECT learn.roc_auc(a, s) FROM (VALUES (true, '-Infinity'::float8)) v(a, s);               -- ERROR: infinite score
SELECT learn.roc_auc(a, s) FROM (VALUES (1, 0.5::float8), (2, 0.4), (3, 0.1)) v(a, s);      -- ERROR: a third label
SELECT learn.log_loss(a, s) AS probabilities_clipped FROM (VALUES (1, 1.0::float8), (0, 0.0)) v(a, s);
SET learn.memory_limit = '64kB';
SELECT learn.roc_auc(i % 2, i::float8) FROM generate_series(1, 5000) i;                     -- ERROR: 54000 over learn.memory_limit
RESET learn.memory_limit;

-- Multiclass log loss: probabilities per class, named by a class array.
SELECT abs(learn.log_loss(a, p, ARRAY['a', 'b', 'c']) + (ln(0.5) + ln(0.8)) / 2) < 1e-12 AS log_loss_multi
FROM (VALUES ('b', ARRAY[0.2, 0.5, 0.3]::float8[]), ('c', ARRAY[0.1, 0.1, 0.8])) v(a, p);
SELECT learn.log_loss(a, p, ARRAY['a', 'b']) FROM (VALUES ('z', ARRAY[0.5, 0.5]::float8[])) v(a, p);   -- ERROR: not a class
SELECT learn.log_loss(a, p, ARRAY['a', 'b']) FROM (VALUES ('a', ARRAY[1.0]::float8[])) v(a, p);        -- ERROR: one per class

-- ---------------------------------------------------------------------------
-- Silhouette.  Points 0 and 1 in cluster a, 4 alone in b:
-- s(0) = (4 - 1) / 4, s(1) = (3 - 1) / 3, s(4) = 0 (a singleton).
-- ---------------------------------------------------------------------------
SELECT abs(learn.silhouette(ARRAY[x], c) - (0.75 + 2.0 / 3) / 3) < 1e-12 AS silhouette
FROM (VALUES (0.0::float8, 'a'), (1, 'a'), (4, 'b')) v(x, c);
SELECT learn.silhouette(ARRAY[x], c) IS NULL AS one_cluster_null FROM (VALUES (0.0::float8, 1), (1, 1)) v(x, c);
SELECT learn.silhouette(ARRAY[x], c) IS NULL AS every_row_own_cluster_null FROM (VALUES (0.0::float8, 1), (1, 2)) v(x, c);
SELECT learn.silhouette(ARRAY[x], c) IS NULL AS empty_is_null FROM (VALUES (0.0::float8, 1)) v(x, c) WHERE false;
SELECT learn.silhouette(f, c) AS null_rows_skipped FROM (VALUES (ARRAY[0.0::float8], 1), (ARRAY[NULL::float8], 1), (ARRAY[1.0], 2), (ARRAY[5.0], NULL), (ARRAY[1.5], 2)) v(f, c);
SELECT learn.silhouette(f, c) FROM (VALUES (ARRAY[0.0::float8], 1), (ARRAY[1.0, 2.0], 2)) v(f, c);   -- ERROR: dimensions differ
SELECT learn.silhouette(ARRAY[i::float8], i % 3) FROM generate_series(1, 20001) i;                      -- ERROR: 54000 row limit
-- Both ways of summing distances agree: per-row cluster sums (n * k doubles within
-- learn.memory_limit, each distance once) and row by row (over the limit).
CREATE TABLE sil AS SELECT ARRAY[(i * 7919 % 1000) / 100.0, (i * 104729 % 997) / 100.0]::float8[] AS f, i % 10 AS c
FROM generate_series(1, 1000) i;
SELECT learn.silhouette(f, c) AS s FROM sil \gset pairwise_
SET learn.memory_limit = '64kB';
SELECT abs(learn.silhouette(f, c) - :pairwise_s) < 1e-12 AS row_by_row_equal FROM sil;
RESET learn.memory_limit;

-- ---------------------------------------------------------------------------
-- A forced parallel plan: Partial Aggregate, and the same results as serial.
-- ---------------------------------------------------------------------------
CREATE TABLE big AS
SELECT i % 3 AS a, (i * 7 + i / 5) % 3 AS p, (i % 2 = 1) AS pos, ((i * 37) % 1000) / 1000.0 + (i % 2) * 0.3 AS s,
       (i % 100)::float8 AS y, (i % 100)::float8 + ((i * 13) % 7) - 3 AS yhat, ARRAY[(i % 17)::float8, (i % 5)::float8] AS f
FROM generate_series(1, 30000) i;
ANALYZE big;
CREATE VIEW big_metrics AS
SELECT learn.accuracy(a, p) AS accuracy, learn.f1(a, p, 'macro') AS f1, learn.mcc(a, p) AS mcc,
       learn.rmse(y, yhat) AS rmse, learn.r2(y, yhat) AS r2, learn.explained_variance(y, yhat) AS ev,
       learn.roc_auc(pos, s) AS roc_auc, learn.pr_auc(pos, s) AS pr_auc, learn.log_loss(pos, s) AS log_loss,
       learn.silhouette(f, a) FILTER (WHERE y < 5) AS silhouette,
       (SELECT array_agg(n ORDER BY actual, predicted) FROM learn.confusion_rows(learn.confusion_matrix(a, p))) AS confusion
FROM big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial AS SELECT * FROM big_metrics;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT learn.accuracy(a, p), learn.rmse(y, yhat), learn.roc_auc(pos, s), learn.silhouette(f, a) FROM big;
CREATE TABLE parallel AS SELECT * FROM big_metrics;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT s.accuracy = p.accuracy AS accuracy, s.f1 = p.f1 AS f1, s.mcc = p.mcc AS mcc,
       abs(s.rmse - p.rmse) < 1e-12 * s.rmse AS rmse, abs(s.r2 - p.r2) < 1e-12 AS r2, abs(s.ev - p.ev) < 1e-12 AS ev,
       s.roc_auc = p.roc_auc AS roc_auc, s.pr_auc = p.pr_auc AS pr_auc, abs(s.log_loss - p.log_loss) < 1e-12 AS log_loss,
       abs(s.silhouette - p.silhouette) < 1e-12 AS silhouette, s.confusion = p.confusion AS confusion,
       s.roc_auc BETWEEN 0.5 AND 1 AS roc_auc_sane
FROM serial s, parallel p;

-- ---------------------------------------------------------------------------
-- The transition and combine functions called directly.
-- ---------------------------------------------------------------------------
-- Folding by hand gives what the aggregate gives.
SELECT learn.accuracy_final(learn.metric_labels_combine(
           learn.metric_labels_trans(learn.metric_labels_trans(NULL, 1, 1), 0, 1),
           learn.metric_labels_trans(NULL, 0, 0))) AS two_of_three;
SELECT learn.rmse_final(learn.metric_regression_combine(
           learn.metric_regression_trans(NULL, 1, 2), learn.metric_regression_trans(NULL, 3, 3))) = sqrt(0.5) AS rmse;
SELECT learn.metric_labels_combine(NULL, NULL) IS NULL AS both_null;
-- Garbage bytes give 22P03, never a crash.
\set VERBOSITY sqlstate
SELECT learn.metric_labels_trans('\x00'::bytea, 1, 1);
SELECT learn.metric_labels_trans('\xdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef'::bytea, 1, 1);
SELECT learn.metric_labels_combine('\x0102'::bytea, learn.metric_labels_trans(NULL, 1, 1));
SELECT learn.metric_regression_trans(learn.metric_labels_trans(NULL, 1, 1), 1, 1);      -- a state of another metric
SELECT learn.metric_scores_combine(learn.metric_scores_trans(NULL, 1, 0.5), '\x'::bytea);
SELECT learn.metric_silhouette_trans('\x0000000000000000'::bytea, ARRAY[1.0::float8], 1);
SELECT learn.metric_logloss_trans(learn.metric_logloss_multi_trans(NULL, 'a', ARRAY[0.5, 0.5]::float8[], ARRAY['a', 'b']), 1, 0.5);
SELECT learn.accuracy_final('\xffff'::bytea);
SELECT learn.confusion_rows('\x00'::bytea);
SELECT learn.roc_curve(learn.metric_labels_trans(NULL, 1, 1));
-- a well-formed header with an impossible count (NaN in the confusion cell)
SELECT learn.accuracy_final(overlay(s PLACING '\x000000000000f87f'::bytea FROM length(s) - 7))
FROM (SELECT learn.metric_labels_trans(NULL, 1, 1) AS s) q;
-- a score row whose class index is out of range
SELECT learn.roc_auc_final(overlay(s PLACING '\x0000000000001440'::bytea FROM length(s) - 7))
FROM (SELECT learn.metric_scores_trans(learn.metric_scores_trans(NULL, 1, 0.5), 0, 0.2) AS s) q;
-- regression moments out of range (a negative sum of squares)
SELECT learn.r2_final(overlay(s PLACING '\x000000000000f0bf'::bytea FROM length(s) - 55))
FROM (SELECT learn.metric_regression_trans(learn.metric_regression_trans(NULL, 1, 2), 3, 3) AS s) q;
\set VERBOSITY default

-- ---------------------------------------------------------------------------
-- learn.evaluate: one row per metric for the model's task.
-- ---------------------------------------------------------------------------
CREATE TABLE ev_reg (x1 float8, x2 float8, target float8);
INSERT INTO ev_reg SELECT i, (i * 7) % 11, 3 + 2 * i - (i * 7) % 11 + ((i * 13) % 5 - 2) FROM generate_series(1, 50) i;
SELECT name, version, algorithm, rows_used FROM learn.train('ev_reg_model', 'linear_regression', 'ev_reg', 'target');
-- The metrics equal the aggregates over learn.predict.
SELECT e.metric, abs(e.value - a.value) < 1e-9 AS equal
FROM learn.evaluate('ev_reg_model', 'ev_reg') e
JOIN (SELECT * FROM (SELECT learn.rmse(target, p) rmse, learn.mae(target, p) mae, learn.mape(target, p) mape,
                            learn.r2(target, p) r2, learn.explained_variance(target, p) ev, count(*)::float8 n
                     FROM (SELECT target, learn.predict('ev_reg_model', t) AS p FROM ev_reg t) s) q,
      LATERAL (VALUES ('rmse', rmse), ('mae', mae), ('mape', mape), ('r2', r2), ('explained_variance', ev), ('n', n)) v(metric, value)) a
  USING (metric);
-- by bytea, on a query (feature columns bound by name, any order, extra columns ignored)
SELECT metric, round(value::numeric, 6) AS value
FROM learn.evaluate(learn.model('ev_reg_model'), 'SELECT target, 0 AS extra, x2, x1 FROM ev_reg WHERE x1 <= 25');

CREATE TABLE ev_cls (x1 float8, x2 float8, label boolean);
INSERT INTO ev_cls SELECT i % 10, (i * 3) % 7, (i % 10) + ((i * 3) % 7) * 0.5 + ((i * 17) % 5) > 7 FROM generate_series(1, 200) i;
SELECT name, rows_used FROM learn.train('ev_cls_model', 'logistic_regression', 'ev_cls', 'label');
SELECT metric, value BETWEEN 0 AND 1 OR metric IN ('log_loss', 'mcc', 'n') AS in_range
FROM learn.evaluate('ev_cls_model', 'ev_cls');
SELECT e.value = learn.roc_auc(label, (learn.predict_proba('ev_cls_model', t))[2]) AS roc_auc_equal
FROM ev_cls t, learn.evaluate('ev_cls_model', 'ev_cls') e WHERE e.metric = 'roc_auc' GROUP BY e.value;

CREATE TABLE ev_km (a float8, b float8);
INSERT INTO ev_km SELECT (i % 3) * 10 + (i % 7) * 0.1, (i % 3) * 5 + (i % 4) * 0.1 FROM generate_series(1, 90) i;
SELECT name FROM learn.train('ev_km_model', 'kmeans', 'ev_km', options => '{"k": 3}');
SELECT metric, round(value::numeric, 6) AS value FROM learn.evaluate('ev_km_model', 'ev_km');

SELECT name FROM learn.train('ev_pca_model', 'pca', 'ev_km', options => '{"n_components": 1}');
SELECT metric, value BETWEEN 0 AND 1 OR metric = 'n' AS sane FROM learn.evaluate('ev_pca_model', 'ev_km');

-- Errors.
SELECT * FROM learn.evaluate('no_such_model', 'ev_reg');                       -- ERROR: unknown model
SELECT * FROM learn.evaluate('ev_reg_model', 'no_such_table');                 -- ERROR: unknown relation
SELECT * FROM learn.evaluate('ev_reg_model', 'SELECT 1; DROP TABLE ev_reg');   -- ERROR: one SELECT only
SELECT * FROM learn.evaluate('ev_reg_model', 'SELECT x1, x2 FROM ev_reg');     -- ERROR: no target column
SELECT * FROM learn.evaluate('\x00'::bytea, 'ev_reg');                         -- ERROR: bad model bytes
-- The source is read with the caller's privileges.
CREATE ROLE metrics_reader;
GRANT USAGE ON SCHEMA learn TO metrics_reader;
SELECT learn.model('ev_reg_model') AS reg_model \gset
SET ROLE metrics_reader;
SELECT * FROM learn.evaluate(:'reg_model'::bytea, 'ev_reg');                  -- ERROR: permission denied
RESET ROLE;
DROP OWNED BY metrics_reader;
DROP ROLE metrics_reader;

DELETE FROM learn.models WHERE name LIKE 'ev\_%';
DROP TABLE cls, reg, sc, sil, big, serial, parallel, ev_reg, ev_cls, ev_km CASCADE;

-- Every new function and aggregate has a comment.
SELECT count(*) AS without_comment
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'learn' AND obj_description(p.oid, 'pg_proc') IS NULL;
