-- The planner hook (src/api/rewrite.c): a training aggregate over an
-- ARRAY[...] of float8 columns is run as learn.fit_columns over the columns,
-- without building an array per row.  The model must be the same bytes.
SET extra_float_digits = 0;
SET max_parallel_workers_per_gather = 0;
SELECT learn.version() IS NOT NULL AS loaded;   -- loads the library, installing the hook

CREATE TABLE rw AS
SELECT g, (g % 7)::float8 AS x1, sqrt(g)::float8 AS x2, sin(g)::float8 AS x3,
       (g % 3 = 0) AS flag, (ARRAY['a', 'b', 'c'])[1 + g % 3] AS label,
       1 + 2 * (g % 7) - sqrt(g) + cos(g) AS y
FROM generate_series(1, 3000) g;
UPDATE rw SET x2 = NULL WHERE g % 101 = 0;      -- rows with a NULL feature are skipped
UPDATE rw SET y = NULL WHERE g % 103 = 0;       -- and rows with a NULL target

-- The plan runs learn.fit_columns over the columns ...
EXPLAIN (VERBOSE, COSTS OFF) SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3]) FROM rw;
-- (an ARRAY[] of integers cast to float8[] is a constructor of casts) ...
EXPLAIN (VERBOSE, COSTS OFF) SELECT learn.linreg_fit(y, ARRAY[g, g]::float8[]) FROM rw;
-- ... while an array that is not an ARRAY[] constructor, or an ordered
-- aggregate, is passed as is.
EXPLAIN (VERBOSE, COSTS OFF) SELECT learn.linreg_fit(y, a) FROM (SELECT y, ARRAY[x1, x2] a FROM rw OFFSET 0) s;
EXPLAIN (VERBOSE, COSTS OFF) SELECT learn.linreg_fit(y, ARRAY[x1, x2] ORDER BY g) FROM rw;

-- The reference: the same aggregate fed ready-made arrays (not rewritten).
CREATE TABLE rw_arr AS SELECT g, y, flag, label, ARRAY[x1, x2, x3] AS a FROM rw;

-- Same bytes, serial plan: skipped rows, options, every algorithm.
SELECT (SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3]) FROM rw) =
       (SELECT learn.linreg_fit(y, a) FROM rw_arr) AS linreg_same;
SELECT (SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3], '{"intercept": false, "lambda": 0.5}') FROM rw) =
       (SELECT learn.linreg_fit(y, a, '{"intercept": false, "lambda": 0.5}') FROM rw_arr) AS linreg_options_same;
SELECT learn.describe(learn.linreg_fit(y, ARRAY[x1, x2, x3]))->>'rows_skipped' AS skipped FROM rw;
SELECT (SELECT learn.logreg_fit(label, ARRAY[x1, x2, x3]) FROM rw) =
       (SELECT learn.logreg_fit(label, a) FROM rw_arr) AS logreg_text_label_same;
SELECT (SELECT learn.logreg_fit(flag, ARRAY[x1, x2, x3], '{"lambda": 1}') FROM rw) =
       (SELECT learn.logreg_fit(flag, a, '{"lambda": 1}') FROM rw_arr) AS logreg_bool_label_same;
SELECT (SELECT learn.nb_fit(label, ARRAY[x1, x2, x3]) FROM rw) =
       (SELECT learn.nb_fit(label, a) FROM rw_arr) AS nb_same;
SELECT (SELECT learn.svm_fit(label, ARRAY[x1, x2, x3]) FROM rw) =
       (SELECT learn.svm_fit(label, a) FROM rw_arr) AS svm_same;
SELECT (SELECT learn.kmeans_fit(ARRAY[x1, x2, x3], '{"k": 3, "seed": 5}') FROM rw) =
       (SELECT learn.kmeans_fit(a, '{"k": 3, "seed": 5}') FROM rw_arr) AS kmeans_same;
SELECT (SELECT learn.pca_fit(ARRAY[x1, x2, x3]) FROM rw) =
       (SELECT learn.pca_fit(a) FROM rw_arr) AS pca_same;
SELECT (SELECT learn.preprocess_fit(y, ARRAY[x1, x2, x3], '{}') FROM rw) =
       (SELECT learn.preprocess_fit(y, a, '{}') FROM rw_arr) AS preprocess_same;

-- GROUP BY, FILTER, a subquery and a CTE.
SELECT bool_and(r.m = a.m) AS group_by_same, count(*) AS groups
FROM (SELECT label, learn.linreg_fit(y, ARRAY[x1, x2, x3]) m FROM rw GROUP BY label) r
JOIN (SELECT label, learn.linreg_fit(y, a) m FROM rw_arr GROUP BY label) a USING (label);
SELECT (SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3]) FILTER (WHERE g > 100) FROM rw) =
       (SELECT learn.linreg_fit(y, a) FILTER (WHERE g > 100) FROM rw_arr) AS filter_same;
WITH m AS (SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3]) m FROM rw)
SELECT m = (SELECT learn.linreg_fit(y, a) FROM rw_arr) AS cte_same FROM m;

-- Errors are the aggregate's own.
SELECT learn.linreg_fit(y, ARRAY[x1, 'NaN'::float8]) FROM rw;
SELECT learn.logreg_fit(label, ARRAY[x1, x2], '{"no_such_option": 1}') FROM rw;
SELECT learn.linreg_fit(y, ARRAY[x1, x2], NULL) IS NOT NULL AS null_options_are_defaults FROM rw;

-- A parallel plan keeps the rewrite and the result (1e-9 relative).
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF, VERBOSE) SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3]) FROM rw;
SELECT bool_and(abs((p.c->>'estimate')::float8 - (s.c->>'estimate')::float8)
                <= 1e-9 * abs((s.c->>'estimate')::float8)) AS parallel_same, count(*) AS terms
FROM jsonb_array_elements(learn.describe((SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3]) FROM rw))->'coefficients')
       WITH ORDINALITY p(c, i)
JOIN jsonb_array_elements(learn.describe((SELECT learn.linreg_fit(y, a) FROM rw_arr))->'coefficients')
       WITH ORDINALITY s(c, i) USING (i);
RESET max_parallel_workers_per_gather;

-- A role that may not run learn.fit_columns keeps the original call.
CREATE ROLE regress_rewrite_user;
GRANT SELECT ON rw TO regress_rewrite_user;
GRANT USAGE ON SCHEMA learn TO regress_rewrite_user;
REVOKE EXECUTE ON FUNCTION learn.fit_columns_trans(bytea, integer, jsonb, "any") FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION learn.fit_columns(integer, jsonb, "any") FROM PUBLIC;
SET ROLE regress_rewrite_user;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (VERBOSE, COSTS OFF) SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3]) FROM rw;
SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3]) IS NOT NULL AS trained FROM rw;
RESET ROLE;
GRANT EXECUTE ON FUNCTION learn.fit_columns_trans(bytea, integer, jsonb, "any") TO PUBLIC;
GRANT EXECUTE ON FUNCTION learn.fit_columns(integer, jsonb, "any") TO PUBLIC;
DROP OWNED BY regress_rewrite_user;
DROP ROLE regress_rewrite_user;
DROP TABLE rw, rw_arr;
