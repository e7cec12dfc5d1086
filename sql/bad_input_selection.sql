-- Bad-input catalogue, part 4: model selection (learn.train's holdout
-- option, learn.tune, learn.split).  One case per line, printed by try():
-- the first value, or the SQLSTATE and message of the error.
SET extra_float_digits = 0;
\set SHOW_CONTEXT never
\pset tuples_only on
\pset format unaligned
SET client_min_messages = error;

CREATE FUNCTION public.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE q INTO r;
    RETURN 'ok: ' || coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

CREATE TABLE bs (i int, y float8, x1 float8, x2 float8, lab text, flag boolean);
INSERT INTO bs SELECT i, 2 * i + (i % 3), i % 7, (i * 3) % 11, CASE WHEN i % 7 > 3 THEN 'a' ELSE 'b' END, i % 2 = 0
FROM generate_series(1, 60) i;
CREATE TABLE bs_empty (y float8, x1 float8, lab text);
CREATE TABLE bs_one (y float8, x1 float8, lab text);
INSERT INTO bs_one VALUES (1, 2, 'a');
CREATE TABLE bs_rare (y float8, x1 float8, lab text);
INSERT INTO bs_rare SELECT i, i % 5, CASE WHEN i = 1 THEN 'rare' ELSE 'common' END FROM generate_series(1, 30) i;
CREATE TABLE "bs'; DROP TABLE bs;--" ("y""q" float8, "x;1" float8);
INSERT INTO "bs'; DROP TABLE bs;--" SELECT i, i % 4 FROM generate_series(1, 30) i;

-- learn.split: arguments
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', folds => 3)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', holdout => 0.25)$$);
SELECT try($$SELECT count(*) FROM learn.split(NULL, 'bs', 'y', folds => 3)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', NULL, 'y', folds => 3)$$);
SELECT try($$SELECT count(*) FROM learn.split('no_such_algorithm', 'bs', 'y', folds => 3)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y')$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', folds => 3, holdout => 0.2)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', folds => 1)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', folds => 0)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', folds => -3)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', folds => 61)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', folds => 2147483647)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', holdout => 0)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', holdout => 1)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', holdout => -0.5)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', holdout => 'NaN')$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', holdout => 'Infinity')$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', holdout => 1e-9)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', folds => 3, seed => NULL)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', folds => 3, seed => -9223372036854775808)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', folds => 3, stratify => true)$$);
SELECT try($$SELECT count(*) FROM learn.split('logistic_regression', 'bs', 'lab', folds => 3, stratify => true)$$);
SELECT try($$SELECT count(*) FROM learn.split('logistic_regression', 'bs_rare', 'lab', folds => 3, stratify => true)$$);
SELECT try($$SELECT count(*) FROM learn.split('logistic_regression', 'bs_rare', 'lab', folds => 3, stratify => false)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs_empty', 'y', folds => 2)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs_one', 'y', folds => 2)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs_one', 'y', holdout => 0.5)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'no_such_table', 'y', folds => 2)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'no_such_column', folds => 2)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'y', ARRAY['x1', 'nope'], folds => 2)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'bs', 'lab', folds => 2)$$);
SELECT try($$SELECT count(*) FROM learn.split('kmeans', 'bs', NULL, ARRAY['x1', 'x2'], folds => 2)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', 'SELECT 1; DROP TABLE bs', 'y', folds => 2)$$);
SELECT try($$SELECT count(*) FROM learn.split('linear_regression', '"bs''; DROP TABLE bs;--"', 'y"q', folds => 2)$$);
SELECT try($$SELECT count(*) FROM bs$$);

-- learn.train's holdout option
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": 0.25}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": 0}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": 1}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": -1}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": "0.2"}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": null}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": [0.2]}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": {"fraction": 0.2, "seed": 3}}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": {"fraction": 0.2, "nope": 1}}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": {"seed": 3}}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": {"fraction": 0.2, "seed": 1.5}}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs', 'y', options => '{"holdout": {"fraction": 0.2, "stratify": true}}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'logistic_regression', 'bs', 'lab', options => '{"holdout": {"fraction": 0.2, "stratify": true}}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'logistic_regression', 'bs_rare', 'lab', options => '{"holdout": 0.5}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'pca', 'bs', NULL, ARRAY['x1', 'x2'], '{"holdout": 0.2}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs_one', 'y', options => '{"holdout": 0.5}')$$);
SELECT try($$SELECT rows_used FROM learn.train('bs_h', 'linear_regression', 'bs_empty', 'y', options => '{"holdout": 0.5}')$$);

-- learn.tune: arguments, grids and search specifications
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0, 1, 10]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => NULL, folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '[]', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '"lambda"', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": []}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": 1}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [-1]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": ["x"]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"no_such_param": [1]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"holdout": [0.2]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', options => '{"holdout": 0.2}', grid => '{"lambda": [0]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0]}', folds => 1)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0]}', folds => 61)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0]}', folds => NULL)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0]}', folds => 3, metric => 'accuracy')$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0]}', folds => 3, metric => 'no_such_metric')$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0]}', folds => 3, metric => 'r2''; DROP TABLE bs;--')$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'logistic_regression', 'bs', 'lab', grid => '{"lambda": [0.1, 1]}', folds => 3, metric => 'rmse')$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'logistic_regression', 'bs_rare', 'lab', grid => '{"lambda": [1]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": {"min": 0.01, "max": 10, "log": true}}', folds => 3, n_iter => 3, seed => 5)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": {"min": 0.01, "max": 10, "log": true}}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": {"min": 10, "max": 1}}', folds => 3, n_iter => 2)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": {"min": 0, "max": 1, "log": true}}', folds => 3, n_iter => 2)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": {"min": "a", "max": 1}}', folds => 3, n_iter => 2)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": {"max": 1}}', folds => 3, n_iter => 2)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0, 1]}', folds => 3, n_iter => 0)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0, 1]}', folds => 3, n_iter => -1)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0, 1]}', folds => 3, n_iter => 100000)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => jsonb_build_object('lambda', (SELECT jsonb_agg(g) FROM generate_series(0, 10000) g)), folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0, 1], "verbose": [true, false]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune(NULL, 'linear_regression', 'bs', 'y', grid => '{"lambda": [0]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', NULL, 'bs', 'y', grid => '{"lambda": [0]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'no_such_algorithm', 'bs', 'y', grid => '{"lambda": [0]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', NULL, 'y', grid => '{"lambda": [0]}', folds => 3)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs_empty', 'y', grid => '{"lambda": [0]}', folds => 2)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs_one', 'y', grid => '{"lambda": [0]}', folds => 2)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'no_such_table', 'y', grid => '{"lambda": [0]}', folds => 2)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'linear_regression', 'bs', 'y', grid => '{"lambda": [0]}', folds => 2, seed => NULL)$$);
SELECT try($$SELECT trials FROM learn.tune('bs_t', 'pca', 'bs', NULL, ARRAY['x1', 'x2'], grid => '{"n_components": [1]}', folds => 2)$$);
SELECT try($$SELECT trials FROM learn.tune('bs''t; DROP TABLE bs;--', 'linear_regression', '"bs''; DROP TABLE bs;--"', 'y"q', grid => '{"lambda": [0, 1]}', folds => 2)$$);
SELECT try($$SELECT count(*) FROM bs$$);
SELECT try($$SELECT count(*) FROM learn.tuning_trials t JOIN learn.tuning_runs r ON r.id = t.run_id WHERE r.name IN ('bs_t', 'bs''t; DROP TABLE bs;--')$$);

DELETE FROM learn.tuning_runs WHERE name IN ('bs_t', 'bs''t; DROP TABLE bs;--');
DELETE FROM learn.models WHERE name IN ('bs_h', 'bs_t', 'bs''t; DROP TABLE bs;--');
DROP TABLE bs, bs_empty, bs_one, bs_rare, "bs'; DROP TABLE bs;--";
DROP FUNCTION public.try(text);
