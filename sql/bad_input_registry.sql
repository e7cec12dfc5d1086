-- Bad-input catalogue, part 3: learn.train and the registry, the access
-- functions, the data-cleaning functions, and names holding quotes,
-- semicolons and SQL (model names, table names, column names, option
-- values).  One case per line, printed by try(): the first value, or the
-- SQLSTATE and message of the error.
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

CREATE TABLE br (i int, y float8, x1 float8, x2 float8, lab text, c text, d date, arr float8[]);
INSERT INTO br SELECT i, 2 * i + (i % 3), i % 7, (i * 3) % 11, CASE WHEN i % 7 > 3 THEN 'a' ELSE 'b' END,
                      'c' || (i % 4), date '2024-01-01' + i, ARRAY[i, i % 5]
FROM generate_series(1, 60) i;
-- hostile table and column names
CREATE TABLE "Robert'); DROP TABLE students;--" ("x""y" float8, "a;b" float8, "c'd" text, "t\" float8, "SELECT" int);
INSERT INTO "Robert'); DROP TABLE students;--" SELECT i % 5, i % 3, 'v' || (i % 2), i, i FROM generate_series(1, 40) i;
CREATE TABLE students (id int);
CREATE TABLE br_empty (y float8, x float8);
CREATE TABLE br_one (y float8, x float8);
INSERT INTO br_one VALUES (1, 2);
CREATE TABLE br_const (y float8, x float8, k float8);
INSERT INTO br_const SELECT i, i % 3, 7 FROM generate_series(1, 30) i;
DO $$ BEGIN EXECUTE (
    SELECT format('CREATE TABLE br_wide AS SELECT i::float8 AS y, %s FROM generate_series(1, 5) i',
                  string_agg(format('((i * %s) %% 7)::real AS c%s', g, g), ', '))
    FROM generate_series(1, 1599) g); END $$;

-- learn.train: names
SELECT try($$SELECT version FROM learn.train(NULL, 'linear_regression', 'br', 'y')$$);
SELECT try($$SELECT version FROM learn.train('', 'linear_regression', 'br', 'y')$$);
SELECT try($$SELECT version FROM learn.train(repeat('m', 201), 'linear_regression', 'br', 'y')$$);
SELECT try($$SELECT version FROM learn.train(E'tab\there', 'linear_regression', 'br', 'y')$$);
SELECT try($$SELECT version FROM learn.train('x''; DROP TABLE br; --', 'linear_regression', 'br', 'y', ARRAY['x1'])$$);
SELECT try($$SELECT version FROM learn.train('"a""b"', 'linear_regression', 'br', 'y', ARRAY['x1'])$$);
SELECT try($$SELECT version FROM learn.train('Robert''); DROP TABLE students;--', 'linear_regression', 'br', 'y', ARRAY['x1'])$$);
SELECT try(format($q$SELECT version FROM learn.train(%L, 'linear_regression', 'br', 'y', ARRAY['x1'])$q$, 'back\slash; semi;colon'));
SELECT try($$SELECT string_agg(name, ' | ' ORDER BY name) FROM learn.registry$$);
SELECT try($$SELECT round(learn.predict('x''; DROP TABLE br; --', ARRAY[1]::float8[])::numeric, 6) IS NOT NULL$$);
SELECT try($$SELECT round(learn.predict('"a""b"', r)::numeric, 6) IS NOT NULL FROM br r WHERE i = 1$$);
SELECT try($$SELECT version FROM learn.deploy('Robert''); DROP TABLE students;--', 1)$$);
SELECT try($$SELECT length(learn.model('back\slash; semi;colon', 1)) > 0$$);

-- learn.train: algorithms, sources, targets, features
SELECT try($$SELECT version FROM learn.train('br_m', NULL, 'br', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regresion', 'br', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', NULL, 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', '', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'no_such_table', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br; DROP TABLE students', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT * FROM br; DROP TABLE students', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT * FROM br) s, students; --', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'DELETE FROM students RETURNING *', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'WITH d AS (DELETE FROM students RETURNING id) SELECT id AS y, id AS x FROM d', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT * FROM br FOR UPDATE', 'y', ARRAY['x1'])$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT * FROM br -- comment', 'y', ARRAY['x1'])$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT * FROM br /* open comment', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'pg_catalog.pg_class', 'relpages')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', NULL)$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'nope')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'lab')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y''; DROP TABLE students; --')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', ARRAY[]::text[])$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', ARRAY['x1', NULL])$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', ARRAY['x1', 'x1'])$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', ARRAY['y'])$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', ARRAY['x1; DROP TABLE students'])$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', '{{x1}}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'kmeans', 'br', 'y', ARRAY['x1'], '{"k": 2}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'logistic_regression', 'br', NULL, ARRAY['x1'])$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'logistic_regression', 'br', 'arr', ARRAY['x1'])$$);
-- the hostile table, its columns and a target with quotes and backslashes
SELECT try($$SELECT version FROM learn.train('br_h', 'linear_regression', '"Robert''); DROP TABLE students;--"', 't\', ARRAY['x"y', 'a;b', 'c''d', 'SELECT'])$$);
SELECT try($$SELECT version FROM learn.train('br_h', 'linear_regression', 'SELECT * FROM "Robert''); DROP TABLE students;--" WHERE "SELECT" > 2', 't\')$$);
SELECT try($$SELECT version FROM learn.train('br_h', 'kmeans', '"Robert''); DROP TABLE students;--"', NULL, NULL, '{"k": 2}')$$);
SELECT try($$SELECT version FROM learn.train('br_h', 'logistic_regression', '"Robert''); DROP TABLE students;--"', 'c''d', ARRAY['x"y', 'a;b'])$$);
SELECT try($$SELECT learn.predict_label('br_h', r) FROM "Robert'); DROP TABLE students;--" r LIMIT 1$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report('br_h', '"Robert''); DROP TABLE students;--"')$$);
SELECT try($$SELECT version FROM learn.train('br_h', 'linear_regression', '"Robert''); DROP TABLE students;--"', 't\', ARRAY['x"y'], '{"columns": {"x\"y": {"impute": "constant", "impute_value": 1}}}')$$);
SELECT try($$SELECT version FROM learn.train('br_h', 'linear_regression', '"Robert''); DROP TABLE students;--"', 't\', ARRAY['c''d'], '{"columns": {"c''d": {"impute": "constant", "impute_value": "x''); DROP TABLE students;--"}}}')$$);
-- zero rows, one row, constant and collinear columns, a single class, wide sources
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br_empty', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br_one', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br_const', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT y, x, 2 * x AS x2 FROM br_const', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'logistic_regression', 'SELECT ''a'' AS lab, x FROM br_const', 'lab')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'naive_bayes', 'SELECT y::int % 2 AS lab, k FROM br_const', 'lab')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'pca', 'SELECT k FROM br_const', NULL)$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'kmeans', 'br_one', NULL, NULL, '{"k": 2}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br_wide', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m97', 'linear_regression', 'br_wide', 'y', (SELECT array_agg('c' || g) FROM generate_series(1, 97) g))$$);
SELECT try($$SELECT version FROM learn.train('br_m98', 'linear_regression', 'br_wide', 'y', (SELECT array_agg('c' || g) FROM generate_series(1, 98) g))$$);
SELECT try($$SELECT version FROM learn.train('br_m97', 'kmeans', 'br_wide', NULL, (SELECT array_agg('c' || g) FROM generate_series(1, 97) g), '{"k": 2}')$$);
SELECT try($$SELECT version FROM learn.train('br_m97', 'kmeans', 'br_wide', NULL, (SELECT array_agg('c' || g) FROM generate_series(1, 97) g), '{"k": 2, "scale": "standard"}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'naive_bayes', 'SELECT y::int % 2 AS lab, * FROM br_wide', 'lab', NULL, '{"impute": "none"}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT y, array_fill(1::float8, ARRAY[10001]) AS a FROM br_wide', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT y, array_fill(1::float8, ARRAY[10000]) AS a FROM br_wide', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_nb', 'naive_bayes', 'SELECT y::int % 2 AS lab, array_fill(y, ARRAY[10000]) AS a FROM br_wide', 'lab')$$);
SELECT try($$SELECT learn.predict_label('br_nb', ROW(array_fill(2::float8, ARRAY[10000]))::record) IS NULL$$);
SELECT try($$SELECT learn.predict_label('br_nb', r) FROM (SELECT array_fill(2::float8, ARRAY[10000]) AS a) r$$);
SELECT try($$SELECT learn.predict_label('br_nb', r) FROM (SELECT array_fill(2::float8, ARRAY[9999]) AS a) r$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT y, ''NaN''::float8 AS x FROM br_wide', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT ''Infinity''::float8 AS y, y AS x FROM br_wide', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT y, ARRAY[y, 1] AS a FROM br_wide UNION ALL SELECT 1, ARRAY[1, 2, 3]', 'y')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT y, ARRAY[[y]] AS a FROM br_wide', 'y')$$);
-- options of learn.train: malformed, unknown keys, wrong values, hostile values
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"bogus": true}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '[1, 2]')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"deploy": "maybe"}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"feature_names": ["a"]}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"impute": "guess"}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"scale": "x''; DROP TABLE students; --"}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"max_categories": 0}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"max_categories": 1e9}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"columns": {"nope": {"impute": "mean"}}}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"columns": {"x1": {"buckets": [3, 1, 2]}}}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"columns": {"x1": {"buckets": ["NaN"]}}}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"columns": {"x1": {"kind": "category"}}}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"columns": {"x1": {"kind": "rocket"}}}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"columns": {"d": {"date_parts": ["fortnight"]}}}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"columns": {"x1": {"impute": "constant", "impute_value": 1e400}}}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT y, NULLIF(x1, 1) AS x1 FROM br', 'y', NULL, '{"scale": "robust", "columns": {"x1": {"impute": "constant", "impute_value": 1e308}}}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'SELECT y, NULLIF(x1, 1) AS x1 FROM br', 'y', NULL, '{"scale": "robust", "columns": {"x1": {"impute": "constant", "impute_value": -1e308}}}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', NULL, '{"lambda": -1}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'kmeans', 'br', NULL, ARRAY['x1'], '{}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'kmeans', 'br', NULL, ARRAY['x1'], '{"k": 2, "C": 1}')$$);
SELECT try($$SELECT version FROM learn.train('br_m', 'logistic_regression', 'br', 'lab', ARRAY['x1'], '{"class_weight": {"''; DROP TABLE students; --": 2}}')$$);
SELECT try($$SELECT count(*) FROM learn.models WHERE name = 'br_m'$$);

-- the registry: versions, deploy, immutability, model(), grants
SELECT try($$SELECT version FROM learn.train('br_m', 'linear_regression', 'br', 'y', ARRAY['x1'])$$);
SELECT try($$SELECT version FROM learn.deploy(NULL)$$);
SELECT try($$SELECT version FROM learn.deploy('nope')$$);
SELECT try($$SELECT version FROM learn.deploy('br_m', 99)$$);
SELECT try($$SELECT version FROM learn.deploy('br_m', -1)$$);
SELECT try($$SELECT version FROM learn.deploy('br_m', NULL)$$);
SELECT try($$SELECT version FROM learn.deploy('x''; DROP TABLE br; --')$$);
SELECT try($$SELECT length(learn.model('br_m', 2147483647))$$);
SELECT try($$UPDATE learn.models SET model = '\x00' WHERE name = 'br_m' RETURNING version$$);
SELECT try($$UPDATE learn.models SET owner = 'nobody' WHERE name = 'br_m' RETURNING version$$);
SELECT try($$UPDATE learn.model_names SET owner = 'nobody' WHERE name = 'br_m' RETURNING name$$);
SELECT try($$UPDATE learn.deployments SET version = 1 WHERE name = 'br_m' RETURNING version$$);
SELECT try($$DELETE FROM learn.deployments WHERE name = 'br_m' RETURNING version$$);
SELECT try($$TRUNCATE learn.models$$);
SELECT try($$TRUNCATE learn.deployments$$);
SELECT try($$INSERT INTO learn.models (name, version, algorithm, model) VALUES ('br_m', 1, 'linear_regression', '\x00') RETURNING version$$);
SELECT try($$INSERT INTO learn.models (name, version, algorithm, model) VALUES ('', 1, 'linear_regression', '\x00') RETURNING version$$);
SELECT try($$INSERT INTO learn.deployments (name, version) VALUES ('br_m', 42) RETURNING version$$);
SELECT try($$SELECT learn.grant('br_m', 'public', 'score')$$);
SELECT try($$SELECT learn.grant('br_m', 'public', 'score')$$);
SELECT try($$SELECT learn.grant('br_m', 'x''; DROP TABLE br; --', 'score')$$);
SELECT try($$SELECT learn.grant('br_m', 'public', 'read; DROP TABLE br')$$);
SELECT try($$SELECT learn.grant('br_m', 'public', NULL)$$);
SELECT try($$SELECT learn.grant('nope', 'public')$$);
SELECT try($$SELECT learn.revoke('br_m', 'public', 'score')$$);
SELECT try($$SELECT learn.revoke('br_m', 'public', 'write')$$);
SELECT try($$SELECT learn.revoke('br_m', NULL)$$);
SELECT try($$SELECT learn.revoke('nope', 'public')$$);
SELECT try($$SELECT learn.check_model_owner('br_m', 'inspect')$$);
SELECT try($$SELECT learn.check_model_owner('nope', 'inspect')$$);
SELECT try($$SELECT learn.check_model_owner(NULL, NULL)$$);

-- data cleaning: unknown and hostile tables and columns, bad thresholds
SELECT try($$SELECT count(*) FROM learn.data_quality('br')$$);
SELECT try($$SELECT count(*) FROM learn.data_quality('no_such_table')$$);
SELECT try($$SELECT count(*) FROM learn.data_quality(NULL)$$);
SELECT try($$SELECT count(*) FROM learn.data_quality('br', 'NaN', 0.5)$$);
SELECT try($$SELECT count(*) FROM learn.data_quality('br', 2, -1)$$);
SELECT try($$SELECT string_agg(column_name, ', ' ORDER BY column_name) FROM learn.data_quality('"Robert''); DROP TABLE students;--"')$$);
SELECT try($$SELECT count(*) FROM learn.data_quality('br_empty')$$);
SELECT try($$SELECT count(*) FROM learn.data_quality('br_wide')$$);
SELECT try($$SELECT count(*) FROM learn.data_quality('pg_class')$$);
SELECT try($$SELECT count(*) FROM learn.find_duplicates('br')$$);
SELECT try($$SELECT count(*) FROM learn.find_duplicates('br', ARRAY['nope'])$$);
SELECT try($$SELECT count(*) FROM learn.find_duplicates('br', ARRAY['lab', NULL])$$);
SELECT try($$SELECT count(*) FROM learn.find_duplicates('br', ARRAY[]::text[])$$);
SELECT try($$SELECT count(*) FROM learn.find_duplicates('"Robert''); DROP TABLE students;--"', ARRAY['c''d', 'a;b'])$$);
SELECT try($$SELECT count(*) FROM learn.find_duplicates('br', ARRAY['lab''; DROP TABLE students; --'])$$);
SELECT try($$SELECT count(*) FROM learn.find_duplicates('br_wide')$$);
SELECT try($$SELECT learn.remove_duplicates('br_empty')$$);
SELECT try($$SELECT learn.remove_duplicates('"Robert''); DROP TABLE students;--"', ARRAY['c''d'])$$);
SELECT try($$SELECT learn.remove_duplicates('learn.registry')$$);
SELECT try($$SELECT learn.remove_duplicates('br', ARRAY['i', 'i'])$$);
SELECT try($$SELECT count(*) FROM learn.outliers('br', 'x1')$$);
SELECT try($$SELECT count(*) FROM learn.outliers('br', 'nope')$$);
SELECT try($$SELECT count(*) FROM learn.outliers('br', 'lab')$$);
SELECT try($$SELECT count(*) FROM learn.outliers('br', 'x1', 'magic')$$);
SELECT try($$SELECT count(*) FROM learn.outliers('br', 'x1', 'iqr', -1)$$);
SELECT try($$SELECT count(*) FROM learn.outliers('br', 'x1', 'zscore', 'NaN')$$);
SELECT try($$SELECT count(*) FROM learn.outliers('br', 'x1', 'zscore', 'Infinity')$$);
SELECT try($$SELECT count(*) FROM learn.outliers('br_empty', 'x')$$);
SELECT try($$SELECT count(*) FROM learn.outliers('br_const', 'k', 'zscore')$$);
SELECT try($$SELECT count(*) FROM learn.outliers('"Robert''); DROP TABLE students;--"', 'x"y')$$);
SELECT try($$SELECT count(*) FROM learn.outliers('br', 'x1''; DROP TABLE students; --')$$);
SELECT try($$SELECT count(*) FROM learn.outliers('br', NULL)$$);
SELECT try($$SELECT count(*) FROM learn.cleaning_columns('br')$$);
SELECT try($$SELECT count(*) FROM learn.cleaning_columns('br', ARRAY['nope'])$$);
SELECT try($$SELECT count(*) FROM learn.cleaning_columns('"Robert''); DROP TABLE students;--"', ARRAY['x"y', 'SELECT'])$$);

-- nothing was dropped or changed by the hostile strings
SELECT count(*) FROM br;
SELECT count(*) FROM students;
SELECT count(*) FROM "Robert'); DROP TABLE students;--";

DELETE FROM learn.models WHERE name IN (SELECT name FROM learn.model_names);
DELETE FROM learn.model_grants;
DROP TABLE br, "Robert'); DROP TABLE students;--", students, br_empty, br_one, br_const, br_wide;
DROP FUNCTION public.try(text);
