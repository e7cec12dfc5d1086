-- Cancel is prompt: a long fit stops within a second of statement_timeout.
-- (Timing is measured in the session: the check allows 1.5 s beyond the
-- timeout, for a loaded machine.)
SET extra_float_digits = 0;

-- 300 features and three classes: each Newton iteration costs a second or
-- more, so the fit is interrupted inside an iteration, not between two.
-- (With two classes an iteration took about 0.3 s, and tol 1e-300, which
-- stops at the first exact repeat of the log-likelihood, let a fit whose
-- rows a parallel plan had gathered in another order end within the second.)
CREATE TABLE cancel_rows AS
SELECT (g * 31) % 7 % 3 AS y,
       ARRAY(SELECT ((g * 7919 + j * 104729) % 1000) / 1000.0 FROM generate_series(1, 300) j)::float8[] AS x
FROM generate_series(1, 20000) g;
SET statement_timeout = '1s';
SELECT clock_timestamp() AS t0 \gset
SELECT learn.logreg_fit(y, x, '{"max_iter": 100000, "tol": 1e-300}') FROM cancel_rows;
RESET statement_timeout;
SELECT clock_timestamp() - :'t0'::timestamptz < interval '2.5 seconds' AS logreg_cancelled_promptly;

-- pg_cancel_backend from another session works the same way (a TAP test
-- covers it); here: the same fit through learn.train, streamed.
SET learn.memory_limit = '64kB';
SET statement_timeout = '1s';
SELECT clock_timestamp() AS t0 \gset
SELECT * FROM learn.train('cancelled', 'logistic_regression',
                          'SELECT y, x FROM cancel_rows', 'y',
                          options => '{"max_iter": 100000, "tol": 1e-300}');
RESET statement_timeout;
RESET learn.memory_limit;
SELECT clock_timestamp() - :'t0'::timestamptz < interval '2.5 seconds' AS train_cancelled_promptly;
-- nothing was stored
SELECT count(*) FROM learn.models WHERE name = 'cancelled';
DROP TABLE cancel_rows;
