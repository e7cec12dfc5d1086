-- learn.threads: the iterations of in-memory fits split over threads
-- (core/parallel.h) give the same models as one thread, up to the order in
-- which the parts' sums are added: coefficients, objective, log-likelihood
-- and inertia within 1e-12 relative, identical cluster sizes and labels.
-- 200,000 rows, so that each of two threads gets its 50,000 rows and more.
SET client_min_messages = warning;
SET learn.memory_limit = '1GB';
CREATE TABLE th_rows AS
SELECT x1, x2, x3, (0.8 * x1 - x2 + 0.5 * x3 + ln(u / (1 - u)) > 0)::int AS yb,
       CASE WHEN x1 + x2 - ln(u / (1 - u)) < 1.5 THEN 'a' WHEN x1 + x2 - ln(u / (1 - u)) < 3.5 THEN 'b' ELSE 'c' END AS yc
FROM (SELECT sin(i * 0.37) * 2 + (i % 5) AS x1, cos(i * 1.91) + ((i * 7) % 3) AS x2,
             ((hashint8extended(i, 7) & 65535) / 65536.0 - 0.5) * 4 AS x3,
             ((hashint8extended(i, 9) & 1048575) + 0.5) / 1048576.0 AS u
      FROM generate_series(1, 200000) i) g;
SELECT learn.version() <> '' AS library_loaded;  -- defines the settings
SHOW learn.threads;
SET learn.threads = 1;
CREATE TABLE th_one AS
SELECT learn.logreg_fit(yb, ARRAY[x1, x2, x3]) AS lb, learn.logreg_fit(yc, ARRAY[x1, x2, x3]) AS lc,
       learn.svm_fit(yb, ARRAY[x1, x2, x3]) AS sb, learn.svm_fit(yc, ARRAY[x1, x2, x3]) AS sc,
       learn.kmeans_fit(ARRAY[x1, x2, x3], '{"k": 5, "n_init": 2, "seed": 3}') AS km
FROM th_rows;
SET learn.threads = 2;
CREATE TABLE th_two AS
SELECT learn.logreg_fit(yb, ARRAY[x1, x2, x3]) AS lb, learn.logreg_fit(yc, ARRAY[x1, x2, x3]) AS lc,
       learn.svm_fit(yb, ARRAY[x1, x2, x3]) AS sb, learn.svm_fit(yc, ARRAY[x1, x2, x3]) AS sc,
       learn.kmeans_fit(ARRAY[x1, x2, x3], '{"k": 5, "n_init": 2, "seed": 3}') AS km
FROM th_rows;
RESET learn.threads;
CREATE FUNCTION th_coef_diff(a bytea, b bytea) RETURNS float8 LANGUAGE sql AS $$
  SELECT max(abs(x.estimate - y.estimate) / greatest(abs(y.estimate), 1e-300))
  FROM learn.coefficients(a) x JOIN learn.coefficients(b) y USING (term) $$;
CREATE FUNCTION th_metric_diff(a bytea, b bytea, k text) RETURNS float8 LANGUAGE sql AS $$
  SELECT abs((learn.training_metrics(a)->>k)::float8 - (learn.training_metrics(b)->>k)::float8)
         / abs((learn.training_metrics(b)->>k)::float8) $$;
SELECT th_coef_diff(o.lb, t.lb) < 1e-12 AS logreg_binary, th_coef_diff(o.lc, t.lc) < 1e-12 AS logreg_multi,
       th_metric_diff(o.lb, t.lb, 'log_likelihood') < 1e-12 AS loglik,
       th_coef_diff(o.sb, t.sb) < 1e-12 AS svm_binary, th_coef_diff(o.sc, t.sc) < 1e-12 AS svm_multi,
       th_metric_diff(o.sb, t.sb, 'objective') < 1e-12 AS objective,
       th_metric_diff(o.km, t.km, 'inertia') < 1e-12 AS inertia,
       learn.describe(o.km)->'cluster_sizes' = learn.describe(t.km)->'cluster_sizes' AS sizes,
       learn.training_metrics(o.lb)->>'iterations' = learn.training_metrics(t.lb)->>'iterations' AS same_iterations
FROM th_one o, th_two t;
-- every row gets the same label and cluster from both
SELECT count(*) FILTER (WHERE learn.predict_label(o.lc, ARRAY[x1, x2, x3]) <> learn.predict_label(t.lc, ARRAY[x1, x2, x3])) AS logreg_labels_differ,
       count(*) FILTER (WHERE learn.predict(o.km, ARRAY[x1, x2, x3]) <> learn.predict(t.km, ARRAY[x1, x2, x3])) AS clusters_differ
FROM th_rows, th_one o, th_two t;
-- out of range
SET learn.threads = -1;
SET learn.threads = 65;
DROP FUNCTION th_coef_diff, th_metric_diff;
DROP TABLE th_rows, th_one, th_two;
