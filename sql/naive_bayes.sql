-- learn.nb_fit (naive Bayes, Gaussian and multinomial) and naive Bayes
-- through learn.train.  Every reference is computed here in plain SQL from
-- the formulas (scikit-learn's GaussianNB and MultinomialNB; the comparison
-- with scikit-learn itself is test/reference/check_naive_bayes.sh).
-- Tolerances: probabilities 1e-9 absolute, log-likelihoods 1e-9 relative.
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

-- Fisher's iris (data/iris.csv, from scikit-learn): 150 rows, classes 0, 1, 2.
CREATE TABLE nb_iris (sl float8, sw float8, pl float8, pw float8, species int);
\copy nb_iris FROM 'data/iris.csv' WITH (FORMAT csv, HEADER true)
ALTER TABLE nb_iris ADD COLUMN id serial;
ALTER TABLE nb_iris ADD COLUMN name text;
UPDATE nb_iris SET name = (ARRAY['setosa', 'versicolor', 'virginica'])[species + 1];
SELECT count(*) AS n_rows, count(DISTINCT species) AS n_classes FROM nb_iris;

-- ---------------------------------------------------------------------------
-- Gaussian.  Reference: class means and population variances by SQL's avg and
-- var_pop; epsilon = 1e-9 * the largest population variance of a feature over
-- all rows; jll_c(x) = ln(n_c / n) - 1/2 sum_j [ln(2 pi v_cj) + (x_j - mu_cj)^2 / v_cj];
-- probabilities = exp(jll - log-sum-exp(jll)).
-- ---------------------------------------------------------------------------
CREATE TABLE nb_iris_long AS
SELECT id, species, j, v FROM nb_iris, unnest(ARRAY[sl, sw, pl, pw]) WITH ORDINALITY u(v, j);
CREATE TABLE nb_gauss_ref AS
WITH eps AS (
  SELECT 1e-9 * max(vp) AS eps FROM (SELECT var_pop(v) AS vp FROM nb_iris_long GROUP BY j) f
), cls AS (
  SELECT species AS c, j, avg(v) AS mu, var_pop(v) + (SELECT eps FROM eps) AS var,
         count(*)::float8 / (SELECT count(*) FROM nb_iris) AS prior
  FROM nb_iris_long GROUP BY species, j
), jll AS (
  SELECT l.id, c.c, ln(min(c.prior)) - 0.5 * sum(ln(2 * pi() * c.var) + (l.v - c.mu) ^ 2 / c.var) AS jll
  FROM nb_iris_long l JOIN cls c USING (j) GROUP BY l.id, c.c
)
SELECT id, c, jll, ex / sum(ex) OVER (PARTITION BY id) AS proba
FROM (SELECT id, c, jll, exp(jll - max(jll) OVER (PARTITION BY id)) AS ex FROM jll) q;

CREATE TABLE nb_models AS
SELECT 'gauss_int'::text AS what, learn.nb_fit(species, ARRAY[sl, sw, pl, pw]) AS m FROM nb_iris;
SELECT learn.classes(m), learn.features(m), learn.describe(m)->>'distribution' AS distribution,
       (learn.describe(m)->>'var_smoothing')::float8 AS var_smoothing
FROM nb_models WHERE what = 'gauss_int';

-- every probability and joint log-likelihood of every row
SELECT count(*) AS values_compared,
       max(abs((learn.predict_proba(n.m, ARRAY[i.sl, i.sw, i.pl, i.pw]))[r.c + 1] - r.proba)) < 1e-9 AS proba_ok,
       max(abs((learn.decision_function(n.m, ARRAY[i.sl, i.sw, i.pl, i.pw]))[r.c + 1] - r.jll) / (1 + abs(r.jll))) < 1e-9 AS jll_ok
FROM nb_gauss_ref r JOIN nb_iris i USING (id), nb_models n WHERE n.what = 'gauss_int';
-- predicted labels: the most probable class, as in the reference
SELECT count(*) FILTER (WHERE learn.predict(n.m, ARRAY[i.sl, i.sw, i.pl, i.pw]) = best.c) AS labels_equal,
       count(*) FILTER (WHERE learn.predict(n.m, ARRAY[i.sl, i.sw, i.pl, i.pw]) = i.species) AS correct
FROM nb_iris i JOIN (SELECT DISTINCT ON (id) id, c FROM nb_gauss_ref ORDER BY id, proba DESC) best USING (id),
     nb_models n WHERE n.what = 'gauss_int';
-- class parameters in describe: count, prior, means and smoothed variances
WITH d AS (SELECT jsonb_array_elements(learn.describe(m)->'classes') AS cl FROM nb_models WHERE what = 'gauss_int'),
ref AS (
  SELECT species AS c, j, avg(v) AS mu, var_pop(v) AS vp, count(*) AS n FROM nb_iris_long GROUP BY species, j
)
SELECT d.cl->>'class' AS class, (d.cl->>'count')::int AS count, round((d.cl->>'prior')::numeric, 12) AS prior,
       bool_and(abs((d.cl->'mean'->>(r.j - 1)::int)::float8 - r.mu) < 1e-12) AS means_ok,
       bool_and(abs((d.cl->'variance'->>(r.j - 1)::int)::float8 - r.vp
                    - 1e-9 * (SELECT max(vp) FROM (SELECT var_pop(v) AS vp FROM nb_iris_long GROUP BY j) f)) < 1e-12) AS variances_ok
FROM d JOIN ref r ON r.c = (d.cl->>'class')::int GROUP BY 1, 2, 3 ORDER BY 1;
-- var_smoothing (alpha) changes epsilon; the default is 1e-9
SELECT (learn.describe(m)->>'epsilon')::float8 / (learn.describe(m0)->>'epsilon')::float8 AS ratio
FROM (SELECT learn.nb_fit(species, ARRAY[sl, sw, pl, pw], '{"alpha": 1e-3}') AS m,
             learn.nb_fit(species, ARRAY[sl, sw, pl, pw], '{"distribution": "gaussian"}') AS m0 FROM nb_iris) q;
-- the joint log-likelihood metric is the sum of decision_function at each row's own class
SELECT abs((learn.training_metrics(n.m)->>'joint_log_likelihood')::float8 - sum(r.jll)) < 1e-9 * abs(sum(r.jll)) AS jll_sum_ok,
       learn.training_metrics(n.m) - 'joint_log_likelihood' AS metrics
FROM nb_gauss_ref r JOIN nb_iris i USING (id), nb_models n
WHERE n.what = 'gauss_int' AND r.c = i.species GROUP BY n.m;

-- Labels as integer, text and boolean: classes in value, byte and false < true
-- order; text labels give the same probabilities as the integers they name.
INSERT INTO nb_models SELECT 'gauss_text', learn.nb_fit(name, ARRAY[sl, sw, pl, pw]) FROM nb_iris;
INSERT INTO nb_models SELECT 'gauss_bool', learn.nb_fit(species = 0, ARRAY[sl, sw, pl, pw]) FROM nb_iris;
SELECT what, learn.classes(m) FROM nb_models ORDER BY what;
SELECT max(abs(ab.p - ab.q)) < 1e-15 AS text_same_as_int,
       bool_and(learn.predict_label(t.m, ARRAY[sl, sw, pl, pw]) = (ARRAY['setosa', 'versicolor', 'virginica'])[learn.predict(g.m, ARRAY[sl, sw, pl, pw]) + 1]) AS labels_same
FROM nb_iris, nb_models g, nb_models t,
     unnest(learn.predict_proba(g.m, ARRAY[sl, sw, pl, pw]), learn.predict_proba(t.m, ARRAY[sl, sw, pl, pw])) AS ab(p, q)
WHERE g.what = 'gauss_int' AND t.what = 'gauss_text';
SELECT learn.predict(m, ARRAY[5.0, 3.4, 1.5, 0.2]) AS setosa_is_true, learn.predict_label(m, ARRAY[6.5, 3.0, 5.5, 2.0]) AS virginica,
       round(((learn.predict_proba(m, ARRAY[5.0, 3.4, 1.5, 0.2]))[2])::numeric, 9) AS p_true
FROM nb_models WHERE what = 'gauss_bool';
SELECT learn.predict(m, ARRAY[5.0, 3.4, 1.5, 0.2]) FROM nb_models WHERE what = 'gauss_text';

-- ---------------------------------------------------------------------------
-- Multinomial on a synthetic word-count table (three topics, six words, each
-- topic using two words more).  Reference: N_cj = sum of word j in topic c;
-- ln theta_cj = ln(N_cj + alpha) - ln(sum_j (N_cj + alpha));
-- jll_c(x) = ln(n_c / n) + sum_j x_j ln theta_cj.
-- ---------------------------------------------------------------------------
CREATE TABLE nb_docs AS
SELECT d AS id, (ARRAY['politics', 'sport', 'tech'])[1 + d % 3] AS topic,
       ARRAY(SELECT ((d * (7 + 4 * j) + j * j) % 5 + CASE WHEN (j - 1) / 2 = d % 3 THEN (d * 13 + j) % 7 ELSE 0 END)::float8
             FROM generate_series(1, 6) j ORDER BY j) AS counts
FROM generate_series(1, 120) d;
CREATE TABLE nb_docs_long AS SELECT id, topic, j, v FROM nb_docs, unnest(counts) WITH ORDINALITY u(v, j);
CREATE FUNCTION pg_temp.nb_multi_ref(alpha float8)
RETURNS TABLE (id int, topic text, jll float8, proba float8) LANGUAGE sql AS $$
  WITH cls AS (
    SELECT topic, j, sum(v) AS n_cj FROM nb_docs_long GROUP BY topic, j
  ), theta AS (
    SELECT topic, j, ln(n_cj + alpha) - ln(sum(n_cj + alpha) OVER (PARTITION BY topic)) AS lt FROM cls
  ), prior AS (
    SELECT topic, ln(count(*)::float8 / (SELECT count(*) FROM nb_docs)) AS lp FROM nb_docs GROUP BY topic
  ), jll AS (
    SELECT l.id, t.topic, min(p.lp) + sum(l.v * t.lt) AS jll
    FROM nb_docs_long l JOIN theta t USING (j) JOIN prior p ON p.topic = t.topic GROUP BY l.id, t.topic
  )
  SELECT id, topic, jll, ex / sum(ex) OVER (PARTITION BY id)
  FROM (SELECT id, topic, jll, exp(jll - max(jll) OVER (PARTITION BY id)) AS ex FROM jll) q
$$;
INSERT INTO nb_models SELECT 'multi', learn.nb_fit(topic, counts, '{"distribution": "multinomial"}') FROM nb_docs;
INSERT INTO nb_models SELECT 'multi_a05', learn.nb_fit(topic, counts, '{"distribution": "multinomial", "alpha": 0.5}') FROM nb_docs;
SELECT what, learn.classes(m), learn.describe(m)->>'distribution' AS distribution, (learn.describe(m)->>'alpha')::float8 AS alpha
FROM nb_models WHERE what LIKE 'multi%' ORDER BY what;
SELECT n.what, count(*) AS values_compared,
       max(abs((learn.predict_proba(n.m, d.counts))[array_position(learn.classes(n.m), r.topic)] - r.proba)) < 1e-9 AS proba_ok,
       max(abs((learn.decision_function(n.m, d.counts))[array_position(learn.classes(n.m), r.topic)] - r.jll) / (1 + abs(r.jll))) < 1e-9 AS jll_ok
FROM nb_models n
CROSS JOIN LATERAL pg_temp.nb_multi_ref(CASE n.what WHEN 'multi' THEN 1.0 ELSE 0.5 END) r
JOIN nb_docs d USING (id)
WHERE n.what LIKE 'multi%' GROUP BY n.what ORDER BY n.what;
SELECT count(*) FILTER (WHERE learn.predict_label(n.m, d.counts) = d.topic) AS correct, count(*) AS docs
FROM nb_docs d, nb_models n WHERE n.what = 'multi';
-- feature counts and log-probabilities in describe
WITH d AS (SELECT jsonb_array_elements(learn.describe(m)->'classes') AS cl FROM nb_models WHERE what = 'multi'),
ref AS (SELECT topic, j, sum(v) AS n_cj FROM nb_docs_long GROUP BY topic, j)
SELECT d.cl->>'class' AS class, (d.cl->>'count')::int AS count,
       bool_and((d.cl->'feature_count'->>(r.j - 1)::int)::float8 = r.n_cj) AS counts_exact,
       abs(sum(exp((d.cl->'feature_log_prob'->>(r.j - 1)::int)::float8)) - 1) < 1e-12 AS probs_sum_to_1
FROM d JOIN ref r ON r.topic = d.cl->>'class' GROUP BY 1, 2 ORDER BY 1;
SELECT abs((learn.training_metrics(n.m)->>'joint_log_likelihood')::float8 - sum(r.jll)) < 1e-9 * abs(sum(r.jll)) AS jll_sum_ok
FROM pg_temp.nb_multi_ref(1.0) r JOIN nb_docs d USING (id), nb_models n
WHERE n.what = 'multi' AND r.topic = d.topic GROUP BY n.m;

-- ---------------------------------------------------------------------------
-- Edge cases
-- ---------------------------------------------------------------------------
-- NULL labels, NULL arrays and NULL elements are skipped and counted.
SELECT (learn.describe(m)->>'rows_used')::int AS used, (learn.describe(m)->>'rows_skipped')::int AS skipped
FROM (SELECT learn.nb_fit(species, x) AS m FROM (
        SELECT species, ARRAY[sl, sw, pl, pw] AS x FROM nb_iris
        UNION ALL SELECT NULL, ARRAY[1.0, 2.0, 3.0, 4.0]
        UNION ALL SELECT 1, NULL
        UNION ALL SELECT 2, ARRAY[1.0, NULL, 3.0, 4.0]) q) r;
SELECT learn.nb_fit(NULL::int, ARRAY[1.0]) IS NULL AS all_skipped;
SELECT learn.nb_fit(species, ARRAY[sl]) IS NULL AS no_rows FROM nb_iris WHERE false;
-- one class is an error
SELECT learn.nb_fit(1, ARRAY[sl, sw]) FROM nb_iris;
-- multinomial: negative values are errors naming the feature; alpha must be > 0
SELECT learn.nb_fit(species, ARRAY[sl, sw - 3], '{"distribution": "multinomial"}') FROM nb_iris;
SELECT learn.nb_fit(species, ARRAY[sl, sw - 3], '{"distribution": "multinomial", "feature_names": ["sepal_length", "sepal_width"]}') FROM nb_iris;
SELECT learn.nb_fit(species, ARRAY[sl, sw], '{"distribution": "multinomial", "alpha": 0}') FROM nb_iris;
-- bad options
SELECT learn.nb_fit(species, ARRAY[sl], '{"distribution": "bernoulli"}') FROM nb_iris;
SELECT learn.nb_fit(species, ARRAY[sl], '{"alpha": -1}') FROM nb_iris;
SELECT learn.nb_fit(species, ARRAY[sl], '{"lambda": 1}') FROM nb_iris;
-- bad rows
SELECT learn.nb_fit(species, ARRAY[sl, 'NaN']) FROM nb_iris;
SELECT learn.nb_fit(l, x) FROM (VALUES (1, ARRAY[1.0, 2.0]::float8[]), (2, ARRAY[1.0]::float8[])) v(l, x);
SELECT learn.nb_fit(1, '{}'::float8[]);
-- SQLSTATEs of the errors above: data exception, invalid parameter value
\set VERBOSITY sqlstate
SELECT learn.nb_fit(1, ARRAY[sl, sw]) FROM nb_iris;
SELECT learn.nb_fit(species, ARRAY[sl, sw - 3], '{"distribution": "multinomial"}') FROM nb_iris;
\set VERBOSITY default

-- A class with a single row still has a variance (epsilon); probabilities sum to 1.
SELECT round(sum(p)::numeric, 12) AS total, bool_and(p >= 0 AND p <= 1) AS in_range
FROM (SELECT learn.nb_fit(l, ARRAY[x]) AS m FROM (VALUES ('a', 1.0), ('a', 2.0), ('a', 4.0), ('b', 10.0)) v(l, x)) q,
     unnest(learn.predict_proba(m, ARRAY[9.0])) p;
-- Every feature constant (largest variance 0): epsilon is var_smoothing itself,
-- no division by zero, and the probabilities are the priors (3/4, 1/4).  Far
-- from the constant the equal quadratic terms of both classes are huge (1e15
-- at x = 1000) and cost digits, as in scikit-learn: still no NaN, sum 1.
SELECT abs((learn.predict_proba(m, ARRAY[5.0]))[1] - 0.75) < 1e-12 AS at_the_constant,
       abs((learn.predict_proba(m, ARRAY[5.00001]))[1] - 0.75) < 1e-12 AS near_it,
       (learn.describe(m)->>'epsilon')::float8 AS epsilon,
       abs((learn.predict_proba(m, ARRAY[1000.0]))[1] + (learn.predict_proba(m, ARRAY[1000.0]))[2] - 1) < 1e-15 AS far_sums_to_1,
       NOT 'NaN'::float8 = ANY(learn.predict_proba(m, ARRAY[1000.0]) || learn.decision_function(m, ARRAY[1000.0])) AS far_no_nan
FROM (SELECT learn.nb_fit(l, ARRAY[5.0]) AS m FROM (VALUES (1), (1), (1), (2)) v(l)) q;
-- alpha 0 (no variance smoothing) with features constant within each class:
-- a zero variance becomes the smallest positive double, so the nearest class
-- wins; where no class has a finite log-likelihood the priors (2/3, 1/3) are
-- returned.  Never NaN.
SELECT learn.predict_proba(m, ARRAY[1.0, 7.0]) AS at_class_1, learn.predict_proba(m, ARRAY[1.8, 7.9]) AS nearer_class_2,
       abs((learn.predict_proba(m, ARRAY[10.0, 20.0]))[1] - 2.0 / 3) < 1e-15 AS far_gets_priors
FROM (SELECT learn.nb_fit(l, ARRAY[x, y], '{"alpha": 0}') AS m
      FROM (VALUES (1, 1.0, 7.0), (1, 1.0, 7.0), (2, 2.0, 8.0)) v(l, x, y)) q;
-- multinomial: an all-zero row, and a word never seen in class a.  Closed form
-- with alpha 1: N_a = (2, 0), N_b = (1, 1), theta_a = (3/4, 1/4), theta_b =
-- (1/2, 1/2), priors (2/3, 1/3): P(a | 0, 0) = 2/3 and
-- P(b | 0, 3) = (1/3 * 1/8) / (2/3 * 1/64 + 1/3 * 1/8) = 0.8.
SELECT abs((learn.predict_proba(m, ARRAY[0.0, 0.0]))[1] - 2.0 / 3) < 1e-12 AS prior_ok,
       abs((learn.predict_proba(m, ARRAY[0.0, 3.0]))[2] - 0.8) < 1e-12 AS p_b_ok,
       abs((learn.describe(m)->'classes'->0->'feature_log_prob'->>0)::float8 - ln(0.75::float8)) < 1e-15 AND
       abs((learn.describe(m)->'classes'->0->'feature_log_prob'->>1)::float8 - ln(0.25::float8)) < 1e-15 AS theta_a_ok
FROM (SELECT learn.nb_fit(l, x, '{"distribution": "multinomial"}') AS m
      FROM (VALUES ('a', ARRAY[2.0, 0.0]), ('a', ARRAY[0.0, 0.0]), ('b', ARRAY[1.0, 1.0])) v(l, x)) q;

-- Aggregate states: bad bytes are rejected with 22P03, never trusted.
CREATE TEMP TABLE nb_st AS
SELECT learn.nb_fit_trans(learn.nb_fit_trans(NULL, 'a'::text, ARRAY[1.0]), 'b'::text, ARRAY[3.0]) AS s;
SELECT learn.classes(learn.nb_fit_final(s)) FROM nb_st;
\set VERBOSITY sqlstate
SELECT learn.nb_fit_final('\x00'::bytea);
SELECT learn.nb_fit_final(learn.linreg_fit_trans(NULL, 1.0, ARRAY[1.0]));
\set VERBOSITY default
-- payload: distribution, shift, then per class count, sum, M2 (8 slots, the last 64 bytes)
SELECT learn.nb_fit_final(overlay(s placing '\x0000000000001c40'::bytea from length(s) - 63)) FROM nb_st;  -- distribution 7
SELECT learn.nb_fit_final(overlay(s placing '\x0000000000000040'::bytea from length(s) - 63)) FROM nb_st;  -- multinomial slot, gaussian options
SELECT learn.nb_fit_final(overlay(s placing '\x000000000000f0bf'::bytea from length(s) - 47)) FROM nb_st;  -- count -1
SELECT learn.nb_fit_final(overlay(s placing '\x0000000000001440'::bytea from length(s) - 47)) FROM nb_st;  -- count 5
SELECT learn.nb_fit_final(overlay(s placing '\x000000000000f0bf'::bytea from length(s) - 31)) FROM nb_st;  -- M2 -1
SELECT learn.nb_fit_final(overlay(s placing '\x000000000000f87f'::bytea from length(s) - 39)) FROM nb_st;  -- sum NaN
SELECT learn.nb_fit_combine(s, overlay(s placing '\x0000000000001c40'::bytea from length(s) - 63)) FROM nb_st;
SELECT learn.nb_fit_final(overlay(m placing '\x000000000000f03f'::bytea from length(m) - 55))  -- multinomial shift 1
FROM (SELECT learn.nb_fit_trans(learn.nb_fit_trans(NULL, 'a'::text, ARRAY[1.0], '{"distribution": "multinomial"}'),
                                'b'::text, ARRAY[3.0], '{"distribution": "multinomial"}') AS m) q;
SELECT learn.nb_fit_final(substring(s FROM 1 FOR length(s) - 8)) FROM nb_st;  -- truncated
-- combining states made with different options, or labels of different types
SELECT learn.nb_fit_combine(s, learn.nb_fit_trans(NULL, 'a'::text, ARRAY[1.0], '{"distribution": "multinomial"}')) FROM nb_st;
SELECT learn.nb_fit_combine(s, learn.nb_fit_trans(NULL, 1, ARRAY[1.0])) FROM nb_st;
-- combining partial states with different classes maps them (Chan merge):
-- {a: 1, b: 3} + {c: 5, a: 2, a: 6} = a {1, 2, 6}, b {3}, c {5}
SELECT learn.classes(m), learn.describe(m)->'classes'->0->'mean' AS mean_a,
       abs((learn.describe(m)->'classes'->0->'variance'->>0)::float8 - (14.0 / 3 + 1e-9 * 3.44)) < 1e-12 AS var_a_ok,  -- + 1e-9 var_pop(1, 3, 5, 2, 6)
       learn.describe(m)->'classes'->1->>'count' AS count_b
FROM (SELECT learn.nb_fit_final(learn.nb_fit_combine(s, learn.nb_fit_trans(learn.nb_fit_trans(learn.nb_fit_trans(NULL, 'c'::text, ARRAY[5.0]),
        'a'::text, ARRAY[2.0]), 'a'::text, ARRAY[6.0]))) AS m FROM nb_st) q;

-- ---------------------------------------------------------------------------
-- GROUP BY: one model per group in one scan, each equal to its own fit.
-- ---------------------------------------------------------------------------
WITH grouped AS (
  SELECT id % 3 AS g, learn.nb_fit(species, ARRAY[sl, sw, pl, pw]) AS m FROM nb_iris GROUP BY id % 3
), alone AS (
  SELECT g, (SELECT learn.nb_fit(species, ARRAY[sl, sw, pl, pw]) FROM nb_iris i WHERE i.id % 3 = g) AS m
  FROM generate_series(0, 2) g
)
SELECT g, (learn.describe(grouped.m)->>'rows_used')::int AS rows,
       max(abs(p.a - p.b)) < 1e-12 AS same_as_alone
FROM grouped JOIN alone USING (g), nb_iris i,
     LATERAL unnest(learn.predict_proba(grouped.m, ARRAY[i.sl, i.sw, i.pl, i.pw]),
                    learn.predict_proba(alone.m, ARRAY[i.sl, i.sw, i.pl, i.pw])) p(a, b)
GROUP BY g, grouped.m ORDER BY g;

-- ---------------------------------------------------------------------------
-- Parallel: a forced parallel plan uses Partial Aggregate (so the combine
-- function merges per-class statistics) and gives the serial probabilities
-- within 1e-9.  150,000 rows: iris repeated with a deterministic jitter.
-- ---------------------------------------------------------------------------
CREATE TABLE nb_par AS
SELECT i.species, i.name, i.sl + ((r * 7919 + i.id) % 101) / 1000.0 AS sl, i.sw + ((r * 104729 + i.id) % 97) / 1000.0 AS sw,
       i.pl + ((r * 31 + i.id) % 89) / 1000.0 AS pl, i.pw + ((r * 17 + i.id) % 83) / 1000.0 AS pw
FROM nb_iris i, generate_series(1, 1000) r;
VACUUM ANALYZE nb_par;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE nb_serial AS
SELECT learn.nb_fit(name, ARRAY[sl, sw, pl, pw]) AS g, learn.nb_fit(name, ARRAY[sl, sw, pl, pw], '{"distribution": "multinomial"}') AS mu FROM nb_par;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT learn.nb_fit(name, ARRAY[sl, sw, pl, pw]), learn.nb_fit(name, ARRAY[sl, sw, pl, pw], '{"distribution": "multinomial"}') FROM nb_par;
CREATE TEMP TABLE nb_parallel AS
SELECT learn.nb_fit(name, ARRAY[sl, sw, pl, pw]) AS g, learn.nb_fit(name, ARRAY[sl, sw, pl, pw], '{"distribution": "multinomial"}') AS mu FROM nb_par;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT max(abs(a.s - a.q)) < 1e-9 AS gaussian_same, max(abs(b.s - b.q)) < 1e-9 AS multinomial_same, count(*) AS compared
FROM nb_serial s, nb_parallel q, nb_iris i,
     unnest(learn.predict_proba(s.g, ARRAY[i.sl, i.sw, i.pl, i.pw]), learn.predict_proba(q.g, ARRAY[i.sl, i.sw, i.pl, i.pw])) WITH ORDINALITY a(s, q, o),
     unnest(learn.predict_proba(s.mu, ARRAY[i.sl, i.sw, i.pl, i.pw]), learn.predict_proba(q.mu, ARRAY[i.sl, i.sw, i.pl, i.pw])) WITH ORDINALITY b(s, q, o)
WHERE a.o = b.o;
SELECT (learn.describe(q.g)->>'rows_used')::int AS rows_used,
       learn.describe(q.mu)->'classes'->0->>'count' AS setosa_rows
FROM nb_serial s, nb_parallel q;

-- ---------------------------------------------------------------------------
-- learn.train through the generic driver: columns by name, the same model as
-- the aggregate, scoring rows by column name.
-- ---------------------------------------------------------------------------
SELECT name, version, algorithm, rows_used, rows_skipped, metrics - 'joint_log_likelihood' AS metrics
FROM learn.train('nb_iris', 'naive_bayes', 'nb_iris', 'name', ARRAY['sl', 'sw', 'pl', 'pw']);
SELECT name, version, rows_used, metrics->>'distribution' AS distribution
FROM learn.train('nb_iris', 'naive_bayes', 'SELECT * FROM nb_iris', 'species', ARRAY['sl', 'sw', 'pl', 'pw'],
                 '{"distribution": "multinomial", "alpha": 0.5}');
SELECT max(abs(ab.p - ab.q)) < 1e-12 AS train_equals_aggregate,
       bool_and(learn.predict_label('nb_iris', i) = learn.predict_label(learn.model('nb_iris', 2), ARRAY[i.sl, i.sw, i.pl, i.pw])) AS by_name_ok
FROM nb_iris i, nb_models n,
     unnest(learn.predict_proba(learn.model('nb_iris', 1), i), learn.predict_proba(n.m, ARRAY[i.sl, i.sw, i.pl, i.pw])) ab(p, q)
WHERE n.what = 'gauss_text';
-- the multinomial model equals its aggregate, and learn.train stored the metrics
SELECT max(abs(ab.p - ab.q)) < 1e-12 AS multinomial_train_ok
FROM nb_iris i, unnest(learn.predict_proba('nb_iris', i),
                       learn.predict_proba((SELECT learn.nb_fit(species, ARRAY[sl, sw, pl, pw], '{"distribution": "multinomial", "alpha": 0.5}') FROM nb_iris),
                                           ARRAY[i.sl, i.sw, i.pl, i.pw])) ab(p, q);
SELECT version, metrics->>'distribution' AS distribution, metrics->>'classes' AS classes, metrics->>'rows' AS rows,
       metrics->'joint_log_likelihood' IS NOT NULL AS has_jll
FROM learn.models WHERE name = 'nb_iris' ORDER BY version;
SELECT learn.train('nb_bad', 'naive_bayes', 'nb_iris', 'name', ARRAY['sl'], '{"lambda": 1}');
SELECT learn.train('nb_bad', 'naive_bayes', 'SELECT * FROM nb_iris WHERE species = 1', 'name', ARRAY['sl']);

-- Labels are looked up through a small per-call-site cache (16 labels by
-- value, short text by bytes) valid only for the state the call site
-- returned last.  Sorted grouping reuses it over 20 labels (evictions),
-- hashed grouping interleaves three states row by row (the cache is emptied
-- on every switch): both give the same models as per-group fits (classes and
-- class counts exactly; probabilities to 1e-12, as the rows may arrive in
-- another order, which changes rounding).
CREATE TABLE nb_lc AS
SELECT i % 3 AS g, (i * 7) % 20 AS lab, repeat('L', 28 + i % 9) || ((i * 7) % 20) AS lab_t,
       CASE i % 4 WHEN 0 THEN -0.0::float8 WHEN 1 THEN 0.0::float8 ELSE 1.5 END AS lab_f,
       sin(i) AS x1, cos(i * 1.3) AS x2
FROM generate_series(1, 3000) i;
CREATE TABLE nb_lc_ref AS
SELECT k AS g, (SELECT learn.nb_fit(lab, ARRAY[x1, x2]) FROM nb_lc WHERE g = k) AS m_int,
       (SELECT learn.nb_fit(lab_t, ARRAY[x1, x2]) FROM nb_lc WHERE g = k) AS m_text,
       (SELECT learn.nb_fit(lab_f, ARRAY[x1, x2]) FROM nb_lc WHERE g = k) AS m_float
FROM generate_series(0, 2) k;
CREATE FUNCTION nb_lc_same(a bytea, b bytea) RETURNS bool LANGUAGE sql AS $$
  SELECT learn.classes(a) = learn.classes(b)
     AND (SELECT array_agg(c->>'count') FROM jsonb_array_elements(learn.describe(a)->'classes') c)
       = (SELECT array_agg(c->>'count') FROM jsonb_array_elements(learn.describe(b)->'classes') c)
     AND (SELECT max(abs(p - q)) < 1e-12
          FROM generate_series(1, 20) i,
               unnest(learn.predict_proba(a, ARRAY[sin(i * 0.3), cos(i * 0.7)]),
                      learn.predict_proba(b, ARRAY[sin(i * 0.3), cos(i * 0.7)])) u(p, q)) $$;
SET enable_hashagg = off;
SELECT bool_and(nb_lc_same(r.m_int, q.m_int) AND nb_lc_same(r.m_text, q.m_text) AND nb_lc_same(r.m_float, q.m_float)) AS sorted_same, count(*)
FROM nb_lc_ref r JOIN (SELECT g, learn.nb_fit(lab, ARRAY[x1, x2]) AS m_int, learn.nb_fit(lab_t, ARRAY[x1, x2]) AS m_text,
                              learn.nb_fit(lab_f, ARRAY[x1, x2]) AS m_float FROM nb_lc GROUP BY g) q USING (g);
RESET enable_hashagg;
SET enable_sort = off;
SELECT bool_and(nb_lc_same(r.m_int, q.m_int) AND nb_lc_same(r.m_text, q.m_text) AND nb_lc_same(r.m_float, q.m_float)) AS hashed_same, count(*)
FROM nb_lc_ref r JOIN (SELECT g, learn.nb_fit(lab, ARRAY[x1, x2]) AS m_int, learn.nb_fit(lab_t, ARRAY[x1, x2]) AS m_text,
                              learn.nb_fit(lab_f, ARRAY[x1, x2]) AS m_float FROM nb_lc GROUP BY g) q USING (g);
RESET enable_sort;
SELECT array_length(learn.classes(m_int), 1) AS int_classes, array_length(learn.classes(m_text), 1) AS text_classes,
       learn.classes(m_float) AS float_classes,
       (learn.describe(m_int)->'classes'->0->>'count')::int + (learn.describe(m_int)->'classes'->19->>'count')::int AS two_counts
FROM nb_lc_ref WHERE g = 0;
DROP TABLE nb_lc, nb_lc_ref;
DROP FUNCTION nb_lc_same;

DELETE FROM learn.models WHERE name = 'nb_iris';
DROP TABLE nb_iris, nb_iris_long, nb_gauss_ref, nb_models, nb_docs, nb_docs_long, nb_par;
