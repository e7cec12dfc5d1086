-- Bad-input catalogue, part 1: scoring and inspecting models.  Every case is
-- one line: try() runs it and prints its first value, or the SQLSTATE and
-- message of its error (NULL in, NULL out for STRICT functions).  The whole
-- catalogue must end without a crash: the test suite fails when any backend
-- was terminated by a signal.
SET extra_float_digits = 0;
\set SHOW_CONTEXT never
\pset tuples_only on
\pset format unaligned

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

CREATE TABLE bi_data (y float8, x1 float8, x2 float8, lab text);
INSERT INTO bi_data SELECT i, i % 7, (i * 3) % 11, CASE WHEN i % 7 > 3 THEN 'a' ELSE 'b' END
FROM generate_series(1, 60) i;
-- one model of each kind, fitted by the aggregates (no registry)
CREATE TABLE bi_models (k text PRIMARY KEY, b bytea);
INSERT INTO bi_models
SELECT 'linreg', learn.linreg_fit(y, ARRAY[x1, x2]) FROM bi_data
UNION ALL SELECT 'logreg', learn.logreg_fit(lab, ARRAY[x1, x2]) FROM bi_data
UNION ALL SELECT 'nb', learn.nb_fit(lab, ARRAY[x1, x2]) FROM bi_data
UNION ALL SELECT 'svm', learn.svm_fit(lab, ARRAY[x1, x2]) FROM bi_data
UNION ALL SELECT 'kmeans', learn.kmeans_fit(ARRAY[x1, x2], '{"k": 2, "seed": 1}') FROM bi_data
UNION ALL SELECT 'pca', learn.pca_fit(ARRAY[x1, x2]) FROM bi_data
UNION ALL SELECT 'prep', learn.preprocess_fit(y, ARRAY[x1, x2], '{}') FROM bi_data;
CREATE FUNCTION public.bm(k text) RETURNS bytea LANGUAGE sql STABLE AS 'SELECT b FROM bi_models WHERE bi_models.k = $1';
SELECT learn.train('bi_lin', 'linear_regression', 'bi_data', 'y', ARRAY['x1', 'x2']) IS NOT NULL;
SELECT learn.train('bi_km', 'kmeans', 'bi_data', NULL, ARRAY['x1', 'x2'], '{"k": 2, "seed": 1}') IS NOT NULL;

-- features: NULL array, NULL element, NaN, infinities, empty, 2-D, bounds, width
SELECT try($$SELECT learn.predict(bm('linreg'), NULL::float8[])$$);
SELECT try($$SELECT learn.predict(NULL::bytea, ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), ARRAY[NULL, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), ARRAY['NaN', 2]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), ARRAY['Infinity', 2]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), ARRAY['-Infinity', 2]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), ARRAY['Infinity', '-Infinity']::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), ARRAY[1e308, 1e308]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), '{}'::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), '{{1, 2}}'::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), '{{1}, {2}}'::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), '[5:6]={1, 2}'::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), ARRAY[1]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), ARRAY[1, 2, 3]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg'), array_fill(1::float8, ARRAY[10001]))$$);
SELECT try($$SELECT learn.predict(bm('linreg'), array_fill(1::float8, ARRAY[1000000]))$$);
SELECT try($$SELECT learn.predict_proba(m, array_fill(2::float8, ARRAY[10001])) FROM (SELECT learn.nb_fit(i % 2, array_fill(i::float8, ARRAY[10001])) AS m FROM generate_series(1, 4) i) s$$);
SELECT try($$SELECT learn.predict_proba(m, array_fill(2::float8, ARRAY[10000])) FROM (SELECT learn.nb_fit(i % 2, array_fill(i::float8, ARRAY[10001])) AS m FROM generate_series(1, 4) i) s$$);
SELECT try($$SELECT array_length(learn.transform(m, array_fill(2::float8, ARRAY[20000])), 1) FROM (SELECT learn.preprocess_fit(i, array_fill(i::float8, ARRAY[20000]), '{}') AS m FROM generate_series(1, 3) i) s$$);
SELECT try($$SELECT learn.predict_label(bm('logreg'), ARRAY[NULL, 1]::float8[])$$);
SELECT try($$SELECT learn.predict_label(bm('logreg'), ARRAY['NaN', 1]::float8[])$$);
SELECT try($$SELECT learn.predict_label(bm('logreg'), ARRAY['Infinity', 1]::float8[])$$);
SELECT try($$SELECT learn.predict_label(bm('logreg'), '{}'::float8[])$$);
SELECT try($$SELECT learn.predict_proba(bm('logreg'), ARRAY['Infinity', '-Infinity']::float8[])$$);
SELECT try($$SELECT learn.predict_proba(bm('logreg'), ARRAY['NaN', 1]::float8[])$$);
SELECT try($$SELECT learn.predict_proba(bm('nb'), ARRAY['Infinity', 1]::float8[])$$);
SELECT try($$SELECT learn.predict_proba(bm('nb'), ARRAY[1e308, -1e308]::float8[])$$);
SELECT try($$SELECT learn.predict_proba(bm('nb'), '{{1, 2}}'::float8[])$$);
SELECT try($$SELECT learn.decision_function(bm('svm'), ARRAY['NaN', 1]::float8[])$$);
SELECT try($$SELECT learn.decision_function(bm('svm'), ARRAY[1, 2, 3]::float8[])$$);
SELECT try($$SELECT learn.decision_function(bm('nb'), ARRAY['-Infinity', 1]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('kmeans'), ARRAY['NaN', 1]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('kmeans'), ARRAY['Infinity', 1]::float8[])$$);
SELECT try($$SELECT learn.predict_label(bm('kmeans'), ARRAY['NaN', 1]::float8[])$$);
SELECT try($$SELECT learn.predict_label(bm('kmeans'), ARRAY[1, '-Infinity']::float8[])$$);
SELECT try($$SELECT learn.transform(bm('kmeans'), ARRAY['NaN', 1]::float8[])$$);
SELECT try($$SELECT learn.transform(bm('kmeans'), ARRAY[1e308, 1e308]::float8[])$$);
SELECT try($$SELECT learn.transform(bm('pca'), ARRAY['NaN', 1]::float8[])$$);
SELECT try($$SELECT learn.transform(bm('pca'), '{}'::float8[])$$);
SELECT try($$SELECT learn.transform(bm('prep'), ARRAY[NULL, NULL]::float8[])$$);
SELECT try($$SELECT learn.transform(bm('prep'), ARRAY['Infinity', 1]::float8[])$$);

-- a model of the wrong kind for the function
SELECT try($$SELECT learn.predict_label(bm('linreg'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict_proba(bm('linreg'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict_proba(bm('kmeans'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict_proba(bm('svm'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.decision_function(bm('linreg'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.decision_function(bm('pca'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.transform(bm('linreg'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.transform(bm('logreg'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('pca'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('prep'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict_label(bm('pca'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.classes(bm('linreg'))$$);
SELECT try($$SELECT learn.classes(bm('kmeans'))$$);
SELECT try($$SELECT learn.classes(bm('pca'))$$);
SELECT try($$SELECT count(*) FROM learn.coefficients(bm('kmeans'))$$);
SELECT try($$SELECT count(*) FROM learn.coefficients(bm('nb'))$$);
SELECT try($$SELECT count(*) FROM learn.coefficients(bm('pca'))$$);
SELECT try($$SELECT count(*) FROM learn.coefficients(bm('prep'))$$);
SELECT try($$SELECT learn.training_metrics(bm('pca')) IS NOT NULL$$);
SELECT try($$SELECT learn.features(bm('kmeans'))$$);
SELECT try($$SELECT learn.predict((SELECT learn.linreg_fit_trans(NULL, 1, ARRAY[1]::float8[])), ARRAY[1]::float8[])$$);
SELECT try($$SELECT learn.describe((SELECT learn.kmeans_fit_trans(NULL, ARRAY[1]::float8[])))$$);

-- model bytes: empty, short, truncated, corrupted, huge, not a model
SELECT try($$SELECT learn.predict(''::bytea, ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict('\x00'::bytea, ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(substr(bm('linreg'), 1, 16), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(substr(bm('linreg'), 1, length(bm('linreg')) - 1), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg') || '\x00'::bytea, ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(set_byte(bm('linreg'), 40, get_byte(bm('linreg'), 40) # 1), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(set_byte(bm('linreg'), 0, 0), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict_proba(set_byte(bm('logreg'), length(bm('logreg')) / 2, 255), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(convert_to('PGLEARN', 'UTF8') || decode(repeat('ff', 100), 'hex'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(decode(repeat('ff', 4000000), 'hex'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(bm('linreg') || decode(repeat('00', 4000000), 'hex'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(convert_to('not a model', 'UTF8'), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.describe(''::bytea)$$);
SELECT try($$SELECT learn.describe(substr(bm('nb'), 1, 64))$$);
SELECT try($$SELECT learn.training_metrics('\xdeadbeef'::bytea)$$);
SELECT try($$SELECT count(*) FROM learn.coefficients(substr(bm('linreg'), 1, 100))$$);
SELECT try($$SELECT learn.features(set_byte(bm('pca'), 20, 7))$$);
SELECT try($$SELECT learn.classes(substr(bm('svm'), 1, 30))$$);
SELECT try($$SELECT learn.transform(substr(bm('pca'), 2), ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.decision_function('\x'::bytea, ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict_label(substr(bm('nb'), 1, length(bm('nb')) - 4), ARRAY[1, 2]::float8[])$$);

-- rows bound by name: missing columns, wrong types, NULL rows, extra columns
SELECT try($$SELECT learn.predict(bm('linreg'), r) FROM (SELECT 1.0::float8 AS x1) r$$);
SELECT try($$SELECT learn.predict(bm('linreg'), r) FROM (SELECT 'a'::text AS x1, 2::int AS x2) r$$);
SELECT try($$SELECT learn.predict(bm('linreg'), r) FROM (SELECT 1::int AS x1, 2::numeric AS x2, 'z' AS extra) r$$);
SELECT try($$SELECT learn.predict(bm('linreg'), r) FROM (SELECT NULL::float8 AS x1, NULL::float8 AS x2) r$$);
SELECT try($$SELECT learn.predict(bm('linreg'), NULL::record)$$);
SELECT try($$SELECT learn.predict(bm('linreg'), ROW(1, 2))$$);
SELECT try($$SELECT learn.predict(bm('linreg'), r) FROM (SELECT 'NaN'::float8 AS x1, 'Infinity'::float8 AS x2) r$$);
SELECT try($$SELECT learn.predict(bm('linreg'), r) FROM (SELECT 1 AS x1, 2 AS x2, 3 AS x1) r$$);
SELECT try($$SELECT learn.predict(bm('linreg'), r) FROM (SELECT ARRAY[1, 2] AS x1, 2 AS x2) r$$);
SELECT try($$SELECT learn.predict_label(bm('logreg'), r) FROM (SELECT 1 AS x1) r$$);
SELECT try($$SELECT learn.predict_proba(bm('nb'), r) FROM (SELECT true AS x1, false AS x2) r$$);
SELECT try($$SELECT learn.decision_function(bm('svm'), r) FROM (SELECT now() AS x1, 2 AS x2) r$$);
SELECT try($$SELECT learn.transform(bm('pca'), r) FROM (SELECT 1 AS x1, 'Infinity'::float8 AS x2) r$$);
SELECT try($$SELECT learn.prepare(bm('prep'), r) FROM (SELECT 1 AS x1, NULL::int AS x2) r$$);
SELECT try($$SELECT learn.prepare(bm('linreg'), r) FROM (SELECT 1 AS y) r$$);
SELECT try($$SELECT learn.prepare('\x00'::bytea, r) FROM (SELECT 1 AS x1) r$$);

-- the *_columns variants the planner writes, called directly
SELECT try($$SELECT learn.predict_columns(bm('linreg'), ARRAY['x1', 'x2'], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.predict_columns(bm('linreg'), ARRAY['x1', 'x2'], 1.0::float8)$$);
SELECT try($$SELECT learn.predict_columns(bm('linreg'), ARRAY['x1'], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.predict_columns(bm('linreg'), NULL, 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.predict_columns(bm('linreg'), ARRAY['x1', NULL], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.predict_columns(bm('linreg'), ARRAY['x1', 'x1'], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.predict_columns(bm('linreg'), '{{x1, x2}}', 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.predict_columns(NULL::bytea, ARRAY['x1', 'x2'], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.predict_columns(bm('linreg'), ARRAY['x1', 'x2'], VARIADIC ARRAY[1.0, 2.0]::float8[])$$);
SELECT try($$SELECT learn.predict_columns(bm('linreg'), ARRAY['x1', 'x2'], 'a'::text, 2::int)$$);
SELECT try($$SELECT learn.predict_columns('\x00'::bytea, ARRAY['x1', 'x2'], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.predict_columns('bi_lin', ARRAY['x1', 'x2'], 1.0::float8, 2.0::float8) IS NOT NULL$$);
SELECT try($$SELECT learn.predict_columns('nope', ARRAY['x1', 'x2'], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.predict_label_columns(bm('linreg'), ARRAY['x1', 'x2'], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.predict_label_columns('bi_km', ARRAY['x1'], 1.0::float8)$$);
SELECT try($$SELECT learn.predict_proba_columns(bm('nb'), ARRAY['x1', 'x2'], 'NaN'::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.predict_proba_columns('bi_lin', ARRAY['x1', 'x2'], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.decision_function_columns(bm('kmeans'), ARRAY['x1', 'x2'], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.decision_function_columns('bi_km', ARRAY['x1', 'x2'], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.transform_columns(bm('pca'), ARRAY[]::text[], 1.0::float8)$$);
SELECT try($$SELECT learn.transform_columns('bi_lin', ARRAY['x1', 'x2'], 1.0::float8, 2.0::float8)$$);
SELECT try($$SELECT learn.prepare_columns(bm('prep'), ARRAY['x1', 'x2'], NULL::float8, NULL::float8)$$);
SELECT try($$SELECT learn.prepare_columns('bi_km', ARRAY['x2', 'x1'], 'Infinity'::float8, 1.0::float8)$$);

-- by name: unknown, empty, hostile, very long, NULL; every family
SELECT try($$SELECT learn.predict('nope', ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict('', ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict(NULL::text, ARRAY[1, 2]::float8[])$$);
SELECT left(try($$SELECT learn.predict(repeat('n', 100000), ARRAY[1, 2]::float8[])$$), 60);
SELECT try($$SELECT learn.predict('x''; DROP TABLE bi_data; --', ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict('"a""b"', ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict('bi_lin', ARRAY[1]::float8[])$$);
SELECT try($$SELECT learn.predict('bi_lin', r) FROM (SELECT 1 AS x1) r$$);
SELECT try($$SELECT learn.predict_label('bi_lin', ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict_label('nope', r) FROM (SELECT 1 AS x1) r$$);
SELECT try($$SELECT learn.predict_proba('bi_km', ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.predict_proba('nope', r) FROM (SELECT 1 AS x1) r$$);
SELECT try($$SELECT learn.decision_function('bi_lin', ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.decision_function('bi_lin', r) FROM (SELECT 1 AS x1, 2 AS x2) r$$);
SELECT try($$SELECT learn.transform('bi_lin', ARRAY[1, 2]::float8[])$$);
SELECT try($$SELECT learn.transform('bi_km', r) FROM (SELECT 'NaN'::float8 AS x1, 2 AS x2) r$$);
SELECT try($$SELECT learn.prepare('nope', r) FROM (SELECT 1 AS x1) r$$);
SELECT try($$SELECT learn.prepare('bi_lin', NULL::record)$$);
SELECT try($$SELECT learn.classes('bi_lin')$$);
SELECT try($$SELECT learn.classes('nope')$$);
SELECT try($$SELECT learn.model('nope')$$);
SELECT try($$SELECT learn.model('bi_lin', 99)$$);
SELECT try($$SELECT learn.model('bi_lin', -1)$$);
SELECT try($$SELECT learn.model('bi_lin', 0)$$);
SELECT try($$SELECT learn.model(NULL, 1)$$);
SELECT try($$SELECT length(learn.model('bi_lin', NULL)) > 0$$);
SELECT try($$SELECT learn.model('Robert''); DROP TABLE students;--')$$);

-- learn.prepare_report and learn.prepare_row
SELECT try($$SELECT count(*) FROM learn.prepare_report(bm('linreg'), 'bi_data')$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report(bm('linreg'), 'no_such_table')$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report(bm('linreg'), 'bi_data; DROP TABLE bi_data')$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report(bm('linreg'), 'SELECT 1 AS z')$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report(bm('linreg'), 'DELETE FROM bi_data')$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report(bm('linreg'), '')$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report(bm('linreg'), NULL)$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report('\x00'::bytea, 'bi_data')$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report('nope', 'bi_data')$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report('bi_km', 'SELECT x1 FROM bi_data')$$);
SELECT try($$SELECT learn.prepare_row(NULL, 1.0::float8)$$);
SELECT try($$SELECT learn.prepare_row('\x00'::bytea, 1.0::float8)$$);
SELECT try($$SELECT learn.prepare_row(bm('linreg'), 1.0::float8)$$);
SELECT try($$SELECT learn.prepare_row(substr(bm('prep'), 1, 20), 1.0::float8)$$);

-- inspection and catalog functions without a model
SELECT try($$SELECT learn.version() IS NOT NULL$$);
SELECT try($$SELECT count(*) FROM learn.algorithms()$$);
SELECT try($$SELECT learn.acts_as(NULL)$$);
SELECT try($$SELECT learn.acts_as('no_such_role')$$);
SELECT try($$SELECT learn.acts_as(current_user)$$);
SELECT try($$SELECT learn.score_support(NULL)$$);
SELECT try($$SELECT learn.protect_registry()$$);

-- nothing was dropped by the hostile strings
SELECT count(*) FROM bi_data;

DELETE FROM learn.models WHERE name IN ('bi_lin', 'bi_km');
DROP FUNCTION public.bm(text);
DROP TABLE bi_models, bi_data;
DROP FUNCTION public.try(text);
