-- ---------------------------------------------------------------------------
-- Model registry.  The tables are dumped by pg_dump (pg_extension_config_dump);
-- DROP EXTENSION deletes them with every stored model.
-- ---------------------------------------------------------------------------

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
CREATE TABLE learn.model_names (
    name         text    PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 200),
    last_version integer NOT NULL CHECK (last_version > 0)
);
COMMENT ON TABLE learn.model_names IS
    'per model name, the last version number given out (versions are never reused)';

SELECT pg_catalog.pg_extension_config_dump('learn.model_names', '');
SELECT pg_catalog.pg_extension_config_dump('learn.models', '');
SELECT pg_catalog.pg_extension_config_dump('learn.deployments', '');
SELECT pg_catalog.pg_extension_config_dump('learn.deployments_id_seq', '');

-- Model versions are immutable (only metrics may be annotated); deployments
-- are append-only: a deployment row disappears only with its model version.
CREATE FUNCTION learn.protect_registry() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION '% cannot be truncated', TG_TABLE_NAME
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Delete model versions from learn.models instead.';
    END IF;
    IF TG_TABLE_NAME = 'model_names' THEN
        IF TG_OP = 'UPDATE' AND NEW.name = OLD.name AND NEW.last_version > OLD.last_version THEN
            RETURN NEW;     -- learn.train giving out the next version
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
    'trigger: keeps model versions immutable and deployments append-only';

CREATE TRIGGER models_immutable BEFORE UPDATE ON learn.models
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
