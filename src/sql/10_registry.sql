-- ---------------------------------------------------------------------------
-- Model registry.  The tables are dumped by pg_dump (pg_extension_config_dump);
-- DROP EXTENSION deletes them with every stored model.
-- ---------------------------------------------------------------------------

-- May the current user act as role (a member with its privileges, or a
-- superuser)?  The ownership test of the registry's policies and triggers.
CREATE FUNCTION learn.acts_as(role name) RETURNS boolean
    AS 'MODULE_PATHNAME', 'learn_acts_as'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.acts_as(name) IS
    'true when the current user has the privileges of role (is it, or a member of it), or is a superuser; false for a role that does not exist, unless a superuser';

CREATE TABLE learn.models (
    name              text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    version           integer     NOT NULL CHECK (version > 0),
    algorithm         text        NOT NULL,
    model             bytea       NOT NULL,
    owner             name        NOT NULL DEFAULT current_user,
    created_at        timestamptz NOT NULL DEFAULT now(),
    source            text,
    target            text,
    features          text[],
    options           jsonb       NOT NULL DEFAULT '{}',
    metrics           jsonb       NOT NULL DEFAULT '{}',
    rows_used         bigint,
    rows_skipped      bigint,
    data_fingerprint  text,
    seed              bigint,
    fit_seconds       float8,
    train_seconds     float8,
    extension_version text        NOT NULL DEFAULT learn.version(),
    PRIMARY KEY (name, version)
);
COMMENT ON TABLE learn.models IS
    'every trained model version: immutable bytes plus training metadata';

CREATE TABLE learn.deployments (
    id          bigserial   PRIMARY KEY,
    name        text        NOT NULL,
    version     integer     NOT NULL,
    deployed_at timestamptz NOT NULL DEFAULT now(),
    deployed_by name        NOT NULL DEFAULT current_user,
    FOREIGN KEY (name, version) REFERENCES learn.models (name, version) ON DELETE CASCADE
);
CREATE INDEX deployments_name_idx ON learn.deployments (name, id DESC);
COMMENT ON TABLE learn.deployments IS
    'append-only history of which model version serves each name: the latest row per name wins';

-- One row per model name: the highest version ever given out, so a version
-- number is never reused (even after a version is deleted), and concurrent
-- trainings of one name serialise on this row.
-- The row also says who owns the name: the role that first trained it.
CREATE TABLE learn.model_names (
    name         text    PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 200),
    last_version integer NOT NULL CHECK (last_version > 0),
    owner        name    NOT NULL DEFAULT current_user
);
COMMENT ON TABLE learn.model_names IS
    'per model name, its owner and the last version number given out (versions are never reused)';

-- Who else may use a model: "score" (by name) or "read" (the bytes, the
-- metadata, and scoring).  Written by learn.grant and learn.revoke (no foreign
-- key to learn.model_names, whose TRUNCATE trigger must give its own error).
CREATE TABLE learn.model_grants (
    name       text        NOT NULL,
    grantee    name        NOT NULL,
    privilege  text        NOT NULL CHECK (privilege IN ('score', 'read')),
    granted_by name        NOT NULL DEFAULT current_user,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, grantee, privilege)
);
COMMENT ON TABLE learn.model_grants IS
    'privileges on models granted by their owners to other roles (grantee public: every role)';

SELECT pg_catalog.pg_extension_config_dump('learn.model_names', '');
SELECT pg_catalog.pg_extension_config_dump('learn.models', '');
SELECT pg_catalog.pg_extension_config_dump('learn.deployments', '');
SELECT pg_catalog.pg_extension_config_dump('learn.deployments_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('learn.model_grants', '');

-- Model versions are immutable (only metrics may be annotated); deployments
-- are append-only: a deployment row disappears only with its model version.
-- Only the owner of a model (its members, superusers) adds, annotates or
-- deletes its versions: checked here for a clear error, and again by the
-- row-level security policies of src/sql/55_access.sql.
CREATE FUNCTION learn.protect_registry() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    name_owner name;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION '% cannot be truncated', TG_TABLE_NAME
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Delete model versions from learn.models instead.';
    END IF;
    IF TG_TABLE_NAME = 'model_names' THEN
        IF TG_OP = 'UPDATE' AND NEW.name = OLD.name AND NEW.last_version > OLD.last_version
           AND NEW.owner = OLD.owner THEN
            RETURN NEW;     -- learn.train giving out the next version
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.owner IS DISTINCT FROM OLD.owner THEN
            RAISE EXCEPTION 'the owner of model "%" cannot be changed', OLD.name
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Train the model under another name as the new owner.';
        END IF;
        RAISE EXCEPTION 'learn.model_names only grows: version numbers are never reused'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF TG_TABLE_NAME = 'deployments' THEN
        IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM learn.models m
                                            WHERE m.name = OLD.name AND m.version = OLD.version) THEN
            RETURN OLD;     -- its model version is being deleted (ON DELETE CASCADE)
        END IF;
        RAISE EXCEPTION 'learn.deployments is append-only'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Call learn.deploy() to serve another version.';
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT n.owner INTO name_owner FROM learn.model_names n WHERE n.name = NEW.name;
        IF NOT learn.acts_as(coalesce(name_owner, NEW.owner)) THEN
            RAISE EXCEPTION 'permission denied to add a version to model "%"', NEW.name
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = format('The model belongs to role "%s"; only that role, its members and superusers may add versions.',
                                      coalesce(name_owner, NEW.owner));
        END IF;
        IF name_owner IS DISTINCT FROM NEW.owner AND name_owner IS NOT NULL THEN
            RAISE EXCEPTION 'a version of model "%" must have the owner of its name, "%", not "%"',
                  NEW.name, name_owner, NEW.owner
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    IF NOT learn.acts_as(OLD.owner) THEN
        RAISE EXCEPTION 'permission denied to % model "%" version %',
              CASE TG_OP WHEN 'DELETE' THEN 'delete' ELSE 'update' END, OLD.name, OLD.version
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('The model belongs to role "%s"; only that role, its members and superusers may change or delete it.',
                                  OLD.owner);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF (NEW.name, NEW.version, NEW.algorithm, NEW.model, NEW.owner, NEW.created_at, NEW.source,
        NEW.target, NEW.features, NEW.options, NEW.rows_used, NEW.rows_skipped,
        NEW.data_fingerprint, NEW.seed, NEW.fit_seconds, NEW.train_seconds, NEW.extension_version)
       IS DISTINCT FROM
       (OLD.name, OLD.version, OLD.algorithm, OLD.model, OLD.owner, OLD.created_at, OLD.source,
        OLD.target, OLD.features, OLD.options, OLD.rows_used, OLD.rows_skipped,
        OLD.data_fingerprint, OLD.seed, OLD.fit_seconds, OLD.train_seconds, OLD.extension_version) THEN
        RAISE EXCEPTION 'model "%" version % is immutable', OLD.name, OLD.version
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Train a new version instead; only metrics may be updated.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION learn.protect_registry() IS
    'trigger: keeps model versions immutable and deployments append-only; only a model''s owner adds, updates or deletes its versions';

CREATE TRIGGER models_immutable BEFORE UPDATE ON learn.models
    FOR EACH ROW EXECUTE FUNCTION learn.protect_registry();
CREATE TRIGGER models_owner BEFORE INSERT OR DELETE ON learn.models
    FOR EACH ROW EXECUTE FUNCTION learn.protect_registry();
CREATE TRIGGER models_no_truncate BEFORE TRUNCATE ON learn.models
    FOR EACH STATEMENT EXECUTE FUNCTION learn.protect_registry();
CREATE TRIGGER deployments_append_only BEFORE UPDATE OR DELETE ON learn.deployments
    FOR EACH ROW EXECUTE FUNCTION learn.protect_registry();
CREATE TRIGGER deployments_no_truncate BEFORE TRUNCATE ON learn.deployments
    FOR EACH STATEMENT EXECUTE FUNCTION learn.protect_registry();
CREATE TRIGGER model_names_grow_only BEFORE UPDATE OR DELETE ON learn.model_names
    FOR EACH ROW EXECUTE FUNCTION learn.protect_registry();
CREATE TRIGGER model_names_no_truncate BEFORE TRUNCATE ON learn.model_names
    FOR EACH STATEMENT EXECUTE FUNCTION learn.protect_registry();
