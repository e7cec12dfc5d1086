-- k-means in memory skips distances with Hamerly's bounds (learn.kmeans_bounds,
-- on by default); the model must be exactly, byte for byte, the one of plain
-- Lloyd (learn.kmeans_bounds = off computes every distance of every row).
-- Each case fits the same rows both ways, serially (same row order), and
-- compares the model bytes; the cases are those where a wrong bound would
-- show: centroids that move a lot, exact ties, duplicate rows, k = 1,
-- k = rows, empty clusters re-seeded, tiny and huge scales, many features.
SET extra_float_digits = 0;
SET jit = off;
SET max_parallel_workers_per_gather = 0;
\set SHOW_CONTEXT never

-- Fits src (a query with a float8[] column x) with opts, bounds on and off:
-- identical model bytes, the iterations (sample + all rows), the empty
-- clusters re-seeded and the inertia, or the error both raised.
CREATE FUNCTION pg_temp.bounds_vs_plain(src text, opts jsonb)
RETURNS TABLE (identical bool, iterations int, reseeded int, inertia float8) LANGUAGE plpgsql AS $$
DECLARE
    fast bytea;
    plain bytea;
    e_fast text;
    e_plain text;
BEGIN
    PERFORM set_config('learn.kmeans_bounds', 'on', false);
    BEGIN
        EXECUTE format('SELECT learn.kmeans_fit(x, %L) FROM (%s) s', opts, src) INTO fast;
    EXCEPTION WHEN OTHERS THEN e_fast := SQLSTATE || ': ' || SQLERRM;
    END;
    PERFORM set_config('learn.kmeans_bounds', 'off', false);
    BEGIN
        EXECUTE format('SELECT learn.kmeans_fit(x, %L) FROM (%s) s', opts, src) INTO plain;
    EXCEPTION WHEN OTHERS THEN e_plain := SQLSTATE || ': ' || SQLERRM;
    END;
    PERFORM set_config('learn.kmeans_bounds', 'on', false);
    IF e_fast IS NOT NULL OR e_plain IS NOT NULL THEN
        RAISE NOTICE 'bounds: %, plain: %', coalesce(e_fast, 'no error'), coalesce(e_plain, 'no error');
        RETURN QUERY SELECT e_fast IS NOT DISTINCT FROM e_plain, NULL::int, NULL::int, NULL::float8;
        RETURN;
    END IF;
    RETURN QUERY SELECT fast = plain, (learn.describe(fast)->>'iterations')::int,
                        (learn.describe(fast)->>'empty_clusters_reseeded')::int,
                        (learn.describe(fast)->>'inertia')::float8;
END $$;

-- Uniform points in the plane (deterministic): no cluster structure, so the
-- centroids move a lot and for many iterations.
CREATE TABLE kb_unif AS
SELECT i, ((i::int8 * 2654435761) % 1000003) / 1000003.0 AS a,
       ((i::int8 * 40503 + 12345) % 999983) / 999983.0 AS b
FROM generate_series(1, 4000) i;
ANALYZE kb_unif;
SELECT identical, iterations > 15 AS many_iterations FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[a, b] AS x FROM kb_unif', '{"k": 10, "n_init": 1, "seed": 3}');
SELECT identical, iterations > 5 AS many_iterations FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[a, b] AS x FROM kb_unif', '{"k": 25, "n_init": 3, "seed": 7}');
-- a start far from the optimum: all points in one corner but one far away,
-- then the far ones grow (the clusters jump at the first iterations)
SELECT identical FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[a ^ 6, b ^ 6] AS x FROM kb_unif', '{"k": 6, "n_init": 2, "seed": 11}');
-- more rows than the sample: the starts run on 10,000 rows, then a selection
-- pass (plain) and Lloyd iterations over all 30,000 rows (bounded)
CREATE TABLE kb_big AS
SELECT i, (i % 4) * 3 + ((i::int8 * 2654435761) % 1000003) / 250000.0 AS a,
       ((i::int8 * 40503 + 12345) % 999983) / 999983.0 + (i % 3) AS b
FROM generate_series(1, 30000) i;
SELECT identical, iterations FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[a, b] AS x FROM kb_big', '{"k": 12, "n_init": 3, "seed": 1}');
SELECT identical FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[a, b] AS x FROM kb_big', '{"k": 5, "n_init": 1, "seed": 2, "max_iter": 3}');

-- Exact ties: integer grid points, each equidistant from several centroids
SELECT identical, inertia FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[(i % 7)::float8, (i / 7 % 7)::float8] AS x FROM generate_series(0, 146) i',
  '{"k": 4, "n_init": 3, "seed": 5}');
SELECT identical, inertia FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[(i % 2)::float8, (i / 2 % 2)::float8, (i / 4 % 2)::float8] AS x FROM generate_series(0, 799) i',
  '{"k": 2, "n_init": 4, "seed": 0}');
-- duplicate rows: 5 distinct points, 300 copies each
SELECT identical, inertia FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[(i % 5)::float8 ^ 2, (i % 5)::float8] AS x FROM generate_series(1, 1500) i',
  '{"k": 3, "n_init": 2, "seed": 9}');
-- k = 1: every row in the one cluster, inertia = total sum of squares
SELECT identical, iterations, abs(inertia - (SELECT sum((a - ma) ^ 2 + (b - mb) ^ 2)
       FROM kb_unif, (SELECT avg(a) AS ma, avg(b) AS mb FROM kb_unif) m)) < 1e-9 * inertia AS inertia_is_tss
FROM pg_temp.bounds_vs_plain('SELECT ARRAY[a, b] AS x FROM kb_unif', '{"k": 1}');
-- k = rows: every row its own cluster, inertia 0
SELECT identical, inertia FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[i::float8, (i * i % 7)::float8] AS x FROM generate_series(1, 12) i', '{"k": 12}');
-- empty clusters re-seeded: fewer distinct points than k (k-means++ then
-- picks duplicates, whose clusters come out empty and are re-seeded with a
-- far row: that centroid jumps)
SELECT identical, reseeded > 0 AS reseeded, inertia FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[(i % 3)::float8 * 10, 0] AS x FROM generate_series(1, 30) i', '{"k": 5, "n_init": 1}');
SELECT identical, reseeded > 0 AS reseeded, inertia FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[(i % 6)::float8, (i % 6 / 2)::float8 * 5] AS x FROM generate_series(1, 300) i',
  '{"k": 8, "n_init": 3, "seed": 2}');

-- Scales where squared distances underflow or come near overflow
SELECT identical FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[a * 1e-160, b * 1e-160] AS x FROM kb_unif', '{"k": 6, "n_init": 2}');
SELECT identical FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[a * 1e-25, b * 1e-25] AS x FROM kb_unif', '{"k": 6, "n_init": 2}');
SELECT identical FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[a * 1e150, b * 1e150] AS x FROM kb_unif', '{"k": 6, "n_init": 2}');
SELECT identical, inertia FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[a * 1e160, b * 1e160] AS x FROM kb_unif', '{"k": 6, "n_init": 2}');
-- one feature; many features
SELECT identical FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY[a + (i % 3)] AS x FROM kb_unif', '{"k": 4, "n_init": 2}');
SELECT identical FROM pg_temp.bounds_vs_plain(
  'SELECT ARRAY(SELECT ((i::int8 * j * 2654435761) % 1000003) / 1000003.0 + (i % 5) * (j % 2) FROM generate_series(1, 60) j) AS x
   FROM generate_series(1, 1500) i', '{"k": 8, "n_init": 2, "seed": 6}');

-- The bounds do skip rows: the passes report how many rows computed every
-- distance (DEBUG1): all of them at the first pass, few once settled.
CREATE TABLE kb_blobs AS
SELECT ARRAY[(i % 3) * 10 + ((i * 7919) % 1001) / 1000.0, (i % 3 / 2) * 10 + ((i * 104729) % 1003) / 1000.0] AS x
FROM generate_series(1, 600) i;
SET client_min_messages = debug1;
SELECT learn.describe(learn.kmeans_fit(x, '{"k": 3, "n_init": 1, "seed": 1}'))->'cluster_sizes' AS sizes FROM kb_blobs;
RESET client_min_messages;

-- the setting: on by default, a boolean
SHOW learn.kmeans_bounds;
SET learn.kmeans_bounds = maybe;
RESET learn.kmeans_bounds;

-- The streamed pass (learn.kmeans_step) reads a model given as a constant or
-- a parameter once per pass, and opens its state once: a prepared statement
-- run again with another model evaluates that one (generic and custom
-- plans); a model that changes between rows is still an error.
CREATE TABLE kb_models AS
SELECT s, learn.kmeans_fit(x, jsonb_build_object('k', 3, 'n_init', 1, 'seed', s)) AS m
FROM kb_blobs, generate_series(1, 2) s GROUP BY s;
SELECT (SELECT m FROM kb_models WHERE s = 1) <> (SELECT m FROM kb_models WHERE s = 2) AS models_differ;
SELECT m AS m1 FROM kb_models WHERE s = 1 \gset
SELECT m AS m2 FROM kb_models WHERE s = 2 \gset
PREPARE kb_pass(bytea) AS SELECT learn.kmeans_step(x, $1) AS m FROM kb_blobs;
SET plan_cache_mode = force_generic_plan;
CREATE TEMP TABLE kb_generic1 AS EXECUTE kb_pass(:'m1');
CREATE TEMP TABLE kb_generic2 AS EXECUTE kb_pass(:'m2');
SET plan_cache_mode = force_custom_plan;
CREATE TEMP TABLE kb_custom2 AS EXECUTE kb_pass(:'m2');
CREATE TEMP TABLE kb_custom1 AS EXECUTE kb_pass(:'m1');
RESET plan_cache_mode;
-- (a finished model passes through unchanged)
SELECT (SELECT m FROM kb_generic1) = (SELECT m FROM kb_models WHERE s = 1) AS generic_1,
       (SELECT m FROM kb_generic2) = (SELECT m FROM kb_models WHERE s = 2) AS generic_2,
       (SELECT m FROM kb_custom1) = (SELECT m FROM kb_models WHERE s = 1) AS custom_1,
       (SELECT m FROM kb_custom2) = (SELECT m FROM kb_models WHERE s = 2) AS custom_2;
SELECT length(learn.kmeans_step(b.x, CASE WHEN b.i % 2 = 0 THEN a.m ELSE c.m END))
FROM (SELECT x, row_number() OVER () AS i FROM kb_blobs) b,
     (SELECT m FROM kb_models WHERE s = 1) a, (SELECT m FROM kb_models WHERE s = 2) c;
SELECT length(learn.kmeans_step(x, m)) AS same_model_from_a_column FROM kb_blobs, (SELECT m FROM kb_models WHERE s = 1) a;
