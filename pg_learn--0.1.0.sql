-- pg_learn 0.1.0: install script (generated from src/sql/ by make; do not edit)
\echo Use "CREATE EXTENSION pg_learn" to load this file. \quit

-- from src/sql/00_version.sql
-- The schema belongs to the extension, so DROP EXTENSION removes it too.
CREATE SCHEMA learn;
COMMENT ON SCHEMA learn IS 'pg_learn: machine learning in the database';

CREATE FUNCTION learn.version() RETURNS text
    AS 'MODULE_PATHNAME', 'learn_version'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.version() IS
    'version of the loaded pg_learn library';

-- from src/sql/10_registry.sql
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

-- from src/sql/20_inspect.sql
-- ---------------------------------------------------------------------------
-- Inspecting models
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.describe(model bytea) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'learn_describe'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.describe(bytea) IS
    'everything a model holds, as jsonb: algorithm, features, training statistics, parameters';

CREATE FUNCTION learn.training_metrics(model bytea) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'learn_metrics'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.training_metrics(bytea) IS
    'fit statistics on the training data (what learn.train stores in learn.models.metrics)';

CREATE FUNCTION learn.coefficients(model bytea,
    OUT term text, OUT estimate float8, OUT std_error float8, OUT t_value float8, OUT p_value float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'learn_coefficients'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION learn.coefficients(bytea) IS
    'coefficient table of a linear model, as R''s summary(lm): estimate, standard error, t value, p value';

CREATE FUNCTION learn.features(model bytea) RETURNS text[]
    AS 'MODULE_PATHNAME', 'learn_features'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.features(bytea) IS
    'feature names of a model, in the order learn.predict expects them';

CREATE FUNCTION learn.algorithms(OUT name text, OUT task text, OUT aggregate text, OUT max_features integer)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'learn_algorithms'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION learn.algorithms() IS
    'algorithms learn.train accepts, with their task and training aggregate';

CREATE FUNCTION learn.model(name text, version integer DEFAULT NULL) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_model'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.model(text, integer) IS
    'bytes of a stored model: the given version, or the deployed one when version is NULL';

-- from src/sql/30_linreg.sql
-- ---------------------------------------------------------------------------
-- Linear regression
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.linreg_fit_trans(state bytea, y float8, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'linreg_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.linreg_fit_trans(bytea, float8, float8[]) IS
    'transition function of learn.linreg_fit';

CREATE FUNCTION learn.linreg_fit_trans(state bytea, y float8, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'linreg_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.linreg_fit_trans(bytea, float8, float8[], jsonb) IS
    'transition function of learn.linreg_fit with options';

CREATE FUNCTION learn.linreg_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'linreg_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.linreg_fit_combine(bytea, bytea) IS
    'combine function of learn.linreg_fit (merges partial states from parallel workers)';

CREATE FUNCTION learn.linreg_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'linreg_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.linreg_fit_final(bytea) IS
    'final function of learn.linreg_fit: solves and returns the model';

CREATE AGGREGATE learn.linreg_fit(y float8, x float8[]) (
    SFUNC = learn.linreg_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.linreg_fit_final,
    COMBINEFUNC = learn.linreg_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.linreg_fit(float8, float8[]) IS
    'least-squares linear regression over the rows: returns a model';

CREATE AGGREGATE learn.linreg_fit(y float8, x float8[], options jsonb) (
    SFUNC = learn.linreg_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.linreg_fit_final,
    COMBINEFUNC = learn.linreg_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.linreg_fit(float8, float8[], jsonb) IS
    'linear regression with options: intercept (default true), lambda (ridge, default 0), feature_names, target';

-- from src/sql/32_preprocess.sql
-- ---------------------------------------------------------------------------
-- Preprocess-only models (learn.train(name, 'preprocess', ...)): the pipeline
-- and the statistics of the prepared features, for learn.transform.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.preprocess_fit_trans(state bytea, y float8, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'preprocess_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.preprocess_fit_trans(bytea, float8, float8[], jsonb) IS
    'transition function of learn.preprocess_fit';

CREATE FUNCTION learn.preprocess_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'preprocess_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.preprocess_fit_combine(bytea, bytea) IS
    'combine function of learn.preprocess_fit';

CREATE FUNCTION learn.preprocess_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'preprocess_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.preprocess_fit_final(bytea) IS
    'final function of learn.preprocess_fit';

CREATE AGGREGATE learn.preprocess_fit(y float8, x float8[], options jsonb) (
    SFUNC = learn.preprocess_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.preprocess_fit_final,
    COMBINEFUNC = learn.preprocess_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.preprocess_fit(float8, float8[], jsonb) IS
    'statistics of prepared features (the training aggregate of preprocess models; y is ignored)';

-- from src/sql/35_prepare.sql
-- ---------------------------------------------------------------------------
-- Data preparation (the steps stored in a model's pipeline)
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.prepare_row(pipeline bytea, VARIADIC inputs "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_prepare_row'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.prepare_row(bytea, "any") IS
    'internal: applies an encoded preparation pipeline to one row''s input columns (learn.train''s training query uses it)';

-- from src/sql/40_predict.sql
-- ---------------------------------------------------------------------------
-- Scoring
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.predict(model bytea, features float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict(bytea, float8[]) IS
    'prediction of a regression model for one feature vector (NULL if any feature is NULL)';

CREATE FUNCTION learn.predict(name text, features float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict(text, float8[]) IS
    'prediction of the deployed version of the named regression model';

CREATE FUNCTION learn.predict(model bytea, "row" record) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict(bytea, record) IS
    'prediction of a regression model for a row: its columns are bound to the model''s inputs by name and prepared as in training';

CREATE FUNCTION learn.predict(name text, "row" record) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict(text, record) IS
    'prediction of the deployed version of the named regression model for a row (columns bound by name)';

CREATE FUNCTION learn.transform(model bytea, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.transform(bytea, record) IS
    'the prepared features the model sees for a row (names from learn.features)';

CREATE FUNCTION learn.transform(name text, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.transform(text, record) IS
    'the prepared features the deployed version of the named model sees for a row';

-- from src/sql/50_train.sql
-- ---------------------------------------------------------------------------
-- Training driver and deployment
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.train(
    name text,
    algorithm text,
    source text,
    target text DEFAULT NULL,
    features text[] DEFAULT NULL,
    options jsonb DEFAULT '{}',
    OUT name text, OUT version integer, OUT algorithm text, OUT rows_used bigint,
    OUT rows_skipped bigint, OUT metrics jsonb, OUT seconds float8)
    RETURNS record
    AS 'MODULE_PATHNAME', 'learn_train'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION learn.train(text, text, text, text, text[], jsonb) IS
    'train a model on a table, view or query, store it as a new version and deploy it';

CREATE FUNCTION learn.deploy(name text, version integer DEFAULT NULL)
    RETURNS learn.deployments
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v integer := version;
    r learn.deployments;
BEGIN
    IF deploy.name IS NULL THEN
        RAISE EXCEPTION 'learn.deploy needs a model name' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF v IS NULL THEN
        SELECT max(m.version) INTO v FROM learn.models m WHERE m.name = deploy.name;
        IF v IS NULL THEN
            RAISE EXCEPTION 'model "%" does not exist', deploy.name USING ERRCODE = 'undefined_object';
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM learn.models m WHERE m.name = deploy.name AND m.version = v) THEN
        RAISE EXCEPTION 'model "%" has no version %', deploy.name, v USING ERRCODE = 'undefined_object';
    END IF;
    INSERT INTO learn.deployments (name, version) VALUES (deploy.name, v) RETURNING * INTO r;
    RETURN r;
END
$$;
COMMENT ON FUNCTION learn.deploy(text, integer) IS
    'serve the given version (default: the latest) of a model under its name; recorded in learn.deployments';

CREATE VIEW learn.registry AS
SELECT m.name,
       m.version,
       m.algorithm,
       coalesce(m.version = d.version, false) AS deployed,
       m.rows_used,
       m.rows_skipped,
       m.metrics,
       m.owner,
       m.created_at,
       m.train_seconds,
       m.target,
       m.features,
       m.data_fingerprint
FROM learn.models m
LEFT JOIN LATERAL (
    SELECT dd.version FROM learn.deployments dd
    WHERE dd.name = m.name ORDER BY dd.id DESC LIMIT 1
) d ON true;
COMMENT ON VIEW learn.registry IS
    'stored models, one row per version, with their training metrics and whether the version is deployed';
