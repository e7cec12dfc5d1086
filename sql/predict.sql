-- learn.predict: scoring by model bytes and by name.
SET extra_float_digits = 0;

CREATE TABLE pr AS
SELECT g::float8 AS x1, (g % 7)::float8 AS x2, 10 + 3 * g - 2 * (g % 7) AS y
FROM generate_series(1, 100) g;
SELECT name, version FROM learn.train('pr_model', 'linear_regression', 'pr', 'y', ARRAY['x1', 'x2']);

-- By bytes and by name give the same value, equal to the closed form.
SELECT round(learn.predict(learn.model('pr_model'), ARRAY[2.0, 3.0])::numeric, 9) AS by_bytes,
       round(learn.predict('pr_model', ARRAY[2.0, 3.0])::numeric, 9) AS by_name,
       10 + 3 * 2 - 2 * 3 AS truth;

-- Scoring a whole table; every row within 1e-9 of the truth.
SELECT count(*) AS rows, max(abs(learn.predict('pr_model', ARRAY[x1, x2]) - y)) < 1e-9 AS all_close FROM pr;
SELECT count(*) AS rows, max(abs(learn.predict(m.model, ARRAY[x1, x2]) - y)) < 1e-9 AS all_close
FROM pr, (SELECT model FROM learn.models WHERE name = 'pr_model') m;

-- A column of models: each row is scored with its own model, not a cached one.
CREATE TABLE pr_models AS
SELECT k, learn.linreg_fit(y * k, ARRAY[x1, x2]) AS model FROM pr, generate_series(1, 3) k GROUP BY k;
SELECT k, round(learn.predict(model, ARRAY[1.0, 1.0])::numeric, 6) AS p FROM pr_models ORDER BY k;

-- PL/pgSQL keeps an expression's state across calls: each call still scores
-- with the model it is given (the cache checks the bytes, not only stability).
CREATE FUNCTION pg_temp.score(m bytea) RETURNS float8 LANGUAGE plpgsql AS $$
BEGIN
  RETURN learn.predict(m, ARRAY[1.0, 1.0]);
END $$;
SELECT k, round(pg_temp.score(model)::numeric, 6) AS p FROM pr_models ORDER BY k;
-- a name is looked up again after a deploy in the same transaction
CREATE FUNCTION pg_temp.score_name() RETURNS float8 LANGUAGE plpgsql AS $$
BEGIN
  RETURN learn.predict('pr_model', ARRAY[2.0, 3.0]);
END $$;

-- NULL in, NULL out; NaN and infinities follow IEEE arithmetic.
SELECT learn.predict('pr_model', NULL::float8[]) IS NULL AS null_array;
SELECT learn.predict('pr_model', ARRAY[1.0, NULL]) IS NULL AS null_element;
SELECT learn.predict(NULL::bytea, ARRAY[1.0, 2.0]) IS NULL AS null_model;
SELECT learn.predict('pr_model', ARRAY['NaN', 1.0]::float8[]) AS nan_in;
SELECT learn.predict('pr_model', ARRAY['Infinity', 1.0]::float8[]) AS inf_in;

-- Wrong shapes are errors naming expected and actual sizes.
SELECT learn.predict('pr_model', ARRAY[1.0]);
SELECT learn.predict('pr_model', ARRAY[1.0, 2.0, 3.0]);
SELECT learn.predict('pr_model', '{}'::float8[]);
SELECT learn.predict('pr_model', '{{1,2},{3,4}}'::float8[]);
SELECT learn.predict(learn.model('pr_model'), ARRAY[1.0]);

-- Array lower bounds do not matter: position counts.
SELECT round(learn.predict('pr_model', '[0:1]={2,3}'::float8[])::numeric, 9) AS shifted_bounds;

-- The deployed version is read once per query, under the query's snapshot.
SELECT name, version FROM learn.train('pr_model', 'linear_regression', 'SELECT x1, x2, 2 * y AS y FROM pr', 'y', ARRAY['x1', 'x2']);
SELECT round(learn.predict('pr_model', ARRAY[2.0, 3.0])::numeric, 9) AS after_retrain;
SELECT name, version FROM learn.deploy('pr_model', 1);
SELECT round(learn.predict('pr_model', ARRAY[2.0, 3.0])::numeric, 9) AS after_rollback;
BEGIN;
SELECT round(pg_temp.score_name()::numeric, 9) AS before_deploy;
SELECT name, version FROM learn.deploy('pr_model', 2);
SELECT round(pg_temp.score_name()::numeric, 9) AS after_deploy_same_transaction;
ROLLBACK;

-- In a parallel plan, workers score too.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
CREATE TABLE pr_big AS SELECT (g % 100)::float8 AS x1, (g % 7)::float8 AS x2 FROM generate_series(1, 100000) g;
ANALYZE pr_big;
EXPLAIN (COSTS OFF) SELECT sum(learn.predict('pr_model', ARRAY[x1, x2])) FROM pr_big;
SELECT round(sum(learn.predict('pr_model', ARRAY[x1, x2]))::numeric, 3) AS parallel_sum,
       round(sum(10 + 3 * x1 - 2 * x2)::numeric, 3) AS truth FROM pr_big;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;


-- Rows nulled by grouping sets score NULL on the rewritten path as on the row path.
CREATE TABLE pr_gs AS SELECT 1.0::float8 AS x1, 2.0::float8 AS x2 UNION ALL SELECT 8.0, 1.0;
SELECT pr_gs IS NULL AS whole_row_null, learn.predict('pr_model', pr_gs) IS NULL AS scored_null
FROM pr_gs GROUP BY ROLLUP (pr_gs) ORDER BY 1, 2;
-- the *_columns form binds its column names once: they must not vary by row
\set VERBOSITY sqlstate
SELECT learn.predict_columns('pr_model'::text, CASE WHEN g = 1 THEN ARRAY['x1', 'x2'] ELSE ARRAY['x2', 'x1'] END,
                             1.0::float8, 2.0::float8)
FROM generate_series(1, 2) g;
\set VERBOSITY default
DELETE FROM learn.models WHERE name = 'pr_model';
DROP TABLE pr, pr_models, pr_big, pr_gs;

-- Models read from a table column arrive TOASTed on every row; the cache
-- recognises the same TOAST pointer without detoasting.  Two large models
-- scored alternately must each give their own predictions (the reference
-- scores a fresh, untoasted copy of the bytes per row).
CREATE TABLE pr_wide AS
SELECT g, g % 2 AS k, array_agg(sin(g * j)) AS x, sum(j * sin(g * j)) + cos(g) AS y
FROM generate_series(1, 600) g, generate_series(1, 250) j GROUP BY g;
CREATE TABLE pr_toasted AS SELECT k, learn.linreg_fit(y, x) AS m FROM pr_wide GROUP BY k;
SELECT count(*) AS models, bool_and(octet_length(m) > 8000) AS large,
       (SELECT pg_relation_size(reltoastrelid) > 0 FROM pg_class WHERE relname = 'pr_toasted') AS stored_out_of_line
FROM pr_toasted;
SELECT count(*) AS scored,
       bool_and(learn.predict(t.m, w.x) = learn.predict(t.m || ''::bytea, w.x)) AS same_as_untoasted,
       count(DISTINCT learn.predict(t.m, w.x)) AS distinct_predictions
FROM pr_wide w CROSS JOIN pr_toasted t;
DROP TABLE pr_wide, pr_toasted;
