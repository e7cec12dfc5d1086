-- Data cleaning: learn.data_quality, learn.find_duplicates,
-- learn.remove_duplicates, learn.outliers.
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

CREATE DOMAIN positive_num AS numeric CHECK (VALUE > 0);
CREATE TABLE readings (
    id      integer,
    sensor  text,
    status  text,
    flag    boolean,
    note    text,
    nothing text,
    reading float8,
    level   positive_num,
    small   smallint,
    payload json,
    spot    point
);
INSERT INTO readings
SELECT i,
       'S' || i % 7,
       CASE WHEN i = 17 THEN 'fail' ELSE 'ok' END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE true END,
       CASE WHEN i % 4 = 0 THEN 'note ' || i % 3 END,
       NULL,
       CASE i WHEN 13 THEN 500 WHEN 101 THEN -300 WHEN 150 THEN 'Infinity'::float8 WHEN 50 THEN 'NaN'
              WHEN 77 THEN NULL ELSE 50 + (i * 37) % 21 - 10 END,
       CASE WHEN i = 200 THEN 1000 ELSE round(i / 10.0, 1) END,
       CASE WHEN i % 9 = 0 THEN 6 ELSE 5 END,
       format('{"k": %s}', i % 3)::json,
       point(i % 2, 0)
FROM generate_series(1, 200) i;

-- ---------------------------------------------------------------------------
-- learn.data_quality
-- ---------------------------------------------------------------------------

-- note is 75% NULL, nothing all NULL, flag constant (its NULLs aside), status
-- 199/200 'ok', id unique; json and point (no btree opclass) by their text.
SELECT column_name, data_type, rows, nulls, round(null_share::numeric, 3) AS null_share,
       distinct_values, top_value, round(top_share::numeric, 3) AS top_share, issues
FROM learn.data_quality('readings');

-- Independent check of every count: cells of to_jsonb(row), counted in plain SQL.
WITH cells AS (SELECT e.key AS col, e.value AS val FROM readings r, jsonb_each_text(to_jsonb(r)) e),
counts AS (SELECT col, val, count(*) AS n FROM cells GROUP BY col, val),
ref AS (SELECT col, sum(n) AS rows, coalesce(sum(n) FILTER (WHERE val IS NULL), 0) AS nulls,
               count(val) AS d, max(n) FILTER (WHERE val IS NOT NULL) AS top
        FROM counts GROUP BY col)
SELECT count(*) AS columns,
       bool_and(dq.rows = ref.rows AND dq.nulls = ref.nulls AND dq.distinct_values = ref.d
                AND abs(dq.null_share - ref.nulls::float8 / ref.rows) < 1e-12
                AND (dq.top_share IS NULL AND ref.top IS NULL
                     OR abs(dq.top_share - ref.top::float8 / (ref.rows - ref.nulls)) < 1e-12)) AS all_match
FROM learn.data_quality('readings') dq JOIN ref ON ref.col = dq.column_name;

-- The most frequent value agrees with mode() (ties go to the smallest value).
SELECT (SELECT top_value FROM learn.data_quality('readings') WHERE column_name = 'sensor')
     = (SELECT mode() WITHIN GROUP (ORDER BY sensor) FROM readings) AS top_is_mode;

-- Thresholds: status (0.995 'ok') is not near-constant at 0.999; note (0.75 NULL)
-- is not mostly NULL at 0.8; both limits are inclusive.
SELECT column_name, issues FROM learn.data_quality('readings', near_constant_share => 0.999,
                                                   mostly_null_share => 0.8)
WHERE column_name IN ('status', 'note');
SELECT column_name, issues FROM learn.data_quality('readings', near_constant_share => 0.995,
                                                   mostly_null_share => 0.75)
WHERE column_name IN ('status', 'note');

-- Edge cases
CREATE TABLE empty_t (a integer, b text);
SELECT * FROM learn.data_quality('empty_t');
CREATE TABLE one_row (a integer, b text);
INSERT INTO one_row VALUES (1, NULL);
SELECT column_name, rows, nulls, distinct_values, top_value, top_share, issues FROM learn.data_quality('one_row');
CREATE TABLE no_columns ();
INSERT INTO no_columns DEFAULT VALUES;
INSERT INTO no_columns DEFAULT VALUES;
SELECT count(*) FROM learn.data_quality('no_columns');
ALTER TABLE readings ADD COLUMN gone integer;
ALTER TABLE readings DROP COLUMN gone;
SELECT count(*) AS columns_without_dropped FROM learn.data_quality('readings');
CREATE VIEW ok_readings AS SELECT id, status FROM readings WHERE status = 'ok';
SELECT column_name, rows, issues FROM learn.data_quality('ok_readings');
CREATE INDEX readings_id_idx ON readings (id);
SELECT pg_temp.fails($$SELECT learn.data_quality('readings_id_idx')$$);
SELECT pg_temp.fails($$SELECT learn.data_quality(NULL)$$);
SELECT pg_temp.fails($$SELECT learn.data_quality('readings', near_constant_share => 0)$$);
SELECT pg_temp.fails($$SELECT learn.data_quality('readings', near_constant_share => 1.5)$$);
SELECT pg_temp.fails($$SELECT learn.data_quality('readings', near_constant_share => 'NaN')$$);
SELECT pg_temp.fails($$SELECT learn.data_quality('readings', mostly_null_share => NULL)$$);
SELECT pg_temp.fails($$SELECT learn.data_quality('no_such_table')$$);

-- ---------------------------------------------------------------------------
-- learn.find_duplicates and learn.remove_duplicates
-- ---------------------------------------------------------------------------

CREATE TABLE orders (customer text, item text, qty integer, note text);
INSERT INTO orders VALUES
    ('ann', 'pen', 1, NULL), ('bob', 'ink', 2, 'x'), ('cy', NULL, 1, NULL),
    ('ann', 'pen', 1, NULL), ('bob', 'ink', 2, 'y'), ('cy', NULL, 2, NULL),
    ('ann', 'pen', 1, NULL), ('bob', 'ink', 2, 'x'), ('cy', NULL, 1, NULL),
    ('dee', 'pad', 5, 'z');
-- move the first 'ann' row to the end of the table: it no longer has the smallest ctid
UPDATE orders SET qty = qty WHERE ctid = '(0,1)';

-- All columns (NULLs count as equal); then on a key, ties by the key columns.
SELECT * FROM learn.find_duplicates('orders');
SELECT * FROM learn.find_duplicates('orders', ARRAY['customer', 'item']);
SELECT * FROM learn.find_duplicates('orders', key => ARRAY['item']);

-- Independent check: the same groups from GROUP BY in plain SQL.
SELECT (SELECT count(*) FROM (
          (SELECT key, copies FROM learn.find_duplicates('orders', ARRAY['customer', 'qty'])
           EXCEPT SELECT jsonb_build_object('customer', customer, 'qty', qty), count(*)
                  FROM orders GROUP BY customer, qty HAVING count(*) > 1)
          UNION ALL
          (SELECT jsonb_build_object('customer', customer, 'qty', qty), count(*)
           FROM orders GROUP BY customer, qty HAVING count(*) > 1
           EXCEPT SELECT key, copies FROM learn.find_duplicates('orders', ARRAY['customer', 'qty']))) d
       ) AS differences;

-- Edge cases
SELECT * FROM learn.find_duplicates('empty_t');
SELECT * FROM learn.find_duplicates('no_columns');
SELECT * FROM learn.find_duplicates('readings', ARRAY['payload', 'spot']);  -- json, point: by text
DO $$ BEGIN   -- 120 columns: more than one jsonb_build_object call (100 arguments each)
    EXECUTE (SELECT 'CREATE TABLE wide (' || string_agg(format('c%s integer', i), ', ') || ')'
             FROM generate_series(1, 120) i);
END $$;
INSERT INTO wide (c1, c60, c120) VALUES (1, 60, 120), (1, 60, 120), (1, 60, NULL);
SELECT copies, (SELECT count(*) FROM jsonb_object_keys(key)) AS keys,
       key->'c1' AS c1, key->'c60' AS c60, key->'c120' AS c120, key->'c2' AS c2
FROM learn.find_duplicates('wide');
SELECT learn.remove_duplicates('wide') AS deleted;
CREATE VIEW orders_v AS SELECT * FROM orders;
SELECT * FROM learn.find_duplicates('orders_v', ARRAY['note']);
SELECT pg_temp.fails($$SELECT learn.find_duplicates('orders', ARRAY['customer', 'colour'])$$);
SELECT pg_temp.fails($$SELECT learn.find_duplicates('orders', ARRAY['Customer'])$$);
SELECT pg_temp.fails($$SELECT learn.find_duplicates('orders', ARRAY['ctid'])$$);
SELECT pg_temp.fails($$SELECT learn.find_duplicates('orders', ARRAY['item', 'qty', 'item'])$$);
SELECT pg_temp.fails($$SELECT learn.find_duplicates('orders', ARRAY[]::text[])$$);
SELECT pg_temp.fails($$SELECT learn.find_duplicates('orders', ARRAY['customer', NULL])$$);
SELECT pg_temp.fails($$SELECT learn.find_duplicates(NULL)$$);

-- Removal keeps the row with the smallest ctid of each group: compare with
-- min(ctid) and with the row counts computed before.
CREATE TEMP TABLE expect_kept AS
    SELECT min(ctid) AS kept FROM orders GROUP BY customer, item;
SELECT count(*) - count(DISTINCT (customer, item)) AS expect_deleted FROM orders;
SELECT learn.remove_duplicates('orders', ARRAY['customer', 'item']) AS deleted;
SELECT (SELECT array_agg(ctid ORDER BY ctid) FROM orders)
     = (SELECT array_agg(kept ORDER BY kept) FROM expect_kept) AS kept_smallest_ctid;
SELECT ctid, * FROM orders ORDER BY ctid;
SELECT learn.remove_duplicates('orders', ARRAY['customer', 'item']) AS deleted_again;

CREATE TABLE orders2 (customer text, item text, qty integer, note text);
INSERT INTO orders2 VALUES ('a', NULL, 1, NULL), ('a', NULL, 1, NULL), ('a', NULL, 1, 'n'),
                           (NULL, NULL, NULL, NULL), (NULL, NULL, NULL, NULL), ('b', 'x', 1, NULL);
SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM orders2) d) AS expect_deleted FROM orders2;
SELECT learn.remove_duplicates('orders2') AS deleted;
SELECT * FROM orders2 ORDER BY customer, note;

-- Partitions: rows of different partitions share ctids; the key spans them.
-- Equal ctids in two partitions: the partition with the smaller OID (parts_n,
-- created first) keeps its row.
CREATE TABLE parts (region text, v integer) PARTITION BY LIST (region);
CREATE TABLE parts_n PARTITION OF parts FOR VALUES IN ('n');
CREATE TABLE parts_s PARTITION OF parts FOR VALUES IN ('s');
INSERT INTO parts VALUES ('n', 1), ('n', 1), ('n', 2), ('s', 1), ('s', 2), ('s', 2);
SELECT * FROM learn.find_duplicates('parts');
SELECT learn.remove_duplicates('parts') AS deleted;
SELECT tableoid::regclass, ctid, * FROM parts ORDER BY region, v;
SELECT learn.remove_duplicates('parts', ARRAY['v']) AS deleted;
SELECT tableoid::regclass, ctid, * FROM parts ORDER BY region, v;

-- Edge cases
SELECT learn.remove_duplicates('empty_t') AS deleted;
SELECT learn.remove_duplicates('no_columns') AS deleted;
SELECT count(*) AS left FROM no_columns;
CREATE TEMP TABLE tmp_dups AS SELECT i % 3 AS k FROM generate_series(1, 9) i;
SELECT learn.remove_duplicates('tmp_dups') AS deleted;
SELECT pg_temp.fails($$SELECT learn.remove_duplicates('orders_v')$$);
CREATE MATERIALIZED VIEW orders_mv AS SELECT * FROM orders;
SELECT pg_temp.fails($$SELECT learn.remove_duplicates('orders_mv')$$);
SELECT pg_temp.fails($$SELECT learn.remove_duplicates('readings_id_idx')$$);
SELECT pg_temp.fails($$SELECT learn.remove_duplicates('orders', ARRAY['colour'])$$);
SELECT pg_temp.fails($$SELECT learn.remove_duplicates(NULL)$$);
SELECT count(*) AS orders_left FROM orders;

-- ---------------------------------------------------------------------------
-- learn.outliers
-- ---------------------------------------------------------------------------

-- reading: 40..60 and 500, -300, Infinity; NaN and NULL are not values.
SELECT (row_data->>'id')::int AS id, value, round(score::numeric, 6) AS score
FROM learn.outliers('readings', 'reading');
SELECT (row_data->>'id')::int AS id, value, round(score::numeric, 6) AS score
FROM learn.outliers('readings', 'reading', method => 'zscore');
-- most extreme first (by |score|), ties by value
SELECT (row_data->>'id')::int AS id, value, round(score::numeric, 6) AS score
FROM learn.outliers('readings', 'reading', 'zscore', threshold => 0.2) LIMIT 6;
-- row_data is the whole row
SELECT row_data FROM learn.outliers('readings', 'level');

-- Independent checks in plain SQL over the finite values: Tukey's fences with
-- percentile_cont quartiles, and population z-scores, at several thresholds.
CREATE TEMP TABLE finite AS
    SELECT id, reading AS x FROM readings WHERE reading NOT IN ('Infinity', '-Infinity', 'NaN');
CREATE TEMP TABLE st AS
    SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY x) AS q1,
           percentile_cont(0.75) WITHIN GROUP (ORDER BY x) AS q3,
           avg(x) AS mean, stddev_pop(x) AS sd
    FROM finite;
SELECT k,
       (SELECT count(*) FROM learn.outliers('readings', 'reading', 'iqr', k)) AS flagged,
       (SELECT count(*) FROM readings r, st
        WHERE r.reading <> 'NaN'
          AND (r.reading < q1 - k * (q3 - q1) OR r.reading > q3 + k * (q3 - q1))) AS expected,
       (SELECT bool_and(abs(o.score - greatest(st.q1 - k * (st.q3 - st.q1) - o.value,
                                               o.value - (st.q3 + k * (st.q3 - st.q1))) / (st.q3 - st.q1)) < 1e-9
                        OR o.value IN ('Infinity', '-Infinity') AND o.score = 'Infinity')
        FROM learn.outliers('readings', 'reading', 'iqr', k) o, st) AS scores_match
FROM unnest(ARRAY[1.5, 0.3, 0]::float8[]) k;
SELECT k,
       (SELECT count(*) FROM learn.outliers('readings', 'reading', 'zscore', k)) AS flagged,
       (SELECT array_agg((row_data->>'id')::int ORDER BY (row_data->>'id')::int)
        FROM learn.outliers('readings', 'reading', 'zscore', k))
     = (SELECT array_agg(id ORDER BY id) FROM readings r, st
        WHERE r.reading <> 'NaN' AND abs(r.reading - st.mean) / st.sd > k) AS same_rows,
       (SELECT bool_and(abs(o.score - (o.value - st.mean) / st.sd) < 1e-9 OR o.score = o.value)
        FROM learn.outliers('readings', 'reading', 'zscore', k) o, st) AS scores_match
FROM unnest(ARRAY[3, 0.2]::float8[]) k;
-- a domain over numeric: as its float8 values
SELECT (SELECT array_agg(value) FROM learn.outliers('readings', 'level', 'zscore', 2)) AS level_z,
       (SELECT count(*) FROM readings r,
               (SELECT avg(level::float8) m, stddev_pop(level::float8) s FROM readings) st
        WHERE abs(level::float8 - m) / s > 2) AS expected;

-- Edge cases
SELECT value, score, count(*) FROM learn.outliers('readings', 'small') GROUP BY 1, 2;  -- IQR 0: 6 is off the box
SELECT count(*) FROM learn.outliers('readings', 'small', 'zscore');         -- no |z| > 3
CREATE TABLE flat (x float8);
INSERT INTO flat VALUES (2), (2), (2), ('Infinity'), ('-Infinity'), ('NaN'), (NULL);
SELECT value, score FROM learn.outliers('flat', 'x', 'zscore');             -- sd 0: only the infinities
SELECT value, score FROM learn.outliers('flat', 'x');
SELECT count(*) FROM learn.outliers('flat', 'x', 'iqr', 0) WHERE value = 2;  -- k 0: on the box is inside
CREATE TABLE only_special (x float8);
INSERT INTO only_special VALUES ('NaN'), ('Infinity'), (NULL);
SELECT count(*) FROM learn.outliers('only_special', 'x');                   -- no finite value: nothing to compare
SELECT count(*) FROM learn.outliers('empty_t', 'a');
ALTER TABLE readings ADD COLUMN none_yet numeric;
SELECT count(*) FROM learn.outliers('readings', 'none_yet');                -- all NULL
SELECT count(*) FROM learn.outliers('ok_readings', 'id');                   -- a view
SELECT pg_temp.fails($$SELECT learn.outliers('readings', 'sensor')$$);
SELECT pg_temp.fails($$SELECT learn.outliers('readings', 'flag')$$);
SELECT pg_temp.fails($$SELECT learn.outliers('readings', 'payload', 'zscore')$$);
SELECT pg_temp.fails($$SELECT learn.outliers('readings', 'Reading')$$);
SELECT pg_temp.fails($$SELECT learn.outliers('readings', NULL)$$);
SELECT pg_temp.fails($$SELECT learn.outliers('readings', 'reading', 'mad')$$);
SELECT pg_temp.fails($$SELECT learn.outliers('readings', 'reading', 'IQR')$$);
SELECT pg_temp.fails($$SELECT learn.outliers('readings', 'reading', NULL)$$);
SELECT pg_temp.fails($$SELECT learn.outliers('readings', 'reading', 'iqr', -1)$$);
SELECT pg_temp.fails($$SELECT learn.outliers('readings', 'reading', 'zscore', 'NaN')$$);
SELECT pg_temp.fails($$SELECT learn.outliers('readings', 'reading', 'zscore', 'Infinity')$$);
SELECT pg_temp.fails($$SELECT learn.outliers(NULL, 'reading')$$);

-- ---------------------------------------------------------------------------
-- Hostile names: quotes, spaces and semicolons in schema, table and columns
-- ---------------------------------------------------------------------------

CREATE TABLE x (id integer);
INSERT INTO x VALUES (1);
CREATE TABLE "we""ird; DROP TABLE x; --" ("it's ""col""" integer, "a b; --" text, "Mixed" float8);
INSERT INTO "we""ird; DROP TABLE x; --"
SELECT i % 4, CASE WHEN i % 2 = 0 THEN 'e' END, CASE WHEN i = 20 THEN 99 ELSE i % 5 END
FROM generate_series(1, 20) i;
SELECT column_name, rows, nulls, distinct_values, issues
FROM learn.data_quality('"we""ird; DROP TABLE x; --"');
SELECT * FROM learn.find_duplicates('"we""ird; DROP TABLE x; --"', ARRAY['it''s "col"', 'a b; --']);
SELECT row_data, value, round(score::numeric, 6) AS score FROM learn.outliers('"we""ird; DROP TABLE x; --"', 'Mixed');
SELECT count(*) FROM learn.outliers('"we""ird; DROP TABLE x; --"', 'it''s "col"', 'zscore', 1);
SELECT pg_temp.fails($$SELECT learn.outliers('"we""ird; DROP TABLE x; --"', 'a b; --')$$);
SELECT pg_temp.fails($$SELECT learn.find_duplicates('"we""ird; DROP TABLE x; --"', ARRAY['x"; DROP TABLE x; --'])$$);
SELECT learn.remove_duplicates('"we""ird; DROP TABLE x; --"', ARRAY['it''s "col"', 'a b; --']) AS deleted;
SELECT * FROM "we""ird; DROP TABLE x; --" ORDER BY 1;
CREATE SCHEMA "my schema; --";
CREATE TABLE "my schema; --"."t ""1""" (v integer);
INSERT INTO "my schema; --"."t ""1""" VALUES (1), (1), (2);
SELECT column_name, rows, distinct_values FROM learn.data_quality('"my schema; --"."t ""1"""');
SELECT learn.remove_duplicates('"my schema; --"."t ""1"""') AS deleted;
SELECT count(*) AS x_still_there FROM x;

-- ---------------------------------------------------------------------------
-- The caller's privileges (SECURITY INVOKER)
-- ---------------------------------------------------------------------------

CREATE ROLE regress_cleaning_reader;
GRANT USAGE ON SCHEMA learn TO regress_cleaning_reader;
GRANT SELECT ON orders2 TO regress_cleaning_reader;
SET ROLE regress_cleaning_reader;
SELECT count(*) FROM learn.data_quality('orders2');
SELECT pg_temp.fails($$SELECT learn.data_quality('readings')$$);
SELECT pg_temp.fails($$SELECT learn.outliers('readings', 'reading')$$);
SELECT pg_temp.fails($$SELECT learn.remove_duplicates('orders2')$$);
RESET ROLE;
REVOKE ALL ON orders2 FROM regress_cleaning_reader;
REVOKE USAGE ON SCHEMA learn FROM regress_cleaning_reader;
DROP ROLE regress_cleaning_reader;

-- Catalog: volatility, parallel safety, SECURITY INVOKER and comments (the four functions and their helper).
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility, p.proparallel AS parallel,
       p.prosecdef AS security_definer, obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
FROM pg_proc p
WHERE p.pronamespace = 'learn'::regnamespace
  AND p.proname IN ('data_quality', 'find_duplicates', 'remove_duplicates', 'outliers', 'cleaning_columns')
ORDER BY 1::text;
