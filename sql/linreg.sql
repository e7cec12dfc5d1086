-- learn.linreg_fit: the training aggregate.
-- Floating results are compared with stated tolerances, so this file is
-- deterministic across machines.
SET extra_float_digits = 0;

-- Exact data: y = 1 + 2 x1 - 3 x2 on a small grid.  Truth is known in closed form.
CREATE TABLE lr_exact AS
SELECT a::float8 AS x1, b::float8 AS x2, 1 + 2 * a - 3 * b AS y
FROM generate_series(1, 10) a, generate_series(1, 7) b;

SELECT term, round(estimate::numeric, 10) AS estimate
FROM learn.coefficients((SELECT learn.linreg_fit(y, ARRAY[x1, x2]) FROM lr_exact));

-- Default names are x1..xp; feature_names and target options set them.
SELECT learn.features(learn.linreg_fit(y, ARRAY[x1, x2])) FROM lr_exact;
SELECT learn.features(learn.linreg_fit(y, ARRAY[x1, x2], '{"feature_names": ["a", "b"], "target": "t"}'))
  FROM lr_exact;
SELECT learn.describe(learn.linreg_fit(y, ARRAY[x1, x2], '{"target": "t"}'))->>'target' FROM lr_exact;

-- Noisy data; the reference is the closed form below, computed in numeric.
-- (Checks against R's lm on real data sets live in test/reference/.)
CREATE TABLE lr_small (x float8, y float8);
INSERT INTO lr_small VALUES
 (1, 2.9), (2, 5.1), (3, 7.2), (4, 8.8), (5, 11.3), (6, 12.9), (7, 15.2), (8, 17.1),
 (9, 18.8), (10, 21.2), (11, 22.7), (12, 25.3), (13, 27.1), (14, 28.8), (15, 31.2),
 (16, 32.9), (17, 35.1), (18, 36.8), (19, 39.2), (20, 41.1);

-- Closed form for one feature: slope = Sxy/Sxx, intercept = ybar - slope*xbar,
-- se(slope) = sigma/sqrt(Sxx).  Computed here in numeric, independent of pg_learn.
WITH s AS (
  SELECT count(*)::numeric AS n, avg(x::numeric) AS mx, avg(y::numeric) AS my FROM lr_small
), m AS (
  SELECT sum((x::numeric - mx) * (y::numeric - my)) AS sxy, sum((x::numeric - mx) ^ 2) AS sxx,
         sum((y::numeric - my) ^ 2) AS syy, n, mx, my
  FROM lr_small, s GROUP BY n, mx, my
), truth AS (
  SELECT sxy / sxx AS slope, my - (sxy / sxx) * mx AS icpt,
         sqrt((syy - sxy * sxy / sxx) / (n - 2)) AS sigma, sxx, syy, sxy, n
  FROM m
), fit AS (
  SELECT learn.linreg_fit(y, ARRAY[x]) AS model FROM lr_small
)
SELECT abs((learn.describe(model)->'coefficients'->1->>'estimate')::float8 - slope::float8) < 1e-12 * abs(slope::float8) AS slope_ok,
       abs((learn.describe(model)->'coefficients'->0->>'estimate')::float8 - icpt::float8) < 1e-12 * abs(icpt::float8) AS intercept_ok,
       abs((learn.describe(model)->>'sigma')::float8 - sigma::float8) < 1e-9 * sigma::float8 AS sigma_ok,
       abs((learn.describe(model)->'coefficients'->1->>'std_error')::float8 - (sigma / sqrt(sxx))::float8) < 1e-9 * (sigma / sqrt(sxx))::float8 AS se_ok,
       abs((learn.describe(model)->>'r2')::float8 - (sxy * sxy / (sxx * syy))::float8) < 1e-12 AS r2_ok,
       (learn.describe(model)->>'df_residual')::int AS df
FROM fit, truth;

-- No intercept: slope = sum(xy)/sum(x^2).
SELECT abs((learn.describe(m)->'coefficients'->0->>'estimate')::float8 - sxy / sxx) < 1e-12 * abs(sxy / sxx) AS slope_ok,
       learn.describe(m)->'coefficients'->0->>'term' AS term,
       (learn.describe(m)->>'intercept')::bool AS has_intercept
FROM (SELECT learn.linreg_fit(y, ARRAY[x], '{"intercept": false}') AS m,
             sum(x * y) AS sxy, sum(x * x) AS sxx FROM lr_small) q;

-- Ridge: closed form for one centered feature: slope = Sxy / (Sxx + lambda).
SELECT abs((learn.describe(m)->'coefficients'->1->>'estimate')::float8 - sxy / (sxx + 10)) < 1e-12 AS ridge_ok,
       learn.describe(m)->'coefficients'->1->>'std_error' AS ridge_se_is_null
FROM (SELECT learn.linreg_fit(y, ARRAY[x], '{"lambda": 10}') AS m,
             regr_sxy(y, x) AS sxy, regr_sxx(y, x) AS sxx FROM lr_small) q;

-- NULLs are skipped and counted: target, array and element.
SELECT (learn.describe(m)->>'rows_used')::int AS used, (learn.describe(m)->>'rows_skipped')::int AS skipped
FROM (SELECT learn.linreg_fit(y, ARRAY[x1, x2]) AS m FROM (
        SELECT y, x1, x2 FROM lr_exact
        UNION ALL SELECT NULL, 1, 2
        UNION ALL SELECT 5, NULL, 2
        UNION ALL SELECT 5, 1, NULL) q) r;
SELECT learn.linreg_fit(y, x) FROM (VALUES (1.0::float8, NULL::float8[])) v(y, x);
-- no rows at all, and only skipped rows: NULL model
SELECT learn.linreg_fit(y, ARRAY[x]) IS NULL AS no_rows FROM lr_small WHERE false;
SELECT learn.linreg_fit(NULL::float8, ARRAY[x]) IS NULL AS all_skipped FROM lr_small;

-- Bad rows are errors that say what is wrong.
SELECT learn.linreg_fit(y, ARRAY[x, x]) FROM (VALUES (1.0::float8, 'NaN'::float8)) v(y, x);
SELECT learn.linreg_fit(y, ARRAY[x]) FROM (VALUES ('Infinity'::float8, 1.0::float8)) v(y, x);
SELECT learn.linreg_fit(y, ARRAY[x]) FROM (VALUES (1.0::float8, '-Infinity'::float8)) v(y, x);
SELECT learn.linreg_fit(y, x) FROM (VALUES (1.0::float8, ARRAY[1.0, 2.0]::float8[]), (2.0, ARRAY[1.0]::float8[])) v(y, x);
SELECT learn.linreg_fit(1.0, '{}'::float8[]);
SELECT learn.linreg_fit(1.0, '{{1,2},{3,4}}'::float8[]);
SELECT learn.linreg_fit(1.0, array_fill(1.0::float8, ARRAY[2001]));
SELECT learn.linreg_fit(y, ARRAY[x], '{"lambda": -1}') FROM lr_small;
SELECT learn.linreg_fit(y, ARRAY[x], '{"lambda": "big"}') FROM lr_small;
SELECT learn.linreg_fit(y, ARRAY[x], '{"intercept": 1}') FROM lr_small;
SELECT learn.linreg_fit(y, ARRAY[x], '{"bogus": 1}') FROM lr_small;
SELECT learn.linreg_fit(y, ARRAY[x], '{"deploy": false}') FROM lr_small;
SELECT learn.linreg_fit(y, ARRAY[x], '[1, 2]') FROM lr_small;
SELECT learn.linreg_fit(y, ARRAY[x], '{"feature_names": ["a", "b"]}') FROM lr_small;
SELECT learn.linreg_fit(y, ARRAY[x], '{"feature_names": [""]}') FROM lr_small;
SELECT learn.linreg_fit(y, ARRAY[x], '{"feature_names": "x"}') FROM lr_small;

-- Rank deficiency: a constant column and a duplicated column give a warning
-- and the minimum-norm solution, never garbage.
SELECT term, round(estimate::numeric, 8) AS estimate, std_error
FROM learn.coefficients((SELECT learn.linreg_fit(y, ARRAY[x1, 5.0, x2]) FROM lr_exact));
SELECT term, round(estimate::numeric, 8) AS estimate, std_error
FROM learn.coefficients((SELECT learn.linreg_fit(y, ARRAY[x1, x1, x2]) FROM lr_exact));
-- as many features as rows: no residual degrees of freedom
SELECT (learn.describe(m)->>'rank')::int AS rank, learn.describe(m)->>'sigma' AS sigma
FROM (SELECT learn.linreg_fit(y, ARRAY[x1, x2]) AS m
      FROM (SELECT * FROM lr_exact WHERE x2 <= 2 ORDER BY x2, x1 LIMIT 2) two) q;
-- one row
SELECT (learn.describe(learn.linreg_fit(y, ARRAY[x1])))->>'rows_used' AS one_row FROM (SELECT * FROM lr_exact LIMIT 1) q;

-- GROUP BY: one model per group in one scan, each equal to its own fit.
CREATE TABLE lr_groups AS
SELECT g, x, (g * 10 + 2 * x + ((x * 7919) % 13) / 13.0)::float8 AS y
FROM generate_series(1, 3) g, generate_series(1, 50) x;
WITH grouped AS (
  SELECT g, learn.linreg_fit(y, ARRAY[x::float8]) AS m FROM lr_groups GROUP BY g
)
SELECT g, round((learn.describe(m)->'coefficients'->0->>'estimate')::numeric, 6) AS intercept,
       learn.describe(m) = learn.describe((SELECT learn.linreg_fit(y, ARRAY[x::float8]) FROM lr_groups l WHERE l.g = grouped.g)) AS same_as_alone
FROM grouped ORDER BY g;

-- Parallel: a forced parallel plan uses Partial Aggregate and gives the serial
-- result within 1e-9 relative (summation order differs).
CREATE TABLE lr_par AS
SELECT i, (i % 1000) / 100.0 AS x1, ((i * 7) % 997) / 50.0 AS x2, ((i * 13) % 101)::float8 AS x3
FROM generate_series(1, 200000) i;
ALTER TABLE lr_par ADD COLUMN y float8;
UPDATE lr_par SET y = 4 - 0.5 * x1 + 2 * x2 + 0.25 * x3 + ((i * 31) % 17) / 17.0;
VACUUM ANALYZE lr_par;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE lr_serial AS SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3]) AS m FROM lr_par;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3]) FROM lr_par;
CREATE TEMP TABLE lr_parallel AS SELECT learn.linreg_fit(y, ARRAY[x1, x2, x3]) AS m FROM lr_par;
RESET parallel_leader_participation;
SELECT s.term, abs(s.estimate - p.estimate) <= 1e-9 * abs(s.estimate) AS estimate_equal,
       abs(s.std_error - p.std_error) <= 1e-9 * s.std_error AS se_equal
FROM learn.coefficients((SELECT m FROM lr_serial)) s
JOIN learn.coefficients((SELECT m FROM lr_parallel)) p USING (term);
SELECT learn.describe((SELECT m FROM lr_serial))->>'data_fingerprint' =
       learn.describe((SELECT m FROM lr_parallel))->>'data_fingerprint' AS same_fingerprint,
       learn.describe((SELECT m FROM lr_parallel))->>'rows_used' AS rows_used;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- Window aggregate: the state is advanced in place and finalised per row.
SELECT x, round((learn.describe(learn.linreg_fit(y, ARRAY[x]) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
        ->'coefficients'->1->>'estimate')::numeric, 6) AS running_slope
FROM lr_small WHERE x BETWEEN 1 AND 4 ORDER BY x;

DROP TABLE lr_exact, lr_small, lr_groups, lr_par;
