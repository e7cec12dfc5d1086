-- Access control: models belong to the role that trained them; other roles
-- use them through learn.grant.  Five roles: an owner, a member of the owner
-- role, a "read" grantee, a "score" grantee and a stranger.  Every role is
-- given the same table privileges on the registry, so what differs between
-- them is pg_learn's checks and row-level security, not table grants.
-- Each case is one line: try() runs a statement and prints its first value,
-- or the SQLSTATE and message of its error.
SET extra_float_digits = 0;
\set SHOW_CONTEXT never
\pset tuples_only on
\pset format unaligned

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

CREATE ROLE regress_access_users NOLOGIN;
CREATE ROLE regress_access_owner NOLOGIN IN ROLE regress_access_users;
CREATE ROLE regress_access_member NOLOGIN IN ROLE regress_access_users, regress_access_owner;
CREATE ROLE regress_access_reader NOLOGIN IN ROLE regress_access_users;
CREATE ROLE regress_access_scorer NOLOGIN IN ROLE regress_access_users;
CREATE ROLE regress_access_stranger NOLOGIN IN ROLE regress_access_users;
GRANT USAGE ON SCHEMA learn TO regress_access_users;
GRANT SELECT, INSERT, UPDATE, DELETE ON learn.models TO regress_access_users;
GRANT SELECT, INSERT ON learn.deployments TO regress_access_users;
GRANT INSERT, UPDATE ON learn.model_names TO regress_access_users;
GRANT USAGE ON SEQUENCE learn.deployments_id_seq TO regress_access_users;
GRANT SELECT ON learn.registry TO regress_access_users;

CREATE TABLE access_data (x float8, z float8, y float8);
INSERT INTO access_data SELECT i, (i * 7) % 5, 2 * i + 1 + (i % 3) FROM generate_series(1, 40) i;
CREATE TABLE access_secret (x float8, y float8);
INSERT INTO access_secret SELECT i, i FROM generate_series(1, 10) i;
GRANT SELECT ON access_data TO regress_access_users;
GRANT SELECT ON access_secret TO regress_access_owner;

-- No function of the extension is SECURITY DEFINER.
SELECT count(*) AS security_definer FROM pg_proc WHERE pronamespace = 'learn'::regnamespace AND prosecdef;
-- RLS on every registry table; the registry view runs as its caller.
SELECT relname || ': ' || relrowsecurity FROM pg_class
WHERE relnamespace = 'learn'::regnamespace AND relkind = 'r' ORDER BY relname;
SELECT reloptions FROM pg_class WHERE oid = 'learn.registry'::regclass;

-- The owner trains, reads, and grants.
SET ROLE regress_access_owner;
SELECT try($$SELECT version FROM learn.train('acc_m', 'linear_regression', 'access_data', 'y', ARRAY['x', 'z'])$$);
SELECT try($$SELECT length(learn.model('acc_m')) > 0$$);
SELECT try($$SELECT round(learn.predict('acc_m', ARRAY[1, 1]::float8[])::numeric, 6)$$);
-- the owner may read access_secret, so it trains on it (the stranger cannot, below)
SELECT try($$SELECT version FROM learn.train('acc_secret', 'linear_regression', 'access_secret', 'y')$$);
SELECT try($$SELECT learn.grant('acc_m', 'regress_access_reader', 'read')$$);
SELECT try($$SELECT learn.grant('acc_m', 'regress_access_scorer')$$);
SELECT try($$SELECT learn.grant('acc_m', 'regress_access_scorer', 'score')$$);
SELECT try($$SELECT learn.grant('acc_m', 'regress_access_nobody', 'score')$$);
SELECT try($$SELECT learn.grant('acc_m', 'regress_access_scorer', 'write')$$);
SELECT try($$SELECT learn.grant('acc_nope', 'regress_access_scorer', 'score')$$);
SELECT try($$SELECT learn.grant(NULL, 'regress_access_scorer', 'score')$$);
SELECT try($$SELECT string_agg(grantee || '=' || privilege, ', ' ORDER BY grantee) FROM learn.model_grants WHERE name = 'acc_m'$$);
RESET ROLE;

-- A member of the owner role acts as the owner: its new version belongs to the owner.
SET ROLE regress_access_member;
SELECT try($$SELECT version FROM learn.train('acc_m', 'linear_regression', 'access_data', 'y', ARRAY['x'])$$);
SELECT try($$SELECT string_agg(version || ':' || owner, ', ' ORDER BY version) FROM learn.models WHERE name = 'acc_m'$$);
SELECT try($$SELECT version FROM learn.deploy('acc_m', 1)$$);
SELECT try($$SELECT length(learn.model('acc_m', 2)) > 0$$);
SELECT try($$SELECT learn.revoke('acc_m', 'regress_access_scorer', 'read')$$);
RESET ROLE;

-- The "read" grantee reads and scores, and nothing more.
SET ROLE regress_access_reader;
SELECT try($$SELECT length(learn.model('acc_m')) > 0$$);
SELECT try($$SELECT length(learn.model('acc_m', 2)) > 0$$);
SELECT try($$SELECT learn.describe(learn.model('acc_m'))->>'algorithm'$$);
SELECT try($$SELECT count(*) FROM learn.coefficients(learn.model('acc_m'))$$);
SELECT try($$SELECT round(learn.predict('acc_m', ARRAY[1, 1]::float8[])::numeric, 6)$$);
SELECT try($$SELECT count(*) FROM learn.models WHERE name = 'acc_m'$$);
SELECT try($$SELECT string_agg(version || ':' || deployed, ', ' ORDER BY version) FROM learn.registry WHERE name = 'acc_m'$$);
SELECT try($$SELECT count(*) FROM learn.deployments WHERE name = 'acc_m'$$);
SELECT try($$SELECT version FROM learn.train('acc_m', 'linear_regression', 'access_data', 'y')$$);
SELECT try($$SELECT version FROM learn.deploy('acc_m', 2)$$);
SELECT try($$DELETE FROM learn.models WHERE name = 'acc_m' RETURNING version$$);
SELECT try($$UPDATE learn.models SET metrics = '{}' WHERE name = 'acc_m' RETURNING version$$);
SELECT try($$INSERT INTO learn.deployments (name, version) VALUES ('acc_m', 2) RETURNING version$$);
SELECT try($$SELECT learn.grant('acc_m', 'regress_access_stranger', 'read')$$);
SELECT try($$SELECT learn.revoke('acc_m', 'regress_access_reader')$$);
RESET ROLE;

-- The "score" grantee scores by name, but cannot read the bytes or the metadata.
SET ROLE regress_access_scorer;
SELECT try($$SELECT round(learn.predict('acc_m', ARRAY[1, 1]::float8[])::numeric, 6)$$);
SELECT try($$SELECT round(learn.predict('acc_m', d)::numeric, 6) FROM access_data d WHERE x = 1$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report('acc_m', 'access_data')$$);
SELECT try($$SELECT length(learn.model('acc_m'))$$);
SELECT try($$SELECT count(*) FROM learn.coefficients(learn.model('acc_m'))$$);
SELECT try($$SELECT count(*) FROM learn.models WHERE name = 'acc_m'$$);
SELECT try($$SELECT count(*) FROM learn.registry WHERE name = 'acc_m'$$);
SELECT try($$SELECT version FROM learn.deploy('acc_m', 2)$$);
RESET ROLE;

-- The stranger can do nothing with the model.
SET ROLE regress_access_stranger;
SELECT try($$SELECT learn.predict('acc_m', ARRAY[1, 1]::float8[])$$);
SELECT try($$SELECT learn.predict_label('acc_m', ARRAY[1, 1]::float8[])$$);
SELECT try($$SELECT learn.predict('acc_m', d) FROM access_data d WHERE x = 1$$);
SELECT try($$SELECT learn.transform('acc_m', ARRAY[1, 1]::float8[])$$);
SELECT try($$SELECT learn.classes('acc_m')$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report('acc_m', 'access_data')$$);
SELECT try($$SELECT learn.model('acc_m')$$);
SELECT try($$SELECT learn.model('acc_m', 1)$$);
SELECT try($$SELECT learn.describe(learn.model('acc_m'))$$);
SELECT try($$SELECT count(*) FROM learn.models WHERE name = 'acc_m'$$);
SELECT try($$SELECT count(*) FROM learn.registry WHERE name = 'acc_m'$$);
SELECT try($$SELECT count(*) FROM learn.deployments WHERE name = 'acc_m'$$);
SELECT try($$SELECT count(*) FROM learn.model_grants WHERE name = 'acc_m'$$);
SELECT try($$SELECT owner FROM learn.model_names WHERE name = 'acc_m'$$);
SELECT try($$SELECT version FROM learn.train('acc_m', 'linear_regression', 'access_data', 'y')$$);
SELECT try($$SELECT version FROM learn.deploy('acc_m', 2)$$);
SELECT try($$SELECT version FROM learn.deploy('acc_m')$$);
SELECT try($$SELECT learn.grant('acc_m', 'regress_access_stranger', 'read')$$);
SELECT try($$SELECT learn.revoke('acc_m', 'regress_access_reader')$$);
-- rows it cannot see it cannot delete or change (nothing happens)
SELECT try($$WITH d AS (DELETE FROM learn.models WHERE name = 'acc_m' RETURNING 1) SELECT count(*) FROM d$$);
SELECT try($$WITH u AS (UPDATE learn.model_names SET last_version = 100 WHERE name = 'acc_m' RETURNING 1) SELECT count(*) FROM u$$);
SELECT try($$WITH d AS (DELETE FROM learn.model_grants WHERE name = 'acc_m' RETURNING 1) SELECT count(*) FROM d$$);
-- direct inserts under another owner, or as the owner, are refused
SELECT try($$INSERT INTO learn.models (name, version, algorithm, model) VALUES ('acc_m', 9, 'linear_regression', '\x00') RETURNING version$$);
SELECT try($$INSERT INTO learn.models (name, version, algorithm, model, owner) VALUES ('acc_x', 1, 'linear_regression', '\x00', 'regress_access_owner') RETURNING version$$);
SELECT try($$INSERT INTO learn.model_names (name, last_version, owner) VALUES ('acc_x', 1, 'regress_access_owner') RETURNING name$$);
SELECT try($$INSERT INTO learn.deployments (name, version) VALUES ('acc_m', 1) RETURNING version$$);
SELECT try($$INSERT INTO learn.model_grants (name, grantee, privilege) VALUES ('acc_m', 'regress_access_stranger', 'read') RETURNING name$$);
-- nor can it read what it was not granted, even as a source
SELECT try($$SELECT version FROM learn.train('acc_s', 'linear_regression', 'access_secret', 'y')$$);
SELECT try($$SELECT version FROM learn.train('acc_s', 'linear_regression', 'SELECT * FROM access_secret', 'y')$$);
SELECT try($$SELECT count(*) FROM learn.prepare_report(learn.model('acc_m'), 'access_secret')$$);
-- its own model is its own: trained, scored, and hidden from the first owner
SELECT try($$SELECT version FROM learn.train('acc_s', 'linear_regression', 'access_data', 'y', ARRAY['x'])$$);
SELECT try($$SELECT round(learn.predict('acc_s', ARRAY[2]::float8[])::numeric, 6)$$);
RESET ROLE;
SET ROLE regress_access_owner;
SELECT try($$SELECT learn.model('acc_s')$$);
SELECT try($$SELECT count(*) FROM learn.models WHERE name IN ('acc_m', 'acc_s')$$);
-- bytes are a capability: the owner hands them out, anyone scores them
CREATE TEMP TABLE handed_out AS SELECT learn.model('acc_m') AS m;
GRANT SELECT ON handed_out TO regress_access_stranger;
RESET ROLE;
SET ROLE regress_access_stranger;
SELECT try($$SELECT round(learn.predict(m, ARRAY[1, 1]::float8[])::numeric, 6) FROM handed_out$$);
-- a search_path with its own "=" operators changes nothing
RESET ROLE;
CREATE SCHEMA regress_access_evil;
GRANT USAGE, CREATE ON SCHEMA regress_access_evil TO regress_access_stranger;
SET ROLE regress_access_stranger;
CREATE FUNCTION regress_access_evil.yes(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE FUNCTION regress_access_evil.yes(name, name) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR regress_access_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = regress_access_evil.yes);
CREATE OPERATOR regress_access_evil.= (LEFTARG = name, RIGHTARG = name, FUNCTION = regress_access_evil.yes);
SET search_path = regress_access_evil, pg_catalog, public;
SELECT try($$SELECT learn.model('acc_m')$$);
SELECT try($$SELECT learn.predict('acc_m', ARRAY[1, 1]::float8[])$$);
SELECT try($$SELECT count(*) FROM learn.models$$);
SELECT try($$SELECT learn.grant('acc_m', 'regress_access_stranger', 'read')$$);
SELECT try($$SELECT version FROM learn.deploy('acc_m', 1)$$);
RESET search_path;
RESET ROLE;

-- Grants to public; revoking.
SET ROLE regress_access_owner;
SELECT try($$SELECT learn.grant('acc_m', 'public', 'score')$$);
RESET ROLE;
SET ROLE regress_access_stranger;
SELECT try($$SELECT round(learn.predict('acc_m', ARRAY[1, 1]::float8[])::numeric, 6)$$);
SELECT try($$SELECT learn.model('acc_m')$$);
RESET ROLE;
SET ROLE regress_access_owner;
SELECT try($$SELECT learn.revoke('acc_m', 'public')$$);
SELECT try($$SELECT learn.revoke('acc_m', 'regress_access_scorer', 'score')$$);
SELECT try($$SELECT learn.revoke('acc_m', 'regress_access_scorer', 'score')$$);
RESET ROLE;
SET ROLE regress_access_scorer;
SELECT try($$SELECT learn.predict('acc_m', ARRAY[1]::float8[])$$);
RESET ROLE;
SET ROLE regress_access_stranger;
SELECT try($$SELECT learn.predict('acc_m', ARRAY[1]::float8[])$$);
RESET ROLE;

-- The owner deletes its versions; a superuser may act as any owner.
SET ROLE regress_access_owner;
SELECT try($$WITH d AS (DELETE FROM learn.models WHERE name = 'acc_m' AND version = 1 RETURNING 1) SELECT count(*) FROM d$$);
RESET ROLE;
SELECT try($$SELECT version FROM learn.deploy('acc_s')$$);
SELECT try($$SELECT length(learn.model('acc_s')) > 0$$);

-- A model whose owner role was dropped: nobody but a superuser acts as it,
-- and the policies do not fail on the missing role.
CREATE ROLE regress_access_gone NOLOGIN IN ROLE regress_access_users;
SET ROLE regress_access_gone;
SELECT try($$SELECT version FROM learn.train('acc_gone', 'linear_regression', 'access_data', 'y', ARRAY['x'])$$);
RESET ROLE;
DROP ROLE regress_access_gone;
SET ROLE regress_access_stranger;
SELECT try($$SELECT count(*) FROM learn.models$$);
SELECT try($$SELECT learn.model('acc_gone')$$);
SELECT try($$SELECT version FROM learn.train('acc_gone', 'linear_regression', 'access_data', 'y')$$);
RESET ROLE;
SELECT try($$SELECT length(learn.model('acc_gone')) > 0$$);

-- Tuning runs and trials are seen and written by the role that ran them.
GRANT SELECT, INSERT, UPDATE ON learn.tuning_runs, learn.tuning_trials TO regress_access_users;
GRANT USAGE ON SEQUENCE learn.tuning_runs_id_seq TO regress_access_users;
SET ROLE regress_access_owner;
SELECT try($$SELECT trials FROM learn.tune('acc_m', 'linear_regression', 'access_data', 'y', NULL, '{}', '{"lambda": [0, 1]}', folds => 2)$$);
SELECT try($$SELECT count(*) FROM learn.tuning_trials t JOIN learn.tuning_runs r ON r.id = t.run_id WHERE r.name = 'acc_m'$$);
RESET ROLE;
SET ROLE regress_access_member;
SELECT try($$SELECT count(*) FROM learn.tuning_runs WHERE name = 'acc_m'$$);
RESET ROLE;
SET ROLE regress_access_stranger;
SELECT try($$SELECT count(*) FROM learn.tuning_runs WHERE name = 'acc_m'$$);
SELECT try($$SELECT count(*) FROM learn.tuning_trials$$);
SELECT try($$UPDATE learn.tuning_runs SET seconds = 0 WHERE name = 'acc_m' RETURNING id$$);
SELECT try($$SELECT trials FROM learn.tune('acc_m', 'linear_regression', 'access_data', 'y', NULL, '{}', '{"lambda": [0, 1]}', folds => 2)$$);
RESET ROLE;
DELETE FROM learn.tuning_runs WHERE name = 'acc_m';
REVOKE ALL ON SEQUENCE learn.tuning_runs_id_seq FROM regress_access_users;

-- cleanup
DELETE FROM learn.models WHERE name IN ('acc_m', 'acc_s', 'acc_gone', 'acc_secret');
DELETE FROM learn.model_grants WHERE name IN ('acc_m', 'acc_s', 'acc_gone');
DROP TABLE access_data, access_secret, handed_out;
DROP SCHEMA regress_access_evil CASCADE;
DROP FUNCTION public.try(text);
REVOKE ALL ON SCHEMA learn FROM regress_access_users;
REVOKE ALL ON ALL TABLES IN SCHEMA learn FROM regress_access_users;
REVOKE ALL ON SEQUENCE learn.deployments_id_seq FROM regress_access_users;
DROP ROLE regress_access_owner, regress_access_member, regress_access_reader,
          regress_access_scorer, regress_access_stranger, regress_access_users;
