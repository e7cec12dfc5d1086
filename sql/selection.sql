-- Model selection: learn.train's holdout, learn.split, learn.tune (k-fold
-- cross-validation, grid and random search), determinism whatever the
-- physical row order, and errors.  Every score is recomputed here in plain
-- SQL from learn.split's parts and the training aggregates; tolerance 1e-9
-- relative unless a line says otherwise.
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

-- Regression data: y = 3 + 2 x1 - 0.5 x2 + noise, 200 rows (and a label).
CREATE TABLE sel_reg AS
SELECT i AS id, (i * 37 % 101) / 10.0 AS x1, (i * 53 % 89) / 7.0 AS x2,
       3 + 2 * ((i * 37 % 101) / 10.0) - 0.5 * ((i * 53 % 89) / 7.0) + ((i * 7919) % 100) / 100.0 AS y
FROM generate_series(1, 200) i;
-- The same rows, inserted in another order, with the columns in another order.
CREATE TABLE sel_reg_shuffled AS SELECT y, x2, id, x1 FROM sel_reg ORDER BY md5(id::text);
SELECT (SELECT string_agg(id::text, ',') FROM (SELECT id FROM sel_reg LIMIT 5) a)
    <> (SELECT string_agg(id::text, ',') FROM (SELECT id FROM sel_reg_shuffled LIMIT 5) b) AS physically_different;

-- Fisher's iris (data/iris.csv): 150 rows, 50 per class.
CREATE TABLE sel_iris (sl float8, sw float8, pl float8, pw float8, species int);
\copy sel_iris FROM 'data/iris.csv' WITH (FORMAT csv, HEADER true)
ALTER TABLE sel_iris ADD COLUMN name text;
UPDATE sel_iris SET name = (ARRAY['setosa', 'versicolor', 'virginica'])[species + 1];
CREATE TABLE sel_iris_shuffled AS SELECT * FROM sel_iris ORDER BY md5(sl::text || sw || pl || pw || name) DESC;

-- ---------------------------------------------------------------------------
-- Holdout, regression.  0.25 of 200 rows: 50 held out, the model trained on
-- the other 150; the holdout scores equal the ones recomputed from the
-- split's rows, and the model equals linreg_fit over the training part.
-- ---------------------------------------------------------------------------
SELECT name, version, rows_used, metrics->'holdout'->'rows' AS holdout_rows,
       metrics->'holdout'->'seed' AS seed, metrics->'holdout'->'stratified' AS stratified
FROM learn.train('sel_r', 'linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'],
                 '{"holdout": {"fraction": 0.25, "seed": 7}}');
SELECT part, count(*) FROM learn.split('linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'],
                                       holdout => 0.25, seed => 7) GROUP BY 1 ORDER BY 1;
CREATE TABLE sel_r_parts AS
SELECT part, (row->>'y')::float8 AS y, (row->>'x1')::float8 AS x1, (row->>'x2')::float8 AS x2
FROM learn.split('linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'], holdout => 0.25, seed => 7);
WITH m AS (SELECT metrics->'holdout' AS h FROM learn.models WHERE name = 'sel_r' AND version = 1),
     r AS (SELECT sqrt(avg((y - learn.predict('sel_r', ARRAY[x1, x2])) ^ 2)) AS rmse,
                  avg(abs(y - learn.predict('sel_r', ARRAY[x1, x2]))) AS mae,
                  1 - sum((y - learn.predict('sel_r', ARRAY[x1, x2])) ^ 2) / (var_pop(y) * count(*)) AS r2
           FROM sel_r_parts WHERE part = 0)
SELECT abs((h->>'rmse')::float8 - rmse) <= 1e-9 * rmse AS rmse_ok,
       abs((h->>'mae')::float8 - mae) <= 1e-9 * mae AS mae_ok,
       abs((h->>'r2')::float8 - r2) <= 1e-9 AS r2_ok
FROM m, r;
SELECT s.term, abs(s.estimate - a.estimate) <= 1e-9 * abs(a.estimate) AS same
FROM learn.coefficients(learn.model('sel_r')) s
JOIN learn.coefficients((SELECT learn.linreg_fit(y, ARRAY[x1, x2], '{"feature_names": ["x1", "x2"]}')
                         FROM sel_r_parts WHERE part = 1)) a USING (term)
ORDER BY 1;
-- A plain fraction; the seed defaults to 0.  The split is the same for the
-- shuffled copy: the same rows are held out and the scores are identical.
SELECT rows_used, metrics->'holdout'->'rows' AS holdout_rows, metrics->'holdout'->'seed' AS seed
FROM learn.train('sel_r', 'linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'], '{"holdout": 0.2}');
SELECT rows_used, metrics->'holdout'->'rows' AS holdout_rows
FROM learn.train('sel_r_shuffled', 'linear_regression', 'sel_reg_shuffled', 'y', ARRAY['x1', 'x2'], '{"holdout": 0.2}');
SELECT (SELECT metrics->'holdout' FROM learn.models WHERE name = 'sel_r' AND version = 2)
     = (SELECT metrics->'holdout' FROM learn.models WHERE name = 'sel_r_shuffled' AND version = 1) AS same_holdout_scores;
SELECT count(*) AS rows_in_different_parts FROM (
  (SELECT * FROM learn.split('linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'], holdout => 0.2)
   EXCEPT ALL
   SELECT * FROM learn.split('linear_regression', 'sel_reg_shuffled', 'y', ARRAY['x1', 'x2'], holdout => 0.2))
  UNION ALL
  (SELECT * FROM learn.split('linear_regression', 'sel_reg_shuffled', 'y', ARRAY['x1', 'x2'], holdout => 0.2)
   EXCEPT ALL
   SELECT * FROM learn.split('linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'], holdout => 0.2))) d;
-- The features in another order (and the shuffled copy's other column order): the same parts.
SELECT count(*) AS rows_in_different_parts FROM (
  SELECT part, row FROM learn.split('linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'], folds => 4)
  EXCEPT ALL
  SELECT part, row FROM learn.split('linear_regression', 'SELECT x2, y, x1 FROM sel_reg_shuffled', 'y', folds => 4)) d;
-- Another seed holds out other rows.
SELECT count(*) > 0 AS seeds_differ FROM (
  SELECT * FROM learn.split('linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'], holdout => 0.2, seed => 1)
  EXCEPT
  SELECT * FROM learn.split('linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'], holdout => 0.2, seed => 2)) d;
-- The split is by the hash of the row's values, not the session's float format.
SET extra_float_digits = 3;
SELECT metrics->'holdout' = (SELECT metrics->'holdout' FROM learn.models WHERE name = 'sel_r' AND version = 2) AS same_under_extra_float_digits_3
FROM learn.train('sel_r', 'linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'], '{"holdout": 0.2, "deploy": false}');
SET extra_float_digits = 0;

-- ---------------------------------------------------------------------------
-- Holdout, stratified classification on iris: 10 of each class held out
-- (0.2 x 50); accuracy and log loss recomputed from the held-out rows.
-- ---------------------------------------------------------------------------
SELECT rows_used, metrics->'holdout'->'rows' AS holdout_rows, metrics->'holdout'->'stratified' AS stratified
FROM learn.train('sel_c', 'logistic_regression', 'sel_iris', 'name', ARRAY['sl', 'sw', 'pl', 'pw'],
                 '{"holdout": 0.2, "lambda": 1}');
SELECT part, row->>'name' AS class, count(*)
FROM learn.split('logistic_regression', 'sel_iris', 'name', ARRAY['sl', 'sw', 'pl', 'pw'], holdout => 0.2)
GROUP BY 1, 2 ORDER BY 1, 2;
CREATE TABLE sel_c_holdout AS
SELECT (row->>'sl')::float8 AS sl, (row->>'sw')::float8 AS sw, (row->>'pl')::float8 AS pl,
       (row->>'pw')::float8 AS pw, row->>'name' AS name
FROM learn.split('logistic_regression', 'sel_iris', 'name', ARRAY['sl', 'sw', 'pl', 'pw'], holdout => 0.2)
WHERE part = 0;
WITH r AS (SELECT avg((learn.predict_label('sel_c', h) = h.name)::int) AS accuracy,
                  avg(-ln((learn.predict_proba('sel_c', h))[array_position(learn.classes('sel_c'), h.name)])) AS log_loss
           FROM sel_c_holdout h)
SELECT abs((metrics->'holdout'->>'accuracy')::float8 - accuracy) <= 1e-12 AS accuracy_ok,
       abs((metrics->'holdout'->>'log_loss')::float8 - log_loss) <= 1e-9 * log_loss AS log_loss_ok,
       (metrics->'holdout'->>'accuracy')::float8 > 0.8 AS accurate
FROM learn.models, r WHERE name = 'sel_c' AND version = 1;
-- Unstratified: the held-out classes are what the hash gives (30 rows in all).
SELECT metrics->'holdout'->'rows' AS holdout_rows, metrics->'holdout'->'stratified' AS stratified
FROM learn.train('sel_c', 'naive_bayes', 'sel_iris', 'name', ARRAY['sl', 'sw', 'pl', 'pw'],
                 '{"holdout": {"fraction": 0.2, "stratify": false}}');
-- Stratified holdout per class: a class of 3 rows at 0.2 holds out 1
-- (floor(0.6 + 0.5)); a class of 1 row holds out none (the training part
-- keeps a row of every class).
CREATE TABLE sel_small AS SELECT * FROM sel_iris WHERE species = 0
UNION ALL (SELECT * FROM sel_iris WHERE species = 1 ORDER BY sl, sw, pl, pw LIMIT 3)
UNION ALL (SELECT * FROM sel_iris WHERE species = 2 ORDER BY sl, sw, pl, pw LIMIT 1);
SELECT part, row->>'name' AS class, count(*)
FROM learn.split('naive_bayes', 'sel_small', 'name', ARRAY['sl', 'pw'], holdout => 0.2)
GROUP BY 1, 2 ORDER BY 1, 2;

-- Clustering: the holdout inertia is the mean squared distance to the nearest centroid.
SELECT metrics->'holdout'->'rows' AS holdout_rows
FROM learn.train('sel_k', 'kmeans', 'sel_iris', NULL, ARRAY['pl', 'pw'],
                 '{"k": 3, "seed": 5, "holdout": 0.3}');
SELECT abs((metrics->'holdout'->>'inertia')::float8 -
           (SELECT avg((SELECT min(d) ^ 2 FROM unnest(learn.transform(learn.model('sel_k'),
                        ARRAY[(row->>'pl')::float8, (row->>'pw')::float8])) d))
            FROM learn.split('kmeans', 'sel_iris', NULL, ARRAY['pl', 'pw'], holdout => 0.3, seed => 5)
            WHERE part = 0)) <= 1e-9 AS inertia_ok
FROM learn.models WHERE name = 'sel_k' AND version = 1;

-- The streamed fit (sources beyond learn.memory_limit) holds out the same
-- rows and scores the same as the in-memory fit (1e-9): iris 20 times
-- (3,000 rows x 5 values x 8 bytes = 120 kB > 64 kB).
CREATE TABLE sel_iris20 AS SELECT i.* FROM sel_iris i, generate_series(1, 20) g;
SELECT metrics->>'training_path' AS path, rows_used, metrics->'holdout'->'rows' AS holdout_rows
FROM learn.train('sel_c20', 'logistic_regression', 'sel_iris20', 'name', ARRAY['sl', 'sw', 'pl', 'pw'],
                 '{"holdout": 0.2, "lambda": 1}');
SET learn.memory_limit = '64kB';
SELECT metrics->>'training_path' AS path, rows_used,
       abs((metrics->'holdout'->>'log_loss')::float8 -
           (SELECT (metrics->'holdout'->>'log_loss')::float8 FROM learn.models WHERE name = 'sel_c20' AND version = 1))
       <= 1e-9 AS same_log_loss,
       metrics->'holdout'->'accuracy' = (SELECT metrics->'holdout'->'accuracy' FROM learn.models
                                         WHERE name = 'sel_c20' AND version = 1) AS same_accuracy
FROM learn.train('sel_c20', 'logistic_regression', 'sel_iris20', 'name', ARRAY['sl', 'sw', 'pl', 'pw'],
                 '{"holdout": 0.2, "lambda": 1}');
RESET learn.memory_limit;

-- ---------------------------------------------------------------------------
-- Cross-validated grid search (regression): every trial recorded; each
-- fold score recomputed from learn.split's folds with linreg_fit.
-- ---------------------------------------------------------------------------
SELECT tuning_run > 0 AS ran, name, version, metric, params, trials, cv_score > 0 AS scored
FROM learn.tune('sel_r', 'linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'],
                grid => '{"lambda": [0, 10, 1000]}', folds => 4, seed => 3);
SELECT trial, params, array_length(fold_scores, 1) AS folds, mean_score > 0 AS scored, t.seconds >= 0 AS timed
FROM learn.tuning_trials t JOIN learn.tuning_runs r ON r.id = t.run_id
WHERE r.name = 'sel_r' ORDER BY trial;
CREATE TABLE sel_folds AS
SELECT part, (row->>'y')::float8 AS y, (row->>'x1')::float8 AS x1, (row->>'x2')::float8 AS x2
FROM learn.split('linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'], folds => 4, seed => 3);
SELECT part, count(*) FROM sel_folds GROUP BY 1 ORDER BY 1;
WITH f AS (SELECT g.part AS fold, l.lambda,
                  (SELECT learn.linreg_fit(y, ARRAY[x1, x2], jsonb_build_object('lambda', l.lambda))
                   FROM sel_folds WHERE part <> g.part) AS model
           FROM generate_series(0, 3) g(part), unnest(ARRAY[0, 10, 1000]) l(lambda)),
     s AS (SELECT f.lambda, f.fold, (SELECT sqrt(avg((y - learn.predict(f.model, ARRAY[x1, x2])) ^ 2))
                                     FROM sel_folds WHERE part = f.fold) AS rmse
           FROM f)
SELECT s.lambda, bool_and(abs(t.fold_scores[s.fold + 1] - s.rmse) <= 1e-9 * s.rmse) AS fold_scores_ok,
       abs(avg(s.rmse) - min(t.mean_score)) <= 1e-9 * avg(s.rmse) AS mean_ok,
       abs(stddev_pop(s.rmse) - min(t.std_score)) <= 1e-9 * avg(s.rmse) AS std_ok
FROM s JOIN learn.tuning_trials t ON (t.params->>'lambda')::float8 = s.lambda
JOIN learn.tuning_runs r ON r.id = t.run_id AND r.name = 'sel_r'
GROUP BY 1 ORDER BY 1;
-- The best trial (lowest RMSE) was trained on all rows, stored and deployed.
SELECT r.best_trial = (SELECT t.trial FROM learn.tuning_trials t WHERE t.run_id = r.id
                       ORDER BY t.mean_score, t.trial LIMIT 1) AS best_is_lowest,
       m.version = r.model_version AS stored, m.rows_used, m.options->'lambda' AS lambda,
       (m.metrics->'tuning'->>'run')::bigint = r.id AS run_recorded,
       (m.metrics->'tuning'->>'cv_score')::float8 = (SELECT t.mean_score FROM learn.tuning_trials t
                                                      WHERE t.run_id = r.id AND t.trial = r.best_trial) AS cv_score_recorded,
       g.deployed
FROM learn.tuning_runs r JOIN learn.models m ON m.name = r.name AND m.version = r.model_version
JOIN learn.registry g ON g.name = m.name AND g.version = m.version
WHERE r.name = 'sel_r';
-- The stored model is what learn.train makes with the chosen options.
SELECT version FROM learn.train('sel_r_check', 'linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'], '{"lambda": 0}');
SELECT learn.model('sel_r') = learn.model('sel_r_check') AS same_model_bytes;
-- higher-is-better metric: r2
SELECT metric, params FROM learn.tune('sel_r2', 'linear_regression', 'sel_reg', 'y', ARRAY['x1', 'x2'],
                                      grid => '{"lambda": [1000, 0, 10]}', folds => 4, seed => 3, metric => 'r2');

-- ---------------------------------------------------------------------------
-- Cross-validation on iris (stratified): every fold has 10 of each class.
-- ---------------------------------------------------------------------------
SELECT part, row->>'name' AS class, count(*)
FROM learn.split('logistic_regression', 'sel_iris', 'name', ARRAY['sl', 'sw', 'pl', 'pw'], folds => 5)
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT name, version, metric, params, trials, cv_score > 0.9 AS accurate
FROM learn.tune('sel_c', 'logistic_regression', 'sel_iris', 'name', ARRAY['sl', 'sw', 'pl', 'pw'],
                grid => '{"lambda": [0.01, 1, 100], "intercept": [true, false]}');
SELECT trial, params FROM learn.tuning_trials
WHERE run_id = (SELECT max(id) FROM learn.tuning_runs WHERE name = 'sel_c') ORDER BY trial;
-- Accuracy of a fold recomputed: naive Bayes, fold 2.
SELECT tuning_run IS NOT NULL AS ran FROM learn.tune('sel_nb', 'naive_bayes', 'sel_iris', 'name',
                                                     ARRAY['sl', 'sw', 'pl', 'pw'], grid => '{"alpha": [1]}', seed => 11);
WITH parts AS (SELECT part, row->>'name' AS name,
                      ARRAY[(row->>'sl')::float8, (row->>'sw')::float8, (row->>'pl')::float8, (row->>'pw')::float8] AS x
               FROM learn.split('naive_bayes', 'sel_iris', 'name', ARRAY['sl', 'sw', 'pl', 'pw'], folds => 5, seed => 11)),
     m AS (SELECT learn.nb_fit(name, x, '{"feature_names": ["sl", "sw", "pl", "pw"], "alpha": 1}') AS model FROM parts WHERE part <> 2)
SELECT abs((SELECT avg((learn.predict_label(m.model, x) = name)::int) FROM parts WHERE part = 2) - t.fold_scores[3]) <= 1e-12 AS fold_3_ok
FROM m, learn.tuning_trials t
WHERE t.run_id = (SELECT max(id) FROM learn.tuning_runs WHERE name = 'sel_nb');

-- ---------------------------------------------------------------------------
-- Random search: n_iter draws from lists and ranges, reproducible from the seed.
-- ---------------------------------------------------------------------------
SELECT metric, trials FROM learn.tune('sel_rand', 'logistic_regression', 'sel_iris', 'name',
    ARRAY['sl', 'sw', 'pl', 'pw'], grid => '{"lambda": {"min": 0.001, "max": 100, "log": true}, "max_iter": {"min": 20, "max": 50, "integer": true}, "intercept": [true, false]}',
    folds => 3, n_iter => 6, seed => 42, metric => 'log_loss');
SELECT metric, trials FROM learn.tune('sel_rand', 'logistic_regression', 'sel_iris_shuffled', 'name',
    ARRAY['sl', 'sw', 'pl', 'pw'], grid => '{"lambda": {"min": 0.001, "max": 100, "log": true}, "max_iter": {"min": 20, "max": 50, "integer": true}, "intercept": [true, false]}',
    folds => 3, n_iter => 6, seed => 42, metric => 'log_loss');
WITH runs AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM learn.tuning_runs WHERE name = 'sel_rand')
SELECT count(*) AS trials,
       bool_and((t.params->>'lambda')::float8 BETWEEN 0.001 AND 100) AS lambda_in_range,
       bool_and((t.params->>'max_iter')::int BETWEEN 20 AND 50) AS max_iter_in_range,
       count(DISTINCT t.params->>'lambda') AS distinct_lambdas
FROM learn.tuning_trials t JOIN runs ON runs.id = t.run_id AND runs.k = 1;
-- Same data in another physical order, same seed: identical parameters,
-- fold scores and choice.
WITH runs AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM learn.tuning_runs WHERE name = 'sel_rand'),
     a AS (SELECT t.* FROM learn.tuning_trials t JOIN runs ON runs.id = t.run_id AND runs.k = 1),
     b AS (SELECT t.* FROM learn.tuning_trials t JOIN runs ON runs.id = t.run_id AND runs.k = 2)
SELECT count(*) AS trials, bool_and(a.params = b.params) AS same_params,
       bool_and(a.fold_scores = b.fold_scores) AS same_fold_scores
FROM a JOIN b USING (trial);
SELECT count(DISTINCT best_trial) AS distinct_choices, count(*) AS runs FROM learn.tuning_runs WHERE name = 'sel_rand';
-- The grid search on the shuffled regression rows: identical trials.
SELECT params FROM learn.tune('sel_r_shuffled', 'linear_regression', 'sel_reg_shuffled', 'y', ARRAY['x1', 'x2'],
                              grid => '{"lambda": [0, 10, 1000]}', folds => 4, seed => 3);
SELECT bool_and(a.fold_scores = b.fold_scores AND a.params = b.params) AS same_trials
FROM learn.tuning_trials a JOIN learn.tuning_runs ra ON ra.id = a.run_id AND ra.name = 'sel_r'
JOIN learn.tuning_trials b ON b.trial = a.trial
JOIN learn.tuning_runs rb ON rb.id = b.run_id AND rb.name = 'sel_r_shuffled';
-- Another seed draws other parameters.
SELECT trials FROM learn.tune('sel_rand', 'logistic_regression', 'sel_iris', 'name',
    ARRAY['sl', 'sw', 'pl', 'pw'], grid => '{"lambda": {"min": 0.001, "max": 100, "log": true}, "max_iter": {"min": 20, "max": 50, "integer": true}, "intercept": [true, false]}',
    folds => 3, n_iter => 6, seed => 43, metric => 'log_loss');
WITH runs AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM learn.tuning_runs WHERE name = 'sel_rand')
SELECT count(*) AS trials, count(DISTINCT t.params) AS distinct_params, max(runs.k) AS runs
FROM learn.tuning_trials t JOIN runs ON runs.id = t.run_id WHERE runs.k IN (1, 3);

-- Clustering: k-means tuned by held-out inertia.
SELECT metric, trials FROM learn.tune('sel_k', 'kmeans', 'sel_iris', NULL, ARRAY['pl', 'pw'],
                                      grid => '{"k": [2, 3]}', folds => 3, options => '{"seed": 1}');

-- ---------------------------------------------------------------------------
-- Hostile names: quotes and semicolons in the table, the columns and the
-- model name are quoted, never executed.
-- ---------------------------------------------------------------------------
CREATE TABLE "sel; DROP TABLE sel_reg; --""" ("x;1" float8, "y""q" float8, "l'b" text);
INSERT INTO "sel; DROP TABLE sel_reg; --""" SELECT x1, x2, CASE WHEN y > 10 THEN 'hi''' ELSE 'lo;' END FROM sel_reg;
SELECT name, rows_used, metrics->'holdout'->'rows' AS holdout_rows
FROM learn.train('m''; DROP TABLE sel_reg; --', 'logistic_regression', '"sel; DROP TABLE sel_reg; --"""', 'l''b',
                 ARRAY['x;1', 'y"q'], '{"holdout": 0.25}');
SELECT name, metric, trials FROM learn.tune('m''; DROP TABLE sel_reg; --', 'logistic_regression',
                                            'SELECT * FROM "sel; DROP TABLE sel_reg; --"""', 'l''b',
                                            ARRAY['x;1', 'y"q'], grid => '{"lambda": [0.1, 1]}', folds => 3);
SELECT count(*) AS sel_reg_rows FROM sel_reg;

-- ---------------------------------------------------------------------------
-- Errors, one per line.
-- ---------------------------------------------------------------------------
SELECT * FROM learn.train('bad', 'linear_regression', 'sel_reg', 'y', options => '{"holdout": 0}');
SELECT * FROM learn.train('bad', 'linear_regression', 'sel_reg', 'y', options => '{"holdout": 1}');
SELECT * FROM learn.train('bad', 'linear_regression', 'sel_reg', 'y', options => '{"holdout": -0.1}');
SELECT * FROM learn.train('bad', 'linear_regression', 'sel_reg', 'y', options => '{"holdout": "0.2"}');
SELECT * FROM learn.train('bad', 'linear_regression', 'sel_reg', 'y', options => '{"holdout": {"seed": 1}}');
SELECT * FROM learn.train('bad', 'linear_regression', 'sel_reg', 'y', options => '{"holdout": {"fraction": 0.2, "shuffle": true}}');
SELECT * FROM learn.train('bad', 'linear_regression', 'sel_reg', 'y', options => '{"holdout": {"fraction": 0.2, "stratify": true}}');
SELECT * FROM learn.train('bad', 'linear_regression', 'SELECT * FROM sel_reg LIMIT 1', 'y', options => '{"holdout": 0.2}');
SELECT * FROM learn.train('bad', 'linear_regression', 'SELECT * FROM sel_reg LIMIT 2', 'y', options => '{"holdout": 0.2}');
SELECT * FROM learn.train('bad', 'pca', 'sel_iris', NULL, ARRAY['sl', 'sw'], '{"holdout": 0.2}');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": [1]}', folds => 1);
SELECT * FROM learn.tune('bad', 'linear_regression', 'SELECT * FROM sel_reg LIMIT 3', 'y', grid => '{"lambda": [1]}', folds => 4);
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": [1], "gamma": [2]}');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{}');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": []}');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '[1, 2]');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": {"min": 0, "max": 1}}');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": {"min": 0, "max": 1, "log": true}}', n_iter => 3);
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": {"min": 2, "max": 1}}', n_iter => 3);
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": {"min": 0, "max": 1, "step": 1}}', n_iter => 3);
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": [1]}', n_iter => 0);
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": ["a"]}');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"deploy": [true]}');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": [1, -1]}');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"scale": ["standard", "bogus"]}');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": [1]}', metric => 'accuracy');
SELECT * FROM learn.tune('bad', 'linear_svm', 'sel_iris', 'name', grid => '{"C": [1]}', metric => 'inertia');
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": [1]}', stratify => true);
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', options => '{"holdout": 0.2}', grid => '{"lambda": [1]}');
SELECT * FROM learn.tune('bad', 'pca', 'sel_iris', NULL, grid => '{"n_components": [1]}');
SELECT * FROM learn.tune('bad', 'naive_bayes', 'sel_small', 'name', ARRAY['sl', 'pw'], grid => '{"alpha": [1]}', folds => 3);
SELECT * FROM learn.tune('bad', 'linear_regression', 'sel_reg', 'y', grid => '{"lambda": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "tol": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "intercept": [true, false, true, false, true, false, true, false, true, false, true], "max_iter": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}');
SELECT * FROM learn.split('linear_regression', 'sel_reg', 'y', folds => 3, holdout => 0.2);
-- Not stratified, a class smaller than the folds is allowed.
SELECT trials FROM learn.tune('sel_nb_small', 'naive_bayes', 'sel_small', 'name', ARRAY['sl', 'pw'],
                              grid => '{"alpha": [1]}', folds => 3, stratify => false);
-- A failed tune leaves no run behind (one transaction).
SELECT count(*) AS runs_named_bad FROM learn.tuning_runs WHERE name = 'bad';

-- Cancel is prompt: a 500-trial search stopped by statement_timeout leaves nothing behind.
SET statement_timeout = '300ms';
SELECT clock_timestamp() AS t0 \gset
SELECT * FROM learn.tune('sel_cancel', 'logistic_regression', 'sel_iris', 'name',
                         grid => '{"lambda": {"min": 0.001, "max": 100, "log": true}}', n_iter => 500);
RESET statement_timeout;
SELECT clock_timestamp() - :'t0'::timestamptz < interval '2.5 seconds' AS tune_cancelled_promptly;
SELECT count(*) AS cancelled_runs FROM learn.tuning_runs WHERE name = 'sel_cancel';

-- Clean up (later tests count the registry's rows): deleting a run deletes its trials.
DELETE FROM learn.models WHERE name LIKE 'sel\_%' OR name = 'm''; DROP TABLE sel_reg; --';
DELETE FROM learn.tuning_runs;
SELECT (SELECT count(*) FROM learn.tuning_trials) AS trials_left, (SELECT count(*) FROM learn.deployments) AS deployments_left;
