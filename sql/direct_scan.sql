-- learn.direct_scan: for the algorithms that keep their rows, learn.train
-- reads a plain table itself (table access method, one pass that also counts
-- the rows) instead of running its fit query.  The rows go through the
-- aggregate's own code in the order a serial scan gives them, so the model
-- must be the same bytes as with learn.direct_scan = off (exact comparison,
-- no tolerance).  Sources it does not read itself (queries, views,
-- inheritance parents, partitioned tables, row-level security, other column
-- types) go through the query: "training_scan" says which one read them.
SET client_min_messages = warning;
SELECT learn.version() <> '' AS library_loaded;  -- defines the settings
SHOW learn.direct_scan;

-- ds_compare: train on src with the direct scan on, then off; the scans
-- reported, the rows used, and whether the two models are the same bytes.
CREATE FUNCTION ds_compare(src text, algo text, target text, feats text[], opts jsonb DEFAULT '{}')
RETURNS TABLE (direct_on text, direct_off text, rows_used bigint, same_model boolean)
LANGUAGE plpgsql AS $$
DECLARE
  a bytea;
  b bytea;
BEGIN
  PERFORM set_config('learn.direct_scan', 'on', true);
  SELECT coalesce(t.metrics->>'training_scan', t.metrics->>'training_path'), t.rows_used
    INTO direct_on, rows_used FROM learn.train('ds_on', algo, src, target, feats, opts) t;
  PERFORM set_config('learn.direct_scan', 'off', true);
  SELECT coalesce(t.metrics->>'training_scan', t.metrics->>'training_path')
    INTO direct_off FROM learn.train('ds_off', algo, src, target, feats, opts) t;
  PERFORM set_config('learn.direct_scan', 'on', true);
  SELECT m.model INTO a FROM learn.models m WHERE m.name = 'ds_on' ORDER BY m.version DESC LIMIT 1;
  SELECT m.model INTO b FROM learn.models m WHERE m.name = 'ds_off' ORDER BY m.version DESC LIMIT 1;
  same_model := a = b;
  RETURN NEXT;
END
$$;

-- Every column type the direct scan converts itself, a dropped column
-- before them (attribute numbers), NULL targets and labels of every kind.
CREATE TABLE ds_rows (gone int, x1 float8, x2 float4, x3 int2, x4 int4, x5 int8, x6 boolean,
                      yi int, yb boolean, yt text, yl varchar, yn float8);
INSERT INTO ds_rows
SELECT 0, sin(i * 0.37) * 2 + (i % 5), (cos(i * 1.91) + ((i * 7) % 3))::float4, (i % 7)::int2, (i % 11) - 5, i % 13, i % 3 = 0,
       (sin(i * 0.37) * 2 + (i % 5) - cos(i * 1.91) + ((hashint8extended(i, 7) & 65535) / 65536.0 - 0.5) * 4 > 1.5)::int,
       (i % 7) + ((hashint8extended(i, 8) & 7)) > 7,
       CASE WHEN sin(i * 0.37) * 2 + (i % 5) + ((hashint8extended(i, 9) & 65535) / 65536.0) * 3 < 3 THEN 'low'
            WHEN sin(i * 0.37) * 2 + (i % 5) + ((hashint8extended(i, 9) & 65535) / 65536.0) * 3 < 5 THEN 'middle'
            ELSE 'high' END,
       -- labels longer than the label cache holds (32 bytes): read through the output function every row
       CASE WHEN i % 4 < 2 THEN repeat('a long class label, first kind ', 2) ELSE repeat('a long class label, other kind ', 2) END,
       i % 3
FROM generate_series(1, 3000) i;
ALTER TABLE ds_rows DROP COLUMN gone;
UPDATE ds_rows SET yi = NULL, yb = NULL, yt = NULL WHERE x4 = 4 AND x5 = 7;
ANALYZE ds_rows;
SELECT * FROM ds_compare('ds_rows', 'logistic_regression', 'yi', ARRAY['x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
SELECT * FROM ds_compare('ds_rows', 'logistic_regression', 'yt', ARRAY['x1', 'x2', 'x3']);
SELECT * FROM ds_compare('ds_rows', 'logistic_regression', 'yl', ARRAY['x1', 'x2']);
SELECT * FROM ds_compare('ds_rows', 'logistic_regression', 'yn', ARRAY['x1', 'x2', 'x6']);
SELECT * FROM ds_compare('ds_rows', 'linear_svm', 'yb', ARRAY['x1', 'x2', 'x3', 'x4'], '{"C": 0.5}');
SELECT * FROM ds_compare('ds_rows', 'linear_svm', 'yt', ARRAY['x1', 'x2', 'x5']);
SELECT * FROM ds_compare('ds_rows', 'kmeans', NULL, ARRAY['x1', 'x2', 'x3', 'x4', 'x5'], '{"k": 4, "seed": 7, "n_init": 2}');

-- Rows with a NULL feature: the direct scan counts them and the fit imputes
-- through the query, as before (the model then says "query").
UPDATE ds_rows SET x2 = NULL WHERE x4 = -5 AND x3 = 2;
SELECT * FROM ds_compare('ds_rows', 'logistic_regression', 'yi', ARRAY['x1', 'x2', 'x3']);
SELECT * FROM ds_compare('ds_rows', 'kmeans', NULL, ARRAY['x1', 'x2'], '{"k": 3, "seed": 2}');
-- a preparation with statistics (scaling) is fitted by the query
SELECT * FROM ds_compare('ds_rows', 'logistic_regression', 'yi', ARRAY['x1', 'x3'], '{"scale": "standard"}');

-- Enough rows for the warm starts, two threads and the reserved, prefaulted
-- row store (the estimate from ANALYZE): 120,000 rows.
CREATE TABLE ds_big AS
SELECT x1, x2, x3, (0.8 * x1 - x2 + 0.5 * x3 + ln(u / (1 - u)) > 0)::int AS yb,
       CASE WHEN x1 + x2 - ln(u / (1 - u)) < 1.5 THEN 'a' WHEN x1 + x2 - ln(u / (1 - u)) < 3.5 THEN 'b' ELSE 'c' END AS yc
FROM (SELECT sin(i * 0.37) * 2 + (i % 5) AS x1, cos(i * 1.91) + ((i * 7) % 3) AS x2,
             (((hashint8extended(i, 7) & 65535) / 65536.0 - 0.5) * 4)::float8 AS x3,
             ((hashint8extended(i, 9) & 1048575) + 0.5) / 1048576.0 AS u
      FROM generate_series(1, 120000) i) g;
ANALYZE ds_big;
SET learn.threads = 2;
SELECT * FROM ds_compare('ds_big', 'logistic_regression', 'yb', ARRAY['x1', 'x2', 'x3']);
SELECT * FROM ds_compare('ds_big', 'logistic_regression', 'yc', ARRAY['x1', 'x2', 'x3']);
SELECT * FROM ds_compare('ds_big', 'linear_svm', 'yc', ARRAY['x1', 'x2', 'x3']);
SELECT * FROM ds_compare('ds_big', 'kmeans', NULL, ARRAY['x1', 'x2', 'x3'], '{"k": 5, "seed": 3}');
-- rows ordered by class: each new class comes after the store was reserved
-- (the first 2,048 rows), and rebuilds it
CREATE TABLE ds_sorted AS SELECT * FROM ds_big ORDER BY yc DESC, x1;
ANALYZE ds_sorted;
SELECT * FROM ds_compare('ds_sorted', 'logistic_regression', 'yc', ARRAY['x1', 'x2', 'x3']);
SELECT * FROM ds_compare('ds_sorted', 'linear_svm', 'yc', ARRAY['x1', 'x2']);
DROP TABLE ds_sorted;
-- the row estimate is stale (rows added since ANALYZE): the store grows past it
INSERT INTO ds_big SELECT x1 + 0.5, x2, x3, 1 - yb, yc FROM ds_big WHERE x3 > 1.5;
SELECT * FROM ds_compare('ds_big', 'logistic_regression', 'yb', ARRAY['x1', 'x2', 'x3']);
-- and too high (rows deleted since)
DELETE FROM ds_big WHERE x2 > 1;
SELECT * FROM ds_compare('ds_big', 'linear_svm', 'yb', ARRAY['x1', 'x2', 'x3']);
RESET learn.threads;

-- Past learn.memory_limit the rows are streamed, and the model is the
-- streamed one either way.  With the row estimate over the limit the scan is
-- not tried (the count query runs); with a stale estimate within it, the
-- scan reads, finds too many rows, and counts the rest for the streamed fit.
SET learn.memory_limit = '1MB';   -- ds_big: 67,502 rows x 4 slots x 8 bytes = 2.1 MB
ANALYZE ds_big;
SELECT reltuples * 4 * 8 > 1024 * 1024 AS estimate_over FROM pg_class WHERE relname = 'ds_big';
SELECT * FROM ds_compare('ds_big', 'logistic_regression', 'yb', ARRAY['x1', 'x2', 'x3']);
SET learn.memory_limit = '2MB';
CREATE TABLE ds_grown (LIKE ds_big) WITH (autovacuum_enabled = off);  -- keeps its stale estimate
INSERT INTO ds_grown SELECT * FROM ds_big WHERE x3 < 0;
ANALYZE ds_grown;
INSERT INTO ds_grown SELECT * FROM ds_big WHERE x3 >= 0;
SELECT reltuples * 4 * 8 <= 2 * 1024 * 1024 AS estimate_within,
       (SELECT count(*) * 4 * 8 > 2 * 1024 * 1024 FROM ds_grown) AS rows_over
FROM pg_class WHERE relname = 'ds_grown';
SELECT * FROM ds_compare('ds_grown', 'kmeans', NULL, ARRAY['x1', 'x2', 'x3'], '{"k": 3, "seed": 5}');
-- the count of rows with a NULL feature decides the streamed preparation (imputed)
UPDATE ds_grown SET x2 = NULL WHERE x1 > 5.8;
SELECT count(*) FILTER (WHERE x2 IS NULL) > 0 AS some_null FROM ds_grown;
SELECT * FROM ds_compare('ds_grown', 'logistic_regression', 'yb', ARRAY['x1', 'x2', 'x3']);
RESET learn.memory_limit;

-- Sources the scan leaves to the query, each still trained right.
CREATE VIEW ds_view AS SELECT * FROM ds_rows WHERE x3 < 5;
SELECT * FROM ds_compare('ds_view', 'logistic_regression', 'yi', ARRAY['x1', 'x3']);
SELECT * FROM ds_compare('SELECT * FROM ds_rows WHERE x3 < 5', 'logistic_regression', 'yi', ARRAY['x1', 'x3']);
CREATE MATERIALIZED VIEW ds_mat AS SELECT * FROM ds_rows WHERE x3 < 5;
SELECT * FROM ds_compare('ds_mat', 'logistic_regression', 'yi', ARRAY['x1', 'x3']);
CREATE MATERIALIZED VIEW ds_mat_empty AS SELECT * FROM ds_rows WITH NO DATA;
SELECT learn.train('ds_x', 'logistic_regression', 'ds_mat_empty', 'yi', ARRAY['x1', 'x3']);
-- an inheritance parent reads its children too
CREATE TABLE ds_parent (x1 float8, x3 int, yi int);
CREATE TABLE ds_child () INHERITS (ds_parent);
INSERT INTO ds_parent SELECT x1, x3, yi FROM ds_rows WHERE x4 < 0;
INSERT INTO ds_child SELECT x1, x3, yi FROM ds_rows WHERE x4 >= 0;
SELECT * FROM ds_compare('ds_parent', 'logistic_regression', 'yi', ARRAY['x1', 'x3']);
SELECT count(*) FROM ds_parent;
CREATE TABLE ds_part (x1 float8, x3 int, yi int) PARTITION BY RANGE (x3);
CREATE TABLE ds_part_a PARTITION OF ds_part FOR VALUES FROM (MINVALUE) TO (3);
CREATE TABLE ds_part_b PARTITION OF ds_part FOR VALUES FROM (3) TO (MAXVALUE);
INSERT INTO ds_part SELECT x1, x3, yi FROM ds_rows;
SELECT * FROM ds_compare('ds_part', 'logistic_regression', 'yi', ARRAY['x1', 'x3']);
SELECT * FROM ds_compare('ds_part_a', 'logistic_regression', 'yi', ARRAY['x1', 'x3']);
-- numeric columns go through the query's cast (which can fail)
CREATE TABLE ds_numeric AS SELECT x1::numeric AS x1, x3, yi FROM ds_rows;
SELECT * FROM ds_compare('ds_numeric', 'logistic_regression', 'yi', ARRAY['x1', 'x3']);
-- temporary and unlogged tables are read directly
CREATE TEMP TABLE ds_temp AS SELECT x1, x3, yt FROM ds_rows;
SELECT * FROM ds_compare('ds_temp', 'linear_svm', 'yt', ARRAY['x1', 'x3']);
CREATE UNLOGGED TABLE ds_unlogged AS SELECT x1, x3, yt FROM ds_rows;
SELECT * FROM ds_compare('ds_unlogged', 'kmeans', NULL, ARRAY['x1', 'x3'], '{"k": 2}');

-- What the statement sees: rows deleted and inserted earlier in the same
-- transaction, as the query would.
BEGIN;
DELETE FROM ds_rows WHERE x4 > 0;
INSERT INTO ds_rows (x1, x2, x3, x4, x5, x6, yi) SELECT x1 + 1, x2, x3, x4, x5, x6, 1 - yi FROM ds_rows WHERE x4 = -1;
SELECT * FROM ds_compare('ds_rows', 'logistic_regression', 'yi', ARRAY['x1', 'x3']);
SELECT count(yi) AS rows_with_target FROM ds_rows;
ROLLBACK;

-- Bad values raise the errors the query raises.
CREATE TABLE ds_bad AS SELECT x1, x3, yi, yn FROM ds_rows;
UPDATE ds_bad SET x1 = 'Infinity' WHERE x3 = 4 AND yi = 1 AND x1 > 5;
SELECT learn.train('ds_x', 'logistic_regression', 'ds_bad', 'yi', ARRAY['x1', 'x3']);
SET learn.direct_scan = off;
SELECT learn.train('ds_x', 'logistic_regression', 'ds_bad', 'yi', ARRAY['x1', 'x3']);
RESET learn.direct_scan;
UPDATE ds_bad SET x1 = 0, yn = 'NaN' WHERE x3 = 4;
SELECT learn.train('ds_x', 'logistic_regression', 'ds_bad', 'yn', ARRAY['x1', 'x3']);
SET learn.direct_scan = off;
SELECT learn.train('ds_x', 'logistic_regression', 'ds_bad', 'yn', ARRAY['x1', 'x3']);
RESET learn.direct_scan;

-- Privileges: learn.train needs SELECT on the table (it describes the source
-- with SELECT *), whatever the columns granted; row-level security sends the
-- source through the query, whose policy filters the rows.
CREATE ROLE regress_ds_users NOLOGIN;  -- may train (access.sql)
GRANT USAGE ON SCHEMA learn TO regress_ds_users;
GRANT SELECT, INSERT, UPDATE, DELETE ON learn.models TO regress_ds_users;
GRANT SELECT, INSERT ON learn.deployments TO regress_ds_users;
GRANT INSERT, UPDATE ON learn.model_names TO regress_ds_users;
GRANT USAGE ON SEQUENCE learn.deployments_id_seq TO regress_ds_users;
GRANT SELECT ON learn.registry TO regress_ds_users;
CREATE ROLE regress_ds_user NOLOGIN IN ROLE regress_ds_users;
CREATE ROLE regress_ds_owner NOLOGIN IN ROLE regress_ds_users;
CREATE TABLE ds_cols AS SELECT x1, x3, x4, yi FROM ds_rows;
GRANT SELECT (x1, x3, yi) ON ds_cols TO regress_ds_user;
CREATE TABLE ds_rls AS SELECT x1, x3, yi FROM ds_rows;
GRANT SELECT ON ds_rls TO regress_ds_user;
ALTER TABLE ds_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY ds_rls_some ON ds_rls FOR SELECT USING (x3 < 4);
SET ROLE regress_ds_user;
SELECT rows_used, metrics->>'training_scan' AS scan FROM learn.train('ds_u1', 'logistic_regression', 'ds_cols', 'yi', ARRAY['x1', 'x3']);
SELECT rows_used FROM learn.train('ds_u2', 'logistic_regression', 'ds_cols', 'yi', ARRAY['x1', 'x4']);
SELECT rows_used, metrics->>'training_scan' AS scan FROM learn.train('ds_u3', 'logistic_regression', 'ds_rls', 'yi', ARRAY['x1', 'x3']);
SELECT count(*) AS rows_visible FROM ds_rls;
RESET ROLE;
-- the owner is not subject to its policy (unless forced): direct
SELECT rows_used, metrics->>'training_scan' AS scan FROM learn.train('ds_u4', 'logistic_regression', 'ds_rls', 'yi', ARRAY['x1', 'x3']);
ALTER TABLE ds_rls FORCE ROW LEVEL SECURITY;
ALTER TABLE ds_rls OWNER TO regress_ds_owner;
SET ROLE regress_ds_owner;
SELECT rows_used, metrics->>'training_scan' AS scan FROM learn.train('ds_u5', 'logistic_regression', 'ds_rls', 'yi', ARRAY['x1', 'x3']);
RESET ROLE;

-- verbose: the NOTICE says how the rows were read
SET client_min_messages = notice;
SELECT count(*) FROM learn.train('ds_v', 'kmeans', 'ds_rows', NULL, ARRAY['x1', 'x3'], '{"k": 2, "seed": 1, "n_init": 1, "verbose": true}');
SET client_min_messages = warning;

DROP OWNED BY regress_ds_users, regress_ds_user, regress_ds_owner CASCADE;
DROP ROLE regress_ds_user, regress_ds_owner, regress_ds_users;
DROP FUNCTION ds_compare;
DROP VIEW ds_view;
DROP MATERIALIZED VIEW ds_mat, ds_mat_empty;
DROP TABLE ds_rows, ds_big, ds_grown, ds_parent, ds_child, ds_part, ds_numeric, ds_temp, ds_unlogged, ds_bad, ds_cols;
DELETE FROM learn.models WHERE name LIKE 'ds\_%';
