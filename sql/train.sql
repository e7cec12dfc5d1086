-- learn.train, the registry and deployments.
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

CREATE TABLE houses (
    id     serial PRIMARY KEY,
    rooms  integer,
    area   numeric,
    age    real,
    region text,
    price  float8
);
INSERT INTO houses (rooms, area, age, region, price)
SELECT 1 + i % 5, 40 + (i * 37) % 160, (i * 11) % 50, CASE WHEN i % 2 = 0 THEN 'north' ELSE 'south' END,
       50000 + 20000 * (1 + i % 5) + 1500 * (40 + (i * 37) % 160) - 800 * ((i * 11) % 50) + ((i * 7919) % 1000)
FROM generate_series(1, 500) i;
INSERT INTO houses (rooms, area, age, region, price) VALUES (3, NULL, 10, 'north', 1e5), (2, 50, 5, 'south', NULL);

-- Features default to every column of a type pg_learn prepares (here id, rooms,
-- area, age and the text column region); a NULL area is imputed by its mean.
SELECT name, version, algorithm, rows_used, rows_skipped, (metrics->>'r2')::float8 > 0.5 AS fits,
       seconds >= 0 AS timed
FROM learn.train('house_prices', 'linear_regression', 'houses', 'price');
SELECT features FROM learn.models WHERE name = 'house_prices';

-- Named features; a query as source; options.
SELECT name, version, rows_used, rows_skipped
FROM learn.train('house_prices', 'linear_regression', 'SELECT * FROM houses WHERE region = ''north''',
                 target => 'price', features => ARRAY['rooms', 'area', 'age'],
                 options => '{"impute": "none"}');
SELECT name, version, rows_used
FROM learn.train('house_prices', 'linear_regression', 'public.houses', 'price', ARRAY['area', 'rooms'],
                 '{"lambda": 0.5, "deploy": false}');

-- Three versions; version 2 is deployed (version 3 was trained with deploy false).
SELECT name, version, algorithm, deployed, rows_used, rows_skipped, target, features
FROM learn.registry WHERE name = 'house_prices' ORDER BY version;
SELECT name, version FROM learn.deployments WHERE name = 'house_prices' ORDER BY id;

-- Metadata a retraining job can audit.
SELECT version, owner = current_user AS owner_ok, extension_version = learn.version() AS version_ok,
       length(data_fingerprint) AS fp_len, fit_seconds <= train_seconds AS timing_ok,
       options, source
FROM learn.models WHERE name = 'house_prices' ORDER BY version;

-- learn.model returns the bytes; the deployed version by default.
SELECT learn.model('house_prices') = (SELECT model FROM learn.models WHERE name = 'house_prices' AND version = 2) AS deployed_bytes;
SELECT learn.features(learn.model('house_prices', 3));

-- The stored model equals what the aggregate computes directly (without
-- imputation, rows with a NULL feature are skipped, as the aggregate does).
SELECT s.term, abs(s.estimate - a.estimate) <= 1e-12 * abs(a.estimate) AS same
FROM learn.coefficients(learn.model('house_prices', 2)) s
JOIN learn.coefficients((SELECT learn.linreg_fit(price, ARRAY[rooms, area, age]::float8[],
                                                 '{"feature_names": ["rooms", "area", "age"]}')
                          FROM houses WHERE region = 'north')) a
  USING (term);

-- Deploying another version; the history is append-only.
SELECT name, version FROM learn.deploy('house_prices', 3);
SELECT learn.predict('house_prices', ARRAY[100, 3]::float8[]) = learn.predict(learn.model('house_prices', 3), ARRAY[100, 3]::float8[]) AS serves_v3;
SELECT name, version FROM learn.deploy('house_prices');
SELECT version FROM learn.registry WHERE name = 'house_prices' AND deployed;
UPDATE learn.deployments SET version = 1 WHERE name = 'house_prices';
DELETE FROM learn.deployments WHERE name = 'house_prices';
TRUNCATE learn.deployments;
TRUNCATE learn.models CASCADE;
SELECT count(*) AS deployments_kept FROM learn.deployments WHERE name = 'house_prices';
SELECT learn.deploy('house_prices', 9);
SELECT learn.deploy('no_such_model');

-- Versions are immutable; metrics may be annotated.
UPDATE learn.models SET model = '\x00' WHERE name = 'house_prices' AND version = 1;
UPDATE learn.models SET version = 7 WHERE name = 'house_prices' AND version = 1;
UPDATE learn.models SET source = 'elsewhere' WHERE name = 'house_prices' AND version = 1;
UPDATE learn.models SET rows_used = -5 WHERE name = 'house_prices' AND version = 1;
UPDATE learn.models SET metrics = metrics || '{"note": "reviewed"}' WHERE name = 'house_prices' AND version = 1;
SELECT metrics->>'note' FROM learn.models WHERE name = 'house_prices' AND version = 1;

-- Names with quotes and SQL in them are data, never code.
CREATE TABLE "we""ird; DROP TABLE houses; --" ("select" float8, "Target Col" float8);
INSERT INTO "we""ird; DROP TABLE houses; --" SELECT g, 2 * g + 1 FROM generate_series(1, 10) g;
SELECT name, version, rows_used
FROM learn.train('m''; DROP TABLE houses; --', 'linear_regression', '"we""ird; DROP TABLE houses; --"',
                 'Target Col');
SELECT learn.features(learn.model('m''; DROP TABLE houses; --'));
SELECT round(learn.predict('m''; DROP TABLE houses; --', ARRAY[4.0])::numeric, 6) AS p;
SELECT count(*) FROM houses;

-- Sources: a relation name is told from a query by its shape, so tables whose
-- names begin with a keyword work; a query may end in a semicolon.
CREATE TABLE withdrawals AS SELECT rooms, price FROM houses;
SELECT name, version, rows_used FROM learn.train('w', 'linear_regression', 'withdrawals', 'price');
SELECT name, version, rows_used FROM learn.train('w', 'linear_regression', ' public . "withdrawals" ', 'price');
SELECT name, version, rows_used FROM learn.train('w', 'linear_regression', 'SELECT * FROM withdrawals;', 'price');
SELECT name, version, rows_used FROM learn.train('w', 'linear_regression', E'-- leading comment\nWITH q AS (SELECT * FROM withdrawals) SELECT * FROM q', 'price');
SELECT name, version, rows_used FROM learn.train('w', 'linear_regression', 'VALUES (1.0, 2.0), (2.0, 4.1), (3.0, 5.9)', 'column2');
SELECT * FROM learn.train('w', 'linear_regression', 'INSERT INTO withdrawals VALUES (1, 1) RETURNING *', 'price');
SELECT * FROM learn.train('w', 'linear_regression', 'no.such.schema.table', 'price');

-- Version numbers are never reused, even after the highest version is deleted.
DELETE FROM learn.models WHERE name = 'w' AND version = 5;
SELECT version FROM learn.train('w', 'linear_regression', 'withdrawals', 'price');
SELECT name, last_version FROM learn.model_names WHERE name = 'w';
-- Deleting a version removes its deployment rows with it.
SELECT count(*) FROM learn.deployments WHERE name = 'w' AND version = 1;
DELETE FROM learn.models WHERE name = 'w' AND version = 1;
SELECT count(*) FROM learn.deployments WHERE name = 'w' AND version = 1;
-- A version never deployed shows deployed = false, not NULL.
SELECT version, deployed FROM learn.registry WHERE name = 'w' ORDER BY version;
SELECT learn.deploy(NULL);
-- learn.model_names only grows
UPDATE learn.model_names SET last_version = 1 WHERE name = 'w';
DELETE FROM learn.model_names WHERE name = 'w';
TRUNCATE learn.model_names;
-- algorithms without a target refuse one
SELECT * FROM learn.train('k', 'kmeans', 'withdrawals', 'price', options => '{"k": 2}');
-- the seed option is recorded
SELECT version FROM learn.train('k', 'kmeans', 'withdrawals', options => '{"k": 2, "seed": 7}');
SELECT seed FROM learn.models WHERE name = 'k';
DELETE FROM learn.models WHERE name IN ('w', 'k');
DROP TABLE withdrawals;

-- A source that is not one SELECT is refused before anything runs.
SELECT * FROM learn.train('bad', 'linear_regression', 'SELECT * FROM houses; DROP TABLE houses', 'price');
-- A trailing comment cannot swallow the wrapper around the query.
SELECT name, version, rows_used FROM learn.train('commented', 'linear_regression', 'SELECT * FROM houses --', 'price', ARRAY['rooms']);
SELECT count(*) FROM houses;

-- Argument errors name the problem.
SELECT * FROM learn.train('bad', 'no_such_algorithm', 'houses', 'price');
SELECT * FROM learn.train('bad', 'linear_regression', 'no_such_table', 'price');
SELECT * FROM learn.train('bad', 'linear_regression', 'houses', 'no_such_column');
SELECT * FROM learn.train('bad', 'linear_regression', 'houses', 'region');
SELECT * FROM learn.train('bad', 'linear_regression', 'houses', 'price', ARRAY['region', 'rooms'],
                          '{"columns": {"region": {"scale": "standard"}}}');
SELECT * FROM learn.train('bad', 'linear_regression', 'houses', 'price', ARRAY['rooms'],
                          '{"columns": {"region": {"impute": "mean"}}}');
SELECT * FROM learn.train('bad', 'linear_regression', 'houses', 'price', ARRAY['rooms', 'rooms']);
SELECT * FROM learn.train('bad', 'linear_regression', 'houses', 'price', ARRAY['price']);
SELECT * FROM learn.train('bad', 'linear_regression', 'houses', 'price', ARRAY['rooms', NULL]);
SELECT * FROM learn.train('bad', 'linear_regression', 'houses', 'price', '{}');
SELECT * FROM learn.train('bad', 'linear_regression', 'houses');
SELECT * FROM learn.train('bad', 'linear_regression', 'houses', 'price', options => '{"verbose": "yes"}');
SELECT * FROM learn.train('bad', 'linear_regression', 'houses', 'price', options => '{"feature_names": ["a"]}');
SELECT * FROM learn.train('bad', 'linear_regression', 'houses', 'price', options => '{"shuffle": true}');
SELECT * FROM learn.train('', 'linear_regression', 'houses', 'price');
SELECT * FROM learn.train(repeat('n', 201), 'linear_regression', 'houses', 'price');
SELECT * FROM learn.train(E'tab\there', 'linear_regression', 'houses', 'price');
SELECT * FROM learn.train(NULL, 'linear_regression', 'houses', 'price');
SELECT * FROM learn.train('bad', 'linear_regression', 'SELECT * FROM houses WHERE price IS NULL', 'price');
SELECT * FROM learn.train('bad', 'linear_regression', 'SELECT 1 AS a, ''x'' AS b', 'a');
SELECT count(*) FROM learn.models WHERE name = 'bad';

-- Unknown models and versions.
SELECT learn.model('nope');
SELECT learn.model('house_prices', 99);
SELECT learn.model('house_prices', 0);
SELECT learn.predict('nope', ARRAY[1.0]);

-- verbose reports each phase.
SELECT version FROM learn.train('house_prices_small', 'linear_regression', 'houses', 'price',
                                ARRAY['rooms'], '{"verbose": true}');

-- A failed training leaves nothing behind (the version is not consumed).
SELECT * FROM learn.train('house_prices_small', 'linear_regression', 'SELECT rooms, price / 0 AS price FROM houses', 'price');
SELECT max(version) FROM learn.models WHERE name = 'house_prices_small';

SELECT learn.algorithms();

-- learn.fit_columns, the aggregate learn.train runs, checks its arguments.
SELECT learn.describe(learn.fit_columns(1, '{}', y, x))->>'rows_used' AS rows
FROM (VALUES (1.0::float8, 1.0::float8), (3.0, 2.0), (5.5, 3.0)) v(y, x);
SELECT learn.fit_columns(999, '{}', 1.0::float8, 2.0::float8);
SELECT learn.fit_columns(NULL, '{}', 1.0::float8, 2.0::float8);
SELECT learn.fit_columns(1, '{}', 1.0::float8, 2::int);
SELECT learn.fit_columns(1, '{}', 1.0::float8);
SELECT learn.fit_columns(1, '{}', VARIADIC ARRAY[1.0::float8, 2.0]);
SELECT learn.fit_columns_final('\x0011'::bytea);

DELETE FROM learn.models WHERE name IN ('house_prices', 'house_prices_small', 'm''; DROP TABLE houses; --', 'commented');
SELECT count(*) FROM learn.deployments;
DROP TABLE houses, "we""ird; DROP TABLE houses; --";

-- learn.fit_columns (learn.train's internal aggregate) reads its algorithm per
-- row: a state built by one algorithm is never handed to another
\set VERBOSITY sqlstate
SELECT learn.fit_columns(CASE WHEN g <= 6 THEN 5 ELSE 6 END, NULL::jsonb, g::float8, (g % 7)::float8 ORDER BY g)
FROM generate_series(1, 30) g;
\set VERBOSITY default

-- Columns of domain types are read as their base types: features, targets
-- and labels, on the in-memory and streamed paths, and when scoring rows.
CREATE DOMAIN tr_pos AS float8 CHECK (VALUE > 0);
CREATE DOMAIN tr_label AS integer;
CREATE DOMAIN tr_flag AS boolean;
CREATE TABLE tr_dom AS
SELECT (g % 7 + 1)::float8::tr_pos AS x, (g % 2)::tr_label AS c, (g % 3 = 0)::tr_flag AS f,
       (2 * (g % 7) + sin(g) + 3)::tr_pos AS y
FROM generate_series(1, 200) g;
SELECT name, rows_used FROM learn.train('tr_dom_lin', 'linear_regression', 'tr_dom', 'y');
SELECT learn.features(learn.model('tr_dom_lin'));
SELECT bool_and(abs(learn.predict('tr_dom_lin', d) - learn.predict('tr_dom_lin', ARRAY[x, c, f::int])) < 1e-12) AS row_scoring_ok
FROM tr_dom d;
SELECT name, rows_used FROM learn.train('tr_dom_cls', 'logistic_regression', 'tr_dom', 'c', '{x}');
SELECT learn.classes(learn.model('tr_dom_cls')), learn.predict('tr_dom_cls', ARRAY[3.0]) IN (0, 1) AS numeric_label;
SELECT learn.classes(learn.logreg_fit(f, ARRAY[x])) AS bool_domain_classes FROM tr_dom;
SET learn.memory_limit = '64kB';
SELECT rows_used, metrics->>'training_path' AS path
FROM learn.train('tr_dom_cls', 'logistic_regression', 'SELECT * FROM tr_dom, generate_series(1, 30)', 'c', '{x}');
RESET learn.memory_limit;
DELETE FROM learn.models WHERE name LIKE 'tr_dom_%';
DROP TABLE tr_dom;
DROP DOMAIN tr_pos, tr_label, tr_flag;
