-- Features by name: preparation fitted at training, replayed at scoring.
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

CREATE TYPE pet_size AS ENUM ('small', 'medium', 'large');
CREATE TABLE pets (
    id         integer PRIMARY KEY,
    weight     numeric,
    age        integer,
    vaccinated boolean,
    species    text,
    size       pet_size,
    born       date,
    visit      timestamptz,
    emb        float8[],
    price      float8
);
INSERT INTO pets
SELECT i,
       CASE WHEN i % 17 = 0 THEN NULL ELSE round((2 + (i * 37) % 40 / 4.0)::numeric, 2) END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + (i * 7) % 15 END,
       CASE WHEN i % 11 = 0 THEN NULL ELSE i % 3 <> 0 END,
       CASE WHEN i % 19 = 0 THEN NULL WHEN i % 50 = 7 THEN 'fish'
            ELSE (ARRAY['cat', 'dog', 'bird'])[1 + i % 3] END,
       (ARRAY['small', 'medium', 'large'])[1 + (i * 5) % 3]::pet_size,
       CASE WHEN i % 23 = 0 THEN NULL ELSE date '2015-01-01' + (i * 53) % 2500 END,
       timestamptz '2024-03-01 00:00+00' + make_interval(hours => (i * 29) % 2000),
       ARRAY[(i % 10) / 10.0, (i % 7) / 7.0]::float8[],
       0
FROM generate_series(1, 400) i;
-- the price depends on every kind of input; one row has no price (skipped)
UPDATE pets SET price = 50 + 3 * coalesce(weight, 7) - 1.5 * coalesce(age, 8)
    + CASE WHEN vaccinated THEN 20 ELSE 0 END
    + CASE species WHEN 'dog' THEN 30 WHEN 'bird' THEN -10 WHEN 'fish' THEN 5 ELSE 0 END
    + CASE size WHEN 'large' THEN 15 WHEN 'medium' THEN 5 ELSE 0 END
    + 0.002 * coalesce(born - date '2015-01-01', 1200)
    + 4 * emb[1] - 2 * emb[2] + (id * 7919) % 10 / 10.0;
UPDATE pets SET price = NULL WHERE id = 400;

SELECT name, version, rows_used, rows_skipped, (metrics->>'r2')::float8 > 0.95 AS fits
FROM learn.train('pet_price', 'linear_regression', 'pets', 'price',
                 ARRAY['weight', 'age', 'vaccinated', 'species', 'size', 'born', 'visit', 'emb'],
                 '{"scale": "standard",
                   "columns": {"age": {"impute": "median", "indicator": true},
                               "species": {"min_frequency": 10},
                               "born": {"date_parts": ["year", "month", "dow"]},
                               "visit": {"date_parts": ["hour", "weekend"]}}}');

-- What the model sees: the prepared feature names, in order.
SELECT learn.features(learn.model('pet_price'));
SELECT p->>'column' AS column, p->>'kind' AS kind, p->>'impute' AS impute, p->'features' AS features
FROM jsonb_array_elements(learn.describe(learn.model('pet_price'))->'pipeline') p;

-- The documented preparation, computed by hand in SQL from the training rows
-- (price IS NOT NULL): mean/median/mode imputation, standard scaling with the
-- population standard deviation of the imputed column, one-hot with the first
-- category dropped and rare values (< 10 rows: fish) in __other__, a NULL
-- category as all zeros, enum labels as categories, date parts, UTC hour and
-- weekend flag, array elements; each input's missing indicator follows it.
CREATE TEMP TABLE prep AS
WITH t AS (SELECT * FROM pets WHERE price IS NOT NULL),
s AS (
  SELECT avg(weight::float8) AS w_mean,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY age::float8) AS a_median,
         mode() WITHIN GROUP (ORDER BY vaccinated::int::float8) AS v_mode,
         avg(extract(year FROM born))::float8 AS y_mean, avg(extract(month FROM born))::float8 AS m_mean,
         avg(extract(dow FROM born))::float8 AS d_mean
  FROM t
),
imputed AS (
  SELECT t.id, coalesce(weight::float8, w_mean) AS w, coalesce(age::float8, a_median) AS a,
         (age IS NULL)::int::float8 AS a_missing, coalesce(vaccinated::int::float8, v_mode) AS v, s.*
  FROM t, s
),
sc AS (SELECT avg(w) AS wm, stddev_pop(w) AS ws, avg(a) AS am, stddev_pop(a) AS as_ FROM imputed)
SELECT p.id,
       ARRAY[(i.w - sc.wm) / sc.ws,
             (i.a - sc.am) / sc.as_, i.a_missing, i.v,
             coalesce((p.species = 'cat')::int, 0), coalesce((p.species = 'dog')::int, 0),
             coalesce((p.species = 'fish')::int, 0),
             (p.size = 'medium')::int, (p.size = 'small')::int,
             coalesce(extract(year FROM p.born)::float8, i.y_mean),
             coalesce(extract(month FROM p.born)::float8, i.m_mean),
             coalesce(extract(dow FROM p.born)::float8, i.d_mean),
             extract(hour FROM p.visit AT TIME ZONE 'UTC'),
             (extract(dow FROM p.visit AT TIME ZONE 'UTC') IN (0, 6))::int,
             p.emb[1], p.emb[2]]::float8[] AS expected
FROM pets p JOIN imputed i USING (id), sc;

-- every prepared feature of every training row matches the hand computation
SELECT count(*) AS rows,
       max((SELECT max(abs(a - b)) FROM unnest(learn.prepare('pet_price', p), e.expected) u(a, b))) < 1e-9 AS features_match
FROM pets p JOIN prep e USING (id);
-- and a prediction is the intercept plus the coefficients times those features
SELECT max(abs(learn.predict('pet_price', p) -
               ((SELECT estimate FROM learn.coefficients(learn.model('pet_price')) WHERE term = '(intercept)') +
                (SELECT sum(c.estimate * x)
                 FROM unnest(learn.features(learn.model('pet_price')), e.expected) f(term, x)
                 JOIN learn.coefficients(learn.model('pet_price')) c USING (term))))) < 1e-9 AS predictions_match
FROM pets p JOIN prep e USING (id);

-- Columns are bound by name: order does not matter, extra columns are ignored.
CREATE TABLE pets_shuffled AS
SELECT emb, price, visit, 'ignored' AS note, born, size, species, vaccinated, age, weight, id, 42 AS extra
FROM pets;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE learn.predict('pet_price', s) = learn.predict('pet_price', p)) AS identical
FROM pets_shuffled s JOIN pets p USING (id);
-- any query's rows work, with the model by name or by bytes
SELECT round(learn.predict('pet_price', q)::numeric, 6) = round(learn.predict(learn.model('pet_price'), q)::numeric, 6) AS same
FROM (SELECT * FROM pets WHERE id = 5) q;

-- On a whole table row the planner passes the columns directly (no row value
-- is built): same binding by name, same results; under an outer join the row
-- path is kept, so a NULL-extended row scores NULL.
EXPLAIN (VERBOSE, COSTS OFF) SELECT learn.predict('pet_price', p) FROM pets p;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE learn.predict('pet_price', p) =
                              learn.predict('pet_price', ROW(p.*)::pets)) AS identical,
       count(*) FILTER (WHERE learn.prepare('pet_price', p) = learn.prepare('pet_price', ROW(p.*)::pets)) AS same_prepared
FROM pets p;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT learn.predict('pet_price', q) FROM pets p LEFT JOIN pets q ON q.id = p.id + 1000;
SELECT count(*) AS null_extended, count(learn.predict('pet_price', q)) AS scored
FROM pets p LEFT JOIN pets q ON q.id = p.id + 1000;
-- a NULL model (or name) scores NULL on the rewritten path too
SELECT count(learn.predict(mm.model, p)) AS by_null_bytes, count(learn.predict(mm.name, p)) AS by_null_name
FROM pets p, (SELECT NULL::bytea AS model, NULL::text AS name) mm;
SELECT learn.predict_columns('pet_price', NULL, 1::int) IS NULL AS null_names;

-- Values never seen in training are counted as "other", never an error;
-- NULLs are imputed as in training.
CREATE TEMP TABLE newcomers AS
SELECT 1 AS id, 10.5 AS weight, 3 AS age, true AS vaccinated, 'hamster' AS species,
       'small'::pet_size AS size, date '2020-06-15' AS born, timestamptz '2024-06-01 10:00+00' AS visit,
       ARRAY[0.5, 0.5]::float8[] AS emb
UNION ALL
SELECT 2, NULL, NULL, NULL, NULL, 'large', NULL, timestamptz '2024-06-02 23:30+00', ARRAY[0.1, 0.2];
SELECT id, (SELECT array_agg(round(v::numeric, 6)) FROM unnest(learn.prepare('pet_price', n)) v) AS prepared
FROM newcomers n ORDER BY id;
SELECT id, learn.predict('pet_price', n) IS NOT NULL AS scored FROM newcomers n ORDER BY id;
-- the unseen 'hamster' goes to species=__other__, like the rare 'fish'
SELECT (learn.features(learn.model('pet_price')))[7] AS feature, (learn.prepare('pet_price', n))[7] AS other_flag
FROM newcomers n WHERE id = 1;

-- Unseen categories and imputed NULLs are counted by learn.prepare_report,
-- per input column, over any table or query.
SELECT column_name, kind, rows, nulls, imputed, other_categories, unusable_rows
FROM learn.prepare_report('pet_price', 'newcomers');
-- on the training rows, the 7 rows of the rare 'fish' were not kept as a
-- category either: they count as other_categories too
SELECT column_name, nulls, imputed, other_categories FROM learn.prepare_report(learn.model('pet_price'), 'SELECT * FROM pets WHERE price IS NOT NULL')
WHERE column_name IN ('species', 'age');
SELECT * FROM learn.prepare_report('pet_price', 'SELECT 1 AS weight');
SELECT * FROM learn.prepare_report('pet_price', 'no_such_table');

-- Type and shape errors name the column and both types.
SELECT learn.predict('pet_price', q) FROM (SELECT weight::text AS weight, age, vaccinated, species, size, born, visit, emb FROM pets LIMIT 1) q;
SELECT learn.predict('pet_price', q) FROM (SELECT weight, age, vaccinated, species, size, born, visit FROM pets LIMIT 1) q;
SELECT learn.predict('pet_price', q) FROM (SELECT weight, age, vaccinated, 1 AS species, size, born, visit, emb FROM pets LIMIT 1) q;
SELECT learn.predict('pet_price', q) FROM (SELECT weight, age, vaccinated, species, size, born::text AS born, visit, emb FROM pets LIMIT 1) q;
SELECT learn.predict('pet_price', q) FROM (SELECT weight, age, vaccinated, species, size, born, visit, ARRAY[1.0]::float8[] AS emb FROM pets LIMIT 1) q;
-- compatible types are converted: integer weight, varchar species, timestamp without time zone
SELECT learn.predict('pet_price', q) IS NOT NULL AS converted
FROM (SELECT 10 AS weight, age, vaccinated, species::varchar AS species, size, born::timestamp AS born,
             visit, emb FROM pets WHERE id = 1) q;

-- A model trained on an array binds its features x1..xp by name from a row.
CREATE TEMP TABLE xy AS SELECT g::float8 AS x1, (g % 5)::float8 AS x2, 1 + 2 * g - (g % 5) AS y FROM generate_series(1, 30) g;
CREATE TEMP TABLE arr_model AS SELECT learn.linreg_fit(y, ARRAY[x1, x2]) AS m FROM xy;
SELECT round(learn.predict((SELECT m FROM arr_model), q)::numeric, 6) AS by_row,
       round(learn.predict((SELECT m FROM arr_model), ARRAY[x1, x2])::numeric, 6) AS by_array
FROM (SELECT 'extra' AS note, 4.0::float8 AS x2, 10.0::float8 AS x1) q;
SELECT learn.predict((SELECT m FROM arr_model), q) FROM (SELECT 1.0::float8 AS x1) q;
-- a row with two columns of a needed name is ambiguous, not "the last one wins"
SELECT learn.predict((SELECT m FROM arr_model), q) FROM (SELECT 1.0::float8 AS x1, 2.0::float8 AS x2, 3.0::float8 AS x1) q;
SELECT learn.predict((SELECT m FROM arr_model), q) IS NULL AS null_feature FROM (SELECT 1.0::float8 AS x1, NULL::float8 AS x2) q;

-- Preparation options: buckets, min-max and robust scaling, constant imputation,
-- keeping every category (without an intercept, so the one-hot columns are not collinear).
SELECT version FROM learn.train('pet_price', 'linear_regression', 'pets', 'price',
                                ARRAY['weight', 'age', 'species'],
                                '{"intercept": false, "columns": {"weight": {"buckets": [5, 8]},
                                              "age": {"scale": "robust", "impute": "constant", "impute_value": 0},
                                              "species": {"drop": "none", "impute": "constant", "impute_value": "cat"}}}');
SELECT learn.features(learn.model('pet_price', 2));
-- robust scaling uses the quartiles of the imputed column (NULL age as 0)
WITH a AS (SELECT coalesce(age, 0)::float8 AS age FROM pets WHERE price IS NOT NULL),
     q AS (SELECT percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY age) AS q FROM a)
SELECT round(((learn.describe(learn.model('pet_price', 2))->'pipeline'->1->>'center')::float8 - q[2])::numeric, 12) AS center_diff,
       round(((learn.describe(learn.model('pet_price', 2))->'pipeline'->1->>'divisor')::float8 - (q[3] - q[1]))::numeric, 12) AS divisor_diff
FROM q;
SELECT learn.prepare(learn.model('pet_price', 2), q)
FROM (SELECT 4.9 AS weight, NULL::int AS age, NULL::text AS species) q;
SELECT learn.prepare(learn.model('pet_price', 2), q)
FROM (SELECT 5 AS weight, 8 AS age, 'dog' AS species) q;
SELECT version FROM learn.train('pet_price', 'linear_regression', 'pets', 'price', ARRAY['weight', 'age'],
                                '{"scale": "minmax", "columns": {"age": {"buckets": 3}}}');
SELECT p->>'column' AS column, p->'bucket_edges' AS edges, p->>'scale' AS scale
FROM jsonb_array_elements(learn.describe(learn.model('pet_price', 3))->'pipeline') p;
-- min-max scaling puts the training minimum at 0 and maximum at 1
SELECT min(x[1]) AS min_w, max(x[1]) AS max_w
FROM (SELECT learn.prepare(learn.model('pet_price', 3), p) AS x FROM pets p WHERE price IS NOT NULL) q;

-- Bad preparation options are errors that name the key and the column.
SELECT * FROM learn.train('bad', 'linear_regression', 'pets', 'price', ARRAY['weight'], '{"impute": "sometimes"}');
SELECT * FROM learn.train('bad', 'linear_regression', 'pets', 'price', ARRAY['species'], '{"columns": {"species": {"impute": "mean"}}}');
SELECT * FROM learn.train('bad', 'linear_regression', 'pets', 'price', ARRAY['weight'], '{"columns": {"weight": {"buckets": [3, 2]}}}');
SELECT * FROM learn.train('bad', 'linear_regression', 'pets', 'price', ARRAY['weight'], '{"columns": {"weight": {"impute": "constant"}}}');
SELECT * FROM learn.train('bad', 'linear_regression', 'pets', 'price', ARRAY['weight'], '{"columns": {"weight": {"colour": 1}}}');
SELECT * FROM learn.train('bad', 'linear_regression', 'pets', 'price', ARRAY['born'], '{"date_parts": ["century"]}');
SELECT * FROM learn.train('bad', 'linear_regression', 'pets', 'price', ARRAY['species'], '{"max_categories": 0}');
SELECT * FROM learn.train('bad', 'linear_regression', 'pets', 'price', ARRAY['emb'], '{"columns": {"emb": {"impute": "mean"}}}');
SELECT * FROM learn.train('bad', 'linear_regression', 'SELECT price, NULL::float8 AS nothing FROM pets', 'price');
SELECT * FROM learn.train('bad', 'linear_regression', 'SELECT price, ARRAY[1.0, id]::float8[] || CASE WHEN id = 1 THEN ARRAY[1.0]::float8[] ELSE ''{}'' END AS e FROM pets', 'price');
SELECT * FROM learn.train('bad', 'linear_regression', 'SELECT price, point(1, 2) AS p FROM pets', 'price', ARRAY['p']);
-- an integer code can be made a category
SELECT version FROM learn.train('codes', 'linear_regression', 'SELECT price, (id % 3) AS code FROM pets', 'price',
                                options => '{"columns": {"code": {"kind": "category"}}}');
SELECT learn.features(learn.model('codes'));
SELECT round(learn.predict('codes', q)::numeric, 6) = round(learn.predict('codes', ARRAY[0, 1]::float8[])::numeric, 6) AS code_2
FROM (SELECT 2 AS code) q;

-- One scan when it can: if no training row has a NULL input and nothing fitted
-- changes complete rows (no scaling, categories, buckets, arrays or
-- indicators), learn.train fits once with imputation off and takes the
-- imputation values from the model's feature means; otherwise it computes the
-- statistics first.  Both give the same model.
CREATE TEMP TABLE full_rows AS
SELECT id, weight::float8 AS w, age, vaccinated, born, price FROM pets
WHERE weight IS NOT NULL AND age IS NOT NULL AND vaccinated IS NOT NULL AND born IS NOT NULL
  AND price IS NOT NULL;
SELECT version FROM learn.train('onepass', 'linear_regression', 'full_rows', 'price',
                                ARRAY['w', 'age', 'vaccinated', 'born'], '{"verbose": true}');
SELECT version FROM learn.train('twopass', 'linear_regression', 'full_rows', 'price',
                                ARRAY['w', 'age', 'vaccinated', 'born'],
                                '{"verbose": true, "columns": {"w": {"impute": "median"}}}');
SELECT bool_and(abs(a.estimate - b.estimate) <= 1e-12 * abs(a.estimate)) AS same_coefficients
FROM learn.coefficients(learn.model('onepass')) a JOIN learn.coefficients(learn.model('twopass')) b USING (term);
WITH d AS (SELECT learn.describe(learn.model('onepass'))->'pipeline' AS p)
SELECT abs((p->0->>'impute_value')::float8 - (SELECT avg(w) FROM full_rows)) < 1e-9 AS w_mean,
       abs((p->1->>'impute_value')::float8 - (SELECT avg(age) FROM full_rows)) < 1e-9 AS age_mean,
       (p->2->>'impute_value')::float8 = (SELECT mode() WITHIN GROUP (ORDER BY vaccinated::int) FROM full_rows) AS vacc_mode
FROM d;
SELECT abs(learn.predict('onepass', q) - learn.predict('twopass', q)) < 1e-9 AS same_on_complete_row
FROM (SELECT 10.0::float8 AS w, 3 AS age, true AS vaccinated, date '2019-05-05' AS born) q;
SELECT learn.predict('onepass', q) IS NOT NULL AS imputes_nulls
FROM (SELECT NULL::float8 AS w, 3 AS age, NULL::boolean AS vaccinated, NULL::date AS born) q;

-- Preparation on its own: fit once, transform rows (no target, no predictions).
SELECT name, version, algorithm, rows_used
FROM learn.train('pet_prep', 'preprocess', 'pets', features => ARRAY['weight', 'species', 'born'],
                 options => '{"scale": "standard", "columns": {"born": {"date_parts": ["year"]}}}');
SELECT learn.features(learn.model('pet_prep'));
SELECT (SELECT array_agg(round(v::numeric, 6)) FROM unnest(learn.transform('pet_prep', p)) v) AS prepared
FROM pets p WHERE id IN (1, 2) ORDER BY id;
-- the standardised weight has mean 0 and population sd 1 over all rows
SELECT round(avg(x[1])::numeric, 9) AS mean, round(stddev_pop(x[1])::numeric, 9) AS sd
FROM (SELECT learn.transform('pet_prep', p) AS x FROM pets p) q;
SELECT abs((learn.describe(learn.model('pet_prep'))->'features'->0->>'mean')::float8) < 1e-9 AS stats_recorded;
SELECT learn.predict('pet_prep', p) FROM pets p LIMIT 1;
SELECT * FROM learn.train('bad', 'linear_regression', 'pets', features => ARRAY['weight']);

-- numeric columns convert to float8 exactly as numeric::float8 does (a fast
-- path reads the digits; it must agree bit for bit), over many shapes of value.
CREATE TEMP TABLE nums AS
SELECT (CASE WHEN g % 2 = 0 THEN -1 ELSE 1 END) *
       round((((g::bigint * 2654435761) % 1000000007) / 1000.0 * 10 ^ ((g % 41) - 20))::numeric, (g % 13) + 2) AS v
FROM generate_series(1, 20000) g
UNION ALL VALUES (0::numeric), (0.0001), (123456789012345), (1234567890123456789), (1e-30), (9999999999999.99),
                 (-0.000000000000000000001), (1e22), (1e23), (0.1), (0.3), (2.675), ('NaN'), ('Infinity');
SELECT version FROM learn.train('nums', 'preprocess', 'SELECT v FROM nums WHERE v NOT IN (''NaN'', ''Infinity'')', features => ARRAY['v'],
                                options => '{"impute": "none"}');
SELECT count(*) AS values,
       count(*) FILTER (WHERE (learn.prepare('nums', q))[1] = q.v::float8
                          OR (q.v = 'NaN' AND (learn.prepare('nums', q))[1] = 'NaN')) AS identical
FROM (SELECT v FROM nums) q;
DELETE FROM learn.models WHERE name = 'nums';

-- learn.prepare_row refuses bad calls
SELECT learn.prepare_row('\x00'::bytea, 1);
SELECT learn.prepare_row(NULL, 1) IS NULL AS null_pipeline;

DELETE FROM learn.models WHERE name IN ('pet_price', 'codes', 'pet_prep', 'onepass', 'twopass');
DROP TABLE pets, pets_shuffled, newcomers;
DROP TYPE pet_size;

-- A column NULL in every training row, imputed by a constant and robust-scaled:
-- it is imputed to the constant and centred by its own median (that constant): 0.
CREATE TABLE allnull AS SELECT i, NULL::float8 AS a, (i % 5)::float8 AS b, (i % 5)::float8 * 2 AS y
FROM generate_series(1, 50) i;
SELECT rows_used FROM learn.train('allnull_m', 'linear_regression', 'allnull', 'y', ARRAY['a', 'b'],
  '{"columns": {"a": {"impute": "constant", "impute_value": 1, "scale": "robust"}}}');
SELECT learn.prepare('allnull_m', r) FROM (SELECT NULL::float8 AS a, 3::float8 AS b) r;

-- numeric values past 15 significant digits convert exactly like float8 (no wrap-around)
CREATE TABLE bignum AS SELECT i, (i % 10)::numeric AS w, (2 * (i % 10))::float8 AS y FROM generate_series(1, 50) i;
SELECT rows_used FROM learn.train('bignum_m', 'linear_regression', 'bignum', 'y', ARRAY['w']);
SELECT learn.prepare('bignum_m', r) = ARRAY[18446744073709551621::float8] AS exact
FROM (SELECT 18446744073709551621::numeric AS w) r;

-- learn.prepare_report checks array lengths as scoring does
CREATE TABLE arr3 AS SELECT i, ARRAY[i, i % 3, 1]::float8[] AS e, i::float8 AS y FROM generate_series(1, 30) i;
SELECT rows_used FROM learn.train('arr3_m', 'linear_regression', 'arr3', 'y', ARRAY['e']);
\set VERBOSITY sqlstate
SELECT * FROM learn.prepare_report('arr3_m', 'SELECT ''{1}''::float8[] AS e FROM generate_series(1, 10)');
\set VERBOSITY default
SELECT * FROM learn.prepare_report('arr3_m', 'SELECT e FROM arr3');

DELETE FROM learn.models WHERE name IN ('allnull_m', 'bignum_m', 'arr3_m');
DROP TABLE allnull, bignum, arr3;
