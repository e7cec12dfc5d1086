-- learn.pca_fit: principal component analysis from one pass of co-moments.
-- Floating results are compared with stated tolerances, so this file is
-- deterministic across machines.  The references are closed forms and
-- statistics computed here in SQL, independently of pg_learn (checks against
-- scikit-learn on iris, wine and digits live in test/reference/check_pca.sh).
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

-- Runs a statement and shows its SQLSTATE and message (one line per error case).
CREATE FUNCTION pg_temp.fails(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- A JSON array of numbers as float8[].
CREATE FUNCTION pg_temp.nums(j jsonb) RETURNS float8[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(v::float8 ORDER BY i) FROM jsonb_array_elements_text(j) WITH ORDINALITY e(v, i)
$$;
-- Component c (1-based) of a description, as float8[].
CREATE FUNCTION pg_temp.comp(d jsonb, c int) RETURNS float8[] LANGUAGE sql IMMUTABLE AS $$
    SELECT pg_temp.nums(d->'components'->(c - 1))
$$;
-- A JSON array of numbers, rounded for display.
CREATE FUNCTION pg_temp.rounded(j jsonb, digits int) RETURNS numeric[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(round(v::numeric, digits) ORDER BY i) FROM jsonb_array_elements_text(j) WITH ORDINALITY e(v, i)
$$;
-- Element i (1-based) of a JSON array of numbers; loading j of component c.
CREATE FUNCTION pg_temp.at(j jsonb, i int) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT (j->>(i - 1))::float8
$$;
CREATE FUNCTION pg_temp.ld(d jsonb, c int, j int) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT (d->'components'->(c - 1)->>(j - 1))::float8
$$;

-- A vector with the sign rule applied: its largest |value| (the first on ties) made positive.
CREATE FUNCTION pg_temp.orient(v float8[]) RETURNS float8[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(x * s ORDER BY i)
    FROM unnest(v) WITH ORDINALITY u(x, i),
         (SELECT sign(x) AS s FROM unnest(v) WITH ORDINALITY u(x, i) ORDER BY abs(x) DESC, i LIMIT 1) m
$$;

-- Exact data on a line: x = (1, 2) + t (3, 4), t = 1..10.  Closed form: the
-- first component is the unit direction (0.6, 0.8) with variance
-- 25 var(t) = 25 * 55/6 and ratio 1; the second, orthogonal to it, has none.
-- Signs: the largest-magnitude loading of each component is positive.
CREATE TABLE pca_line AS
SELECT t, 1 + 3 * t::float8 AS a, 2 + 4 * t::float8 AS b FROM generate_series(1, 10) t;
CREATE TEMP TABLE line_fit AS SELECT learn.pca_fit(ARRAY[a, b]) AS m FROM pca_line;
SELECT (d->>'n_components')::int AS n_components,
       abs(pg_temp.at(d->'explained_variance', 1) - 25 * 55 / 6.0) < 1e-12 * 25 * 55 / 6.0 AS variance_ok,
       pg_temp.at(d->'explained_variance', 2) < 1e-12 AS second_is_zero,
       abs(pg_temp.at(d->'explained_variance_ratio', 1) - 1) < 1e-12 AS ratio_one,
       abs(pg_temp.ld(d, 1, 1) - 0.6) < 1e-12 AND abs(pg_temp.ld(d, 1, 2) - 0.8) < 1e-12 AS first_is_direction,
       abs(pg_temp.ld(d, 2, 1) - 0.8) < 1e-12 AND abs(pg_temp.ld(d, 2, 2) + 0.6) < 1e-12 AS second_is_normal,
       pg_temp.rounded(d->'mean', 9) AS mean
FROM line_fit, learn.describe(m) d;
-- scores: 5 (t - 5.5) along the line, 0 across it
SELECT t, round(s[1]::numeric, 9) AS score1, abs(s[1] - 5 * (t - 5.5)) < 1e-12 AS exact, abs(s[2]) < 1e-12 AS zero
FROM pca_line, line_fit, learn.transform(m, ARRAY[a, b]) s ORDER BY t;
-- a line going down, (3, -4): the component is (-0.6, 0.8), its largest loading positive
SELECT abs(pg_temp.ld(d, 1, 1) + 0.6) < 1e-12 AND abs(pg_temp.ld(d, 1, 2) - 0.8) < 1e-12 AS flipped_ok,
       abs(pg_temp.ld(d, 2, 1) - 0.8) < 1e-12 AND abs(pg_temp.ld(d, 2, 2) - 0.6) < 1e-12 AS second_ok
FROM (SELECT learn.describe(learn.pca_fit(ARRAY[a, 20 - b])) AS d FROM pca_line) q;

-- Two noisy features: the closed-form eigen-decomposition of the 2x2 sample
-- covariance [[a, b], [b, c]] computed in SQL: l = (a + c)/2 +- sqrt(((a - c)/2)^2 + b^2),
-- first eigenvector (b, l1 - a) normalised, the second orthogonal to it, both
-- oriented by the sign rule.
CREATE TABLE pca_2d AS
SELECT i, (i % 17)::float8 + i / 10.0 AS u, ((i * 7) % 11)::float8 - i / 20.0 AS v
FROM generate_series(1, 200) i;
WITH s AS (
  SELECT var_samp(u) AS a, covar_samp(u, v) AS b, var_samp(v) AS c FROM pca_2d
), e AS (
  SELECT (a + c) / 2 + sqrt(((a - c) / 2) ^ 2 + b ^ 2) AS l1, (a + c) / 2 - sqrt(((a - c) / 2) ^ 2 + b ^ 2) AS l2, a, b
  FROM s
), v AS (
  SELECT l1, l2, b / sqrt(b ^ 2 + (l1 - a) ^ 2) AS x, (l1 - a) / sqrt(b ^ 2 + (l1 - a) ^ 2) AS y FROM e
), truth AS (
  SELECT l1, l2, pg_temp.orient(ARRAY[x, y]) AS v1, pg_temp.orient(ARRAY[-y, x]) AS v2 FROM v
), fit AS (
  SELECT learn.describe(learn.pca_fit(ARRAY[u, v])) AS d FROM pca_2d
)
SELECT abs(pg_temp.at(d->'explained_variance', 1) - l1) < 1e-10 * l1 AS l1_ok,
       abs(pg_temp.at(d->'explained_variance', 2) - l2) < 1e-10 * l1 AS l2_ok,
       abs(pg_temp.ld(d, 1, 1) - v1[1]) < 1e-10 AND abs(pg_temp.ld(d, 1, 2) - v1[2]) < 1e-10 AS first_ok,
       abs(pg_temp.ld(d, 2, 1) - v2[1]) < 1e-10 AND abs(pg_temp.ld(d, 2, 2) - v2[2]) < 1e-10 AS second_ok,
       abs(pg_temp.at(d->'explained_variance_ratio', 1) - l1 / (l1 + l2)) < 1e-10 AS ratio_ok,
       abs((d->>'total_variance')::float8 - (l1 + l2)) < 1e-10 * l1 AS total_ok
FROM fit, truth;

-- Iris (data/iris.csv, 150 x 4; the header line is skipped, the class read as text).
CREATE TABLE pca_iris (sepal_length float8, sepal_width float8, petal_length float8, petal_width float8, species text);
\copy pca_iris FROM 'data/iris.csv' WITH (FORMAT csv, HEADER true)
ALTER TABLE pca_iris ADD COLUMN id serial;
CREATE TEMP TABLE iris_fit AS
SELECT learn.pca_fit(ARRAY[sepal_length, sepal_width, petal_length, petal_width]) AS m FROM pca_iris;
CREATE TEMP TABLE iris_d AS SELECT learn.describe(m) AS d FROM iris_fit;
SELECT d->'n_components' AS n_components, d->'standardize' AS standardize, d->'rows_used' AS rows_used,
       d->'task' AS task, d->'features'->0->'name' AS first_feature
FROM iris_d;
-- the four variances, rounded (scikit-learn 1.2: 4.22824171, 0.24267075, 0.07820950, 0.02383509)
SELECT pg_temp.rounded(d->'explained_variance', 8) AS explained_variance FROM iris_d;
-- trace: the total variance, and the sum of the eigenvalues, is the sum of the
-- features' sample variances (computed here by var_samp)
SELECT abs((d->>'total_variance')::float8 - tv) < 1e-12 * tv AS total_is_trace,
       abs((SELECT sum(v) FROM unnest(pg_temp.nums(d->'explained_variance')) v) - tv) < 1e-12 * tv AS sum_of_eigenvalues_is_trace,
       abs((SELECT sum(v) FROM unnest(pg_temp.nums(d->'explained_variance_ratio')) v) - 1) < 1e-12 AS ratios_sum_to_one,
       abs(pg_temp.at(d->'cumulative_variance_ratio', 4) - 1) < 1e-12 AS cumulative_ends_at_one,
       (SELECT bool_and(v[i] >= v[i + 1]) FROM generate_series(1, 3) i, pg_temp.nums(d->'explained_variance') v) AS decreasing
FROM iris_d, (SELECT var_samp(sepal_length) + var_samp(sepal_width) + var_samp(petal_length) + var_samp(petal_width) AS tv
              FROM pca_iris) t;
-- orthonormal components: V V' = I within 1e-12
SELECT max(abs(dot - CASE WHEN i = j THEN 1 ELSE 0 END)) < 1e-12 AS orthonormal
FROM (SELECT i, j, (SELECT sum(a * b) FROM unnest(pg_temp.comp(d, i), pg_temp.comp(d, j)) z(a, b)) AS dot
      FROM iris_d, generate_series(1, 4) i, generate_series(1, 4) j) q;
-- the decomposition rebuilds the covariance matrix: sum_k l_k v_ki v_kj = covar_samp(x_i, x_j)
WITH cov AS (
  SELECT i, j, covar_samp(x[i], x[j]) AS c
  FROM (SELECT ARRAY[sepal_length, sepal_width, petal_length, petal_width] AS x FROM pca_iris) r,
       generate_series(1, 4) i, generate_series(1, 4) j
  GROUP BY i, j
), rebuilt AS (
  SELECT i, j, (SELECT sum(pg_temp.at(d->'explained_variance', k) * pg_temp.ld(d, k, i) * pg_temp.ld(d, k, j))
                FROM generate_series(1, 4) k) AS c
  FROM iris_d, generate_series(1, 4) i, generate_series(1, 4) j
)
SELECT count(*) AS entries, max(abs(cov.c - rebuilt.c)) < 1e-12 * 4.3 AS covariance_rebuilt
FROM cov JOIN rebuilt USING (i, j);
-- the scores: centred, uncorrelated, with the explained variances as variances
WITH s AS (
  SELECT learn.transform(m, ARRAY[sepal_length, sepal_width, petal_length, petal_width]) AS z FROM pca_iris, iris_fit
)
SELECT k, abs(avg(z[k])) < 1e-12 AS centred,
       abs(var_samp(z[k]) - pg_temp.at(d->'explained_variance', k)) < 1e-12 * pg_temp.at(d->'explained_variance', k) AS variance_ok,
       abs(covar_samp(z[k], z[k % 4 + 1])) < 1e-12 AS uncorrelated_with_next
FROM s, iris_d, generate_series(1, 4) k GROUP BY k, d ORDER BY k;
-- sign rule: each component's largest |loading| is positive
SELECT c, pg_temp.orient(pg_temp.comp(d, c)) = pg_temp.comp(d, c) AS largest_positive
FROM iris_d, generate_series(1, 4) c ORDER BY c;
-- the model's feature statistics are the columns' mean and sample sd
SELECT bool_and(abs((f->>'mean')::float8 - m) < 1e-13 * abs(m) AND abs((f->>'sd')::float8 - s) < 1e-12 * s) AS stats_ok
FROM iris_d, jsonb_array_elements(d->'features') WITH ORDINALITY e(f, i),
     LATERAL (SELECT avg(x[i]) AS m, stddev_samp(x[i]) AS s
              FROM (SELECT ARRAY[sepal_length, sepal_width, petal_length, petal_width] AS x FROM pca_iris) r) st;

-- n_components keeps the leading components: the same ones, fewer scores.
WITH two AS (
  SELECT learn.pca_fit(ARRAY[sepal_length, sepal_width, petal_length, petal_width], '{"n_components": 2}') AS m FROM pca_iris
)
SELECT learn.describe(two.m)->'n_components' AS n_components,
       jsonb_array_length(learn.describe(two.m)->'components') AS components,
       array_length(learn.transform(two.m, ARRAY[5.1, 3.5, 1.4, 0.2]), 1) AS scores,
       (SELECT bool_and(abs(a - b) < 1e-14) FROM unnest(pg_temp.comp(learn.describe(two.m), 2), pg_temp.comp(d, 2)) z(a, b)) AS same_second,
       abs((learn.training_metrics(two.m)->>'explained_variance_ratio')::float8
           - (pg_temp.at(d->'explained_variance_ratio', 1) + pg_temp.at(d->'explained_variance_ratio', 2))) < 1e-15 AS kept_ratio,
       learn.training_metrics(two.m)->'n_components' AS metric_components
FROM two, iris_d;

-- standardize: the features scaled by their population sd (StandardScaler),
-- so the decomposed matrix is the correlation matrix times n/(n - 1).
CREATE TEMP TABLE iris_std AS
SELECT learn.describe(learn.pca_fit(ARRAY[sepal_length, sepal_width, petal_length, petal_width], '{"standardize": true}')) AS d
FROM pca_iris;
WITH cor AS (
  SELECT i, j, corr(x[i], x[j]) * 150 / 149 AS c,
         stddev_pop(x[i]) AS sd
  FROM (SELECT ARRAY[sepal_length, sepal_width, petal_length, petal_width] AS x FROM pca_iris) r,
       generate_series(1, 4) i, generate_series(1, 4) j
  GROUP BY i, j
), rebuilt AS (
  SELECT i, j, (SELECT sum(pg_temp.at(d->'explained_variance', k) * pg_temp.ld(d, k, i) * pg_temp.ld(d, k, j))
                FROM generate_series(1, 4) k) AS c,
         pg_temp.at(d->'scale', i) AS sd
  FROM iris_std, generate_series(1, 4) i, generate_series(1, 4) j
)
SELECT max(abs(cor.c - rebuilt.c)) < 1e-12 AS correlation_rebuilt,
       max(abs(cor.sd - rebuilt.sd) / cor.sd) < 1e-12 AS scale_is_population_sd,
       abs((SELECT (d->>'total_variance')::float8 FROM iris_std) - 4 * 150 / 149.0) < 1e-12 AS total_is_p_n_over_n1
FROM cor JOIN rebuilt USING (i, j);
SELECT round((d->'explained_variance_ratio'->>0)::numeric, 8) AS first_ratio_standardized FROM iris_std;

-- learn.train: target NULL for a transform; features bound by name at scoring.
SELECT name, version, algorithm, rows_used, rows_skipped, metrics->'n_components' AS n_components,
       round((metrics->>'explained_variance_ratio')::numeric, 8) AS explained_variance_ratio
FROM learn.train('iris_pca', 'pca', 'pca_iris', NULL,
                 ARRAY['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], '{"n_components": 2}');
SELECT name, version, algorithm, target, features FROM learn.registry WHERE name = 'iris_pca';
-- scores by name (a row) and by bytes (an array) equal the aggregate's
WITH agg AS (
  SELECT learn.pca_fit(ARRAY[sepal_length, sepal_width, petal_length, petal_width], '{"n_components": 2}') AS m FROM pca_iris
)
SELECT count(*) AS rows,
       bool_and((SELECT bool_and(abs(a - b) < 1e-12) FROM unnest(learn.transform('iris_pca', i), learn.transform(agg.m, ARRAY[i.sepal_length, i.sepal_width, i.petal_length, i.petal_width])) z(a, b))) AS by_name_ok,
       bool_and((SELECT bool_and(abs(a - b) < 1e-12) FROM unnest(learn.transform(learn.model('iris_pca'), ARRAY[i.sepal_length, i.sepal_width, i.petal_length, i.petal_width]), learn.transform(agg.m, ARRAY[i.sepal_length, i.sepal_width, i.petal_length, i.petal_width])) z(a, b))) AS by_bytes_ok
FROM pca_iris i, agg;
-- column order does not matter: a row with the columns reversed
SELECT learn.transform('iris_pca', r) = learn.transform('iris_pca', ARRAY[5.1, 3.5, 1.4, 0.2]) AS by_column_name
FROM (SELECT 0.2::float8 AS petal_width, 1.4::float8 AS petal_length, 3.5::float8 AS sepal_width, 5.1::float8 AS sepal_length) r;
-- a PCA model transforms; it does not predict
SELECT pg_temp.fails($$SELECT learn.predict('iris_pca', ARRAY[5.1, 3.5, 1.4, 0.2])$$);
SELECT pg_temp.fails($$SELECT learn.predict_proba('iris_pca', ARRAY[5.1, 3.5, 1.4, 0.2])$$);
SELECT pg_temp.fails($$SELECT learn.transform('iris_pca', ARRAY[5.1, 3.5, 1.4])$$);
SELECT pg_temp.fails($$SELECT * FROM learn.train('iris_pca', 'pca', 'pca_iris', NULL, ARRAY['sepal_length', 'sepal_width'], '{"n_components": 3}')$$);

-- GROUP BY: one model per species in one scan, each equal to its own fit.
WITH grouped AS (
  SELECT species, learn.pca_fit(ARRAY[sepal_length, sepal_width, petal_length, petal_width]) AS m FROM pca_iris GROUP BY species
)
SELECT dense_rank() OVER (ORDER BY species) AS species_no,
       round((learn.describe(m)->'explained_variance_ratio'->>0)::numeric, 6) AS first_ratio,
       learn.describe(m) = learn.describe((SELECT learn.pca_fit(ARRAY[sepal_length, sepal_width, petal_length, petal_width])
                                           FROM pca_iris i WHERE i.species = grouped.species)) AS same_as_alone
FROM grouped ORDER BY species;

-- NULLs are skipped and counted (array and element); no usable row gives NULL.
SELECT (d->>'rows_used')::int AS used, (d->>'rows_skipped')::int AS skipped
FROM (SELECT learn.describe(learn.pca_fit(x)) AS d FROM (
        SELECT ARRAY[a, b] AS x FROM pca_line
        UNION ALL SELECT NULL
        UNION ALL SELECT ARRAY[1, NULL]::float8[]) q) r;
SELECT learn.pca_fit(ARRAY[a, b]) IS NULL AS no_rows FROM pca_line WHERE false;
SELECT learn.pca_fit(x) IS NULL AS all_skipped FROM (VALUES (NULL::float8[]), (ARRAY[NULL, 1]::float8[])) v(x);

-- Bad input and options are errors that say what is wrong.
SELECT pg_temp.fails($$SELECT learn.pca_fit(ARRAY[sepal_length, sepal_width, petal_length, petal_width], '{"n_components": 5}') FROM pca_iris$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit(ARRAY[a, b], '{"n_components": 0}') FROM pca_line$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit(ARRAY[a, b], '{"n_components": 1.5}') FROM pca_line$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit(ARRAY[a, b], '{"standardize": "yes"}') FROM pca_line$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit(ARRAY[a, b], '{"lambda": 1}') FROM pca_line$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit(ARRAY[a, b], '{"feature_names": ["a"]}') FROM pca_line$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit(ARRAY[a, 'NaN']) FROM pca_line$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit(ARRAY[a, '-Infinity']) FROM pca_line$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit(x) FROM (VALUES (ARRAY[1.0, 2.0]::float8[]), (ARRAY[1.0]::float8[])) v(x)$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit('{}'::float8[])$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit('{{1,2},{3,4}}'::float8[])$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit(array_fill(1.0::float8, ARRAY[2001]))$$);
-- one row has no sample covariance
SELECT pg_temp.fails($$SELECT learn.pca_fit(ARRAY[1.0, 2.0])$$);

-- Constant features.  Without standardize a constant feature is harmless: its
-- component has variance 0 and is the feature's own axis.
SELECT round((d->'explained_variance'->>1)::numeric, 12) AS second_variance,
       abs(pg_temp.ld(d, 1, 2)) < 1e-15 AS first_ignores_constant,
       pg_temp.rounded(d->'components'->1, 12) AS constant_axis
FROM (SELECT learn.describe(learn.pca_fit(ARRAY[a, 7.0])) AS d FROM pca_line) q;
-- with standardize it cannot be scaled: a warning, scale 1, and no NaN anywhere
SELECT pg_temp.rounded(d->'scale', 6) AS scale,
       pg_temp.rounded(d->'explained_variance_ratio', 12) AS ratio,
       d::text NOT LIKE '%null%' AS no_null
FROM (SELECT learn.describe(learn.pca_fit(ARRAY[a, 7.0, b], '{"standardize": true, "feature_names": ["a", "seven", "b"]}')) AS d
      FROM pca_line) q;
-- every feature constant: nothing to explain
SELECT pg_temp.fails($$SELECT learn.pca_fit(ARRAY[7.0, t]) FROM (SELECT 3.0::float8 AS t FROM generate_series(1, 5)) q$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit(ARRAY[7.0, t], '{"standardize": true}') FROM (SELECT 3.0::float8 AS t FROM generate_series(1, 5)) q$$);

-- Aggregate states from SQL: corrupt bytes are rejected with SQLSTATE 22P03.
CREATE TEMP TABLE st AS
SELECT learn.pca_fit_trans(learn.pca_fit_trans(learn.pca_fit_trans(NULL, ARRAY[1.0, 2.0]), ARRAY[2.0, 5.0]), ARRAY[4.0, 1.0]) AS s;
SELECT learn.describe(learn.pca_fit_final(s))->'explained_variance' IS NOT NULL AS state_ok FROM st;
SELECT pg_temp.fails($$SELECT learn.pca_fit_final('\xdeadbeef'::bytea)$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit_trans('not a state at all, not at all, not at all.....'::bytea, ARRAY[1.0])$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit_final(set_byte(s, 0, 0)) FROM st$$);      -- magic
SELECT pg_temp.fails($$SELECT learn.pca_fit_final(set_byte(s, 6, 1)) FROM st$$);      -- algorithm id: linear regression
SELECT pg_temp.fails($$SELECT learn.pca_fit_final(set_byte(s, 8, 3)) FROM st$$);      -- dimensions
SELECT pg_temp.fails($$SELECT learn.pca_fit_final(substring(s FROM 1 FOR length(s) - 8)) FROM st$$);  -- truncated
-- a linear regression state is not a PCA state
SELECT pg_temp.fails($$SELECT learn.pca_fit_final(learn.linreg_fit_trans(NULL, 1.0, ARRAY[1.0, 2.0]))$$);
-- payload holding NaN (written over its first co-moment: 7 slots for 2 features, C starts at slot 4)
SELECT pg_temp.fails($$SELECT learn.pca_fit_final(overlay(s placing '\x000000000000f87f'::bytea from length(s) - 8 * 3 + 1)) FROM st$$);
-- combining states of different shapes or options
SELECT pg_temp.fails($$SELECT learn.pca_fit_combine(s, learn.pca_fit_trans(NULL, ARRAY[1.0])) FROM st$$);
SELECT pg_temp.fails($$SELECT learn.pca_fit_combine(s, learn.pca_fit_trans(NULL, ARRAY[1.0, 2.0], '{"standardize": true}')) FROM st$$);
-- combine called directly equals one pass over all rows
SELECT learn.describe(learn.pca_fit_final(learn.pca_fit_combine(
         learn.pca_fit_trans(learn.pca_fit_trans(NULL, ARRAY[1.0, 2.0]), ARRAY[2.0, 5.0]),
         learn.pca_fit_trans(NULL, ARRAY[4.0, 1.0]))))->'explained_variance' =
       learn.describe(learn.pca_fit_final(s))->'explained_variance' AS combine_ok
FROM st;

-- Parallel: a forced parallel plan uses Partial Aggregate and gives the serial
-- result within 1e-9 (summation order differs).
CREATE TABLE pca_par AS
SELECT i, (i % 1000) / 100.0 AS x1, ((i * 7) % 997) / 50.0 + (i % 1000) / 200.0 AS x2,
       ((i * 13) % 101)::float8 AS x3, 1e6 + ((i * 31) % 17) / 17.0 AS x4
FROM generate_series(1, 200000) i;
VACUUM ANALYZE pca_par;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE par_serial AS SELECT learn.describe(learn.pca_fit(ARRAY[x1, x2, x3, x4])) AS d FROM pca_par;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT learn.pca_fit(ARRAY[x1, x2, x3, x4]) FROM pca_par;
CREATE TEMP TABLE par_parallel AS SELECT learn.describe(learn.pca_fit(ARRAY[x1, x2, x3, x4])) AS d FROM pca_par;
RESET parallel_leader_participation;
SELECT (SELECT bool_and(abs(a - b) <= 1e-9 * abs(a))
        FROM unnest(pg_temp.nums(s.d->'explained_variance'), pg_temp.nums(p.d->'explained_variance')) z(a, b)) AS variance_equal,
       (SELECT bool_and(abs(a - b) <= 1e-9)
        FROM generate_series(1, 4) c, unnest(pg_temp.comp(s.d, c), pg_temp.comp(p.d, c)) z(a, b)) AS components_equal,
       (SELECT bool_and(abs(a - b) <= 1e-9 * abs(a))
        FROM unnest(pg_temp.nums(s.d->'mean'), pg_temp.nums(p.d->'mean')) z(a, b)) AS mean_equal,
       s.d->'data_fingerprint' = p.d->'data_fingerprint' AS same_fingerprint,
       p.d->'rows_used' AS rows_used
FROM par_serial s, par_parallel p;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

DELETE FROM learn.models WHERE name = 'iris_pca';
DROP TABLE pca_line, pca_2d, pca_iris, pca_par;
