-- learn.logreg_fit and logistic regression through learn.train.
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

-- A tiny binary problem with an independent reference: with one binary
-- feature the maximum-likelihood fit is closed-form (saturated model):
-- intercept = logit(p0), slope = logit(p1) - logit(p0).
CREATE TABLE lg_small (x float8, y int);
INSERT INTO lg_small SELECT 0, CASE WHEN g <= 3 THEN 1 ELSE 0 END FROM generate_series(1, 10) g;  -- p0 = 0.3
INSERT INTO lg_small SELECT 1, CASE WHEN g <= 6 THEN 1 ELSE 0 END FROM generate_series(1, 8) g;   -- p1 = 0.75
SELECT term, abs(estimate - truth) < 1e-9 AS estimate_ok
FROM learn.coefficients((SELECT learn.logreg_fit(y, ARRAY[x]) FROM lg_small))
JOIN (VALUES ('(intercept)', ln(0.3 / 0.7)), ('x1', ln(0.75 / 0.25) - ln(0.3 / 0.7))) t(term, truth) USING (term);
-- standard errors of the saturated model: sqrt(1/(n p (1-p))) per cell
SELECT term, abs(std_error - truth) < 1e-8 AS se_ok
FROM learn.coefficients((SELECT learn.logreg_fit(y, ARRAY[x]) FROM lg_small))
JOIN (VALUES ('(intercept)', sqrt(1 / (10 * 0.3 * 0.7))),
             ('x1', sqrt(1 / (10 * 0.3 * 0.7) + 1 / (8 * 0.75 * 0.25)))) t(term, truth) USING (term);
-- log-likelihood of the saturated model
SELECT abs((learn.describe(m)->>'log_likelihood')::float8
           - (3 * ln(0.3) + 7 * ln(0.7) + 6 * ln(0.75) + 2 * ln(0.25))) < 1e-9 AS loglik_ok,
       learn.describe(m)->>'status' AS status, learn.classes(m) AS classes
FROM (SELECT learn.logreg_fit(y, ARRAY[x]) AS m FROM lg_small) q;

-- Labels may be integer, boolean or text; classes are ordered by value, false
-- before true, or byte order; the first class is the reference.
SELECT learn.classes(learn.logreg_fit(y = 1, ARRAY[x])) AS bool_classes,
       learn.classes(learn.logreg_fit(CASE y WHEN 1 THEN 'yes' ELSE 'no' END, ARRAY[x])) AS text_classes,
       learn.classes(learn.logreg_fit(y * 10 - 5, ARRAY[x])) AS int_classes
FROM lg_small;
-- predictions: the label back as text, and as a number where the label is numeric
SELECT x, learn.predict_label(m, ARRAY[x]) AS label, learn.predict(m, ARRAY[x]) AS as_number,
       round(((learn.predict_proba(m, ARRAY[x]))[2])::numeric, 9) AS p_second,
       round(((learn.decision_function(m, ARRAY[x]))[1])::numeric, 9) AS log_odds
FROM (SELECT learn.logreg_fit(y * 10 - 5, ARRAY[x]) AS m FROM lg_small) q, (VALUES (0.0), (1.0)) v(x);
SELECT learn.predict(learn.logreg_fit(CASE y WHEN 1 THEN 'yes' ELSE 'no' END, ARRAY[x]), ARRAY[1.0]) FROM lg_small;
SELECT learn.predict(learn.logreg_fit(y = 1, ARRAY[x]), ARRAY[1.0]) AS bool_as_number FROM lg_small;

-- Multinomial (three classes) against the saturated closed form:
-- with one categorical feature, P(class | cell) equals the cell frequencies.
CREATE TABLE lg_multi (x float8, y text);
INSERT INTO lg_multi SELECT 0, (ARRAY['a', 'a', 'b', 'c', 'c', 'c'])[1 + g % 6] FROM generate_series(0, 59) g;
INSERT INTO lg_multi SELECT 1, (ARRAY['a', 'b', 'b', 'b', 'c'])[1 + g % 5] FROM generate_series(0, 49) g;
SELECT x, (SELECT array_agg(round(p::numeric, 9)) FROM unnest(learn.predict_proba(m, ARRAY[x])) p) AS proba
FROM (SELECT learn.logreg_fit(y, ARRAY[x]) AS m FROM lg_multi) q, (VALUES (0.0), (1.0)) v(x) ORDER BY x;
SELECT term FROM learn.coefficients((SELECT learn.logreg_fit(y, ARRAY[x]) FROM lg_multi));

-- Penalty: a ridge penalty shrinks the slope towards 0; class weights move the intercept.
SELECT abs((learn.coefficients(m)).estimate) < abs((learn.coefficients(m0)).estimate) AS shrunk
FROM (SELECT learn.logreg_fit(y, ARRAY[x], '{"lambda": 5}') AS m, learn.logreg_fit(y, ARRAY[x]) AS m0 FROM lg_small) q
LIMIT 1 OFFSET 1;
-- balanced weights w_c = n / (k n_c): with 5 ones and 15 zeros, w1 = 2 and w0 = 2/3,
-- and the saturated intercept is the weighted log-odds in cell x = 0: ln(2*2 / (8*2/3))
CREATE TABLE lg_unbal (x float8, y int);
INSERT INTO lg_unbal SELECT 0, (g <= 2)::int FROM generate_series(1, 10) g;
INSERT INTO lg_unbal SELECT 1, (g <= 3)::int FROM generate_series(1, 10) g;
SELECT abs((learn.describe(m)->'coefficients'->0->>'estimate')::float8 - ln(0.75)) < 1e-9 AS balanced_ok,
       learn.describe(m)->'class_weights' AS weights
FROM (SELECT learn.logreg_fit(y, ARRAY[x], '{"class_weight": "balanced"}') AS m FROM lg_unbal) q;
SELECT learn.describe(learn.logreg_fit(y, ARRAY[x], '{"class_weight": {"1": 2.0}}'))->'class_weights' FROM lg_small;

-- Separable data: a WARNING, finite coefficients, no standard errors; a penalty fixes it.
CREATE TABLE lg_sep AS SELECT g::float8 AS x, (g > 5)::int AS y FROM generate_series(1, 10) g;
SELECT (learn.describe(m)->>'separated')::bool AS separated,
       bool_and(c.estimate = c.estimate AND abs(c.estimate) < 'Infinity') AS finite,
       bool_and(c.std_error IS NULL) AS no_se
FROM (SELECT learn.logreg_fit(y, ARRAY[x]) AS m FROM lg_sep) q, learn.coefficients(q.m) c GROUP BY 1;
SELECT (learn.describe(learn.logreg_fit(y, ARRAY[x], '{"lambda": 1}'))->>'separated')::bool AS separated_with_penalty FROM lg_sep;

-- Edge cases: one class, NULLs skipped, bad options, bad states.
SELECT learn.logreg_fit(1, ARRAY[x]) FROM lg_small;
SELECT (learn.describe(learn.logreg_fit(y, x))->>'rows_skipped')::int AS skipped
FROM (SELECT y, ARRAY[x] AS x FROM lg_small UNION ALL SELECT NULL, ARRAY[1.0] UNION ALL SELECT 1, NULL) q;
SELECT learn.logreg_fit(y, ARRAY[x], '{"class_weight": "sometimes"}') FROM lg_small;
SELECT learn.logreg_fit(y, ARRAY[x], '{"class_weight": {"7": 1}}') FROM lg_small;
SELECT learn.logreg_fit(y, ARRAY[x], '{"class_weight": {"1": -1}}') FROM lg_small;
SELECT learn.logreg_fit(y, ARRAY[x], '{"max_iter": 0}') FROM lg_small;
SELECT learn.logreg_fit(y, ARRAY[x], '{"k": 3}') FROM lg_small;
SELECT learn.logreg_fit(y, ARRAY[x], '{"max_iter": 1}') IS NOT NULL AS warns FROM lg_small;
SELECT learn.logreg_fit_final('\x00'::bytea);
SELECT learn.logreg_fit_combine(learn.logreg_fit_trans(NULL, 1, ARRAY[1.0]), learn.linreg_fit_trans(NULL, 1.0, ARRAY[1.0]));
-- combining partial states with different labels maps the classes
SELECT learn.classes(learn.logreg_fit_final(learn.logreg_fit_combine(
         learn.logreg_fit_trans(learn.logreg_fit_trans(NULL, 'b'::text, ARRAY[1.0]), 'c'::text, ARRAY[2.0]),
         learn.logreg_fit_trans(learn.logreg_fit_trans(NULL, 'a'::text, ARRAY[0.0]), 'b'::text, ARRAY[1.5]))));
SELECT learn.logreg_fit_combine(learn.logreg_fit_trans(NULL, 1, ARRAY[1.0]), learn.logreg_fit_trans(NULL, 'x'::text, ARRAY[1.0]));
-- scoring functions that do not apply
SELECT learn.predict_proba(learn.linreg_fit(x, ARRAY[x]), ARRAY[1.0]) FROM lg_small;
SELECT learn.classes(learn.linreg_fit(x, ARRAY[x])) FROM lg_small;
SELECT learn.transform(learn.logreg_fit(y, ARRAY[x]), ARRAY[1.0]) FROM lg_small;

-- GROUP BY: one model per group; and a forced parallel plan gives the serial model.
CREATE TABLE lg_big AS
SELECT g % 3 AS grp, ((g * 7919) % 1000) / 100.0 AS x1, ((g * 104729) % 997) / 100.0 AS x2,
       (((g * 7919) % 1000) / 100.0 + ((g * 104729) % 997) / 100.0 + ((g * 31) % 13) / 2.0 > 12)::int AS y
FROM generate_series(1::bigint, 30000) g;
ANALYZE lg_big;
SELECT grp, learn.describe(learn.logreg_fit(y, ARRAY[x1, x2]))->'coefficients'->1->>'term' AS term,
       (learn.describe(learn.logreg_fit(y, ARRAY[x1, x2]))->>'rows_used')::int AS rows
FROM lg_big GROUP BY grp ORDER BY grp;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE lg_serial AS SELECT learn.logreg_fit(y, ARRAY[x1, x2]) AS m FROM lg_big;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT learn.logreg_fit(y, ARRAY[x1, x2]) FROM lg_big;
CREATE TEMP TABLE lg_parallel AS SELECT learn.logreg_fit(y, ARRAY[x1, x2]) AS m FROM lg_big;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT bool_and(abs(s.estimate - p.estimate) <= 1e-9 * abs(s.estimate)) AS same_model
FROM learn.coefficients((SELECT m FROM lg_serial)) s JOIN learn.coefficients((SELECT m FROM lg_parallel)) p USING (term);

-- learn.train: in memory, then streamed (one learn.logreg_step pass per
-- iteration) when the rows exceed learn.memory_limit; same model.
SELECT name, version, rows_used, metrics->>'training_path' AS path, (metrics->>'converged')::bool AS converged
FROM learn.train('lg', 'logistic_regression', 'lg_big', 'y', ARRAY['x1', 'x2']);
SET learn.memory_limit = '64kB';
SELECT name, version, rows_used, metrics->>'training_path' AS path, (metrics->>'passes')::int > 3 AS several_passes
FROM learn.train('lg', 'logistic_regression', 'lg_big', 'y', ARRAY['x1', 'x2']);
-- the aggregate itself refuses to keep more than the limit
SELECT learn.logreg_fit(y, ARRAY[x1, x2]) FROM lg_big;
RESET learn.memory_limit;
SELECT bool_and(abs(a.estimate - b.estimate) <= 1e-8 * abs(a.estimate)) AS same_coefficients,
       bool_and(abs(a.std_error - b.std_error) <= 1e-8 * a.std_error) AS same_std_errors
FROM learn.coefficients(learn.model('lg', 1)) a JOIN learn.coefficients(learn.model('lg', 2)) b USING (term);
-- Streamed without a statistics pass when no training row has a NULL feature:
-- the imputation means come from the fitted model and equal the in-memory
-- fit's pipeline; with a NULL feature the statistics pass imputes it (the
-- row with a NULL target is not a training row and does not count).
CREATE TABLE lg_nulls AS SELECT * FROM lg_big;
INSERT INTO lg_nulls VALUES (0, NULL, 1.0, NULL);
SET learn.memory_limit = '64kB';
SELECT metrics->>'training_path' AS path
FROM learn.train('lg_nonull', 'logistic_regression', 'lg_nulls', 'y', ARRAY['x1', 'x2']);
UPDATE lg_nulls SET x2 = NULL WHERE x1 = 0.07;
SELECT metrics->>'training_path' AS path, rows_used
FROM learn.train('lg_null', 'logistic_regression', 'lg_nulls', 'y', ARRAY['x1', 'x2']);
RESET learn.memory_limit;
SELECT learn.describe(learn.model('lg_nonull'))->'pipeline' = learn.describe(learn.model('lg', 1))->'pipeline' AS same_pipeline_as_memory,
       abs((learn.describe(learn.model('lg_nonull'))->'pipeline'->1->>'impute_value')::float8
           - (SELECT avg(x2) FROM lg_big)) < 1e-12 AS mean_from_model,
       abs((learn.describe(learn.model('lg_null'))->'pipeline'->1->>'impute_value')::float8
           - (SELECT avg(x2) FROM lg_nulls WHERE y IS NOT NULL)) < 1e-12 AS mean_with_nulls;
DROP TABLE lg_nulls;
DELETE FROM learn.models WHERE name IN ('lg_nonull', 'lg_null');
-- learn.logreg_step checks its state's model once per state: a model that
-- changes within one aggregate is still refused, in either order
SELECT learn.logreg_step(y, ARRAY[x1, x2], CASE WHEN x1 < 0.5 THEN learn.model('lg', 1) ELSE learn.model('lg', 2) END) FROM lg_big;
SELECT learn.logreg_step(y, ARRAY[x1, x2], CASE WHEN x1 < 0.5 THEN learn.model('lg', 2) ELSE learn.model('lg', 1) END) FROM lg_big;
SELECT (learn.logreg_step(y, ARRAY[x1, x2], learn.model('lg', 1)) IS NOT NULL) AS step_same_model FROM lg_big;
-- the same data fingerprint on both paths, and for a parallel aggregate
SELECT count(DISTINCT data_fingerprint) AS fingerprints FROM learn.models WHERE name = 'lg';
SELECT learn.describe((SELECT m FROM lg_serial))->>'data_fingerprint' = learn.describe((SELECT m FROM lg_parallel))->>'data_fingerprint' AS parallel_fingerprint_equal;
-- scoring rows by name: more accurate than always answering the majority class
SELECT avg((learn.predict('lg', t)::int = y)::int) > greatest(avg(y), 1 - avg(y)) + 0.1 AS beats_majority,
       min((learn.predict_proba('lg', t))[1] + (learn.predict_proba('lg', t))[2]) BETWEEN 1 - 1e-12 AND 1 + 1e-12 AS sums_to_one
FROM lg_big t;
-- verbose reports each iteration
SELECT (learn.describe(learn.logreg_fit(y, ARRAY[x], '{"verbose": true}'))->>'iterations')::int > 1 AS iterated FROM lg_small;

-- A NaN feature, or an infinite one that makes the scores NaN: no class wins (label NULL, value NaN)
SELECT learn.predict_label(m, ARRAY['NaN'::float8]) IS NULL AS nan_label,
       learn.predict(m, ARRAY['NaN'::float8]) AS nan_value,
       learn.predict_label(m, ARRAY['Infinity'::float8]) AS inf_label,
       learn.predict_label(m, ARRAY[1::float8]) AS one_label
FROM (SELECT learn.logreg_fit(y, ARRAY[x]) AS m FROM lg_small) s;

DELETE FROM learn.models WHERE name = 'lg';
DROP TABLE lg_small, lg_multi, lg_sep, lg_big, lg_unbal;

-- Equal labels that print differently are one class: numeric 1.0 and 1.00
-- are 1, float -0 is 0; on the aggregate, in-memory and streamed paths alike.
CREATE TABLE lg_canon AS
SELECT (CASE g % 3 WHEN 0 THEN 1.0 WHEN 1 THEN 1.00 ELSE 0.0 END)::numeric AS y,
       (CASE WHEN g % 3 = 2 THEN '-0'::float8 ELSE 1 END) AS yf, sin(g) AS x
FROM generate_series(1, 6000) g;
SELECT learn.classes(learn.logreg_fit(y, ARRAY[x])) AS numeric_classes,
       learn.classes(learn.logreg_fit(yf, ARRAY[x])) AS float_classes FROM lg_canon;
SELECT rows_used FROM learn.train('lg_canon', 'logistic_regression', 'lg_canon', 'y', '{x}');
SET learn.memory_limit = '64kB';
SELECT rows_used, metrics->>'training_path' AS path FROM learn.train('lg_canon', 'logistic_regression', 'lg_canon', 'y', '{x}');
RESET learn.memory_limit;
SELECT version, learn.classes(model) FROM learn.models WHERE name = 'lg_canon' ORDER BY version;
DELETE FROM learn.models WHERE name = 'lg_canon';
DROP TABLE lg_canon;

-- A streamed fit of 200,000 rows or more starts warm from an in-memory fit of
-- a sample (logreg.c LogregStreamWarmStart), whose rows get their class by
-- the label's canonical text: numeric labels printed with trailing zeros,
-- float -0, float4 and boolean labels must all map (else the sample is empty
-- and the fit takes 6 or more passes from zero instead of 3).  From a table
-- (TABLESAMPLE) and from a query (hash sample).
CREATE TABLE lg_warm AS
SELECT (CASE WHEN z > 0 THEN 1.00 ELSE 0.0 END)::numeric(4, 2) AS yn,
       (CASE WHEN z > 0 THEN 2.5 ELSE '-0' END)::float4 AS yf,
       z > 0 AS yb, x1, x2
FROM (SELECT x1, x2, 0.7 * x1 - 1.2 * x2 + ln(u / (1 - u)) AS z
      FROM (SELECT sin(i * 0.37) * 2 AS x1, cos(i * 1.91) + ((i * 7) % 3) - 1 AS x2,
                   ((hashint8extended(i, 11) & 1048575) + 0.5) / 1048576.0 AS u
            FROM generate_series(1, 200000) i) g) h;
SET learn.memory_limit = '1MB';
SELECT t.target, (r.metrics->>'passes')::int <= 4 AS warm, r.metrics->>'training_path' AS path
FROM (VALUES ('yn'), ('yf'), ('yb')) t(target),
     LATERAL learn.train('lg_warm_' || t.target, 'logistic_regression', 'lg_warm', t.target, '{x1,x2}') r;
SELECT name, learn.classes(model) FROM learn.models WHERE name LIKE 'lg_warm_%' ORDER BY name;
SELECT (metrics->>'passes')::int <= 4 AS warm_from_query
FROM learn.train('lg_warm_q', 'logistic_regression', 'SELECT * FROM lg_warm WHERE x1 > -10', 'yn', '{x1,x2}');
RESET learn.memory_limit;
DELETE FROM learn.models WHERE name LIKE 'lg_warm_%';
DROP TABLE lg_warm;
