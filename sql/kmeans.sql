-- learn.kmeans_fit, learn.kmeans_step and k-means through learn.train.
-- References, all independent of pg_learn: the blob means (closed form:
-- the optimum of well-separated blobs), the within-cluster sum of squares
-- and the cluster means of the returned assignment recomputed in SQL, and
-- scikit-learn's optimum on iris (78.851441426146; the full comparison with
-- scikit-learn is test/reference/check_kmeans.sh).
-- Tolerances: centroids 1e-9 absolute (coordinates are O(10)), inertia 1e-9
-- relative; memory vs streamed fit 1e-6 as documented.
SET extra_float_digits = 0;
SET jit = off;  -- compiling these small queries would take longer than running them
\set SHOW_CONTEXT never

-- Runs a statement and shows its SQLSTATE, message and detail (one line per error case).
CREATE FUNCTION pg_temp.fails(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' (' || nullif(detail, '') || ')', '');
END $$;

-- Centroids of a model as rows (j is 0-based, as learn.predict numbers clusters).
CREATE FUNCTION pg_temp.centroids(m bytea) RETURNS TABLE (j int, c float8[]) LANGUAGE sql AS $$
    SELECT (o - 1)::int, ARRAY(SELECT v::float8 FROM jsonb_array_elements_text(e) v)
    FROM jsonb_array_elements(learn.describe(m)->'centroids') WITH ORDINALITY a(e, o)
$$;

-- Largest distance between a centroid of a and the nearest centroid of b (and back):
-- 0 when the two models have the same centroids in any order.
CREATE FUNCTION pg_temp.centroid_gap(a bytea, b bytea) RETURNS float8 LANGUAGE sql AS $$
    WITH d AS (
        SELECT x.j AS ja, y.j AS jb,
               sqrt((SELECT sum((x.c[i] - y.c[i]) ^ 2) FROM generate_subscripts(x.c, 1) i)) AS d
        FROM pg_temp.centroids(a) x, pg_temp.centroids(b) y
    )
    SELECT greatest((SELECT max(m) FROM (SELECT min(d) AS m FROM d GROUP BY ja) q),
                    (SELECT max(m) FROM (SELECT min(d) AS m FROM d GROUP BY jb) q))
$$;

-- ---------------------------------------------------------------------------
-- Well-separated blobs: 3 x 1000 points around (0, 0), (10, 0) and (0, 10),
-- deterministic offsets in [-0.5, 0.5].  The optimum is the blob partition,
-- so the centroids are the blob means, computed here by avg().
-- ---------------------------------------------------------------------------
CREATE TABLE km_blobs AS
SELECT c, i, (ARRAY[0, 10, 0])[c + 1] + ((i * 7919) % 1001 - 500) / 1000.0 AS x,
       (ARRAY[0, 0, 10])[c + 1] + ((i * 104729 + c * 31) % 1003 - 501) / 1000.0 AS y
FROM generate_series(0, 2) c, generate_series(1, 1000) i;
ANALYZE km_blobs;
CREATE TABLE km_blob_fit AS SELECT learn.kmeans_fit(ARRAY[x, y], '{"k": 3}') AS m FROM km_blobs;
SELECT learn.describe(m)->>'algorithm' AS algorithm, learn.describe(m)->>'task' AS task,
       learn.describe(m)->'k' AS k, learn.describe(m)->'cluster_sizes' AS sizes,
       (learn.describe(m)->>'converged')::bool AS converged, learn.describe(m)->'n_init' AS n_init,
       learn.describe(m)->'seed' AS seed, learn.features(m) AS features
FROM km_blob_fit;
-- each blob mean has a centroid within 1e-9, and the three are distinct
WITH truth AS (SELECT c, avg(x) AS mx, avg(y) AS my FROM km_blobs GROUP BY c),
near AS (
  SELECT DISTINCT ON (t.c) t.c, k.j, sqrt((k.c[1] - t.mx) ^ 2 + (k.c[2] - t.my) ^ 2) AS dist
  FROM truth t, km_blob_fit f, pg_temp.centroids(f.m) k ORDER BY t.c, 3
)
SELECT bool_and(dist < 1e-9) AS centroids_are_blob_means, count(DISTINCT j) AS distinct_centroids FROM near;
-- the assignment is the blob partition, up to a permutation of cluster numbers
SELECT count(DISTINCT (c, learn.predict(m, ARRAY[x, y]))) AS blob_cluster_pairs,
       count(DISTINCT learn.predict(m, ARRAY[x, y])) AS clusters
FROM km_blobs, km_blob_fit;
-- inertia = within-cluster sum of squares of that assignment, recomputed in SQL
WITH a AS (SELECT learn.predict(m, ARRAY[x, y]) AS j, x, y FROM km_blobs, km_blob_fit),
c AS (SELECT j, avg(x) AS ax, avg(y) AS ay FROM a GROUP BY j)
SELECT abs(sum((x - ax) ^ 2 + (y - ay) ^ 2) - (learn.describe(m)->>'inertia')::float8)
       < 1e-9 * sum((x - ax) ^ 2 + (y - ay) ^ 2) AS inertia_ok
FROM a JOIN c USING (j), km_blob_fit GROUP BY m;
-- scoring: the cluster as float8 and as text; learn.transform gives the
-- Euclidean distance to every centroid, the smallest being the cluster's
SELECT learn.predict(m, ARRAY[0.1, 0.2]) = learn.predict_label(m, ARRAY[0.1, 0.2])::float8 AS label_is_number,
       learn.predict(m, ARRAY[0.1, 0.2]) <> learn.predict(m, ARRAY[9.9, 0.2]) AS different_blobs,
       array_length(learn.transform(m, ARRAY[0.1, 0.2]), 1) AS n_distances
FROM km_blob_fit;
SELECT bool_and(s.t[s.j + 1] = (SELECT min(v) FROM unnest(s.t) v)) AS nearest_is_predicted,
       bool_and(abs(s.t[s.j + 1] - sqrt((s.x - k.c[1]) ^ 2 + (s.y - k.c[2]) ^ 2)) < 1e-12) AS distance_ok
FROM (SELECT x, y, learn.transform(m, ARRAY[x, y]) AS t, learn.predict(m, ARRAY[x, y])::int AS j, m
      FROM km_blobs, km_blob_fit WHERE i % 100 = 0) s
JOIN LATERAL pg_temp.centroids(s.m) k ON k.j = s.j;
-- scoring functions that do not apply to clustering
SELECT pg_temp.fails($$SELECT learn.predict_proba(m, ARRAY[1.0, 2.0]) FROM km_blob_fit$$);
SELECT pg_temp.fails($$SELECT learn.classes(m) FROM km_blob_fit$$);
SELECT pg_temp.fails($$SELECT * FROM learn.coefficients((SELECT m FROM km_blob_fit))$$);
SELECT pg_temp.fails($$SELECT learn.predict(m, ARRAY[1.0]) FROM km_blob_fit$$);

-- ---------------------------------------------------------------------------
-- Iris (data/iris.csv, from scikit-learn), k = 3: scikit-learn's KMeans finds
-- inertia 78.851441426146 (cluster sizes 50, 62, 38).  The model's inertia
-- equals the within-cluster sum of squares of its assignment (SQL), and its
-- centroids are the means of its clusters (a fixed point of Lloyd's step).
-- ---------------------------------------------------------------------------
\getenv abs_srcdir PG_ABS_SRCDIR
\set iris_csv :abs_srcdir '/data/iris.csv'
CREATE TABLE km_iris (sl float8, sw float8, pl float8, pw float8, species int);
COPY km_iris FROM :'iris_csv' WITH (FORMAT csv, HEADER true);
CREATE TABLE km_iris_fit AS SELECT learn.kmeans_fit(ARRAY[sl, sw, pl, pw], '{"k": 3}') AS m FROM km_iris;
SELECT abs((learn.describe(m)->>'inertia')::float8 - 78.851441426146) < 1e-9 * 78.851441426146 AS sklearn_optimum,
       (SELECT array_agg(s::int ORDER BY s::int) FROM jsonb_array_elements_text(learn.describe(m)->'cluster_sizes') s) AS sizes
FROM km_iris_fit;
WITH a AS (SELECT learn.predict(m, ARRAY[sl, sw, pl, pw])::int AS j, ARRAY[sl, sw, pl, pw] AS v FROM km_iris, km_iris_fit),
means AS (SELECT j, ARRAY[avg(v[1]), avg(v[2]), avg(v[3]), avg(v[4])] AS mu FROM a GROUP BY j),
wcss AS (SELECT sum((SELECT sum((a.v[i] - means.mu[i]) ^ 2) FROM generate_series(1, 4) i)) AS w FROM a JOIN means USING (j))
SELECT abs(w - (learn.describe(m)->>'inertia')::float8) < 1e-9 * w AS inertia_is_wcss,
       (SELECT bool_and(abs(means.mu[i] - k.c[i]) < 1e-9) FROM means JOIN pg_temp.centroids(m) k USING (j),
               generate_series(1, 4) i) AS centroids_are_cluster_means
FROM wcss, km_iris_fit;

-- Order independence: a shuffled copy gives the same model (same start, same
-- iterations; sums in another order agree to 1e-9).
CREATE TABLE km_iris_shuffled AS SELECT * FROM km_iris ORDER BY md5(sl::text || sw || pl || pw || species), sl DESC;
SELECT pg_temp.centroid_gap(a.m, b.m) < 1e-9 AS same_centroids,
       learn.describe(a.m)->'best_init' = learn.describe(b.m)->'best_init' AS same_best_init,
       learn.describe(a.m)->'iterations' = learn.describe(b.m)->'iterations' AS same_iterations
FROM km_iris_fit a, (SELECT learn.kmeans_fit(ARRAY[sl, sw, pl, pw], '{"k": 3}') AS m FROM km_iris_shuffled) b;

-- Uniform data, where the start matters: one start per seed, local optima
-- differ between seeds; the same seed gives the same model whatever the row
-- order; n_init restarts keep the lowest inertia (restart 1 is n_init = 1's).
CREATE TABLE km_unif AS
SELECT i, ((i * 7919) % 1000) / 100.0 AS a, ((i * 104729) % 997) / 100.0 AS b FROM generate_series(1, 3000) i;
CREATE TABLE km_unif_shuffled AS SELECT * FROM km_unif ORDER BY md5(i::text);
SELECT count(DISTINCT round((learn.describe(m)->>'inertia')::numeric, 6)) > 1 AS seeds_differ
FROM (SELECT s, learn.kmeans_fit(ARRAY[a, b], jsonb_build_object('k', 7, 'n_init', 1, 'seed', s)) AS m
      FROM km_unif, generate_series(0, 4) s GROUP BY s) q;
SELECT pg_temp.centroid_gap(a.m, b.m) < 1e-9 AS shuffled_same_centroids,
       learn.describe(a.m)->'iterations' = learn.describe(b.m)->'iterations' AS same_iterations
FROM (SELECT learn.kmeans_fit(ARRAY[a, b], '{"k": 7, "n_init": 1, "seed": 42}') AS m FROM km_unif) a,
     (SELECT learn.kmeans_fit(ARRAY[a, b], '{"k": 7, "n_init": 1, "seed": 42}') AS m FROM km_unif_shuffled) b;
SELECT (learn.describe(ten)->>'inertia')::float8 <= (learn.describe(one)->>'inertia')::float8 AS restarts_help,
       learn.describe(ten)->'n_init' AS n_init, (learn.describe(ten)->>'best_init')::int BETWEEN 1 AND 10 AS best_init_ok
FROM (SELECT learn.kmeans_fit(ARRAY[a, b], '{"k": 7}') AS ten,
             learn.kmeans_fit(ARRAY[a, b], '{"k": 7, "n_init": 1}') AS one FROM km_unif) q;

-- ---------------------------------------------------------------------------
-- GROUP BY: one model per group in one scan, each equal to its own fit.
-- ---------------------------------------------------------------------------
SELECT g, learn.describe(m)->'cluster_sizes' AS sizes,
       pg_temp.centroid_gap(m, (SELECT learn.kmeans_fit(ARRAY[x, y], '{"k": 2}') FROM km_blobs b WHERE b.c <> g.g)) < 1e-9 AS same_as_alone
FROM (SELECT g, learn.kmeans_fit(ARRAY[x, y], '{"k": 2}') AS m
      FROM km_blobs, generate_series(0, 2) g WHERE c <> g GROUP BY g) g ORDER BY g;

-- ---------------------------------------------------------------------------
-- Parallel: a forced parallel plan uses Partial Aggregate and gives the
-- serial model (the seeding sample is ordered by hash, not by scan order).
-- ---------------------------------------------------------------------------
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE km_serial AS SELECT learn.kmeans_fit(ARRAY[a, b], '{"k": 7, "n_init": 2}') AS m FROM km_unif;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT learn.kmeans_fit(ARRAY[a, b], '{"k": 7, "n_init": 2}') FROM km_unif;
CREATE TEMP TABLE km_parallel AS SELECT learn.kmeans_fit(ARRAY[a, b], '{"k": 7, "n_init": 2}') AS m FROM km_unif;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT pg_temp.centroid_gap(s.m, p.m) < 1e-9 AS same_centroids,
       abs((learn.describe(s.m)->>'inertia')::float8 - (learn.describe(p.m)->>'inertia')::float8)
         < 1e-9 * (learn.describe(s.m)->>'inertia')::float8 AS same_inertia,
       learn.describe(s.m)->'data_fingerprint' = learn.describe(p.m)->'data_fingerprint' AS same_fingerprint
FROM km_serial s, km_parallel p;

-- ---------------------------------------------------------------------------
-- learn.train: rows in memory, or one learn.kmeans_step pass per iteration
-- when they exceed learn.memory_limit (3000 rows x 3 float8 > 64 kB).  Both
-- paths run the n_init starts on the same sample of up to 10000 rows (here
-- every row: then one pass evaluates the best start), so they give the same
-- model: centroids within 1e-9, in the same order.
-- ---------------------------------------------------------------------------
SELECT name, version, algorithm, rows_used, metrics->>'training_path' AS path, metrics->'k' AS k,
       (metrics->>'converged')::bool AS converged
FROM learn.train('km', 'kmeans', 'km_blobs', NULL, ARRAY['x', 'y'], '{"k": 3}');
SET learn.memory_limit = '64kB';
SELECT name, version, rows_used, metrics->>'training_path' AS path, metrics->'passes' AS passes
FROM learn.train('km', 'kmeans', 'km_blobs', NULL, ARRAY['x', 'y'], '{"k": 3}');
RESET learn.memory_limit;
SELECT (SELECT bool_and(abs(x.c[i] - y.c[i]) < 1e-9) FROM pg_temp.centroids(learn.model('km', 1)) x
          JOIN pg_temp.centroids(learn.model('km', 2)) y USING (j), generate_series(1, 2) i) AS same_centroids_same_order,
       abs((learn.describe(learn.model('km', 1))->>'inertia')::float8 - (learn.describe(learn.model('km', 2))->>'inertia')::float8)
         < 1e-9 * (learn.describe(learn.model('km', 1))->>'inertia')::float8 AS same_inertia,
       learn.describe(learn.model('km', 2))->'n_init' AS streamed_n_init,
       learn.describe(learn.model('km', 2))->'sample_rows' AS sample_rows,
       learn.describe(learn.model('km', 1))->'cluster_sizes' = learn.describe(learn.model('km', 2))->'cluster_sizes' AS same_sizes,
       learn.describe(learn.model('km', 1))->'data_fingerprint' = learn.describe(learn.model('km', 2))->'data_fingerprint' AS same_fingerprint;
-- scoring rows by column name: the blobs are the clusters
SELECT count(DISTINCT (c, learn.predict('km', b))) AS blob_cluster_pairs,
       count(DISTINCT learn.predict_label('km', b)) AS labels
FROM km_blobs b;
-- More rows than the sample (12000 > 10000): the starts compete on the
-- sample, then the best iterates over all rows, one pass per iteration when
-- streamed (here from a shuffled copy).  Same iterations, same centroids in
-- the same order; the uniform data make the start matter (seeds give
-- different optima).
CREATE TABLE km_unif_big AS
SELECT i, ((i * 7919) % 1000) / 100.0 AS a, ((i * 104729) % 997) / 100.0 AS b FROM generate_series(1, 12000) i;
CREATE TABLE km_unif_big_shuffled AS SELECT * FROM km_unif_big ORDER BY md5(i::text);
SELECT version, metrics->>'training_path' AS path
FROM learn.train('km_u', 'kmeans', 'km_unif_big', NULL, ARRAY['a', 'b'], '{"k": 7, "seed": 3}');
SET learn.memory_limit = '64kB';
SELECT version, metrics->>'training_path' AS path, (metrics->>'passes')::int > 1 AS several_passes
FROM learn.train('km_u', 'kmeans', 'km_unif_big_shuffled', NULL, ARRAY['a', 'b'], '{"k": 7, "seed": 3}');
RESET learn.memory_limit;
SELECT (SELECT bool_and(abs(x.c[i] - y.c[i]) < 1e-9) FROM pg_temp.centroids(learn.model('km_u', 1)) x
          JOIN pg_temp.centroids(learn.model('km_u', 2)) y USING (j), generate_series(1, 2) i) AS same_centroids_same_order,
       learn.describe(learn.model('km_u', 1))->'sample_rows' AS sample_rows,
       (learn.describe(learn.model('km_u', 1))->>'refine_iterations')::int > 0 AS refined,
       learn.describe(learn.model('km_u', 1))->'refine_iterations' = learn.describe(learn.model('km_u', 2))->'refine_iterations' AS same_iterations,
       learn.describe(learn.model('km_u', 1))->'best_init' = learn.describe(learn.model('km_u', 2))->'best_init' AS same_best_init,
       learn.describe(learn.model('km_u', 1))->'cluster_sizes' = learn.describe(learn.model('km_u', 2))->'cluster_sizes' AS same_sizes;
-- passes beyond the iterations: the final evaluation, and the selection pass
-- when a start other than the sample's best wins it
SELECT (metrics->>'passes')::int - (learn.describe(model)->>'refine_iterations')::int AS passes_beyond_iterations
FROM learn.models WHERE name = 'km_u' AND version = 2;
-- learn.kmeans_step on a finished model returns it unchanged
SELECT learn.kmeans_step(ARRAY[x, y], learn.model('km', 2)) = learn.model('km', 2) AS finished_is_fixed FROM km_blobs;
SELECT pg_temp.fails($$SELECT learn.kmeans_step(ARRAY[x, y], l.m) FROM km_blobs, (SELECT learn.linreg_fit(x, ARRAY[y]) AS m FROM km_blobs) l$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_step(ARRAY[x, y], NULL) FROM km_blobs$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_step(ARRAY[x], learn.model('km', 2)) FROM km_blobs$$);

-- ---------------------------------------------------------------------------
-- Options and edge cases.
-- ---------------------------------------------------------------------------
-- verbose: a NOTICE per iteration.  Points 0, 1, 10, 11: any k-means++ start
-- has inertia 2, the first iteration moves to 0.5 and 10.5 (shift 0.5), the
-- second does not move.
SELECT learn.describe(learn.kmeans_fit(ARRAY[v], '{"k": 2, "n_init": 1, "verbose": true}'))->'centroids' AS centroids
FROM (VALUES (0.0::float8), (1), (10), (11)) t(v);
-- max_iter: stops early, with a warning, inertia still that of the final centroids
SELECT learn.describe(m)->'iterations' AS iterations, (learn.describe(m)->>'converged')::bool AS converged
FROM (SELECT learn.kmeans_fit(ARRAY[a, b], '{"k": 7, "n_init": 1, "max_iter": 2}') AS m FROM km_unif) q;
-- tol: a huge tolerance stops after the first iteration
SELECT learn.describe(learn.kmeans_fit(ARRAY[a, b], '{"k": 7, "n_init": 1, "tol": 1e6}'))->'iterations' AS iterations FROM km_unif;
-- feature names
SELECT learn.features(learn.kmeans_fit(ARRAY[x, y], '{"k": 2, "feature_names": ["east", "north"]}')) FROM km_blobs;
-- NULL arrays and elements are skipped and counted
SELECT learn.describe(m)->'rows_used' AS used, learn.describe(m)->'rows_skipped' AS skipped
FROM (SELECT learn.kmeans_fit(v, '{"k": 2}') AS m
      FROM (VALUES (ARRAY[0.0, 0.0]::float8[]), (ARRAY[1.0, 1.0]), (ARRAY[5.0, 5.0]), (NULL), (ARRAY[NULL, 1.0])) t(v)) q;
SELECT learn.kmeans_fit(ARRAY[x], '{"k": 2}') IS NULL AS no_rows FROM km_blobs WHERE false;
-- k = number of rows: every row its own cluster, inertia 0
SELECT learn.describe(m)->'inertia' AS inertia, learn.describe(m)->'cluster_sizes' AS sizes
FROM (SELECT learn.kmeans_fit(ARRAY[v], '{"k": 3}') AS m FROM (VALUES (1.0::float8), (2), (4)) t(v)) q;
-- fewer distinct points than k: a warning, an empty cluster, never NaN
SELECT learn.describe(m)->'cluster_sizes' AS sizes,
       (SELECT bool_and(v::float8 = v::float8 AND v::float8 IN (1, 5))
        FROM jsonb_array_elements(learn.describe(m)->'centroids') e, jsonb_array_elements_text(e) v) AS centroids_finite
FROM (SELECT learn.kmeans_fit(ARRAY[v], '{"k": 3}') AS m
      FROM (VALUES (1.0::float8), (1), (1), (5), (5)) t(v)) q;
-- errors: k missing or too large, bad options, bad rows
SELECT pg_temp.fails($$SELECT learn.kmeans_fit(ARRAY[x, y]) FROM km_blobs$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit(ARRAY[x, y], '{"n_init": 3}') FROM km_blobs$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit(ARRAY[x, y], '{"k": 4}') FROM km_blobs WHERE i = 1$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit(ARRAY[x, y], '{"k": 0}') FROM km_blobs$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit(ARRAY[x, y], '{"k": 2.5}') FROM km_blobs$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit(ARRAY[x, y], '{"k": 1001}') FROM km_blobs$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit(ARRAY[x, y], '{"k": 3, "n_init": 0}') FROM km_blobs$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit(ARRAY[x, y], '{"k": 3, "lambda": 1}') FROM km_blobs$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit(ARRAY[x, y], '{"k": 3, "seed": "x"}') FROM km_blobs$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit(ARRAY[x, 'NaN'], '{"k": 3}') FROM km_blobs$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit(CASE WHEN i = 5 THEN ARRAY[x] ELSE ARRAY[x, y] END, '{"k": 3}') FROM km_blobs$$);
SELECT pg_temp.fails($$SELECT * FROM learn.train('km_bad', 'kmeans', 'km_blobs', NULL, ARRAY['x', 'y'])$$);
SELECT pg_temp.fails($$SELECT * FROM learn.train('km_bad', 'kmeans', 'SELECT * FROM km_blobs WHERE i = 1', NULL, ARRAY['x', 'y'], '{"k": 5}')$$);
-- a streamed model travels in the step state (at most 120000 centroid values):
-- 200 clusters x 601 features cannot be streamed
CREATE TABLE km_wide AS
SELECT ARRAY(SELECT ((g * 31 + j * 17) % 101)::float8 FROM generate_series(1, 601) j) AS x
FROM generate_series(1, 200) g;
SET learn.memory_limit = '64kB';
SELECT pg_temp.fails($$SELECT * FROM learn.train('km_bad', 'kmeans', 'km_wide', NULL, ARRAY['x'], '{"k": 200}')$$);
RESET learn.memory_limit;
DROP TABLE km_wide;
-- corrupt and foreign states: 22P03
SELECT pg_temp.fails($$SELECT learn.kmeans_fit_final('\x00'::bytea)$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit_combine(learn.kmeans_fit_trans(NULL, ARRAY[1.0], '{"k": 1}'), learn.linreg_fit_trans(NULL, 1.0, ARRAY[1.0]))$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_fit_final(learn.logreg_fit_trans(NULL, 1, ARRAY[1.0]))$$);
SELECT pg_temp.fails($$SELECT learn.kmeans_step_final(learn.kmeans_fit_trans(NULL, ARRAY[1.0], '{"k": 1}'))$$);
-- a step state (two rows) whose first cluster count is overwritten with 0.5,
-- then 7: the header (64 bytes, of which SQL does not see the 4-byte varlena
-- length), the model (options blob, padded to 8 bytes) and the cluster names
-- "0" "1" "2" (16 bytes) come before the payload [inertia, far-list length,
-- counts (here 1, 0, 1) ...]
CREATE TEMP TABLE km_step AS
SELECT learn.kmeans_step_trans(learn.kmeans_step_trans(NULL, ARRAY[0.0, 0.0], learn.model('km', 2)),
                               ARRAY[10.0, 0.0], learn.model('km', 2)) AS s,
       60 + (length(learn.model('km', 2)) + 7) / 8 * 8 + 16 + 16 AS count_offset;
SELECT encode(substring(s FROM count_offset + 1 FOR 24), 'hex') AS counts FROM km_step;
SELECT learn.kmeans_step_final(s) = learn.model('km', 2) AS finished_model_unchanged FROM km_step;
SELECT pg_temp.fails(format('SELECT learn.kmeans_step_final(%L::bytea)',
                            overlay(s PLACING '\x000000000000e03f'::bytea FROM count_offset + 1 FOR 8))) FROM km_step;
SELECT pg_temp.fails(format('SELECT learn.kmeans_step_combine(%L::bytea, %L::bytea)', s,
                            overlay(s PLACING '\x0000000000001c40'::bytea FROM count_offset + 1 FOR 8))) FROM km_step;
SELECT pg_temp.fails(format('SELECT learn.kmeans_step_final(%L::bytea)', substring(s FROM 1 FOR length(s) - 8))) FROM km_step;

-- Models are decoded field by field: every byte of a k-means model's PARAMS
-- section changed (+1) with the checksum recomputed either still decodes to
-- a usable model or is rejected with 22P03, never a crash or a read past the
-- end.  (The CRC-32C itself is checked by sql/model_format.sql.)
CREATE FUNCTION pg_temp.crc32c(data bytea) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  crc bigint := 4294967295;
BEGIN
  FOR i IN 0 .. length(data) - 1 LOOP
    crc := crc # get_byte(data, i);
    FOR k IN 1 .. 8 LOOP
      IF crc & 1 = 1 THEN crc := (crc >> 1) # 2197175160; ELSE crc := crc >> 1; END IF;
    END LOOP;
  END LOOP;
  RETURN crc # 4294967295;
END $$;
CREATE FUNCTION pg_temp.reseal(body bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT body || set_byte(set_byte(set_byte(set_byte('\x00000000'::bytea,
           0, (c & 255)::int), 1, ((c >> 8) & 255)::int), 2, ((c >> 16) & 255)::int), 3, ((c >> 24) & 255)::int)
  FROM (SELECT pg_temp.crc32c(body) AS c) q
$$;
DO $$
DECLARE
  model bytea := (SELECT learn.kmeans_fit(ARRAY[v], '{"k": 2}') FROM (VALUES (0.0::float8), (1), (10), (11)) t(v));
  body bytea := substring(model FROM 1 FOR length(model) - 4);
  pos int := 16;
  params_at int;
  params_len int;
  rejected int := 0;
  usable int := 0;
  codes text[] := '{}';
BEGIN
  -- sections: u16 tag, u16 reserved, u32 length, payload; PARAMS is tag 5
  LOOP
    params_len := get_byte(body, pos + 4) + 256 * get_byte(body, pos + 5);
    EXIT WHEN get_byte(body, pos) = 5;
    pos := pos + 8 + params_len;
  END LOOP;
  params_at := pos + 8;
  FOR i IN params_at .. params_at + params_len - 1 LOOP
    BEGIN
      PERFORM learn.describe(m), learn.transform(m, ARRAY[1.0]), learn.predict(m, ARRAY[1.0])
      FROM (SELECT pg_temp.reseal(set_byte(body, i, (get_byte(body, i) + 1) % 256)) AS m) q;
      usable := usable + 1;
    EXCEPTION WHEN OTHERS THEN
      rejected := rejected + 1;
      IF NOT SQLSTATE = ANY (codes) THEN codes := codes || SQLSTATE; END IF;
    END;
  END LOOP;
  RAISE NOTICE 'params: % bytes changed, % rejected with SQLSTATEs %, % still usable (values such as centroids)',
    params_len, rejected, codes, usable;
END $$;

-- ---------------------------------------------------------------------------
-- Cancel is prompt: a long fit (20000 rows x 10 features, k = 100, ten
-- starts: many seconds) stops within a second of statement_timeout, in
-- memory and streamed.
-- ---------------------------------------------------------------------------
CREATE TABLE km_cancel AS
SELECT ARRAY(SELECT ('x' || substr(md5(g || ':' || j), 1, 8))::bit(32)::int / 2147483648.0
             FROM generate_series(1, 10) j)::float8[] AS x
FROM generate_series(1, 20000) g;
SET statement_timeout = '300ms';
SELECT clock_timestamp() AS t0 \gset
SELECT learn.kmeans_fit(x, '{"k": 100}') FROM km_cancel;
RESET statement_timeout;
SELECT clock_timestamp() - :'t0'::timestamptz < interval '1.3 seconds' AS fit_cancelled_promptly;
SET learn.memory_limit = '64kB';
SET statement_timeout = '300ms';
SELECT clock_timestamp() AS t0 \gset
SELECT * FROM learn.train('km_cancelled', 'kmeans', 'km_cancel', NULL, ARRAY['x'], '{"k": 100}');
RESET statement_timeout;
RESET learn.memory_limit;
SELECT clock_timestamp() - :'t0'::timestamptz < interval '1.3 seconds' AS train_cancelled_promptly;
SELECT count(*) AS stored FROM learn.models WHERE name = 'km_cancelled';

DELETE FROM learn.models WHERE name IN ('km', 'km_u');
DROP TABLE km_blobs, km_blob_fit, km_iris, km_iris_fit, km_iris_shuffled, km_unif, km_unif_shuffled,
           km_unif_big, km_unif_big_shuffled, km_cancel;

-- finite values whose squared distances overflow: an error, not a model that cannot load
\set VERBOSITY sqlstate
SELECT learn.kmeans_fit(ARRAY[x], '{"k": 3}')
FROM (VALUES (1e200::float8), (-1e200), (2e200), (3e200), (5), (6)) t(x);
\set VERBOSITY default

-- ---------------------------------------------------------------------------
-- learn.hash_sample: the deterministic sample of the starts (learn.train's
-- streamed fits read it; the in-memory fit selects the same rows in C).
-- ---------------------------------------------------------------------------
CREATE TABLE hs AS
SELECT i, ARRAY[(i % 7)::float8, (i % 11)::float8 / 3] AS x FROM generate_series(1, 2000) i;
-- the rows with the smallest keys in key order: a shorter sample is a prefix
-- of a longer one, and the scan order does not matter
SELECT (SELECT learn.hash_sample(x, 20) FROM hs)[1:5] = (SELECT learn.hash_sample(x, 5) FROM hs) AS prefix,
       (SELECT learn.hash_sample(x, 20) FROM hs)
         = (SELECT learn.hash_sample(x, 20) FROM (SELECT * FROM hs ORDER BY md5(i::text)) s) AS order_free,
       array_dims((SELECT learn.hash_sample(x, 20) FROM hs)) AS dims;
-- 77 distinct rows, each repeated: equal rows have equal keys, so the sample
-- takes them together
SELECT (SELECT count(DISTINCT x) FROM hs) AS distinct_rows,
       array_dims((SELECT learn.hash_sample(x, 5000) FROM hs)) AS all_rows;
-- forced parallel plan: Partial Aggregate, same sample
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT learn.hash_sample(x, 20) FROM hs;
CREATE TEMP TABLE hs_parallel AS SELECT learn.hash_sample(x, 20) AS s FROM hs;
RESET parallel_leader_participation;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT s = (SELECT learn.hash_sample(x, 20) FROM hs) AS parallel_is_serial FROM hs_parallel;
-- edge cases
SELECT learn.hash_sample(x, 0) IS NULL AS n_zero FROM hs;
SELECT learn.hash_sample(x, 3) IS NULL AS no_rows FROM hs WHERE false;
SELECT learn.hash_sample(x, 3) AS nulls_skipped
FROM (VALUES (NULL::float8[]), (ARRAY[1.0, NULL]::float8[]), (ARRAY[2.0, 3.0]::float8[])) v(x);
SELECT learn.hash_sample(x, 3) AS zero_and_minus_zero_hash_alike_ordered_by_bits
FROM (VALUES (ARRAY['-0'::float8]), (ARRAY[0::float8]), (ARRAY['-0'::float8])) v(x);
SELECT pg_temp.fails($$SELECT learn.hash_sample(CASE WHEN i = 5 THEN ARRAY[1.0::float8] ELSE x END, 3) FROM hs$$);
SELECT pg_temp.fails($$SELECT learn.hash_sample(ARRAY[[1.0, 2.0]]::float8[], 3)$$);
SELECT pg_temp.fails($$SELECT learn.hash_sample('{}'::float8[], 3)$$);
SELECT pg_temp.fails($$SELECT learn.hash_sample(x, -1) FROM hs$$);
SELECT pg_temp.fails($$SELECT learn.hash_sample(x, i) FROM hs$$);
SELECT pg_temp.fails($$SELECT learn.hash_sample(x, 100000000) FROM hs$$);
SELECT pg_temp.fails($$SELECT learn.hash_sample_final('\x00'::bytea)$$);
SELECT pg_temp.fails($$SELECT learn.hash_sample_combine(learn.hash_sample_trans(NULL, ARRAY[1.0], 2), learn.kmeans_fit_trans(NULL, ARRAY[1.0], '{"k": 1}'))$$);
SELECT pg_temp.fails($$SELECT learn.hash_sample_combine(learn.hash_sample_trans(NULL, ARRAY[1.0], 2), learn.hash_sample_trans(NULL, ARRAY[1.0, 2.0], 2))$$);
-- a direct call does not change its argument
SELECT learn.hash_sample_final(learn.hash_sample_combine(s, s)) = learn.hash_sample_final(s) AS combine_self
FROM (SELECT learn.hash_sample_trans(learn.hash_sample_trans(NULL, ARRAY[1.0], 1), ARRAY[2.0], 1) AS s) t;
DROP TABLE hs;
