-- ---------------------------------------------------------------------------
-- Model registry.  Both tables are dumped by pg_dump (pg_extension_config_dump);
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

SELECT pg_catalog.pg_extension_config_dump('learn.models', '');
SELECT pg_catalog.pg_extension_config_dump('learn.deployments', '');
SELECT pg_catalog.pg_extension_config_dump('learn.deployments_id_seq', '');

-- Model versions are immutable; deployments are append-only.
CREATE FUNCTION learn.protect_registry() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'deployments' THEN
        RAISE EXCEPTION 'learn.deployments is append-only'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Call learn.deploy() to serve another version.';
    END IF;
    IF NEW.name IS DISTINCT FROM OLD.name OR NEW.version IS DISTINCT FROM OLD.version
       OR NEW.algorithm IS DISTINCT FROM OLD.algorithm OR NEW.model IS DISTINCT FROM OLD.model
       OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.owner IS DISTINCT FROM OLD.owner THEN
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
CREATE TRIGGER deployments_append_only BEFORE UPDATE ON learn.deployments
    FOR EACH ROW EXECUTE FUNCTION learn.protect_registry();
