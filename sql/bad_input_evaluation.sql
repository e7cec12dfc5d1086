-- Bad-input catalogue, part 4: the evaluation metrics (docs/evaluation.md):
-- every metric aggregate, their transition, combine and final functions
-- called directly with arbitrary bytes (empty, truncated, corrupted, states
-- of another metric or of a training aggregate, huge), the row functions
-- (confusion_rows, roc_curve, pr_curve) and learn.evaluate.  One case per
-- line, printed by try(): the first value, or the SQLSTATE and message of
-- the error (STRICT functions give NULL, or no rows, for NULL arguments).
SET extra_float_digits = 0;
\set SHOW_CONTEXT never
\pset tuples_only on
\pset format unaligned
SET client_min_messages = error;

CREATE FUNCTION public.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE q INTO r;
    RETURN 'ok: ' || coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
-- a float8 as the 8 little-endian bytes of a state's payload
CREATE FUNCTION public.le8(v float8) RETURNS bytea LANGUAGE sql IMMUTABLE AS
    $$SELECT string_agg(substr(float8send(v), i, 1), ''::bytea ORDER BY i DESC) FROM generate_series(1, 8) i$$;
-- a state with payload slot `slot` (0-based) set to v: the payload is the
-- last payload_cap * 8 bytes (payload_cap is the u32 at byte 44 of the data)
CREATE FUNCTION public.put8(b bytea, slot int, v float8) RETURNS bytea LANGUAGE sql IMMUTABLE AS
    $$SELECT overlay(b PLACING le8(v) FROM length(b) - 8 * (get_byte(b, 44) + 256 * get_byte(b, 45)) + 8 * slot + 1 FOR 8)$$;
-- rows_used (byte 20 of the data, low byte) set to n
CREATE FUNCTION public.rows_to(b bytea, n int) RETURNS bytea LANGUAGE sql IMMUTABLE AS
    $$SELECT set_byte(b, 20, n)$$;

CREATE TABLE ev (i int, a int, p int, t text, s float8, y float8, yhat float8, x1 float8, x2 float8, lab text, b bool);
INSERT INTO ev SELECT i, i % 2, (i / 3) % 2, CASE WHEN i % 2 = 0 THEN 'neg' ELSE 'pos' END,
                      ((i * 37) % 101) / 101.0, i, i + ((i * 7) % 5) - 2, i % 7, (i * 3) % 11,
                      CASE WHEN i % 7 > 3 THEN 'a' ELSE 'b' END, i % 3 = 0
FROM generate_series(1, 60) i;
-- one state of each metric (the transition functions called directly, outside an aggregate)
CREATE TABLE ev_states (k text PRIMARY KEY, st bytea);
INSERT INTO ev_states
SELECT 'labels', learn.metric_labels_trans(learn.metric_labels_trans(NULL, 1, 0), 0, 0)
UNION ALL SELECT 'labels_macro', learn.metric_labels_trans(NULL, 1, 0, 'macro')
UNION ALL SELECT 'labels_text', learn.metric_labels_trans(NULL, 'x'::text, 'y'::text)
UNION ALL SELECT 'labels_empty', learn.metric_labels_trans(NULL, NULL::int, NULL::int)
UNION ALL SELECT 'regression', learn.metric_regression_trans(learn.metric_regression_trans(NULL, 1, 2), 3, 3)
UNION ALL SELECT 'scores', learn.metric_scores_trans(learn.metric_scores_trans(NULL, 1, 0.9), 0, 0.2)
UNION ALL SELECT 'scores_pos', learn.metric_scores_trans(NULL, 1, 0.9, '1')
UNION ALL SELECT 'scores_text', learn.metric_scores_trans(NULL, 'x'::text, 0.5)
UNION ALL SELECT 'logloss', learn.metric_logloss_trans(learn.metric_logloss_trans(NULL, 1, 0.9), 0, 0.2)
UNION ALL SELECT 'logloss_multi', learn.metric_logloss_multi_trans(NULL, 'a'::text, ARRAY[0.2, 0.8], ARRAY['a', 'b'])
UNION ALL SELECT 'silhouette', learn.metric_silhouette_trans(learn.metric_silhouette_trans(NULL, ARRAY[1, 2]::float8[], 1), ARRAY[3, 4]::float8[], 2)
UNION ALL SELECT 'silhouette4', learn.metric_silhouette_trans(learn.metric_silhouette_trans(learn.metric_silhouette_trans(learn.metric_silhouette_trans(NULL, ARRAY[1, 2]::float8[], 1), ARRAY[1, 3]::float8[], 1), ARRAY[5, 5]::float8[], 2), ARRAY[9, 9]::float8[], 3)
UNION ALL SELECT 'silhouette_3', learn.metric_silhouette_trans(NULL, ARRAY[1, 2, 3]::float8[], 1)
UNION ALL SELECT 'linreg', learn.linreg_fit_trans(NULL, 1, ARRAY[1, 2]::float8[])
UNION ALL SELECT 'nb', learn.nb_fit_trans(NULL, 'a'::text, ARRAY[1, 2]::float8[])
UNION ALL SELECT 'confusion', (SELECT learn.confusion_matrix(a, p) FROM ev)
UNION ALL SELECT 'binary', (SELECT learn.binary_scores(a, s) FROM ev)
UNION ALL SELECT 'binary_pos', (SELECT learn.binary_scores(t, s, 'pos') FROM ev)
UNION ALL SELECT 'binary_one', (SELECT learn.binary_scores(a, s) FROM ev WHERE a = 1);
CREATE FUNCTION public.es(k text) RETURNS bytea LANGUAGE sql STABLE AS 'SELECT st FROM ev_states WHERE ev_states.k = $1';
-- one model of each kind, trained and stored, and as bytes
CREATE TABLE ev_models (k text PRIMARY KEY, m bytea);
INSERT INTO ev_models
SELECT 'linreg', learn.linreg_fit(y, ARRAY[x1, x2]) FROM ev
UNION ALL SELECT 'logreg', learn.logreg_fit(lab, ARRAY[x1, x2], '{"lambda": 1}') FROM ev
UNION ALL SELECT 'nb3', learn.nb_fit(CASE WHEN i % 3 = 0 THEN 'c' ELSE lab END, ARRAY[x1, x2]) FROM ev
UNION ALL SELECT 'svm', learn.svm_fit(lab, ARRAY[x1, x2]) FROM ev
UNION ALL SELECT 'kmeans', learn.kmeans_fit(ARRAY[x1, x2], '{"k": 2, "seed": 1}') FROM ev
UNION ALL SELECT 'pca', learn.pca_fit(ARRAY[x1, x2]) FROM ev
UNION ALL SELECT 'prep', learn.preprocess_fit(y, ARRAY[x1, x2], '{}') FROM ev;
CREATE FUNCTION public.em(k text) RETURNS bytea LANGUAGE sql STABLE AS 'SELECT m FROM ev_models WHERE ev_models.k = $1';
SELECT count(*) FROM learn.train('ev_lin', 'linear_regression', 'ev', 'y', ARRAY['x1', 'x2']);
SELECT count(*) FROM learn.train('ev_log', 'logistic_regression', 'ev', 'lab', ARRAY['x1', 'x2'], '{"lambda": 1}');
SELECT count(*) FROM learn.train('ev_km', 'kmeans', 'ev', NULL, ARRAY['x1', 'x2'], '{"k": 2, "seed": 1}');
CREATE TABLE ev_empty (LIKE ev);
CREATE TABLE ev_secret AS SELECT * FROM ev;
CREATE TABLE "ev""; DROP TABLE ev; --" AS SELECT * FROM ev;
CREATE VIEW ev_view AS SELECT * FROM ev WHERE i <= 20;
-- a model whose target column has a hostile name, trained from the hostile table
ALTER TABLE "ev""; DROP TABLE ev; --" RENAME COLUMN y TO "y""; DROP TABLE ev; --";
SELECT count(*) FROM learn.train('ev_hostile', 'linear_regression', '"ev""; DROP TABLE ev; --"', 'y"; DROP TABLE ev; --', ARRAY['x1', 'x2']);
INSERT INTO ev_models SELECT 'logreg01', learn.logreg_fit(a, ARRAY[x1, x2], '{"lambda": 1}') FROM ev;
-- a user-defined aggregate over the metric functions, with a bad initial state
CREATE AGGREGATE public.ev_bad_acc(int, int) (SFUNC = learn.metric_labels_trans, STYPE = bytea,
    FINALFUNC = learn.accuracy_final, INITCOND = '\x50474c53');
CREATE AGGREGATE public.ev_acc(int, int) (SFUNC = learn.metric_labels_trans, STYPE = bytea,
    FINALFUNC = learn.accuracy_final, COMBINEFUNC = learn.metric_labels_combine, PARALLEL = SAFE);
CREATE ROLE regress_eval_stranger NOLOGIN;
GRANT USAGE ON SCHEMA learn TO regress_eval_stranger;
GRANT SELECT ON learn.models, learn.registry TO regress_eval_stranger;
GRANT SELECT ON ev, ev_models TO regress_eval_stranger;

-- label metrics: zero rows, one row, NULL rows, one class
SELECT try($$SELECT learn.accuracy(a, p) FROM ev WHERE false$$);
SELECT try($$SELECT learn.accuracy(a, p) FROM ev WHERE i = 1$$);
SELECT try($$SELECT learn.accuracy(NULL::int, p) FROM ev$$);
SELECT try($$SELECT learn.accuracy(NULL, NULL)$$);
SELECT try($$SELECT learn.accuracy(a, NULL::int) FROM ev$$);
SELECT try($$SELECT learn.balanced_accuracy(a, p) FROM ev WHERE false$$);
SELECT try($$SELECT learn.balanced_accuracy(1, 1) FROM ev$$);
SELECT try($$SELECT learn.balanced_accuracy(1, 0) FROM ev$$);
SELECT try($$SELECT learn.precision(a, p) FROM ev WHERE false$$);
SELECT try($$SELECT learn.precision(1, 1) FROM ev$$);
SELECT try($$SELECT learn.precision(0, 0) FROM ev$$);
SELECT try($$SELECT learn.precision(0, 0, 'binary', '1') FROM ev$$);
SELECT try($$SELECT learn.precision(a, 0) FROM ev$$);
SELECT try($$SELECT learn.recall(a, p) FROM ev WHERE false$$);
SELECT try($$SELECT learn.recall(0, 1) FROM ev$$);
SELECT try($$SELECT learn.recall(1, 1, 'macro') FROM ev$$);
SELECT try($$SELECT learn.f1(a, p) FROM ev WHERE false$$);
SELECT try($$SELECT learn.f1(1, 1) FROM ev$$);
SELECT try($$SELECT learn.f1(a, 0, 'weighted') FROM ev$$);
SELECT try($$SELECT learn.f1(a, 0, 'micro') FROM ev$$);
SELECT try($$SELECT learn.mcc(a, p) FROM ev WHERE false$$);
SELECT try($$SELECT learn.mcc(1, 1) FROM ev$$);
SELECT try($$SELECT learn.mcc(a, 1) FROM ev$$);
SELECT try($$SELECT learn.mcc(a, a) FROM ev$$);
SELECT try($$SELECT learn.mcc(a, 1 - a) FROM ev$$);
SELECT try($$SELECT learn.confusion_matrix(a, p) FROM ev WHERE false$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows((SELECT learn.confusion_matrix(a, p) FROM ev WHERE i = 1))$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows((SELECT learn.confusion_matrix(a, p) FROM ev WHERE false))$$);

-- label metrics: averages and positive labels
SELECT try($$SELECT learn.precision(a, p, 'Macro') FROM ev$$);
SELECT try($$SELECT learn.precision(a, p, '') FROM ev$$);
SELECT try($$SELECT learn.precision(a, p, 'samples') FROM ev$$);
SELECT try($$SELECT learn.recall(a, p, 'macro; DROP TABLE ev; --') FROM ev$$);
SELECT try($$SELECT learn.f1(a, p, NULL) = learn.f1(a, p) FROM ev$$);
SELECT try($$SELECT learn.f1(a, p, 'binary', NULL) = learn.f1(a, p) FROM ev$$);
SELECT try($$SELECT learn.f1(a, p, 'binary', '') FROM ev$$);
SELECT try($$SELECT learn.f1(a, p, 'binary', repeat('x', 1025)) FROM ev$$);
SELECT try($$SELECT learn.f1(a, p, 'binary', '7') FROM ev$$);
SELECT try($$SELECT learn.f1(a, p, 'binary', 'pos') FROM ev$$);
SELECT try($$SELECT learn.f1(t, t, 'binary', 'pos') FROM ev$$);
SELECT try($$SELECT learn.f1(a, p, 'macro', '7') FROM ev$$);
SELECT try($$SELECT learn.precision(i % 3, p) FROM ev$$);
SELECT try($$SELECT learn.precision(i % 3, p, 'binary', '2') FROM ev$$);
SELECT try($$SELECT learn.recall(i % 3, i % 3, 'micro') FROM ev$$);
SELECT try($$SELECT learn.precision(a, p, CASE WHEN i = 30 THEN 'micro' ELSE 'macro' END) FROM ev$$);
SELECT try($$SELECT learn.precision(a, p, 'binary', CASE WHEN i = 30 THEN '0' ELSE '1' END) FROM ev$$);
SELECT try($$SELECT learn.precision(a, p, CASE WHEN i = 30 THEN NULL ELSE 'macro' END) FROM ev$$);

-- label metrics: label values and kinds
SELECT try($$SELECT learn.accuracy(a::float8 / 0.0, p) FROM ev WHERE a = 1$$);
SELECT try($$SELECT learn.accuracy('NaN'::float8, 1)$$);
SELECT try($$SELECT learn.accuracy(1, 'Infinity'::float8)$$);
SELECT try($$SELECT learn.accuracy('-Infinity'::float4, 1)$$);
SELECT try($$SELECT learn.accuracy('NaN'::numeric, 1)$$);
SELECT try($$SELECT learn.accuracy('Infinity'::numeric, 1)$$);
SELECT try($$SELECT learn.accuracy(('1' || repeat('0', 400))::numeric, 1)$$);
SELECT try($$SELECT learn.accuracy(1e300::float8, 1e300::numeric)$$);
SELECT try($$SELECT learn.accuracy(0.1::float8, 0.1::float4)$$);
SELECT try($$SELECT learn.accuracy(-0.0::float8, 0)$$);
SELECT try($$SELECT learn.accuracy(1, 'NaN'::text)$$);
SELECT try($$SELECT learn.accuracy(1, ' 1'::text)$$);
SELECT try($$SELECT learn.accuracy(1, '1e400'::text)$$);
SELECT try($$SELECT learn.accuracy(true, 2)$$);
SELECT try($$SELECT learn.accuracy(true, 0.5::float8)$$);
SELECT try($$SELECT learn.accuracy(1, true)$$);
SELECT try($$SELECT learn.accuracy(true, 'yes'::text)$$);
SELECT try($$SELECT learn.accuracy(false, 'maybe'::text)$$);
SELECT try($$SELECT learn.accuracy(b, a) FROM ev$$);
SELECT try($$SELECT learn.accuracy(t, a) FROM ev$$);
SELECT try($$SELECT learn.accuracy('a', 'a')$$);
SELECT try($$SELECT learn.accuracy(''::text, ''::text)$$);
SELECT try($$SELECT learn.accuracy(repeat('x', 1024), repeat('x', 1024))$$);
SELECT try($$SELECT learn.accuracy(repeat('x', 1025), 'x'::text)$$);
SELECT try($$SELECT learn.accuracy(repeat('x', 1000000), 'x'::text)$$);
SELECT try($$SELECT learn.accuracy(ARRAY[1, 2], ARRAY[1, 2])$$);
SELECT try($$SELECT learn.accuracy(ROW(1, 'a'), ROW(1, 'a'))$$);
SELECT try($$SELECT learn.accuracy(E'a\nb'::text, E'a\nb'::text)$$);
SELECT try($$SELECT learn.accuracy('x''; DROP TABLE ev; --'::text, 'x''; DROP TABLE ev; --'::text)$$);
SELECT try($$SELECT learn.accuracy('2024-01-01'::date, '2024-01-01'::text)$$);
SELECT try($$SELECT learn.accuracy(i, i) FROM generate_series(1, 1001) i$$);
SELECT try($$SELECT learn.accuracy(i, i + 1) FROM generate_series(1, 600) i$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows((SELECT learn.confusion_matrix(i, i) FROM generate_series(1, 1000) i))$$);

-- metric_labels_trans, metric_labels_combine and the label finals called directly
SELECT try($$SELECT length(learn.metric_labels_trans(NULL, NULL::int, NULL::int)) > 0$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_trans(NULL, NULL::int, NULL::int))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_trans(es('labels'), 1, 1))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_trans(es('labels'), 'x'::text, 1))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_trans(es('labels'), true, true))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_trans(es('labels'), 1, 1, 'macro'))$$);
SELECT try($$SELECT learn.recall_final(learn.metric_labels_trans(es('labels_macro'), 1, 1, 'macro'))$$);
SELECT try($$SELECT learn.recall_final(learn.metric_labels_trans(es('labels_macro'), 1, 1, 'micro'))$$);
SELECT try($$SELECT learn.recall_final(learn.metric_labels_trans(es('labels_macro'), 1, 1))$$);
SELECT try($$SELECT learn.recall_final(learn.metric_labels_trans(es('labels_macro'), 1, 1, 'macro', '1'))$$);
SELECT try($$SELECT learn.metric_labels_trans(es('regression'), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(es('linreg'), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(es('nb'), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(''::bytea, 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans('\x00'::bytea, 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(substr(es('labels'), 1, 63), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(substr(es('labels'), 1, length(es('labels')) - 8), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(es('labels') || '\x00'::bytea, 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(set_byte(es('labels'), 0, 0), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(set_byte(es('labels'), 4, 2), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(set_byte(es('labels'), 8, 7), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(set_byte(es('labels'), 52, 3), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(set_byte(es('labels'), 56, 9), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(set_byte(es('labels'), 58, 1), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(set_byte(es('labels'), 27, 128), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(set_byte(es('labels'), 16, 200), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(set_byte(es('labels'), 44, 255), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(set_byte(es('labels'), 48, 255), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(set_byte(es('labels'), 68, 0), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(decode(repeat('ff', 4000000), 'hex'), 1, 1)$$);
SELECT try($$SELECT learn.metric_labels_trans(es('labels') || decode(repeat('00', 4000000), 'hex'), 1, 1)$$);
SELECT try($$SELECT learn.accuracy_final(NULL)$$);
SELECT try($$SELECT learn.accuracy_final(es('labels'))$$);
SELECT try($$SELECT learn.accuracy_final(es('labels_empty'))$$);
SELECT try($$SELECT learn.accuracy_final(es('regression'))$$);
SELECT try($$SELECT learn.accuracy_final(es('confusion'))$$);
SELECT try($$SELECT learn.accuracy_final(''::bytea)$$);
SELECT try($$SELECT learn.accuracy_final(put8(es('labels'), 0, 'NaN'))$$);
SELECT try($$SELECT learn.accuracy_final(put8(es('labels'), 0, -1))$$);
SELECT try($$SELECT learn.accuracy_final(put8(es('labels'), 0, 0.5))$$);
SELECT try($$SELECT learn.accuracy_final(put8(es('labels'), 0, 'Infinity'))$$);
SELECT try($$SELECT learn.accuracy_final(put8(es('labels'), 0, 1e30))$$);
SELECT try($$SELECT learn.accuracy_final(rows_to(es('labels'), 5))$$);
SELECT try($$SELECT learn.accuracy_final(rows_to(es('labels'), 0))$$);
SELECT try($$SELECT learn.balanced_accuracy_final(es('labels'))$$);
SELECT try($$SELECT learn.balanced_accuracy_final(es('scores'))$$);
SELECT try($$SELECT learn.precision_final(es('labels'))$$);
SELECT try($$SELECT learn.precision_final(es('labels_text'))$$);
SELECT try($$SELECT learn.precision_final(es('logloss'))$$);
SELECT try($$SELECT learn.recall_final(es('labels_macro'))$$);
SELECT try($$SELECT learn.recall_final(set_byte(es('labels_macro'), 60, 9))$$);
SELECT try($$SELECT learn.recall_final(set_byte(es('labels_macro'), 61, 1))$$);
SELECT try($$SELECT learn.recall_final(es('linreg'))$$);
SELECT try($$SELECT learn.f1_final(es('labels'))$$);
SELECT try($$SELECT learn.f1_final(es('silhouette'))$$);
SELECT try($$SELECT learn.mcc_final(es('labels'))$$);
SELECT try($$SELECT learn.mcc_final(es('nb'))$$);
SELECT try($$SELECT learn.mcc_final(substr(es('labels'), 1, 70))$$);
SELECT try($$SELECT learn.confusion_final(NULL) IS NULL$$);
SELECT try($$SELECT learn.accuracy_final(learn.confusion_final(es('labels')))$$);
SELECT try($$SELECT learn.confusion_final(es('labels_empty'))$$);
SELECT try($$SELECT learn.confusion_final(es('binary'))$$);
SELECT try($$SELECT learn.confusion_final('\xdeadbeef'::bytea)$$);
SELECT try($$SELECT learn.metric_labels_combine(NULL, NULL)$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_combine(es('labels'), NULL))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_combine(NULL, es('labels')))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_combine(es('labels'), es('labels')))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_combine(es('labels'), es('labels_empty')))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_combine(es('labels'), es('confusion')))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_combine(es('labels'), es('labels_macro')))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_combine(es('labels'), es('labels_text')))$$);
SELECT try($$SELECT learn.metric_labels_combine(es('labels'), es('regression'))$$);
SELECT try($$SELECT learn.metric_labels_combine(es('scores'), es('labels'))$$);
SELECT try($$SELECT learn.metric_labels_combine(es('labels'), es('nb'))$$);
SELECT try($$SELECT learn.metric_labels_combine(es('labels'), ''::bytea)$$);
SELECT try($$SELECT learn.metric_labels_combine('\x01'::bytea, NULL)$$);
SELECT try($$SELECT learn.metric_labels_combine(NULL, substr(es('labels'), 1, 40))$$);
SELECT try($$SELECT learn.metric_labels_combine(es('labels'), set_byte(es('labels'), 68, 200))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_combine(es('labels'), put8(es('labels'), 0, 'NaN')))$$);
SELECT try($$SELECT learn.accuracy_final(learn.metric_labels_combine(set_byte(es('labels'), 27, 64), set_byte(es('labels'), 27, 64)))$$);
SELECT try($$SELECT learn.metric_labels_combine((SELECT learn.confusion_matrix(i, i) FROM generate_series(1, 1000) i), learn.metric_labels_trans(NULL, 1001, 1001))$$);

-- confusion_rows with bad bytes
SELECT try($$SELECT count(*) FROM learn.confusion_rows(NULL)$$);
SELECT try($$SELECT string_agg(actual || predicted || n, ',') FROM learn.confusion_rows(es('labels'))$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows(es('labels_empty'))$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows(''::bytea)$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows('\x00'::bytea)$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows(substr(es('confusion'), 1, length(es('confusion')) - 1))$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows(es('binary'))$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows(es('linreg'))$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows(em('logreg'))$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows(put8(es('confusion'), 1, -3))$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows(set_byte(es('confusion'), 20, 1))$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows(set_byte(es('confusion'), 52, 1))$$);
SELECT try($$SELECT count(*) FROM learn.confusion_rows(decode(repeat('ff', 4000000), 'hex'))$$);

-- regression metrics: zero rows, one row, NULL rows, constant actual, non-finite values
SELECT try($$SELECT learn.rmse(y, yhat) FROM ev WHERE false$$);
SELECT try($$SELECT learn.rmse(y, yhat) FROM ev WHERE i = 1$$);
SELECT try($$SELECT learn.rmse(NULL, yhat) FROM ev$$);
SELECT try($$SELECT learn.rmse(y, NULL) FROM ev$$);
SELECT try($$SELECT learn.mae(y, yhat) FROM ev WHERE false$$);
SELECT try($$SELECT learn.mae(y, yhat) FROM ev WHERE i = 1$$);
SELECT try($$SELECT learn.mape(y, yhat) FROM ev WHERE false$$);
SELECT try($$SELECT learn.mape(0, 1) FROM ev$$);
SELECT try($$SELECT learn.mape(0, 0) FROM ev$$);
SELECT try($$SELECT learn.mape(-1e-300, 1) FROM ev$$);
SELECT try($$SELECT learn.r2(y, yhat) FROM ev WHERE false$$);
SELECT try($$SELECT learn.r2(y, yhat) FROM ev WHERE i = 1$$);
SELECT try($$SELECT learn.r2(5, 5) FROM ev$$);
SELECT try($$SELECT learn.r2(5, yhat) FROM ev$$);
SELECT try($$SELECT learn.r2(y, 0) < 0 FROM ev$$);
SELECT try($$SELECT learn.explained_variance(y, yhat) FROM ev WHERE i = 1$$);
SELECT try($$SELECT learn.explained_variance(5, 5) FROM ev$$);
SELECT try($$SELECT learn.explained_variance(y, y + 10) FROM ev$$);
SELECT try($$SELECT learn.explained_variance(5, yhat) FROM ev$$);
SELECT try($$SELECT learn.rmse('NaN', 1)$$);
SELECT try($$SELECT learn.rmse(1, 'NaN')$$);
SELECT try($$SELECT learn.mae('Infinity', 1)$$);
SELECT try($$SELECT learn.mape(1, '-Infinity')$$);
SELECT try($$SELECT learn.r2(y, CASE WHEN i = 60 THEN 'NaN' ELSE yhat END) FROM ev$$);
SELECT try($$SELECT learn.rmse(1e308, -1e308)$$);
SELECT try($$SELECT learn.mae(1e308, -1e308)$$);
SELECT try($$SELECT learn.r2(CASE WHEN i % 2 = 0 THEN 1e308 ELSE -1e308 END, 0) FROM ev$$);
SELECT try($$SELECT learn.rmse(1e200, -1e200)$$);
SELECT try($$SELECT learn.mape(1e-320, 1)$$);
SELECT try($$SELECT learn.rmse(y, yhat) = learn.rmse(y, yhat) FILTER (WHERE i > 0) FROM ev$$);

-- metric_regression_trans, _combine and the regression finals called directly
SELECT try($$SELECT learn.rmse_final(learn.metric_regression_trans(NULL, NULL, NULL))$$);
SELECT try($$SELECT learn.rmse_final(learn.metric_regression_trans(es('regression'), 2, 2))$$);
SELECT try($$SELECT learn.metric_regression_trans(es('labels'), 1, 1)$$);
SELECT try($$SELECT learn.metric_regression_trans(es('linreg'), 1, 1)$$);
SELECT try($$SELECT learn.metric_regression_trans(''::bytea, 1, 1)$$);
SELECT try($$SELECT learn.metric_regression_trans(substr(es('regression'), 1, 100), 1, 1)$$);
SELECT try($$SELECT learn.metric_regression_trans(set_byte(es('regression'), 6, 201), 1, 1)$$);
SELECT try($$SELECT learn.metric_regression_trans(decode(repeat('00', 100000), 'hex'), 1, 1)$$);
SELECT try($$SELECT learn.rmse_final(NULL)$$);
SELECT try($$SELECT learn.rmse_final(es('regression'))$$);
SELECT try($$SELECT learn.rmse_final(es('labels'))$$);
SELECT try($$SELECT learn.rmse_final(put8(es('regression'), 4, -1))$$);
SELECT try($$SELECT learn.mae_final(put8(es('regression'), 5, 'NaN'))$$);
SELECT try($$SELECT learn.mape_final(put8(es('regression'), 6, '-Infinity'))$$);
SELECT try($$SELECT learn.r2_final(put8(es('regression'), 1, 'Infinity'))$$);
SELECT try($$SELECT learn.r2_final(put8(es('regression'), 0, 'NaN'))$$);
SELECT try($$SELECT learn.explained_variance_final(put8(es('regression'), 7, 1))$$);
SELECT try($$SELECT learn.explained_variance_final(put8(es('regression'), 3, -2))$$);
SELECT try($$SELECT learn.explained_variance_final(rows_to(es('regression'), 1))$$);
SELECT try($$SELECT learn.r2_final(rows_to(es('regression'), 0))$$);
SELECT try($$SELECT learn.mape_final(es('scores'))$$);
SELECT try($$SELECT learn.metric_regression_combine(NULL, NULL)$$);
SELECT try($$SELECT learn.rmse_final(learn.metric_regression_combine(es('regression'), es('regression')))$$);
SELECT try($$SELECT learn.rmse_final(learn.metric_regression_combine(NULL, es('regression')))$$);
SELECT try($$SELECT learn.metric_regression_combine(es('regression'), es('labels'))$$);
SELECT try($$SELECT learn.metric_regression_combine(es('regression'), '\x0102'::bytea)$$);
SELECT try($$SELECT learn.metric_regression_combine(es('linreg'), NULL)$$);
SELECT try($$SELECT learn.rmse_final(learn.metric_regression_combine(put8(es('regression'), 4, 'Infinity'), es('regression')))$$);
SELECT try($$SELECT learn.rmse_final(learn.metric_regression_combine(set_byte(es('regression'), 27, 127), set_byte(es('regression'), 27, 127)))$$);

-- binary score metrics: zero rows, one row, one class, ties, label counts
SELECT try($$SELECT learn.roc_auc(a, s) FROM ev WHERE false$$);
SELECT try($$SELECT learn.roc_auc(a, s) FROM ev WHERE i = 1$$);
SELECT try($$SELECT learn.roc_auc(a, s) FROM ev WHERE a = 1$$);
SELECT try($$SELECT learn.roc_auc(a, 0.5) FROM ev$$);
SELECT try($$SELECT learn.roc_auc(a, s, '7') FROM ev$$);
SELECT try($$SELECT learn.roc_auc(a, s, '') FROM ev$$);
SELECT try($$SELECT learn.roc_auc(a, s, NULL) = learn.roc_auc(a, s) FROM ev$$);
SELECT try($$SELECT learn.roc_auc(a, s, CASE WHEN i = 5 THEN '0' ELSE '1' END) FROM ev$$);
SELECT try($$SELECT learn.roc_auc(i % 3, s) FROM ev$$);
SELECT try($$SELECT learn.roc_auc(t, s) FROM ev$$);
SELECT try($$SELECT abs(learn.roc_auc(t, s, 'pos') + learn.roc_auc(t, s, 'neg') - 1) < 1e-12 FROM ev$$);
SELECT try($$SELECT learn.roc_auc(b, s) FROM ev$$);
SELECT try($$SELECT learn.roc_auc(b, s, 'yes') = learn.roc_auc(b, s) FROM ev$$);
SELECT try($$SELECT learn.roc_auc(a, 'NaN') FROM ev$$);
SELECT try($$SELECT learn.roc_auc(a, 'Infinity') FROM ev$$);
SELECT try($$SELECT learn.roc_auc(a, '-Infinity') FROM ev$$);
SELECT try($$SELECT learn.roc_auc(a, NULL) FROM ev$$);
SELECT try($$SELECT learn.roc_auc(NULL::int, s) FROM ev$$);
SELECT try($$SELECT learn.roc_auc(a, s * 1e308) = learn.roc_auc(a, s) FROM ev$$);
SELECT try($$SELECT learn.roc_auc(a, s * 1e-310) FROM ev$$);
SELECT try($$SELECT learn.pr_auc(a, s) FROM ev WHERE false$$);
SELECT try($$SELECT learn.pr_auc(a, s) FROM ev WHERE a = 1$$);
SELECT try($$SELECT learn.pr_auc(a, s) FROM ev WHERE a = 0$$);
SELECT try($$SELECT learn.pr_auc(a, s, '0') FROM ev WHERE a = 0$$);
SELECT try($$SELECT learn.pr_auc(a, 1) FROM ev$$);
SELECT try($$SELECT learn.pr_auc(a, s, '9') FROM ev$$);
SELECT try($$SELECT learn.pr_auc(i % 3, s) FROM ev$$);
SELECT try($$SELECT learn.pr_auc(a, 'NaN'::float8) FROM ev$$);
SELECT try($$SELECT learn.binary_scores(a, s) FROM ev WHERE false$$);
SELECT try($$SELECT learn.binary_scores(a, s, repeat('p', 2000)) FROM ev$$);
SELECT try($$SELECT learn.binary_scores(a, '-Infinity') FROM ev$$);

-- binary scores above learn.memory_limit (16 bytes a row)
SET learn.memory_limit = '64kB';
SELECT try($$SELECT learn.roc_auc(i % 2, i) FROM generate_series(1, 4096) i$$);
SELECT try($$SELECT learn.roc_auc(i % 2, i) FROM generate_series(1, 4097) i$$);
SELECT try($$SELECT learn.pr_auc(i % 2, i) FROM generate_series(1, 100000) i$$);
SELECT try($$SELECT count(*) FROM learn.roc_curve((SELECT learn.binary_scores(i % 2, i) FROM generate_series(1, 100000) i))$$);
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_combine((SELECT learn.binary_scores(i % 2, i) FROM generate_series(1, 3000) i), (SELECT learn.binary_scores(i % 2, i) FROM generate_series(1, 3000) i)))$$);
RESET learn.memory_limit;

-- metric_scores_trans, _combine and the score finals called directly
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_trans(NULL, NULL::int, 0.5))$$);
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_trans(es('scores'), 1, 0.1))$$);
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_trans(es('scores'), 2, 0.1))$$);
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_trans(es('scores'), 'x'::text, 0.1))$$);
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_trans(es('scores'), 1, 0.1, '1'))$$);
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_trans(es('scores_pos'), 0, 0.1, '1'))$$);
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_trans(es('scores_pos'), 0, 0.1, '0'))$$);
SELECT try($$SELECT learn.metric_scores_trans(es('labels'), 1, 0.1)$$);
SELECT try($$SELECT learn.metric_scores_trans(es('logloss'), 1, 0.1)$$);
SELECT try($$SELECT learn.metric_scores_trans(es('nb'), 1, 0.1)$$);
SELECT try($$SELECT learn.metric_scores_trans(substr(es('scores'), 1, 64), 1, 0.1)$$);
SELECT try($$SELECT learn.metric_scores_trans(set_byte(es('scores'), 20, 3), 1, 0.1)$$);
SELECT try($$SELECT learn.metric_scores_trans(set_byte(es('scores'), 52, 5), 1, 0.1)$$);
SELECT try($$SELECT learn.metric_scores_trans(decode(repeat('ab', 1000), 'hex'), 1, 0.1)$$);
SELECT try($$SELECT learn.roc_auc_final(NULL)$$);
SELECT try($$SELECT learn.roc_auc_final(es('scores'))$$);
SELECT try($$SELECT learn.roc_auc_final(es('scores_pos'))$$);
SELECT try($$SELECT learn.roc_auc_final(es('scores_text'))$$);
SELECT try($$SELECT learn.roc_auc_final(es('binary'))$$);
SELECT try($$SELECT learn.roc_auc_final(es('labels'))$$);
SELECT try($$SELECT learn.roc_auc_final(put8(es('binary'), 0, 'NaN'))$$);
SELECT try($$SELECT learn.roc_auc_final(put8(es('binary'), 1, 2))$$);
SELECT try($$SELECT learn.roc_auc_final(put8(es('binary'), 1, 0.5))$$);
SELECT try($$SELECT learn.roc_auc_final(put8(es('binary'), 1, -1))$$);
SELECT try($$SELECT learn.pr_auc_final(NULL)$$);
SELECT try($$SELECT learn.pr_auc_final(es('scores'))$$);
SELECT try($$SELECT learn.pr_auc_final(es('binary_one'))$$);
SELECT try($$SELECT learn.pr_auc_final(put8(es('binary'), 2, 'Infinity'))$$);
SELECT try($$SELECT learn.pr_auc_final(es('regression'))$$);
SELECT try($$SELECT learn.binary_scores_final(NULL)$$);
SELECT try($$SELECT length(learn.binary_scores_final(es('scores'))) > 0$$);
SELECT try($$SELECT learn.binary_scores_final(learn.metric_scores_trans(NULL, NULL::int, NULL))$$);
SELECT try($$SELECT learn.binary_scores_final(es('silhouette'))$$);
SELECT try($$SELECT learn.binary_scores_final(set_byte(es('scores'), 0, 1))$$);
SELECT try($$SELECT learn.metric_scores_combine(NULL, NULL)$$);
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_combine(es('scores'), es('scores')))$$);
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_combine(es('binary'), NULL))$$);
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_combine(NULL, es('binary')))$$);
SELECT try($$SELECT learn.roc_auc_final(learn.metric_scores_combine(es('scores'), es('scores_text')))$$);
SELECT try($$SELECT learn.metric_scores_combine(es('scores'), es('scores_pos'))$$);
SELECT try($$SELECT learn.metric_scores_combine(es('scores'), learn.metric_scores_trans(NULL, 5, 0.5))$$);
SELECT try($$SELECT learn.metric_scores_combine(es('scores'), es('labels'))$$);
SELECT try($$SELECT learn.metric_scores_combine(es('scores'), put8(es('binary'), 1, 7))$$);
SELECT try($$SELECT learn.metric_scores_combine(es('scores'), ''::bytea)$$);
SELECT try($$SELECT learn.metric_scores_combine(es('binary'), set_byte(es('binary'), 20, 0))$$);

-- roc_curve and pr_curve with bad bytes
SELECT try($$SELECT count(*) FROM learn.roc_curve(NULL)$$);
SELECT try($$SELECT count(*) FROM learn.pr_curve(NULL)$$);
SELECT try($$SELECT count(*) FROM learn.roc_curve(es('binary'))$$);
SELECT try($$SELECT count(*) FROM learn.pr_curve(es('binary_pos'))$$);
SELECT try($$SELECT string_agg(concat_ws(' ', threshold, tpr, fpr, precision, recall), ', ') FROM learn.roc_curve(es('scores'))$$);
SELECT try($$SELECT string_agg(concat_ws(' ', threshold, tpr, fpr, precision, recall), ', ') FROM learn.pr_curve(es('scores'))$$);
SELECT try($$SELECT count(*) FROM learn.roc_curve(es('binary_one'))$$);
SELECT try($$SELECT count(*) FROM learn.pr_curve(es('scores_text'))$$);
SELECT try($$SELECT string_agg(concat_ws(' ', threshold, tpr, fpr, precision, recall), ', ') FROM learn.roc_curve(es('scores_pos'))$$);
SELECT try($$SELECT string_agg(concat_ws(' ', threshold, tpr, fpr, precision, recall), ', ') FROM learn.pr_curve((SELECT learn.binary_scores(a, s, '7') FROM ev WHERE i < 4))$$);
SELECT try($$SELECT count(*) FROM learn.roc_curve(learn.metric_scores_trans(NULL, NULL::int, NULL))$$);
SELECT try($$SELECT count(*) FROM learn.roc_curve(''::bytea)$$);
SELECT try($$SELECT count(*) FROM learn.pr_curve('\x00'::bytea)$$);
SELECT try($$SELECT count(*) FROM learn.roc_curve(substr(es('binary'), 1, length(es('binary')) - 8))$$);
SELECT try($$SELECT count(*) FROM learn.roc_curve(es('confusion'))$$);
SELECT try($$SELECT count(*) FROM learn.pr_curve(es('logloss'))$$);
SELECT try($$SELECT count(*) FROM learn.pr_curve(em('linreg'))$$);
SELECT try($$SELECT count(*) FROM learn.roc_curve(put8(es('binary'), 0, 'NaN'))$$);
SELECT try($$SELECT count(*) FROM learn.pr_curve(put8(es('binary'), 3, 2))$$);
SELECT try($$SELECT count(*) FROM learn.roc_curve(set_byte(es('binary'), 56, 7))$$);
SELECT try($$SELECT count(*) FROM learn.roc_curve(decode(repeat('00', 4000000), 'hex'))$$);

-- binary log loss
SELECT try($$SELECT learn.log_loss(a, s) FROM ev WHERE false$$);
SELECT try($$SELECT learn.log_loss(a, s) FROM ev WHERE i = 1$$);
SELECT try($$SELECT learn.log_loss(a, s) FROM ev WHERE a = 0$$);
SELECT try($$SELECT learn.log_loss(i % 3, s) FROM ev$$);
SELECT try($$SELECT learn.log_loss(a, 'NaN') FROM ev$$);
SELECT try($$SELECT learn.log_loss(a, 'Infinity') FROM ev$$);
SELECT try($$SELECT abs(learn.log_loss(a, a) - (-ln(1 - 2.220446049250313e-16))) < 1e-15 FROM ev$$);
SELECT try($$SELECT learn.log_loss(a, 1 - a) > 36 FROM ev$$);
SELECT try($$SELECT learn.log_loss(a, 5) = learn.log_loss(a, 1) FROM ev$$);
SELECT try($$SELECT learn.log_loss(a, -5) = learn.log_loss(a, 0) FROM ev$$);
SELECT try($$SELECT learn.log_loss(NULL::int, s) FROM ev$$);
SELECT try($$SELECT learn.log_loss(t, s) > 0 FROM ev$$);
SELECT try($$SELECT learn.log_loss_final(learn.metric_logloss_trans(NULL, NULL::int, NULL))$$);
SELECT try($$SELECT learn.log_loss_final(learn.metric_logloss_trans(es('logloss'), 'x'::text, 0.5))$$);
SELECT try($$SELECT learn.log_loss_final(learn.metric_logloss_trans(es('logloss'), 7, 0.5))$$);
SELECT try($$SELECT learn.metric_logloss_trans(es('scores'), 1, 0.5)$$);
SELECT try($$SELECT learn.metric_logloss_trans(es('logloss_multi'), 1, 0.5)$$);
SELECT try($$SELECT learn.metric_logloss_trans(substr(es('logloss'), 2), 1, 0.5)$$);
SELECT try($$SELECT learn.log_loss_final(NULL)$$);
SELECT try($$SELECT learn.log_loss_final(es('logloss')) > 0$$);
SELECT try($$SELECT learn.log_loss_final(es('scores'))$$);
SELECT try($$SELECT learn.log_loss_final(put8(es('logloss'), 0, 'NaN'))$$);
SELECT try($$SELECT learn.log_loss_final(put8(es('logloss'), 3, -1))$$);
SELECT try($$SELECT learn.log_loss_final(set_byte(es('logloss'), 56, 3))$$);
SELECT try($$SELECT learn.log_loss_final(set_byte((SELECT learn.binary_scores(a, s, 'zz') FROM ev WHERE i < 3), 6, 204))$$);
SELECT try($$SELECT learn.metric_logloss_combine(NULL, NULL)$$);
SELECT try($$SELECT learn.log_loss_final(learn.metric_logloss_combine(es('logloss'), es('logloss'))) > 0$$);
SELECT try($$SELECT learn.log_loss_final(learn.metric_logloss_combine(es('logloss'), learn.metric_logloss_trans(NULL, 5, 0.5)))$$);
SELECT try($$SELECT learn.log_loss_final(learn.metric_logloss_combine(es('logloss'), learn.metric_logloss_trans(NULL, 'x'::text, 0.5)))$$);
SELECT try($$SELECT learn.metric_logloss_combine(es('logloss'), es('logloss_multi'))$$);
SELECT try($$SELECT learn.metric_logloss_combine(es('logloss'), '\xffffffff'::bytea)$$);

-- multiclass log loss: probabilities and classes
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0.5, 0.5], ARRAY['a', 'b']) FROM ev WHERE false$$);
SELECT try($$SELECT round(learn.log_loss(lab, ARRAY[0.5, 0.5], ARRAY['a', 'b'])::numeric, 12) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0.5, 0.5], ARRAY['a', 'b']) = learn.log_loss(lab, ARRAY[5, 5], ARRAY['a', 'b']) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0, 0]::float8[], ARRAY['a', 'b']) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[-1, 2]::float8[], ARRAY['a', 'b']) > 0 FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0.5, 'NaN'], ARRAY['a', 'b']) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0.5, 'Infinity'], ARRAY['a', 'b']) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0.5, NULL], ARRAY['a', 'b']) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, NULL::float8[], ARRAY['a', 'b']) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0.5, 0.5], NULL::text[]) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, '{}'::float8[], '{}'::text[]) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[1]::float8[], ARRAY['a']) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, '{{0.5, 0.5}}'::float8[], ARRAY['a', 'b']) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0.5, 0.5], '{{a, b}}'::text[]) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0.2, 0.3, 0.5], ARRAY['a', 'b']) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0.5, 0.5], ARRAY['a', 'c']) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0.5, 0.5], ARRAY[NULL, 'b']) FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, ARRAY[0.5, 0.5], ARRAY['a', 'a']) FROM ev WHERE lab = 'a'$$);
SELECT try($$SELECT learn.log_loss(a, ARRAY[0.5, 0.5], ARRAY['0', '1.0']) > 0 FROM ev$$);
SELECT try($$SELECT learn.log_loss(b, ARRAY[0.5, 0.5], ARRAY['f', 'true']) > 0 FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, '[3:4]={0.5, 0.5}'::float8[], ARRAY['a', 'b']) > 0 FROM ev$$);
SELECT try($$SELECT learn.log_loss(lab, array_fill(0.001::float8, ARRAY[100000]), array_fill('a'::text, ARRAY[100000])) > 0 FROM ev WHERE lab = 'a' AND i < 10$$);
SELECT try($$SELECT learn.log_loss_multi_final(learn.metric_logloss_multi_trans(NULL, NULL::text, NULL, NULL))$$);
SELECT try($$SELECT learn.log_loss_multi_final(learn.metric_logloss_multi_trans(es('logloss_multi'), 'b'::text, ARRAY[0.5, 0.5], ARRAY['a', 'b'])) > 0$$);
SELECT try($$SELECT learn.metric_logloss_multi_trans(es('logloss'), 'a'::text, ARRAY[0.5, 0.5], ARRAY['a', 'b'])$$);
SELECT try($$SELECT learn.metric_logloss_multi_trans(es('regression'), 'a'::text, ARRAY[0.5, 0.5], ARRAY['a', 'b'])$$);
SELECT try($$SELECT learn.metric_logloss_multi_trans('\x'::bytea, 'a'::text, ARRAY[0.5, 0.5], ARRAY['a', 'b'])$$);
SELECT try($$SELECT learn.log_loss_multi_final(NULL)$$);
SELECT try($$SELECT learn.log_loss_multi_final(es('logloss_multi')) > 0$$);
SELECT try($$SELECT learn.log_loss_multi_final(es('logloss'))$$);
SELECT try($$SELECT learn.log_loss_multi_final(put8(es('logloss_multi'), 0, -1))$$);
SELECT try($$SELECT learn.log_loss_multi_final(put8(es('logloss_multi'), 0, 'Infinity'))$$);
SELECT try($$SELECT learn.log_loss_multi_final(rows_to(es('logloss_multi'), 0))$$);
SELECT try($$SELECT learn.metric_logloss_multi_combine(NULL, NULL)$$);
SELECT try($$SELECT learn.log_loss_multi_final(learn.metric_logloss_multi_combine(es('logloss_multi'), es('logloss_multi'))) > 0$$);
SELECT try($$SELECT learn.metric_logloss_multi_combine(es('logloss_multi'), es('logloss'))$$);
SELECT try($$SELECT learn.metric_logloss_multi_combine(set_byte(es('logloss_multi'), 12, 8), es('logloss_multi'))$$);

-- silhouette: rows, clusters, arrays
SELECT try($$SELECT learn.silhouette(ARRAY[x1, x2], a) FROM ev WHERE false$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, x2], a) FROM ev WHERE i = 1$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, x2], 1) FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, x2], i) FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, x2], i) FROM ev WHERE i < 3$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, x2], i % 59) IS NOT NULL FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[1, 1]::float8[], a) FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, x2], a) BETWEEN -1 AND 1 FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, x2], t) = learn.silhouette(ARRAY[x1, x2], a) FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, x2], b) IS NOT NULL FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, x2], NULL::int) FROM ev$$);
SELECT try($$SELECT learn.silhouette(NULL, a) FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, NULL], a) FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, 'NaN'], a) FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, 'Infinity'], a) FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[x1, '-Infinity'], a) FROM ev$$);
SELECT try($$SELECT abs(learn.silhouette(ARRAY[x1 * 1e-200, x2 * 1e-200], a) - learn.silhouette(ARRAY[x1, x2], a)) < 1e-12 FROM ev$$);
SELECT try($$SELECT abs(learn.silhouette(ARRAY[x1 * 1e200, x2 * 1e200], a) - learn.silhouette(ARRAY[x1, x2], a)) < 1e-12 FROM ev$$);
SELECT try($$SELECT abs(learn.silhouette(ARRAY[x1 * 1.5e307, -x2 * 1.5e307], a) - learn.silhouette(ARRAY[x1, -x2], a)) < 1e-12 FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[(i - 2.5)::float8 * 1e308], i % 2) FROM generate_series(1, 4) i$$);
SELECT try($$SELECT learn.silhouette(ARRAY[i * 5e-324], i % 2) FROM generate_series(1, 4) i$$);
-- documented: differences 1e300 times smaller than the largest value are below float8
-- resolution once scaled, so these rows are all at distance 0 (silhouette 0)
SELECT try($$SELECT learn.silhouette(ARRAY[i * 5e-324, 1e300], i % 2) FROM generate_series(1, 4) i$$);
SELECT try($$SELECT learn.silhouette('{}'::float8[], a) FROM ev$$);
SELECT try($$SELECT learn.silhouette(ARRAY[ARRAY[x1, x2]], a) FROM ev$$);
SELECT try($$SELECT learn.silhouette('[2:3]={1, 2}'::float8[], a) IS NULL FROM ev$$);
SELECT try($$SELECT learn.silhouette(CASE WHEN i = 30 THEN ARRAY[x1] ELSE ARRAY[x1, x2] END, a) FROM ev$$);
SELECT try($$SELECT learn.silhouette(array_fill(1::float8, ARRAY[100001]), 1)$$);
SELECT try($$SELECT round(learn.silhouette(array_fill(i::float8, ARRAY[100000]), i % 2)::numeric, 12) FROM generate_series(1, 4) i$$);
SELECT try($$SELECT learn.silhouette(ARRAY[i], 'NaN'::float8) FROM generate_series(1, 4) i$$);
SELECT try($$SELECT learn.silhouette(ARRAY[i], i % 2) FROM generate_series(1, 20001) i$$);
SELECT try($$SELECT learn.silhouette(ARRAY[i], i % 1001) FROM generate_series(1, 1001) i$$);
SET learn.memory_limit = '64kB';
SELECT try($$SELECT learn.silhouette(ARRAY[i, i], i % 2) IS NOT NULL FROM generate_series(1, 2730) i$$);
SELECT try($$SELECT learn.silhouette(ARRAY[i, i], i % 2) FROM generate_series(1, 2731) i$$);
SELECT try($$SELECT learn.silhouette(array_fill(i::float8, ARRAY[10000]), i % 2) FROM generate_series(1, 4) i$$);
RESET learn.memory_limit;

-- metric_silhouette_trans, _combine and silhouette_final called directly
SELECT try($$SELECT learn.silhouette_final(learn.metric_silhouette_trans(NULL, NULL, NULL::int))$$);
SELECT try($$SELECT learn.silhouette_final(learn.metric_silhouette_trans(es('silhouette'), ARRAY[9, 9]::float8[], 1))$$);
SELECT try($$SELECT learn.silhouette_final(learn.metric_silhouette_trans(es('silhouette'), ARRAY[9, 9, 9]::float8[], 1))$$);
SELECT try($$SELECT learn.silhouette_final(learn.metric_silhouette_trans(es('silhouette'), ARRAY[9, 9]::float8[], 'x'::text))$$);
SELECT try($$SELECT learn.metric_silhouette_trans(es('labels'), ARRAY[9, 9]::float8[], 1)$$);
SELECT try($$SELECT learn.metric_silhouette_trans(es('nb'), ARRAY[9, 9]::float8[], 1)$$);
SELECT try($$SELECT learn.metric_silhouette_trans(substr(es('silhouette'), 1, 80), ARRAY[9, 9]::float8[], 1)$$);
SELECT try($$SELECT learn.metric_silhouette_trans(set_byte(es('silhouette'), 8, 1), ARRAY[9, 9]::float8[], 1)$$);
SELECT try($$SELECT learn.metric_silhouette_trans(set_byte(es('silhouette'), 8, 0), ARRAY[9, 9]::float8[], 1)$$);
SELECT try($$SELECT learn.silhouette_final(NULL)$$);
SELECT try($$SELECT learn.silhouette_final(es('silhouette'))$$);
SELECT try($$SELECT learn.silhouette_final(es('labels'))$$);
SELECT try($$SELECT learn.silhouette_final(learn.metric_silhouette_trans(es('silhouette'), ARRAY[1, 2]::float8[], 3))$$);
SELECT try($$SELECT round(learn.silhouette_final(es('silhouette4'))::numeric, 12)$$);
SELECT try($$SELECT learn.silhouette_final(put8(es('silhouette4'), 0, 5))$$);
SELECT try($$SELECT learn.silhouette_final(put8(es('silhouette4'), 0, 3))$$);
SELECT try($$SELECT learn.silhouette_final(put8(es('silhouette4'), 0, -1))$$);
SELECT try($$SELECT learn.silhouette_final(put8(es('silhouette4'), 0, 0.5))$$);
SELECT try($$SELECT learn.silhouette_final(put8(es('silhouette4'), 1, 'NaN'))$$);
SELECT try($$SELECT learn.silhouette_final(put8(es('silhouette4'), 2, '-Infinity'))$$);
SELECT try($$SELECT round(learn.silhouette_final(put8(es('silhouette4'), 9, 0))::numeric, 12)$$);
SELECT try($$SELECT learn.silhouette_final(rows_to(es('silhouette4'), 3))$$);
SELECT try($$SELECT learn.silhouette_final(set_byte(es('silhouette4'), 52, 2))$$);
SELECT try($$SELECT learn.metric_silhouette_combine(NULL, NULL)$$);
SELECT try($$SELECT learn.silhouette_final(learn.metric_silhouette_combine(es('silhouette'), es('silhouette')))$$);
SELECT try($$SELECT learn.silhouette_final(learn.metric_silhouette_combine(es('silhouette'), learn.metric_silhouette_trans(NULL, NULL, 1)))$$);
SELECT try($$SELECT learn.silhouette_final(learn.metric_silhouette_combine(learn.metric_silhouette_trans(NULL, NULL, 1), es('silhouette')))$$);
SELECT try($$SELECT learn.metric_silhouette_combine(es('silhouette'), es('silhouette_3'))$$);
SELECT try($$SELECT learn.metric_silhouette_combine(es('silhouette'), learn.metric_silhouette_trans(NULL, ARRAY[1, 2]::float8[], 'x'::text))$$);
SELECT try($$SELECT learn.metric_silhouette_combine(es('silhouette'), es('scores'))$$);
SELECT try($$SELECT learn.metric_silhouette_combine(es('silhouette'), put8(es('silhouette'), 0, 9))$$);
SELECT try($$SELECT learn.metric_silhouette_combine(es('silhouette'), '\x00000000'::bytea)$$);

-- training final functions given metric states, metric finals given models
SELECT try($$SELECT learn.linreg_fit_final(es('regression'))$$);
SELECT try($$SELECT learn.nb_fit_final(es('labels'))$$);
SELECT try($$SELECT learn.kmeans_fit_final(es('silhouette'))$$);
SELECT try($$SELECT learn.logreg_fit_final(es('logloss'))$$);
SELECT try($$SELECT learn.pca_fit_final(es('scores'))$$);
SELECT try($$SELECT learn.accuracy_final(em('logreg'))$$);
SELECT try($$SELECT learn.rmse_final(em('linreg'))$$);
SELECT try($$SELECT learn.silhouette_final(em('kmeans'))$$);

-- aggregates in parallel plans, window frames and GROUP BY (combine on real partial states)
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT try($$SELECT learn.precision(a, p, CASE WHEN i = 59 THEN 'micro' ELSE 'macro' END) FROM ev$$);
SELECT try($$SELECT learn.roc_auc(CASE WHEN i = 59 THEN 2 ELSE a END, s) FROM ev$$);
SELECT try($$SELECT learn.silhouette(CASE WHEN i = 59 THEN ARRAY[x1] ELSE ARRAY[x1, x2] END, a) FROM ev$$);
SELECT try($$SELECT abs(learn.r2(y, yhat) - (SELECT learn.r2(y, yhat) FROM (SELECT * FROM ev ORDER BY i) o)) < 1e-12 FROM ev$$);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT try($$SELECT string_agg(round(v::numeric, 4)::text, ',') FROM (SELECT learn.accuracy(a, p) OVER (ORDER BY i ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS v FROM ev WHERE i <= 5) w$$);
SELECT try($$SELECT count(v) FROM (SELECT learn.roc_auc(a, s) OVER (ORDER BY i) AS v FROM ev) w$$);
SELECT try($$SELECT count(v) FROM (SELECT learn.silhouette(ARRAY[x1, x2], a) OVER (PARTITION BY i % 3) AS v FROM ev) w$$);
SELECT try($$SELECT count(*) FROM (SELECT lab, learn.f1(a, p, 'binary', lab) FROM ev GROUP BY lab) g$$);
SELECT try($$SELECT public.ev_bad_acc(a, p) FROM ev$$);
SELECT try($$SELECT public.ev_acc(a, p) = learn.accuracy(a, p) FROM ev$$);

-- learn.evaluate: models by name, unknown names and versions, NULLs
SELECT try($$SELECT string_agg(metric, ',') FROM learn.evaluate('ev_lin', 'ev')$$);
SELECT try($$SELECT string_agg(metric, ',') FROM learn.evaluate('ev_log', 'ev')$$);
SELECT try($$SELECT string_agg(metric, ',') FROM learn.evaluate('ev_km', 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate('no_such_model', 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate('', 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate('ev_lin''; DROP TABLE ev; --', 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate('"ev_lin"', 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(repeat('m', 5000), 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(learn.model('ev_lin', 99), 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(learn.model('ev_lin', -1), 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(learn.model('ev_lin', 1), 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(NULL::text, 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(NULL::bytea, 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate('ev_lin', NULL)$$);

-- learn.evaluate: a model of each kind, as bytes
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('linreg'), 'ev')$$);
SELECT try($$SELECT string_agg(metric, ',') FROM learn.evaluate(em('logreg'), 'SELECT lab AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT string_agg(metric, ',') FROM learn.evaluate(em('nb3'), 'SELECT CASE WHEN i % 3 = 0 THEN ''c'' ELSE lab END AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT string_agg(metric, ',') FROM learn.evaluate(em('svm'), 'SELECT lab AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT string_agg(metric, ',') FROM learn.evaluate(em('kmeans'), 'ev')$$);
SELECT try($$SELECT string_agg(metric, ',') FROM learn.evaluate(em('pca'), 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('prep'), 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(''::bytea, 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate('\x00'::bytea, 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(substr(em('linreg'), 1, 30), 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(set_byte(em('logreg'), 40, get_byte(em('logreg'), 40) # 1), 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(es('labels'), 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(decode(repeat('ff', 4000000), 'hex'), 'ev')$$);

-- learn.evaluate: sources
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), '')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), ' ')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'no_such_table')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'no_schema.ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'public.ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), '"public"."ev"')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'EV')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), '"EV"')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'ev_view')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'learn.deployments_id_seq')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'now')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'generate_series(1, 3)')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'VALUES (1, 2, 3)')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'TABLE ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT * FROM ev;')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT * FROM ev -- comment')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT * FROM ev; DROP TABLE ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'ev; DROP TABLE ev; --')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT * FROM ev) AS s; DROP TABLE ev; --')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'DROP TABLE ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'DELETE FROM ev RETURNING *')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'WITH d AS (DELETE FROM ev RETURNING *) SELECT * FROM d')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT * INTO ev_copy FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT * FROM ev FOR UPDATE')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'ev"; DROP TABLE ev; --')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('kmeans'), '"ev""; DROP TABLE ev; --"')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT 1 AS y')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT y, x1 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT y, x1, x1 AS x2, x2 AS x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT y, y AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT lab AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT (y > 3) AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT y, x1::text AS x1, x2 FROM ev')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(value::text, 'NULL'), ',') FROM learn.evaluate(em('linreg'), 'ev_empty')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('linreg'), 'SELECT * FROM ev WHERE i = 1')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(value::text, 'NULL'), ',') FROM learn.evaluate(em('linreg'), 'SELECT NULL::float8 AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(value::text, 'NULL'), ',') FROM learn.evaluate(em('linreg'), 'SELECT y, NULL::float8 AS x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT ''NaN''::float8 AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT y, ''Infinity''::float8 AS x1, x2 FROM ev')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(value::text, 'NULL'), ',') FROM learn.evaluate(em('logreg'), 'SELECT lab AS y, x1, x2 FROM ev_empty')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('logreg'), 'SELECT lab AS y, x1, x2 FROM ev WHERE lab = ''a''')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('logreg'), 'SELECT CASE WHEN i = 7 THEN ''c'' ELSE lab END AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('logreg'), 'SELECT (lab = ''a'') AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('logreg'), 'SELECT i AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('logreg'), 'SELECT y::text AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('logreg'), 'SELECT x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('logreg'), 'SELECT lab AS y, x1 FROM ev')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate('ev_log', 'SELECT lab, x1, x2, x1 AS s, x2 AS q, x1 AS p, x1 AS l, x1 AS pr FROM ev WHERE i <= 2')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate('ev_km', 'SELECT x1, x2, 1 AS s, 2 AS c, 3 AS d, 4 AS x, 5 AS q FROM ev WHERE i <= 3')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('pca'), 'SELECT x1, x2, 1 AS s, 2 AS r, 3 AS z, 4 AS i, 5 AS j FROM ev WHERE i <= 3')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(value::text, 'NULL'), ',') FROM learn.evaluate(em('kmeans'), 'ev_empty')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('kmeans'), 'SELECT * FROM ev WHERE i = 1')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('kmeans'), 'SELECT x1 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('kmeans'), 'SELECT ''NaN''::float8 AS x1, x2 FROM ev')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(value::text, 'NULL'), ',') FROM learn.evaluate(em('pca'), 'ev_empty')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('pca'), 'SELECT * FROM ev WHERE i = 1')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('pca'), 'SELECT x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('kmeans'), '"ev""; DROP TABLE ev; --"')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate('ev_hostile', '"ev""; DROP TABLE ev; --"')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate('ev_hostile', 'ev')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('logreg01'), 'SELECT a AS y, x1, x2 FROM ev WHERE i <= 10')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('logreg01'), 'SELECT a::text AS y, x1, x2 FROM ev WHERE i <= 10')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('logreg01'), 'SELECT (a = 1) AS y, x1, x2 FROM ev WHERE i <= 10')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('logreg01'), 'SELECT a + 1 AS y, x1, x2 FROM ev')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('kmeans'), 'SELECT NULL::float8 AS x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('kmeans'), 'SELECT CASE WHEN i = 7 THEN ''NaN'' ELSE (i % 7)::float8 END AS x1, i % 11 AS x2 FROM generate_series(1, 20001) i')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('kmeans'), 'SELECT CASE WHEN i = 7 THEN ''Infinity'' ELSE (i % 7)::float8 END AS x1, i % 11 AS x2 FROM generate_series(1, 20001) i')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('kmeans'), 'SELECT (i % 7)::float8 AS x1, (i % 11)::float8 AS x2 FROM generate_series(1, 20001) i')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('pca'), 'SELECT ''Infinity''::float8 AS x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('pca'), 'SELECT CASE WHEN i = 7 THEN ''NaN'' ELSE x1 END AS x1, x2 FROM ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('pca'), 'SELECT x1 * 1e300 AS x1, x2 FROM ev')$$);
SELECT try($$SELECT string_agg(metric || '=' || coalesce(round(value::numeric, 6)::text, 'NULL'), ',') FROM learn.evaluate(em('pca'), 'SELECT NULL::float8 AS x1, x2 FROM ev')$$);

-- learn.evaluate: privileges and learn.memory_limit
SET ROLE regress_eval_stranger;
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'ev_secret')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT * FROM ev_secret')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'SELECT * FROM ev WHERE i IN (SELECT i FROM ev_secret)')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate('ev_lin', 'ev')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('linreg'), 'pg_authid')$$);
RESET ROLE;
SET learn.memory_limit = '64kB';
SELECT try($$SELECT count(*) FROM learn.evaluate(em('logreg'), 'SELECT lab AS y, x1, x2 FROM ev, generate_series(1, 100)')$$);
SELECT try($$SELECT count(*) FROM learn.evaluate(em('logreg'), 'SELECT lab AS y, x1, x2 FROM ev, generate_series(1, 50)')$$);
RESET learn.memory_limit;

-- nothing was dropped or changed by the hostile strings
SELECT count(*) FROM ev;
SELECT count(*) FROM "ev""; DROP TABLE ev; --";
SELECT count(*) FROM learn.models WHERE name LIKE 'ev%';

DELETE FROM learn.models WHERE name IN ('ev_lin', 'ev_log', 'ev_km', 'ev_hostile');
DROP AGGREGATE public.ev_bad_acc(int, int), public.ev_acc(int, int);
DROP TABLE ev, ev_states, ev_models, ev_empty, ev_secret, "ev""; DROP TABLE ev; --" CASCADE;
REVOKE ALL ON SCHEMA learn FROM regress_eval_stranger;
REVOKE ALL ON learn.models, learn.registry FROM regress_eval_stranger;
DROP ROLE regress_eval_stranger;
DROP FUNCTION public.es(text), public.em(text), public.rows_to(bytea, int), public.put8(bytea, int, float8), public.le8(float8), public.try(text);
