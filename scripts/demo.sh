#!/usr/bin/env bash
# pg_learn demo on a throwaway local server: installs what it needs (as root),
# builds and installs the extension, starts PostgreSQL 15 on a private port,
# loads the diabetes data set (data/diabetes.csv), trains and scores a linear
# regression, prints the results, and stops the server.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"

learn_install_packages
learn_build_install
learn_cluster_start
trap 'learn_cluster_stop' EXIT

psql -X -q -v ON_ERROR_STOP=1 --pset=footer=off <<SQL
\echo
\echo '-- 1. the extension and a public data set (442 diabetes patients, Efron et al. 2004)'
CREATE EXTENSION pg_learn;
CREATE TABLE diabetes (age float8, sex float8, bmi float8, bp float8, s1 float8, s2 float8,
                       s3 float8, s4 float8, s5 float8, s6 float8, progression float8);
\copy diabetes FROM 'data/diabetes.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS patients FROM diabetes;

\echo
\echo '-- 2. train: one call reads the table, fits, stores version 1 and deploys it'
SELECT name, version, algorithm, rows_used, round((metrics->>'r2')::numeric, 4) AS r2,
       round((metrics->>'rmse')::numeric, 2) AS rmse
FROM learn.train('diabetes', 'linear_regression', 'diabetes', target => 'progression');

\echo
\echo '-- 3. the coefficient table, as summary(lm(progression ~ ., diabetes)) prints it in R'
SELECT term, round(estimate::numeric, 4) AS estimate, round(std_error::numeric, 4) AS std_error,
       round(t_value::numeric, 3) AS t_value, to_char(p_value, '9.99EEEE') AS p_value
FROM learn.coefficients(learn.model('diabetes'));

\echo
\echo '-- 4. score rows inside an ordinary query (the model is decoded once per query)'
SELECT progression AS actual,
       round(learn.predict('diabetes', ARRAY[age, sex, bmi, bp, s1, s2, s3, s4, s5, s6])::numeric, 1) AS predicted
FROM diabetes LIMIT 5;

\echo
\echo '-- 5. one model per group in a single scan: the aggregate under GROUP BY'
SELECT sex, count(*) AS patients,
       round((learn.training_metrics(learn.linreg_fit(progression, ARRAY[bmi, bp, s5]))->>'r2')::numeric, 4) AS r2
FROM diabetes GROUP BY sex ORDER BY sex;

\echo
\echo '-- 6. retrain with a ridge penalty; the registry keeps both versions'
SELECT name, version FROM learn.train('diabetes', 'linear_regression', 'diabetes', 'progression',
                                      options => '{"lambda": 100, "deploy": false}');
SELECT name, version, algorithm, deployed, rows_used, round((metrics->>'r2')::numeric, 4) AS r2
FROM learn.registry ORDER BY version;
SQL
