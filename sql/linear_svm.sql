-- learn.svm_fit / learn.svm_step: the linear SVM (L2-regularised squared
-- hinge loss, scikit-learn's LinearSVC default, intercept penalised like a
-- weight).  Floating results are compared with stated tolerances; the
-- references are closed forms, the optimality conditions computed here in
-- SQL, and scikit-learn's LinearSVC on iris (test/reference/ has the
-- larger checks against scikit-learn).
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

-- Closed form: x = -1 (class a) and x = +1 (class b).  By symmetry the
-- intercept is 0, and f(w) = 0.5 w^2 + 2 C (1 - w)^2 is least at w = 4C / (1 + 4C).
CREATE TABLE svm_two (label text, x float8);
INSERT INTO svm_two VALUES ('a', -1), ('b', 1);
SELECT c, abs((learn.describe(m)->'problems'->0->'weights'->>0)::float8 - 4 * c / (1 + 4 * c)) < 1e-12 AS w_ok,
       abs((learn.describe(m)->'problems'->0->>'intercept')::float8) < 1e-12 AS intercept_zero,
       abs((learn.describe(m)->>'objective')::float8 - (0.5 * (4 * c / (1 + 4 * c)) ^ 2 + 2 * c * (1 - 4 * c / (1 + 4 * c)) ^ 2)) < 1e-12 AS objective_ok,
       (learn.describe(m)->'problems'->0->>'support_vectors')::int AS support_vectors
FROM (VALUES (1.0::float8), (0.25), (100)) v(c),
LATERAL (SELECT learn.svm_fit(label, ARRAY[x], jsonb_build_object('C', c)) AS m FROM svm_two) f;
-- without an intercept the same weight
SELECT abs((learn.describe(m)->'problems'->0->'weights'->>0)::float8 - 0.8) < 1e-12 AS w_ok,
       learn.describe(m)->'problems'->0->'intercept' AS intercept,
       (SELECT array_agg(term) FROM learn.coefficients(m)) AS terms
FROM (SELECT learn.svm_fit(label, ARRAY[x], '{"intercept": false}') AS m FROM svm_two) f;

-- A separable 2-D problem: class "neg" around (0, 0), class "pos" around (4, 4).
CREATE TABLE svm_toy AS
SELECT i, CASE WHEN i % 2 = 0 THEN 'neg' ELSE 'pos' END AS label,
       (CASE WHEN i % 2 = 0 THEN 0 ELSE 4 END) + sin(i * 1.7) AS x1,
       (CASE WHEN i % 2 = 0 THEN 0 ELSE 4 END) + cos(i * 2.3) AS x2
FROM generate_series(1, 40) i;
CREATE TABLE svm_toy_model AS SELECT learn.svm_fit(label, ARRAY[x1, x2]) AS m FROM svm_toy;
SELECT learn.classes(m) AS classes, learn.describe(m)->>'multiclass' AS multiclass,
       learn.describe(m)->'problems'->0->>'positive_class' AS positive,
       (learn.describe(m)->>'converged')::bool AS converged,
       learn.describe(m)->'problems'->0->>'status' AS status
FROM svm_toy_model;
-- held-out points: the sign of the decision is known, and the label follows it
SELECT p.name, round((learn.decision_function(m, ARRAY[p.x1, p.x2]))[1]::numeric, 6) > 0 AS positive,
       learn.predict_label(m, ARRAY[p.x1, p.x2]) AS label
FROM svm_toy_model,
     (VALUES ('near (0,0)', -0.5, 0.2), ('far below', -10, -10), ('near (4,4)', 4.3, 3.6),
             ('far above', 12, 9)) p(name, x1, x2)
ORDER BY p.name;
-- every training row is classified correctly
SELECT count(*) FILTER (WHERE learn.predict_label(m, ARRAY[x1, x2]) = label) AS correct, count(*) AS rows
FROM svm_toy, svm_toy_model;
-- optimality, computed here: the gradient w - 2 sum C y (1 - y f) z over the
-- rows with 1 - y f > 0 vanishes (z = (1, x1, x2), the intercept penalised)
-- (it takes the model's description: learn.describe(m) must see each model)
CREATE FUNCTION pg_temp.svm_gradient(d jsonb, src text, cw jsonb DEFAULT '{}', c float8 DEFAULT 1)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
  b float8 := (d->'problems'->0->>'intercept')::float8;
  w1 float8 := (d->'problems'->0->'weights'->>0)::float8;
  w2 float8 := (d->'problems'->0->'weights'->>1)::float8;
  pos text := d->'problems'->0->>'positive_class';
  g float8[];
BEGIN
  EXECUTE format($q$
    SELECT ARRAY[$1 - 2 * coalesce(sum(ci * y * mg), 0),
                 $2 - 2 * coalesce(sum(ci * y * mg * x1), 0),
                 $3 - 2 * coalesce(sum(ci * y * mg * x2), 0)]
    FROM (SELECT y, x1, x2, ci, 1 - y * ($1 + $2 * x1 + $3 * x2) AS mg
          FROM (SELECT CASE WHEN label::text = $4 THEN 1.0 ELSE -1.0 END AS y, x1, x2,
                       $6 * coalesce(($5->>(label::text))::float8, 1) AS ci FROM %s) r) q
    WHERE mg > 0$q$, src)
  INTO g USING b, w1, w2, pos, cw, c;
  RETURN greatest(abs(g[1]), abs(g[2]), abs(g[3]));
END $$;
SELECT pg_temp.svm_gradient(learn.describe(m), 'svm_toy') < 1e-9 AS gradient_zero FROM svm_toy_model;
-- decision and scores: decision = b + w'x; the "probabilities" are the
-- logistic function of the decision (scores, not calibrated probabilities)
SELECT bool_and(abs((learn.decision_function(m, ARRAY[x1, x2]))[1] -
                    ((learn.describe(m)->'problems'->0->>'intercept')::float8 +
                     (learn.describe(m)->'problems'->0->'weights'->>0)::float8 * x1 +
                     (learn.describe(m)->'problems'->0->'weights'->>1)::float8 * x2)) < 1e-12) AS decision_ok,
       bool_and(abs((learn.predict_proba(m, ARRAY[x1, x2]))[2] -
                    1 / (1 + exp(-(learn.decision_function(m, ARRAY[x1, x2]))[1]))) < 1e-12) AS proba_logistic,
       bool_and(abs((learn.predict_proba(m, ARRAY[x1, x2]))[1] + (learn.predict_proba(m, ARRAY[x1, x2]))[2] - 1) < 1e-12) AS proba_sums,
       min(array_length(learn.decision_function(m, ARRAY[x1, x2]), 1)) AS n_decision
FROM svm_toy, svm_toy_model;
-- the coefficient table: intercept then features, no standard errors
SELECT term, round(estimate::numeric, 6) AS estimate, std_error, p_value
FROM learn.coefficients((SELECT m FROM svm_toy_model));

-- Overlapping classes with class weights (explicit and balanced) and C: the
-- optimality conditions hold with C_i = C x weight of the row's class.
CREATE TABLE svm_noisy AS
SELECT i, CASE WHEN (i * 7919) % 10 < 3 THEN 'b' ELSE 'a' END AS label,
       ((i * 7919) % 10 < 3)::int * 1.2 + sin(i * 0.9) * 1.5 AS x1,
       ((i * 7919) % 10 < 3)::int * 0.8 + cos(i * 1.1) * 1.5 AS x2
FROM generate_series(1, 300) i;
SELECT label, count(*) FROM svm_noisy GROUP BY label ORDER BY label;
SELECT opts, pg_temp.svm_gradient(learn.describe(m), 'svm_noisy', cw, c) < 1e-9 AS gradient_zero,
       learn.describe(m)->'class_weights' AS class_weights,
       (learn.describe(m)->'problems'->0->>'support_vectors')::int > 0 AS has_support_vectors,
       (learn.describe(m)->>'iterations')::int < 30 AS few_iterations
FROM (VALUES ('{}'::jsonb, '{}'::jsonb, 1.0::float8),
             ('{"C": 0.05}', '{}', 0.05),
             ('{"class_weight": {"b": 3}}', '{"b": 3}', 1.0),
             ('{"class_weight": "balanced", "C": 4}', '{"a": 0.7142857142857143, "b": 1.6666666666666667}', 4.0)) v(opts, cw, c),
LATERAL (SELECT learn.svm_fit(label, ARRAY[x1, x2], opts) AS m FROM svm_noisy) f;
-- the weighted fit leans towards the heavier class
SELECT (SELECT count(*) FROM svm_noisy, (SELECT learn.svm_fit(label, ARRAY[x1, x2]) AS m FROM svm_noisy) f
        WHERE learn.predict_label(m, ARRAY[x1, x2]) = 'b') <
       (SELECT count(*) FROM svm_noisy, (SELECT learn.svm_fit(label, ARRAY[x1, x2], '{"class_weight": {"b": 3}}') AS m FROM svm_noisy) f
        WHERE learn.predict_label(m, ARRAY[x1, x2]) = 'b') AS more_b_predicted;

-- Iris (data/iris.csv, scikit-learn's copy: 150 rows, 3 classes of 50; the
-- header line is skipped, the class is an index into the names), one-vs-rest.
-- Reference: scikit-learn 1.2.1 LinearSVC(C=1, loss='squared_hinge',
-- dual=False, tol=1e-14) on the same unscaled features; its coefficients
-- (below, intercept first), its objective at them (sum over the three
-- problems, 118.56348739730936) and its 5 training errors (rows 71, 84, 85, 130,
-- 134).  liblinear stops at its own tolerance, so they agree to about 1e-8;
-- the check allows 1e-6 relative to the largest coefficient of each class.
CREATE TABLE svm_iris (sepal_length float8, sepal_width float8, petal_length float8, petal_width float8, class int);
\copy svm_iris FROM 'data/iris.csv' WITH (FORMAT csv, HEADER true)
ALTER TABLE svm_iris ADD COLUMN id serial;
ALTER TABLE svm_iris ADD COLUMN species text;
UPDATE svm_iris SET species = (ARRAY['setosa', 'versicolor', 'virginica'])[class + 1];
SELECT species, count(*) FROM svm_iris GROUP BY species ORDER BY species;
CREATE TABLE svm_iris_model AS
SELECT learn.svm_fit(species, ARRAY[sepal_length, sepal_width, petal_length, petal_width]) AS m FROM svm_iris;
SELECT learn.classes(m) AS classes, learn.describe(m)->>'multiclass' AS multiclass,
       jsonb_array_length(learn.describe(m)->'problems') AS problems,
       (SELECT count(*) FROM learn.coefficients(m)) AS coefficients,
       (learn.describe(m)->>'converged')::bool AS converged
FROM svm_iris_model;
WITH sk(class, coef) AS (VALUES
  ('setosa',     ARRAY[0.10955234724114149, 0.18424468773171637, 0.45122252218666253, -0.8079372264956682, -0.450728136604238]),
  ('versicolor', ARRAY[1.6873716412714004, 0.05524624778074864, -0.9008946045018275, 0.4092338458709148, -0.9606271037975086]),
  ('virginica',  ARRAY[-1.7107926404882814, -0.8505912022018413, -0.9865548853693962, 1.3810373380311325, 1.865120156748154])
), ours AS (
  SELECT p->>'positive_class' AS class,
         ARRAY[(p->>'intercept')::float8] || ARRAY(SELECT jsonb_array_elements_text(p->'weights')::float8) AS coef
  FROM svm_iris_model, jsonb_array_elements(learn.describe(m)->'problems') p
)
SELECT class, (SELECT max(abs(o - s)) FROM unnest(ours.coef, sk.coef) u(o, s)) /
              (SELECT max(abs(s)) FROM unnest(sk.coef) s) < 1e-6 AS matches_sklearn
FROM ours JOIN sk USING (class) ORDER BY class;
SELECT count(*) FILTER (WHERE learn.predict_label(m, ARRAY[sepal_length, sepal_width, petal_length, petal_width]) = species) AS correct,
       array_agg(id ORDER BY id) FILTER (WHERE learn.predict_label(m, ARRAY[sepal_length, sepal_width, petal_length, petal_width]) <> species) AS errors
FROM svm_iris, svm_iris_model;
-- multiclass shape: one decision score per class; the label is the class
-- with the largest score; the scores on the probability scale sum to 1
SELECT min(array_length(learn.decision_function(m, x), 1)) AS n_decision,
       min(array_length(learn.predict_proba(m, x), 1)) AS n_proba,
       bool_and(abs((SELECT sum(v) FROM unnest(learn.predict_proba(m, x)) v) - 1) < 1e-12) AS proba_sums,
       bool_and(learn.predict_label(m, x) =
                (learn.classes(m))[(SELECT i FROM unnest(learn.decision_function(m, x)) WITH ORDINALITY u(v, i) ORDER BY v DESC LIMIT 1)])
         AS label_is_argmax
FROM (SELECT ARRAY[sepal_length, sepal_width, petal_length, petal_width] AS x FROM svm_iris) r, svm_iris_model;
SELECT term, round(estimate::numeric, 4) AS estimate
FROM learn.coefficients((SELECT m FROM svm_iris_model)) WHERE term LIKE 'virginica:%';
-- support vectors per class: rows with a positive margin loss
SELECT p->>'positive_class' AS class, (p->>'support_vectors')::int AS support_vectors,
       (p->>'iterations')::int BETWEEN 2 AND 30 AS iterations_ok
FROM svm_iris_model, jsonb_array_elements(learn.describe(m)->'problems') p;
SELECT learn.training_metrics(m) - 'objective' AS metrics,
       abs((learn.training_metrics(m)->>'objective')::float8 - 118.56348739730936) < 1e-9 * 118.56 AS objective_ok
FROM svm_iris_model;

-- Labels: text, integer and boolean give the same model; classes are in the
-- model's order (numbers by value, false before true) and the second class
-- is the positive one, so swapping the order negates the coefficients.
WITH fits AS (
  SELECT learn.svm_fit(label, ARRAY[x1, x2]) AS t,
         learn.svm_fit((label = 'pos')::int, ARRAY[x1, x2]) AS i,
         learn.svm_fit(label = 'pos', ARRAY[x1, x2]) AS b,
         learn.svm_fit(CASE WHEN label = 'pos' THEN 2 ELSE 10 END, ARRAY[x1, x2]) AS r
  FROM svm_toy
)
SELECT learn.classes(i) AS int_classes, learn.classes(b) AS bool_classes, learn.classes(r) AS reversed_classes,
       (SELECT bool_and(ct.estimate = ci.estimate AND ct.estimate = cb.estimate AND abs(ct.estimate + cr.estimate) < 1e-12)
        FROM learn.coefficients(t) ct JOIN learn.coefficients(i) ci USING (term)
             JOIN learn.coefficients(b) cb USING (term) JOIN learn.coefficients(r) cr USING (term)) AS same_model
FROM fits;
-- learn.predict gives the label as a number for numeric and boolean labels
SELECT learn.predict(learn.svm_fit((label = 'pos')::int, ARRAY[x1, x2]), ARRAY[4.0, 4.0]) AS int_label,
       learn.predict(learn.svm_fit(CASE WHEN label = 'pos' THEN 2 ELSE 10 END, ARRAY[x1, x2]), ARRAY[4.0, 4.0]) AS numeric_label,
       learn.predict(learn.svm_fit(label = 'pos', ARRAY[x1, x2]), ARRAY[0.0, 0.0]) AS bool_label,
       learn.predict_label(learn.svm_fit(label = 'pos', ARRAY[x1, x2]), ARRAY[4.0, 4.0]) AS bool_text
FROM svm_toy;
SELECT learn.predict(learn.svm_fit(label, ARRAY[x1, x2]), ARRAY[4.0, 4.0]) FROM svm_toy;

-- NULLs are skipped and counted: label, array and element.
SELECT (learn.describe(m)->>'rows_used')::int AS used, (learn.describe(m)->>'rows_skipped')::int AS skipped
FROM (SELECT learn.svm_fit(label, x) AS m FROM (
        SELECT label, ARRAY[x1, x2] AS x FROM svm_toy
        UNION ALL SELECT NULL, ARRAY[1.0, 2.0]::float8[]
        UNION ALL SELECT 'pos', NULL
        UNION ALL SELECT 'neg', ARRAY[1.0, NULL]::float8[]) q) r;
-- no rows, and only skipped rows: NULL model
SELECT learn.svm_fit(label, ARRAY[x1, x2]) IS NULL AS no_rows FROM svm_toy WHERE false;
SELECT learn.svm_fit(NULL::text, ARRAY[x1, x2]) IS NULL AS all_skipped FROM svm_toy;

-- Bad input is an error that says what is wrong.
SELECT pg_temp.fails($$SELECT learn.svm_fit(label, ARRAY[x1, x2]) FROM svm_toy WHERE label = 'pos'$$) AS single_class;
SELECT pg_temp.fails($$SELECT learn.svm_fit('only'::text, ARRAY[1.0, 2.0])$$) AS one_row;
SELECT pg_temp.fails($$SELECT learn.svm_fit(label, ARRAY[x1, 'NaN']) FROM svm_toy$$) AS nan_feature;
SELECT pg_temp.fails($$SELECT learn.svm_fit(label, ARRAY[x1, x2], '{"C": 0}') FROM svm_toy$$) AS c_zero;
SELECT pg_temp.fails($$SELECT learn.svm_fit(label, ARRAY[x1, x2], '{"C": -1}') FROM svm_toy$$) AS c_negative;
SELECT pg_temp.fails($$SELECT learn.svm_fit(label, ARRAY[x1, x2], '{"C": "big"}') FROM svm_toy$$) AS c_text;
SELECT pg_temp.fails($$SELECT learn.svm_fit(label, ARRAY[x1, x2], '{"lambda": 1}') FROM svm_toy$$) AS lambda_option;
SELECT pg_temp.fails($$SELECT learn.svm_fit(label, ARRAY[x1, x2], '{"class_weight": {"zzz": 2}}') FROM svm_toy$$) AS unknown_class;
SELECT pg_temp.fails($$SELECT learn.svm_fit(label, ARRAY[x1, x2], '{"class_weight": {"pos": 0}}') FROM svm_toy$$) AS zero_weight;
SELECT pg_temp.fails($$SELECT learn.svm_fit('a'::text, array_fill(1.0::float8, ARRAY[1001]))$$) AS too_many_features;
SELECT pg_temp.fails($$SELECT learn.svm_fit(c::text, array_fill(c::float8, ARRAY[1000])) FROM generate_series(1, 40) c$$) AS too_large;
SELECT pg_temp.fails($$SELECT learn.predict_label(m, ARRAY[1.0]) FROM svm_toy_model$$) AS wrong_dimension;
SELECT pg_temp.fails($$SELECT learn.transform(m, ARRAY[1.0, 2.0]) FROM svm_toy_model$$) AS transform;
-- few iterations allowed: a warning, and the model says it did not converge
SELECT (learn.describe(m)->>'converged')::bool AS converged, learn.describe(m)->'problems'->0->>'status' AS status,
       (learn.describe(m)->>'iterations')::int AS iterations
FROM (SELECT learn.svm_fit(label, ARRAY[x1, x2], '{"max_iter": 2}') AS m FROM svm_noisy) f;

-- Aggregate states and models from SQL: arbitrary bytes are rejected (22P03).
CREATE TEMP TABLE svm_st AS
SELECT learn.svm_fit_trans(learn.svm_fit_trans(NULL, 'a'::text, ARRAY[1.0, 2.0]), 'b'::text, ARRAY[2.0, 5.0]) AS s;
SELECT (learn.describe(learn.svm_fit_final(s))->>'rows_used')::int AS rows FROM svm_st;
SELECT pg_temp.fails($$SELECT learn.svm_fit_final(set_byte(s, 0, 0)) FROM svm_st$$) AS bad_magic;
SELECT pg_temp.fails($$SELECT learn.svm_fit_final(set_byte(s, 6, 3)) FROM svm_st$$) AS other_algorithm;
SELECT pg_temp.fails($$SELECT learn.svm_fit_final(substring(s FROM 1 FOR length(s) - 8)) FROM svm_st$$) AS truncated;
-- the payload is 2 rows of (class index, x1, x2): class index 7 and 0.5 (IEEE bytes, little-endian)
SELECT pg_temp.fails($$SELECT learn.svm_fit_final(overlay(s placing '\x0000000000001c40'::bytea from length(s) - 47)) FROM svm_st$$) AS class_index_7;
SELECT pg_temp.fails($$SELECT learn.svm_fit_final(overlay(s placing '\x000000000000e03f'::bytea from length(s) - 47)) FROM svm_st$$) AS class_index_half;
SELECT pg_temp.fails($$SELECT learn.svm_fit_combine(s, overlay(s placing '\x0000000000001c40'::bytea from length(s) - 47)) FROM svm_st$$) AS combine_class_index;
SELECT pg_temp.fails($$SELECT learn.svm_fit_final(learn.logreg_fit_trans(NULL, 'a'::text, ARRAY[1.0, 2.0]))$$) AS logreg_state;
SELECT pg_temp.fails($$SELECT learn.svm_fit_combine(s, learn.svm_fit_trans(NULL, 'a'::text, ARRAY[1.0])) FROM svm_st$$) AS combine_shapes;
SELECT pg_temp.fails($$SELECT learn.svm_step_final('\xdeadbeef'::bytea)$$) AS step_garbage;
SELECT pg_temp.fails($$SELECT learn.svm_step(label, ARRAY[x1, x2], '\x00'::bytea) FROM svm_toy$$) AS step_bad_model;
SELECT pg_temp.fails($$SELECT learn.svm_step(label, ARRAY[x1, x2], (SELECT learn.linreg_fit(x1, ARRAY[x2]) FROM svm_toy)) FROM svm_toy$$) AS step_other_model;
SELECT pg_temp.fails($$SELECT learn.svm_step(label, ARRAY[x1], m) FROM svm_toy, svm_toy_model$$) AS step_wrong_dimension;
SELECT pg_temp.fails($$SELECT learn.svm_step('zzz'::text, ARRAY[x1, x2], m) FROM svm_toy, svm_toy_model$$) AS step_unknown_label;
SELECT pg_temp.fails($$SELECT learn.describe(set_byte(m, length(m) - 20, get_byte(m, length(m) - 20) # 1)) FROM svm_toy_model$$) AS model_flipped_byte;
-- a finished model is returned unchanged by a step
SELECT learn.svm_step(label, ARRAY[x1, x2], m) = m AS finished_unchanged FROM svm_toy, svm_toy_model GROUP BY m;

-- GROUP BY: one model per group in one scan, each its own fit (within
-- 1e-12 relative: a sorted group may see its rows in another order).
WITH grouped AS (
  SELECT i % 3 AS g, learn.svm_fit(label, ARRAY[x1, x2]) AS m FROM svm_noisy GROUP BY 1
), alone AS (
  SELECT g, m, (SELECT learn.svm_fit(label, ARRAY[x1, x2]) FROM svm_noisy n WHERE n.i % 3 = grouped.g) AS a FROM grouped
)
SELECT g, (learn.describe(m)->>'rows_used')::int AS rows,
       (SELECT bool_and(abs(x.estimate - y.estimate) <= 1e-12 * abs(y.estimate))
        FROM learn.coefficients(m) x JOIN learn.coefficients(a) y USING (term)) AS same_as_alone,
       learn.describe(m)->'data_fingerprint' = learn.describe(a)->'data_fingerprint' AS same_rows,
       learn.describe(m)->'iterations' = learn.describe(a)->'iterations' AS same_iterations
FROM alone ORDER BY g;

-- Parallel: a forced parallel plan uses Partial Aggregate (the combine
-- function concatenates the kept rows) and gives the serial model within
-- 1e-9 relative (the rows are summed in another order).
CREATE TABLE svm_par AS
SELECT i, CASE WHEN (i * 7919) % 100 < 40 THEN 'yes' ELSE 'no' END AS label,
       ((i * 7919) % 100 < 40)::int * 1.0 + sin(i * 0.37) AS x1,
       ((i * 7919) % 100 < 40)::int * -0.5 + cos(i * 0.61) AS x2,
       ((i * 31) % 17) / 17.0 AS x3
FROM generate_series(1, 30000) i;
VACUUM ANALYZE svm_par;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE svm_serial AS SELECT learn.svm_fit(label, ARRAY[x1, x2, x3]) AS m FROM svm_par;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT learn.svm_fit(label, ARRAY[x1, x2, x3]) FROM svm_par;
CREATE TEMP TABLE svm_parallel AS SELECT learn.svm_fit(label, ARRAY[x1, x2, x3]) AS m FROM svm_par;
RESET parallel_leader_participation;
SELECT s.term, abs(s.estimate - p.estimate) <= 1e-9 * abs(s.estimate) AS estimate_equal
FROM learn.coefficients((SELECT m FROM svm_serial)) s
JOIN learn.coefficients((SELECT m FROM svm_parallel)) p USING (term);
SELECT learn.describe((SELECT m FROM svm_parallel))->>'rows_used' AS rows_used,
       learn.describe((SELECT m FROM svm_parallel))->'class_counts' AS class_counts,
       learn.describe((SELECT m FROM svm_serial))->'iterations' =
       learn.describe((SELECT m FROM svm_parallel))->'iterations' AS same_iterations;
-- the step aggregate is parallel too (partial gradients and Hessians add up)
EXPLAIN (COSTS OFF) SELECT learn.svm_step(label, ARRAY[x1, x2, x3], '\x00'::bytea) FROM svm_par;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- learn.train: rows in memory up to learn.memory_limit, otherwise one
-- learn.svm_step pass per Newton iteration; both give the same model (1e-6
-- relative), binary and one-vs-rest, with class weights.
CREATE TABLE svm_blobs AS
SELECT i, (ARRAY['red', 'green', 'blue'])[i % 3 + 1] AS colour,
       (i % 3) * 1.5 + sin(i * 1.3) * 2 AS x1,
       ((i % 3) - 1) * ((i % 3) - 1) * 2.0 + cos(i * 0.7) * 1.7 AS x2,
       ((i * 37) % 101) / 50.0 AS x3
FROM generate_series(1, 4000) i;
CREATE FUNCTION pg_temp.train_both(name text, src text, target text, features text[], opts jsonb)
RETURNS TABLE (path_memory text, path_streaming text, passes int, same_iterations bool, max_rel_diff_ok bool)
LANGUAGE plpgsql AS $$
DECLARE
  mm jsonb; ms jsonb;
BEGIN
  SELECT metrics INTO mm FROM learn.train(name || '_memory', 'linear_svm', src, target, features, opts);
  SET LOCAL learn.memory_limit = '64kB';
  SELECT metrics INTO ms FROM learn.train(name || '_streaming', 'linear_svm', src, target, features, opts);
  RETURN QUERY
  SELECT mm->>'training_path', ms->>'training_path', (ms->>'passes')::int, mm->'iterations' = ms->'iterations',
         (SELECT max(abs(a.estimate - b.estimate) / greatest(abs(a.estimate), 1e-3)) < 1e-6
          FROM learn.coefficients(learn.model(name || '_memory')) a
          JOIN learn.coefficients(learn.model(name || '_streaming')) b USING (term));
END $$;
SELECT * FROM pg_temp.train_both('svm_bin', 'svm_par', 'label', ARRAY['x1', 'x2', 'x3'], '{}');
SELECT * FROM pg_temp.train_both('svm_ovr', 'svm_blobs', 'colour', ARRAY['x1', 'x2', 'x3'], '{}');
SELECT * FROM pg_temp.train_both('svm_ovr_w', 'svm_blobs', 'colour', ARRAY['x1', 'x2', 'x3'],
                                 '{"C": 10, "class_weight": {"red": 2, "blue": 0.5}, "scale": "standard"}');
SELECT * FROM pg_temp.train_both('svm_bin_bal', 'SELECT * FROM svm_par WHERE i % 4 <> 0 OR label = ''yes''', 'label',
                                 ARRAY['x1', 'x2'], '{"class_weight": "balanced", "intercept": false}');
-- the streamed passes run in parallel too (learn.svm_step's combine adds
-- the workers' sums): the same model as the serial passes, within 1e-9
SET learn.memory_limit = '64kB';
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
SELECT metrics->>'training_path' AS path, (metrics->>'passes')::int AS passes
FROM learn.train('svm_bin_parallel', 'linear_svm', 'svm_par', 'label', ARRAY['x1', 'x2', 'x3']);
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET learn.memory_limit;
SELECT bool_and(abs(a.estimate - b.estimate) <= 1e-9 * abs(a.estimate)) AS same_model
FROM learn.coefficients(learn.model('svm_bin_streaming')) a
JOIN learn.coefficients(learn.model('svm_bin_parallel')) b USING (term);
SELECT name, version, metrics->>'training_path' AS path, (metrics->>'converged')::bool AS converged,
       (metrics->>'classes')::int AS classes
FROM learn.models WHERE name LIKE 'svm_%' ORDER BY name;
-- a streamed model scores like the in-memory one, by column name
SELECT count(*) FILTER (WHERE learn.predict_label('svm_ovr_memory', b) = learn.predict_label('svm_ovr_streaming', b)) AS same_labels,
       round(avg((learn.predict_label('svm_ovr_streaming', b) = colour)::int), 2) AS accuracy
FROM svm_blobs b;
-- one class in learn.train is an error too
SELECT pg_temp.fails($$SELECT * FROM learn.train('svm_one', 'linear_svm', 'SELECT * FROM svm_blobs WHERE colour = ''red''', 'colour', ARRAY['x1'])$$) AS train_single_class;
SELECT pg_temp.fails($$SELECT * FROM learn.train('svm_one', 'linear_svm', 'svm_blobs', 'colour', ARRAY['x1'], '{"lambda": 1}')$$) AS train_bad_option;

-- leave the registry as we found it
DELETE FROM learn.models WHERE name LIKE 'svm\_%';
SELECT count(*) FROM learn.deployments WHERE name LIKE 'svm\_%';
DROP TABLE svm_two, svm_toy, svm_toy_model, svm_noisy, svm_iris, svm_iris_model, svm_par, svm_blobs;

-- finite values whose squares overflow: an error, not a NaN model that still answers
\set VERBOSITY sqlstate
SELECT learn.svm_fit(l, ARRAY[x, x2])
FROM (VALUES ('a', 1e200::float8, 1::float8), ('a', 2e200, 3), ('b', -1e200, 2), ('b', 5, 1e200)) t(l, x, x2);
\set VERBOSITY default
