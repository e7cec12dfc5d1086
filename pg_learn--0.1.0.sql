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
    'statistics of prepared features (the training aggregate of preprocess models; y must be a finite number, learn.train passes 0; rows with a NULL y are skipped)';

-- from src/sql/35_prepare.sql
-- ---------------------------------------------------------------------------
-- Data preparation (the steps stored in a model's pipeline)
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.prepare_row(pipeline bytea, VARIADIC inputs "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_prepare_row'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.prepare_row(bytea, "any") IS
    'internal: applies an encoded preparation pipeline to one row''s input columns (learn.train''s training query uses it)';

CREATE FUNCTION learn.prepare_report(model bytea, source text,
    OUT column_name text, OUT kind text, OUT rows bigint, OUT nulls bigint, OUT imputed bigint,
    OUT other_categories bigint, OUT unusable_rows bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'learn_prepare_report_bytea'
    LANGUAGE C STABLE PARALLEL UNSAFE;
COMMENT ON FUNCTION learn.prepare_report(bytea, text) IS
    'what the model''s preparation does to a table or query: per input column, NULLs, imputed values, category values outside the model''s categories (never seen, or too rare in training: encoded as __other__ or zeros), and rows that cannot be prepared';

CREATE FUNCTION learn.prepare_report(name text, source text,
    OUT column_name text, OUT kind text, OUT rows bigint, OUT nulls bigint, OUT imputed bigint,
    OUT other_categories bigint, OUT unusable_rows bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'learn_prepare_report_name'
    LANGUAGE C STABLE PARALLEL UNSAFE;
COMMENT ON FUNCTION learn.prepare_report(text, text) IS
    'learn.prepare_report for the deployed version of the named model';

-- from src/sql/36_logreg.sql
-- ---------------------------------------------------------------------------
-- Logistic regression (binary and multinomial).  The aggregate keeps its rows
-- in memory (up to learn.memory_limit) and iterates in its final function;
-- learn.logreg_step is one iteration as an aggregate pass, which learn.train
-- uses for sources larger than the limit.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.logreg_fit_trans(state bytea, label anyelement, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_fit_trans(bytea, anyelement, float8[]) IS
    'transition function of learn.logreg_fit';

CREATE FUNCTION learn.logreg_fit_trans(state bytea, label anyelement, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_fit_trans(bytea, anyelement, float8[], jsonb) IS
    'transition function of learn.logreg_fit with options';

CREATE FUNCTION learn.logreg_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_fit_combine(bytea, bytea) IS
    'combine function of learn.logreg_fit (concatenates the kept rows)';

CREATE FUNCTION learn.logreg_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_fit_final(bytea) IS
    'final function of learn.logreg_fit: iterates Newton steps over the kept rows';

CREATE AGGREGATE learn.logreg_fit(label anyelement, x float8[]) (
    SFUNC = learn.logreg_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.logreg_fit_final,
    COMBINEFUNC = learn.logreg_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.logreg_fit(anyelement, float8[]) IS
    'logistic regression (binary or multinomial) over the rows: returns a model';

CREATE AGGREGATE learn.logreg_fit(label anyelement, x float8[], options jsonb) (
    SFUNC = learn.logreg_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.logreg_fit_final,
    COMBINEFUNC = learn.logreg_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.logreg_fit(anyelement, float8[], jsonb) IS
    'logistic regression with options: intercept, lambda (L2), class_weight, max_iter, tol, verbose, feature_names, target';

CREATE FUNCTION learn.logreg_step_trans(state bytea, label anyelement, x float8[], model bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_step_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_step_trans(bytea, anyelement, float8[], bytea) IS
    'transition function of learn.logreg_step';

CREATE FUNCTION learn.logreg_step_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_step_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_step_combine(bytea, bytea) IS
    'combine function of learn.logreg_step (adds partial gradients and Hessians)';

CREATE FUNCTION learn.logreg_step_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_step_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_step_final(bytea) IS
    'final function of learn.logreg_step: applies one Newton iteration';

CREATE AGGREGATE learn.logreg_step(label anyelement, x float8[], model bytea) (
    SFUNC = learn.logreg_step_trans,
    STYPE = bytea,
    FINALFUNC = learn.logreg_step_final,
    COMBINEFUNC = learn.logreg_step_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.logreg_step(anyelement, float8[], bytea) IS
    'one iteration of logistic regression as a parallel pass: evaluates the model and returns the next one';

-- from src/sql/37_naive_bayes.sql
-- ---------------------------------------------------------------------------
-- Naive Bayes (Gaussian or multinomial), one pass over per-class sufficient
-- statistics.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.nb_fit_trans(state bytea, label anyelement, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'nb_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.nb_fit_trans(bytea, anyelement, float8[]) IS
    'transition function of learn.nb_fit';

CREATE FUNCTION learn.nb_fit_trans(state bytea, label anyelement, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'nb_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.nb_fit_trans(bytea, anyelement, float8[], jsonb) IS
    'transition function of learn.nb_fit with options';

CREATE FUNCTION learn.nb_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'nb_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.nb_fit_combine(bytea, bytea) IS
    'combine function of learn.nb_fit (merges the per-class statistics of partial states)';

CREATE FUNCTION learn.nb_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'nb_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.nb_fit_final(bytea) IS
    'final function of learn.nb_fit: returns the naive Bayes model';

CREATE AGGREGATE learn.nb_fit(label anyelement, x float8[]) (
    SFUNC = learn.nb_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.nb_fit_final,
    COMBINEFUNC = learn.nb_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.nb_fit(anyelement, float8[]) IS
    'Gaussian naive Bayes classifier over the rows: returns a model';

CREATE AGGREGATE learn.nb_fit(label anyelement, x float8[], options jsonb) (
    SFUNC = learn.nb_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.nb_fit_final,
    COMBINEFUNC = learn.nb_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.nb_fit(anyelement, float8[], jsonb) IS
    'naive Bayes with options: distribution ("gaussian" or "multinomial"), alpha (variance smoothing, default 1e-9, or additive smoothing, default 1), feature_names, target';

-- from src/sql/38_pca.sql
-- ---------------------------------------------------------------------------
-- Principal component analysis (transform task: no target)
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.pca_fit_trans(state bytea, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pca_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.pca_fit_trans(bytea, float8[]) IS
    'transition function of learn.pca_fit';

CREATE FUNCTION learn.pca_fit_trans(state bytea, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pca_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.pca_fit_trans(bytea, float8[], jsonb) IS
    'transition function of learn.pca_fit with options';

CREATE FUNCTION learn.pca_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pca_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.pca_fit_combine(bytea, bytea) IS
    'combine function of learn.pca_fit (merges partial states from parallel workers)';

CREATE FUNCTION learn.pca_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pca_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.pca_fit_final(bytea) IS
    'final function of learn.pca_fit: eigen-decomposes the covariance and returns the model';

CREATE AGGREGATE learn.pca_fit(x float8[]) (
    SFUNC = learn.pca_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.pca_fit_final,
    COMBINEFUNC = learn.pca_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.pca_fit(float8[]) IS
    'principal component analysis of the rows (sample covariance, all components): returns a model for learn.transform';

CREATE AGGREGATE learn.pca_fit(x float8[], options jsonb) (
    SFUNC = learn.pca_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.pca_fit_final,
    COMBINEFUNC = learn.pca_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.pca_fit(float8[], jsonb) IS
    'principal component analysis with options: n_components (default all), standardize (default false), feature_names';

-- from src/sql/39_kmeans.sql
-- ---------------------------------------------------------------------------
-- k-means clustering.  The aggregate keeps its rows in memory (up to
-- learn.memory_limit) and runs Lloyd's iterations from n_init k-means++
-- starts in its final function; learn.kmeans_step is one iteration as an
-- aggregate pass, which learn.train uses for sources larger than the limit.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.kmeans_fit_trans(state bytea, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_fit_trans(bytea, float8[]) IS
    'transition function of learn.kmeans_fit';

CREATE FUNCTION learn.kmeans_fit_trans(state bytea, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_fit_trans(bytea, float8[], jsonb) IS
    'transition function of learn.kmeans_fit with options';

CREATE FUNCTION learn.kmeans_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_fit_combine(bytea, bytea) IS
    'combine function of learn.kmeans_fit (concatenates the kept rows)';

CREATE FUNCTION learn.kmeans_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_fit_final(bytea) IS
    'final function of learn.kmeans_fit: k-means++ starts and Lloyd iterations over the kept rows';

CREATE AGGREGATE learn.kmeans_fit(x float8[]) (
    SFUNC = learn.kmeans_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.kmeans_fit_final,
    COMBINEFUNC = learn.kmeans_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.kmeans_fit(float8[]) IS
    'k-means clustering of the rows: needs the option k, so call the two-argument form';

CREATE AGGREGATE learn.kmeans_fit(x float8[], options jsonb) (
    SFUNC = learn.kmeans_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.kmeans_fit_final,
    COMBINEFUNC = learn.kmeans_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.kmeans_fit(float8[], jsonb) IS
    'k-means clustering with options: k (required), n_init, seed, max_iter, tol, verbose, feature_names';

CREATE FUNCTION learn.kmeans_step_trans(state bytea, x float8[], model bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_step_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_step_trans(bytea, float8[], bytea) IS
    'transition function of learn.kmeans_step';

CREATE FUNCTION learn.kmeans_step_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_step_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_step_combine(bytea, bytea) IS
    'combine function of learn.kmeans_step (adds partial cluster sums and counts)';

CREATE FUNCTION learn.kmeans_step_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_step_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_step_final(bytea) IS
    'final function of learn.kmeans_step: moves the centroids and decides convergence';

CREATE AGGREGATE learn.kmeans_step(x float8[], model bytea) (
    SFUNC = learn.kmeans_step_trans,
    STYPE = bytea,
    FINALFUNC = learn.kmeans_step_final,
    COMBINEFUNC = learn.kmeans_step_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.kmeans_step(float8[], bytea) IS
    'one Lloyd iteration of k-means as a parallel pass: evaluates the model and returns the next one';

-- The deterministic row sample of learn.train's streamed fits (core/sample.h).
CREATE FUNCTION learn.hash_sample_trans(state bytea, x float8[], n bigint) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hash_sample_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.hash_sample_trans(bytea, float8[], bigint) IS
    'transition function of learn.hash_sample';

CREATE FUNCTION learn.hash_sample_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hash_sample_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.hash_sample_combine(bytea, bytea) IS
    'combine function of learn.hash_sample (merges the kept rows)';

CREATE FUNCTION learn.hash_sample_final(state bytea) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'hash_sample_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.hash_sample_final(bytea) IS
    'final function of learn.hash_sample: the kept rows in key order';

CREATE AGGREGATE learn.hash_sample(x float8[], n bigint) (
    SFUNC = learn.hash_sample_trans,
    STYPE = bytea,
    FINALFUNC = learn.hash_sample_final,
    COMBINEFUNC = learn.hash_sample_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.hash_sample(float8[], bigint) IS
    'deterministic sample: the n rows with the smallest hash of their binary values (ties by value), in that order, as an n x p array; independent of scan order and parallel plans';

-- from src/sql/39b_svm.sql
-- ---------------------------------------------------------------------------
-- Linear support vector machine (L2-regularised squared hinge loss, binary or
-- one-vs-rest).  The aggregate keeps its rows in memory (up to
-- learn.memory_limit) and runs Newton's method in its final function;
-- learn.svm_step is one Newton iteration as an aggregate pass, which
-- learn.train uses for sources larger than the limit.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.svm_fit_trans(state bytea, label anyelement, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_fit_trans(bytea, anyelement, float8[]) IS
    'transition function of learn.svm_fit';

CREATE FUNCTION learn.svm_fit_trans(state bytea, label anyelement, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_fit_trans(bytea, anyelement, float8[], jsonb) IS
    'transition function of learn.svm_fit with options';

CREATE FUNCTION learn.svm_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_fit_combine(bytea, bytea) IS
    'combine function of learn.svm_fit (concatenates the kept rows)';

CREATE FUNCTION learn.svm_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_fit_final(bytea) IS
    'final function of learn.svm_fit: iterates Newton steps over the kept rows, one binary problem after the other';

CREATE AGGREGATE learn.svm_fit(label anyelement, x float8[]) (
    SFUNC = learn.svm_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.svm_fit_final,
    COMBINEFUNC = learn.svm_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.svm_fit(anyelement, float8[]) IS
    'linear SVM (squared hinge loss, L2 penalty; binary or one-vs-rest) over the rows: returns a model';

CREATE AGGREGATE learn.svm_fit(label anyelement, x float8[], options jsonb) (
    SFUNC = learn.svm_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.svm_fit_final,
    COMBINEFUNC = learn.svm_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.svm_fit(anyelement, float8[], jsonb) IS
    'linear SVM with options: C, intercept (penalised like a weight), class_weight, max_iter, tol, verbose, feature_names, target';

CREATE FUNCTION learn.svm_step_trans(state bytea, label anyelement, x float8[], model bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_step_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_step_trans(bytea, anyelement, float8[], bytea) IS
    'transition function of learn.svm_step';

CREATE FUNCTION learn.svm_step_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_step_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_step_combine(bytea, bytea) IS
    'combine function of learn.svm_step (adds partial gradients and Hessians)';

CREATE FUNCTION learn.svm_step_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_step_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_step_final(bytea) IS
    'final function of learn.svm_step: applies one Newton iteration to every binary problem still running';

CREATE AGGREGATE learn.svm_step(label anyelement, x float8[], model bytea) (
    SFUNC = learn.svm_step_trans,
    STYPE = bytea,
    FINALFUNC = learn.svm_step_final,
    COMBINEFUNC = learn.svm_step_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.svm_step(anyelement, float8[], bytea) IS
    'one Newton iteration of the linear SVM as a parallel pass: evaluates the model and returns the next one';

-- from src/sql/40_predict.sql
-- ---------------------------------------------------------------------------
-- Scoring.  One family of functions for every algorithm; each takes the model
-- as bytes or by name (its deployed version), and the features as a float8[]
-- in training order or as a row whose columns are bound to the model's
-- inputs by name and prepared as at training.
--   learn.predict            regression value; a classifier's label as a number
--                            (numeric labels; booleans as 0/1); a cluster number
--   learn.predict_label      a classifier's label (or a cluster number) as text
--   learn.predict_proba      class probabilities, in the order of learn.classes
--   learn.decision_function  decision scores: one value (the second class's
--                            log-odds or margin) for binary logistic regression
--                            and SVMs, one per class otherwise (naive Bayes:
--                            joint log-likelihoods)
--   learn.transform          the algorithm's transform: PCA components, k-means
--                            distances to each centroid, a preprocess model's
--                            prepared features
--   learn.prepare            the prepared features the model sees for a row
-- Name lookups read the catalog (STABLE); bytes are IMMUTABLE.  The model is
-- decoded once per query and call site.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.score_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'learn_score_support'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.score_support(internal) IS
    'internal: planner support rewriting scoring calls on a whole table row into the *_columns variants';

CREATE FUNCTION learn.predict(model bytea, features float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict(bytea, float8[]) IS
    'the models prediction: a regression value, a classifiers label as a number, or a cluster number (model bytes; features in training order)';
CREATE FUNCTION learn.predict(model bytea, "row" record) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict(bytea, record) IS
    'the models prediction: a regression value, a classifiers label as a number, or a cluster number (model bytes; a row, columns bound by name)';
CREATE FUNCTION learn.predict(name text, features float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict(text, float8[]) IS
    'the models prediction: a regression value, a classifiers label as a number, or a cluster number (deployed version of the named model; features in training order)';
CREATE FUNCTION learn.predict(name text, "row" record) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict(text, record) IS
    'the models prediction: a regression value, a classifiers label as a number, or a cluster number (deployed version of the named model; a row, columns bound by name)';
CREATE FUNCTION learn.predict_label(model bytea, features float8[]) RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_label(bytea, float8[]) IS
    'a classifiers predicted label (or a cluster number) as text (model bytes; features in training order)';
CREATE FUNCTION learn.predict_label(model bytea, "row" record) RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict_label(bytea, record) IS
    'a classifiers predicted label (or a cluster number) as text (model bytes; a row, columns bound by name)';
CREATE FUNCTION learn.predict_label(name text, features float8[]) RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_label(text, float8[]) IS
    'a classifiers predicted label (or a cluster number) as text (deployed version of the named model; features in training order)';
CREATE FUNCTION learn.predict_label(name text, "row" record) RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict_label(text, record) IS
    'a classifiers predicted label (or a cluster number) as text (deployed version of the named model; a row, columns bound by name)';
CREATE FUNCTION learn.predict_proba(model bytea, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_proba(bytea, float8[]) IS
    'class probabilities, in the order of learn.classes(model) (model bytes; features in training order)';
CREATE FUNCTION learn.predict_proba(model bytea, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict_proba(bytea, record) IS
    'class probabilities, in the order of learn.classes(model) (model bytes; a row, columns bound by name)';
CREATE FUNCTION learn.predict_proba(name text, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_proba(text, float8[]) IS
    'class probabilities, in the order of learn.classes(model) (deployed version of the named model; features in training order)';
CREATE FUNCTION learn.predict_proba(name text, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.predict_proba(text, record) IS
    'class probabilities, in the order of learn.classes(model) (deployed version of the named model; a row, columns bound by name)';
CREATE FUNCTION learn.decision_function(model bytea, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.decision_function(bytea, float8[]) IS
    'decision scores of a classifier (binary logistic regression and SVMs: one value for the second class; otherwise one per class) (model bytes; features in training order)';
CREATE FUNCTION learn.decision_function(model bytea, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.decision_function(bytea, record) IS
    'decision scores of a classifier (binary logistic regression and SVMs: one value for the second class; otherwise one per class) (model bytes; a row, columns bound by name)';
CREATE FUNCTION learn.decision_function(name text, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.decision_function(text, float8[]) IS
    'decision scores of a classifier (binary logistic regression and SVMs: one value for the second class; otherwise one per class) (deployed version of the named model; features in training order)';
CREATE FUNCTION learn.decision_function(name text, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.decision_function(text, record) IS
    'decision scores of a classifier (binary logistic regression and SVMs: one value for the second class; otherwise one per class) (deployed version of the named model; a row, columns bound by name)';
CREATE FUNCTION learn.transform(model bytea, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.transform(bytea, float8[]) IS
    'the algorithms transform of the features (PCA components; a preprocess models prepared features) (model bytes; features in training order)';
CREATE FUNCTION learn.transform(model bytea, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.transform(bytea, record) IS
    'the algorithms transform of the features (PCA components; a preprocess models prepared features) (model bytes; a row, columns bound by name)';
CREATE FUNCTION learn.transform(name text, features float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.transform(text, float8[]) IS
    'the algorithms transform of the features (PCA components; a preprocess models prepared features) (deployed version of the named model; features in training order)';
CREATE FUNCTION learn.transform(name text, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.transform(text, record) IS
    'the algorithms transform of the features (PCA components; a preprocess models prepared features) (deployed version of the named model; a row, columns bound by name)';
CREATE FUNCTION learn.prepare(model bytea, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_prepare_row_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.prepare(bytea, record) IS
    'the prepared features the model sees for a row (names from learn.features)';
CREATE FUNCTION learn.classes(model bytea) RETURNS text[]
    AS 'MODULE_PATHNAME', 'learn_classes_bytea'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.classes(bytea) IS
    'class labels of a classifier, in the order of learn.predict_proba';
CREATE FUNCTION learn.prepare(name text, "row" record) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_prepare_row_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE
    SUPPORT learn.score_support;
COMMENT ON FUNCTION learn.prepare(text, record) IS
    'the prepared features the model sees for a row (names from learn.features)';
CREATE FUNCTION learn.classes(name text) RETURNS text[]
    AS 'MODULE_PATHNAME', 'learn_classes_name'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.classes(text) IS
    'class labels of a classifier, in the order of learn.predict_proba';

CREATE FUNCTION learn.predict_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_columns(bytea, text[], "any") IS
    'internal: learn.predict on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.predict_columns(name text, column_names text[], VARIADIC columns "any") RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_predict_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_columns(text, text[], "any") IS
    'internal: learn.predict on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.predict_label_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_label_columns(bytea, text[], "any") IS
    'internal: learn.predict_label on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.predict_label_columns(name text, column_names text[], VARIADIC columns "any") RETURNS text
    AS 'MODULE_PATHNAME', 'learn_predict_label_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_label_columns(text, text[], "any") IS
    'internal: learn.predict_label on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.predict_proba_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_proba_columns(bytea, text[], "any") IS
    'internal: learn.predict_proba on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.predict_proba_columns(name text, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_predict_proba_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.predict_proba_columns(text, text[], "any") IS
    'internal: learn.predict_proba on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.decision_function_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.decision_function_columns(bytea, text[], "any") IS
    'internal: learn.decision_function on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.decision_function_columns(name text, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_decision_function_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.decision_function_columns(text, text[], "any") IS
    'internal: learn.decision_function on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.transform_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.transform_columns(bytea, text[], "any") IS
    'internal: learn.transform on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.transform_columns(name text, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_transform_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.transform_columns(text, text[], "any") IS
    'internal: learn.transform on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.prepare_columns(model bytea, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_prepare_columns_bytea'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.prepare_columns(bytea, text[], "any") IS
    'internal: learn.prepare on a table row, with the row''s columns passed separately (written by the planner)';

CREATE FUNCTION learn.prepare_columns(name text, column_names text[], VARIADIC columns "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_prepare_columns_name'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.prepare_columns(text, text[], "any") IS
    'internal: learn.prepare on a table row, with the row''s columns passed separately (written by the planner)';

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
    o name;
BEGIN
    IF deploy.name IS NULL THEN
        RAISE EXCEPTION 'learn.deploy needs a model name' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- only the owner deploys (the row-level security of learn.deployments agrees)
    SELECT n.owner INTO o FROM learn.model_names n WHERE n.name = deploy.name;
    IF o IS NOT NULL AND NOT learn.acts_as(o) THEN
        RAISE EXCEPTION 'permission denied to deploy model "%"', deploy.name
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('The model belongs to role "%s"; only that role, its members and superusers may deploy it.', o);
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

-- security_invoker: the caller's row-level security applies (a view would
-- otherwise read the tables as its owner and show every model).
CREATE VIEW learn.registry WITH (security_invoker = true) AS
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

-- The aggregate learn.train runs: the columns go in as separate arguments
-- (no array per row); the state is the same as the algorithm's own aggregate.
CREATE FUNCTION learn.fit_columns_trans(state bytea, algorithm integer, options jsonb, VARIADIC columns "any")
    RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_fit_columns_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.fit_columns_trans(bytea, integer, jsonb, "any") IS
    'transition function of learn.fit_columns';

CREATE FUNCTION learn.fit_columns_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_fit_columns_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.fit_columns_combine(bytea, bytea) IS
    'combine function of learn.fit_columns';

CREATE FUNCTION learn.fit_columns_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_fit_columns_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.fit_columns_final(bytea) IS
    'final function of learn.fit_columns';

CREATE AGGREGATE learn.fit_columns(algorithm integer, options jsonb, VARIADIC columns "any") (
    SFUNC = learn.fit_columns_trans,
    STYPE = bytea,
    FINALFUNC = learn.fit_columns_final,
    COMBINEFUNC = learn.fit_columns_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.fit_columns(integer, jsonb, "any") IS
    'internal: the training aggregate learn.train runs for pass-through features (target, then float8 feature columns)';

-- from src/sql/55_access.sql
-- ---------------------------------------------------------------------------
-- Access control (docs/security.md).  A model belongs to the role that first
-- trained its name (learn.model_names.owner); that role, its members and
-- superusers add versions, deploy, delete and grant.  Other roles see and
-- use a model only through learn.model_grants.
--
-- Row-level security guards direct access to the tables, for roles given
-- table privileges; the functions check the same rules themselves and
-- raise 42501 with a clear message.  The tables' owner (the superuser who
-- created the extension) is not subject to the policies.  Policies are
-- parsed here, so their operators are fixed whatever the caller's
-- search_path; learn.acts_as is written in C for the same reason.
-- ---------------------------------------------------------------------------

ALTER TABLE learn.models ENABLE ROW LEVEL SECURITY;
ALTER TABLE learn.deployments ENABLE ROW LEVEL SECURITY;
ALTER TABLE learn.model_names ENABLE ROW LEVEL SECURITY;
ALTER TABLE learn.model_grants ENABLE ROW LEVEL SECURITY;

-- versions: seen by the owner and by "read" grantees
CREATE POLICY models_select ON learn.models FOR SELECT
    USING (learn.acts_as(owner)
           OR EXISTS (SELECT 1 FROM learn.model_grants g
                      WHERE g.name = models.name AND g.privilege = 'read'
                        AND (g.grantee = 'public' OR learn.acts_as(g.grantee))));
CREATE POLICY models_insert ON learn.models FOR INSERT
    WITH CHECK (learn.acts_as(owner));
-- updates and deletes of visible rows reach the trigger learn.protect_registry,
-- which refuses a non-owner with a clear error instead of skipping the row
CREATE POLICY models_update ON learn.models FOR UPDATE
    USING (true) WITH CHECK (learn.acts_as(owner));
CREATE POLICY models_delete ON learn.models FOR DELETE
    USING (true);

-- deployment history: seen by the owner and every grantee; written by the owner
CREATE POLICY deployments_select ON learn.deployments FOR SELECT
    USING (EXISTS (SELECT 1 FROM learn.model_names n
                   WHERE n.name = deployments.name AND learn.acts_as(n.owner))
           OR EXISTS (SELECT 1 FROM learn.model_grants g
                      WHERE g.name = deployments.name
                        AND (g.grantee = 'public' OR learn.acts_as(g.grantee))));
CREATE POLICY deployments_insert ON learn.deployments FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM learn.model_names n
                        WHERE n.name = deployments.name AND learn.acts_as(n.owner)));

-- names and their owners are public (as the names of tables are); a name
-- is registered for, and its version counter moved by, its owner only
CREATE POLICY model_names_select ON learn.model_names FOR SELECT
    USING (true);
CREATE POLICY model_names_insert ON learn.model_names FOR INSERT
    WITH CHECK (learn.acts_as(owner));
CREATE POLICY model_names_update ON learn.model_names FOR UPDATE
    USING (learn.acts_as(owner)) WITH CHECK (learn.acts_as(owner));

-- grants: seen by the model's owner and by the grantee; written by the owner
CREATE POLICY model_grants_select ON learn.model_grants FOR SELECT
    USING (grantee = 'public' OR learn.acts_as(grantee)
           OR EXISTS (SELECT 1 FROM learn.model_names n
                      WHERE n.name = model_grants.name AND learn.acts_as(n.owner)));
CREATE POLICY model_grants_insert ON learn.model_grants FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM learn.model_names n
                        WHERE n.name = model_grants.name AND learn.acts_as(n.owner)));
CREATE POLICY model_grants_delete ON learn.model_grants FOR DELETE
    USING (EXISTS (SELECT 1 FROM learn.model_names n
                   WHERE n.name = model_grants.name AND learn.acts_as(n.owner)));

-- The policies of learn.models and learn.deployments read these two tables
-- with the caller's privileges: every role with USAGE on the schema may
-- read them (the policies above filter the rows), and the grant functions
-- write learn.model_grants.  Schema USAGE stays the administrator's choice.
GRANT SELECT ON learn.model_names TO PUBLIC;
GRANT SELECT, INSERT, DELETE ON learn.model_grants TO PUBLIC;

-- The owner of model name, after checking that the caller may act as it.
CREATE FUNCTION learn.check_model_owner(name text, action text) RETURNS name
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    o name;
BEGIN
    SELECT n.owner INTO o FROM learn.model_names n WHERE n.name = check_model_owner.name;
    IF o IS NULL THEN
        RAISE EXCEPTION 'model "%" does not exist', check_model_owner.name
            USING ERRCODE = 'undefined_object';
    END IF;
    IF NOT learn.acts_as(o) THEN
        RAISE EXCEPTION 'permission denied to % model "%"', action, check_model_owner.name
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('The model belongs to role "%s"; only that role, its members and superusers may %s it.',
                                  o, action);
    END IF;
    RETURN o;
END
$$;
COMMENT ON FUNCTION learn.check_model_owner(text, text) IS
    'internal: the owner of a model, after checking that the current user may act as it (42501 otherwise)';

CREATE FUNCTION learn.grant(model text, grantee name, privilege text DEFAULT 'score')
    RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF model IS NULL OR grantee IS NULL OR privilege IS NULL THEN
        RAISE EXCEPTION 'learn.grant needs a model, a grantee and a privilege'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF privilege NOT IN ('score', 'read') THEN
        RAISE EXCEPTION 'unknown model privilege "%"', privilege
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The privileges are "score" (by name) and "read" (the bytes and metadata, and scoring).';
    END IF;
    PERFORM learn.check_model_owner(model, 'grant privileges on');
    IF grantee <> 'public' AND NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = grantee) THEN
        RAISE EXCEPTION 'role "%" does not exist', grantee USING ERRCODE = 'undefined_object';
    END IF;
    INSERT INTO learn.model_grants (name, grantee, privilege)
    VALUES (model, grantee, privilege)
    ON CONFLICT DO NOTHING;
END
$$;
COMMENT ON FUNCTION learn.grant(text, name, text) IS
    'let role grantee (or public) score the model by name ("score") or also read its bytes and metadata ("read"); owner only';

CREATE FUNCTION learn.revoke(model text, grantee name, privilege text DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer;
BEGIN
    IF model IS NULL OR grantee IS NULL THEN
        RAISE EXCEPTION 'learn.revoke needs a model and a grantee'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF privilege IS NOT NULL AND privilege NOT IN ('score', 'read') THEN
        RAISE EXCEPTION 'unknown model privilege "%"', privilege
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM learn.check_model_owner(model, 'revoke privileges on');
    DELETE FROM learn.model_grants g
    WHERE g.name = model AND g.grantee = revoke.grantee
      AND (revoke.privilege IS NULL OR g.privilege = revoke.privilege);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION learn.revoke(text, name, text) IS
    'take back privileges granted with learn.grant (all of the grantee''s when privilege is NULL); returns how many were removed; owner only';

-- from src/sql/55_selection.sql
-- ---------------------------------------------------------------------------
-- Model selection: deterministic splits, cross-validated grid and random
-- search (learn.tune) and the record of every tuning run and trial.  The
-- tables are dumped by pg_dump; DROP EXTENSION deletes them.
-- ---------------------------------------------------------------------------

CREATE TABLE learn.tuning_runs (
    id            bigserial   PRIMARY KEY,
    name          text        NOT NULL,
    algorithm     text        NOT NULL,
    source        text        NOT NULL,
    target        text,
    features      text[]      NOT NULL,
    options       jsonb       NOT NULL DEFAULT '{}',
    grid          jsonb       NOT NULL,
    n_iter        integer,
    folds         integer     NOT NULL,
    metric        text        NOT NULL,
    seed          bigint      NOT NULL,
    stratified    boolean     NOT NULL,
    best_trial    integer,
    model_version integer,
    seconds       float8,
    owner         name        NOT NULL DEFAULT current_user,
    started_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE learn.tuning_runs IS
    'one row per learn.tune call: the search, the folds, the metric, the best trial and the model version trained with it';

CREATE TABLE learn.tuning_trials (
    run_id      bigint   NOT NULL REFERENCES learn.tuning_runs (id) ON DELETE CASCADE,
    trial       integer  NOT NULL,
    params      jsonb    NOT NULL,
    fold_scores float8[] NOT NULL,
    mean_score  float8   NOT NULL,
    std_score   float8   NOT NULL,
    seconds     float8   NOT NULL,
    PRIMARY KEY (run_id, trial)
);
COMMENT ON TABLE learn.tuning_trials IS
    'every parameter set learn.tune tried: its score on each fold, their mean and population standard deviation';

-- Row-level security as for the registry (55_access.sql): a tuning run and
-- its trials are seen and written by the role that ran it (its members,
-- superusers) only.
ALTER TABLE learn.tuning_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE learn.tuning_trials ENABLE ROW LEVEL SECURITY;
CREATE POLICY tuning_runs_owner ON learn.tuning_runs
    USING (learn.acts_as(owner)) WITH CHECK (learn.acts_as(owner));
CREATE POLICY tuning_trials_owner ON learn.tuning_trials
    USING (EXISTS (SELECT 1 FROM learn.tuning_runs r
                   WHERE r.id = tuning_trials.run_id AND learn.acts_as(r.owner)))
    WITH CHECK (EXISTS (SELECT 1 FROM learn.tuning_runs r
                        WHERE r.id = tuning_trials.run_id AND learn.acts_as(r.owner)));

SELECT pg_catalog.pg_extension_config_dump('learn.tuning_runs', '');
SELECT pg_catalog.pg_extension_config_dump('learn.tuning_runs_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('learn.tuning_trials', '');

CREATE FUNCTION learn.tune(
    name text,
    algorithm text,
    source text,
    target text DEFAULT NULL,
    features text[] DEFAULT NULL,
    options jsonb DEFAULT '{}',
    grid jsonb DEFAULT NULL,
    folds integer DEFAULT 5,
    metric text DEFAULT NULL,
    seed bigint DEFAULT 0,
    n_iter integer DEFAULT NULL,
    stratify boolean DEFAULT NULL,
    OUT tuning_run bigint, OUT name text, OUT version integer, OUT metric text,
    OUT cv_score float8, OUT cv_std float8, OUT params jsonb, OUT trials integer,
    OUT seconds float8)
    RETURNS record
    AS 'MODULE_PATHNAME', 'learn_tune'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION learn.tune(text, text, text, text, text[], jsonb, jsonb, integer, text, bigint, integer, boolean) IS
    'k-fold cross-validated grid (or, with n_iter, random) search; records every trial in learn.tuning_trials and stores the best parameters, trained on all rows, as a new model version';

CREATE FUNCTION learn.split(
    algorithm text,
    source text,
    target text DEFAULT NULL,
    features text[] DEFAULT NULL,
    folds integer DEFAULT NULL,
    holdout float8 DEFAULT NULL,
    seed bigint DEFAULT 0,
    stratify boolean DEFAULT NULL)
    RETURNS TABLE (part integer, "row" jsonb)
    AS 'MODULE_PATHNAME', 'learn_split'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION learn.split(text, text, text, text[], integer, float8, bigint, boolean) IS
    'the parts learn.tune (folds) or learn.train''s holdout (part 0 held out) assigns to each row: target and feature values as jsonb';

-- from src/sql/60_cleaning.sql
-- ---------------------------------------------------------------------------
-- Data cleaning: column quality report, duplicate rows, outliers.
--
-- PL/pgSQL with SECURITY INVOKER (the default), so every table is read (and
-- written) with the caller's privileges, row-level security included.  Every
-- identifier that goes into dynamic SQL is quoted with format('%I') (the
-- relation as schema.name from the catalog), every value is a USING parameter
-- or quoted with format('%L').
-- The functions are PARALLEL UNSAFE: learn.cleaning_columns starts a
-- subtransaction, which no parallel operation allows.
-- ---------------------------------------------------------------------------

-- Columns of a relation, in table order or in the order named, each with the
-- expression to group, sort and compare it by: the column itself, or its text
-- form when its type has no default btree operator class (json, xml, point...),
-- found by letting the parser try (exact, where re-deriving the type cache's
-- rules for domains, arrays, ranges and composites from the catalog is not).
CREATE FUNCTION learn.cleaning_columns(source regclass, names text[] DEFAULT NULL)
    RETURNS TABLE(col_name text, col_type text, col_expr text, by_text boolean)
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    relname text;
    kind "char";
    wanted text[] := '{}';
    n text;
    att record;
BEGIN
    IF source IS NULL THEN
        RAISE EXCEPTION 'source must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT format('%I.%I', ns.nspname, c.relname), c.relname, c.relkind INTO rel, relname, kind
    FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
    WHERE c.oid = source;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'relation with OID % does not exist', source::oid
            USING ERRCODE = 'undefined_table';
    END IF;
    IF kind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
        RAISE EXCEPTION '"%" is not a table, view, materialized view or foreign table', relname
            USING ERRCODE = 'wrong_object_type';
    END IF;

    IF names IS NULL THEN
        SELECT coalesce(array_agg(a.attname::text ORDER BY a.attnum), '{}') INTO wanted
        FROM pg_attribute a
        WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped;
    ELSE
        IF cardinality(names) = 0 THEN
            RAISE EXCEPTION 'the list of columns is empty'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass NULL to use every column.';
        END IF;
        FOREACH n IN ARRAY names LOOP
            IF n IS NULL THEN
                RAISE EXCEPTION 'column names must not be NULL' USING ERRCODE = 'null_value_not_allowed';
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_attribute a
                           WHERE a.attrelid = source AND a.attname = n
                             AND a.attnum > 0 AND NOT a.attisdropped) THEN
                RAISE EXCEPTION 'column "%" of relation "%" does not exist', n, relname
                    USING ERRCODE = 'undefined_column';
            END IF;
            IF n = ANY (wanted) THEN
                RAISE EXCEPTION 'column "%" is named more than once', n
                    USING ERRCODE = 'duplicate_column';
            END IF;
            wanted := wanted || n;
        END LOOP;
    END IF;

    FOR att IN
        SELECT a.attname::text AS aname, format_type(a.atttypid, a.atttypmod) AS atype
        FROM unnest(wanted) WITH ORDINALITY AS w(wname, pos)
        JOIN pg_attribute a ON a.attrelid = source AND a.attname = w.wname
        ORDER BY w.pos
    LOOP
        col_name := att.aname;
        col_type := att.atype;
        by_text := false;
        BEGIN
            EXECUTE format('SELECT %1$I FROM %2$s GROUP BY %1$I ORDER BY %1$I LIMIT 0', att.aname, rel);
        EXCEPTION WHEN undefined_function THEN  -- "could not identify an equality/ordering operator"
            by_text := true;
        END;
        col_expr := CASE WHEN by_text THEN format('(%I)::text', att.aname) ELSE format('%I', att.aname) END;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION learn.cleaning_columns(regclass, text[]) IS
    'internal: columns of a relation (all, or the named ones; unknown name: SQLSTATE 42703) with the expression the cleaning functions group and compare them by';

-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.data_quality(
    source regclass,
    near_constant_share float8 DEFAULT 0.99,
    mostly_null_share float8 DEFAULT 0.5)
    RETURNS TABLE(column_name text, data_type text, rows bigint, nulls bigint,
                  null_share float8, distinct_values bigint, top_value text,
                  top_share float8, issues text[])
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    col record;
    top_rows bigint;
BEGIN
    IF near_constant_share IS NULL OR NOT (near_constant_share > 0 AND near_constant_share <= 1) THEN
        RAISE EXCEPTION 'near_constant_share must be in (0, 1], not %', coalesce(near_constant_share::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF mostly_null_share IS NULL OR NOT (mostly_null_share > 0 AND mostly_null_share <= 1) THEN
        RAISE EXCEPTION 'mostly_null_share must be in (0, 1], not %', coalesce(mostly_null_share::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT format('%I.%I', ns.nspname, c.relname) INTO rel
    FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE c.oid = source;
    FOR col IN SELECT * FROM learn.cleaning_columns(source) LOOP
        -- one scan: the count of every value (count(v) is 0 only for the NULL group)
        EXECUTE format($q$
            WITH g AS MATERIALIZED (SELECT %1$s AS v, count(*) AS n, count(%1$s) AS nn
                                    FROM %2$s GROUP BY 1)
            SELECT coalesce(sum(n), 0)::bigint,
                   coalesce(sum(n) - sum(nn), 0)::bigint,
                   count(*) FILTER (WHERE nn > 0),
                   max(nn),
                   (SELECT v::text FROM g WHERE nn > 0 ORDER BY n DESC, v LIMIT 1)
            FROM g$q$, col.col_expr, rel)
        INTO rows, nulls, distinct_values, top_rows, top_value;

        column_name := col.col_name;
        data_type := col.col_type;
        null_share := CASE WHEN rows > 0 THEN nulls::float8 / rows END;
        top_share := CASE WHEN rows > nulls THEN top_rows::float8 / (rows - nulls) END;
        issues := '{}';
        IF rows > 0 AND nulls = rows THEN
            issues := issues || 'all_null'::text;
        END IF;
        IF null_share >= mostly_null_share THEN
            issues := issues || 'mostly_null'::text;
        END IF;
        IF distinct_values = 1 THEN
            issues := issues || 'constant'::text;
        END IF;
        IF top_share >= near_constant_share THEN
            issues := issues || 'near_constant'::text;
        END IF;
        IF distinct_values > 1 AND distinct_values = rows - nulls THEN
            issues := issues || 'unique'::text;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION learn.data_quality(regclass, float8, float8) IS
    'one row per column of a table or view: rows, NULLs, distinct values, most frequent value and issues (all_null, mostly_null, constant, near_constant, unique)';

-- ---------------------------------------------------------------------------

-- The result type of learn.find_duplicates.  PL/pgSQL cannot have an OUT
-- column named like an input parameter (both are "key"), so the function
-- returns this type instead of RETURNS TABLE.
CREATE TYPE learn.duplicate_group AS (key jsonb, copies bigint);
COMMENT ON TYPE learn.duplicate_group IS
    'a group of duplicate rows found by learn.find_duplicates: the shared key columns as jsonb and the number of rows';

CREATE FUNCTION learn.find_duplicates(source regclass, key text[] DEFAULT NULL)
    RETURNS SETOF learn.duplicate_group
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    groups text[];
    pairs text[];
    objects text[] := '{}';
BEGIN
    SELECT array_agg(c.col_expr),
           array_agg(format('%L, to_jsonb(%s)', c.col_name,
                            CASE WHEN c.by_text THEN format('(%s)::%s', c.col_expr, c.col_type)
                                 ELSE c.col_expr END))
    INTO groups, pairs
    FROM learn.cleaning_columns(source, key) c;
    SELECT format('%I.%I', ns.nspname, c.relname) INTO rel
    FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE c.oid = source;

    -- jsonb_build_object takes at most 100 arguments: 50 columns per call
    FOR i IN 0 .. (coalesce(cardinality(pairs), 0) - 1) / 50 LOOP
        objects := objects || format('jsonb_build_object(%s)', array_to_string(pairs[i * 50 + 1 : i * 50 + 50], ', '));
    END LOOP;

    RETURN QUERY EXECUTE format(
        'SELECT %s, count(*) FROM %s GROUP BY %s HAVING count(*) > 1 ORDER BY 2 DESC%s',
        coalesce(array_to_string(objects, ' || '), '''{}''::jsonb'),
        rel,
        coalesce(array_to_string(groups, ', '), '()'),
        coalesce(', ' || array_to_string(groups, ', '), ''));
END
$$;
COMMENT ON FUNCTION learn.find_duplicates(regclass, text[]) IS
    'groups of rows of a table or view that share the key columns (default: all columns; NULLs count as equal) and occur more than once, most copies first';

-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.remove_duplicates(source regclass, key text[] DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    relname text;
    kind "char";
    groups text;
    deleted bigint;
BEGIN
    IF source IS NULL THEN
        RAISE EXCEPTION 'source must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT format('%I.%I', ns.nspname, c.relname), c.relname, c.relkind INTO rel, relname, kind
    FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE c.oid = source;
    IF FOUND AND kind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION 'cannot remove duplicates from "%": it is not a table', relname
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = format('"%s" is a %s.', relname,
                                  CASE kind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                                            WHEN 'f' THEN 'foreign table' WHEN 'S' THEN 'sequence'
                                            WHEN 'i' THEN 'index' WHEN 'I' THEN 'partitioned index'
                                            WHEN 'c' THEN 'composite type' WHEN 't' THEN 'TOAST table'
                                            ELSE 'relation of kind ' || kind::text END),
                  HINT = 'Remove the duplicates from the table it reads.';
    END IF;
    SELECT string_agg(c.col_expr, ', ') INTO groups FROM learn.cleaning_columns(source, key) c;

    -- No other session may change the table between reading the groups and
    -- deleting (a concurrent delete of the row kept would lose the group).
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', rel);
    -- tableoid with ctid: rows of different partitions or child tables can share a ctid
    EXECUTE format($q$
        DELETE FROM %1$s AS t
        USING (SELECT tableoid AS o, ctid AS c,
                      row_number() OVER (%2$s ORDER BY ctid, tableoid) AS r
               FROM %1$s) AS d
        WHERE d.r > 1 AND t.tableoid = d.o AND t.ctid = d.c$q$,
        rel, coalesce('PARTITION BY ' || groups, ''));
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END
$$;
COMMENT ON FUNCTION learn.remove_duplicates(regclass, text[]) IS
    'deletes all but one row (the smallest ctid) of each group of rows sharing the key columns (default: all columns; NULLs count as equal); returns the number of rows deleted';

-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.outliers(
    source regclass,
    column_name text,
    method text DEFAULT 'iqr',
    threshold float8 DEFAULT NULL)
    RETURNS TABLE(row_data jsonb, value float8, score float8)
    LANGUAGE plpgsql STABLE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    relname text;
    typ oid;
    k float8 := threshold;
    finite bigint;
    q float8[];
    mean float8;
    sd float8;
    scored text;
BEGIN
    IF method IS NULL OR method NOT IN ('iqr', 'zscore') THEN
        RAISE EXCEPTION 'unknown outlier method "%"', coalesce(method, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''iqr'' or ''zscore''.';
    END IF;
    k := coalesce(k, CASE method WHEN 'iqr' THEN 1.5 ELSE 3 END);
    IF NOT (k >= 0 AND k < 'Infinity') THEN
        RAISE EXCEPTION 'threshold must be a finite number >= 0, not %', k
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF column_name IS NULL THEN
        RAISE EXCEPTION 'column_name must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM learn.cleaning_columns(source, ARRAY[column_name]);   -- the relation and column exist

    SELECT format('%I.%I', ns.nspname, c.relname), c.relname, a.atttypid INTO rel, relname, typ
    FROM pg_class c
    JOIN pg_namespace ns ON ns.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = outliers.column_name
    WHERE c.oid = source;
    WHILE (SELECT t.typtype FROM pg_type t WHERE t.oid = typ) = 'd' LOOP   -- domains: their base type
        SELECT t.typbasetype INTO typ FROM pg_type t WHERE t.oid = typ;
    END LOOP;
    IF typ NOT IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype,
                   'float4'::regtype, 'float8'::regtype, 'numeric'::regtype) THEN
        RAISE EXCEPTION 'column "%" of relation "%" is not numeric: it has type %',
                        column_name, relname, format_type(typ, NULL)
            USING ERRCODE = 'datatype_mismatch';
    END IF;

    -- reference statistics over the finite values (NULL and NaN are not values)
    EXECUTE format($q$
        SELECT count(*), percentile_cont(ARRAY[0.25, 0.75]) WITHIN GROUP (ORDER BY v),
               avg(v), stddev_pop(v)
        FROM (SELECT (%1$I)::float8 AS v FROM %2$s) s
        WHERE v NOT IN ('Infinity', '-Infinity', 'NaN')$q$, column_name, rel)
    INTO finite, q, mean, sd;
    IF finite = 0 THEN
        RETURN;
    END IF;

    IF method = 'iqr' THEN
        -- Tukey's fences; with IQR 0 any value off the box is infinitely far
        scored := $s$CASE WHEN x.v > $2 + $1 * ($2 - $3) THEN
                              CASE WHEN $2 > $3 THEN (x.v - ($2 + $1 * ($2 - $3))) / ($2 - $3) ELSE 'Infinity' END
                          WHEN x.v < $3 - $1 * ($2 - $3) THEN
                              CASE WHEN $2 > $3 THEN (($3 - $1 * ($2 - $3)) - x.v) / ($2 - $3) ELSE 'Infinity' END
                     END$s$;
    ELSE
        -- signed z-score; with sd 0 only an infinite value is off the mean
        scored := $s$CASE WHEN $5 > 0 THEN (x.v - $4) / $5
                          WHEN x.v > $4 THEN 'Infinity'::float8 WHEN x.v < $4 THEN '-Infinity'::float8
                          ELSE 0 END$s$;
    END IF;
    RETURN QUERY EXECUTE format($q$
        SELECT to_jsonb(s.*), o.v, o.score
        FROM %2$s AS s,
             LATERAL (SELECT (s.%1$I)::float8 AS v) x,
             LATERAL (SELECT x.v, (%3$s)::float8 AS score) o
        WHERE x.v <> 'NaN' AND o.score IS NOT NULL AND abs(o.score) > %4$s
        ORDER BY abs(o.score) DESC, o.v, 1$q$,
        column_name, rel, scored,
        CASE method WHEN 'iqr' THEN '0' ELSE '$1' END)
    USING k, q[2], q[1], mean, sd;
END
$$;
COMMENT ON FUNCTION learn.outliers(regclass, text, text, float8) IS
    'rows whose numeric column is an outlier: method iqr (outside Tukey''s fences Q1 - k*IQR, Q3 + k*IQR, k default 1.5; score in IQR units beyond the fence) or zscore (|z| > threshold, default 3, population sd; score the z-score)';

-- from src/sql/70_distributions.sql
-- ---------------------------------------------------------------------------
-- Distribution functions (docs/statistics.md)
-- lower_tail => false gives the survival function P(X > x), computed
-- directly so that right tails keep full relative accuracy.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.normal_cdf(x float8, mean float8 DEFAULT 0, sd float8 DEFAULT 1,
    lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_normal_cdf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.normal_cdf(float8, float8, float8, boolean) IS
    'normal distribution function P(X <= x), or P(X > x) with lower_tail => false';

CREATE FUNCTION learn.normal_quantile(p float8, mean float8 DEFAULT 0, sd float8 DEFAULT 1,
    lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_normal_quantile'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.normal_quantile(float8, float8, float8, boolean) IS
    'normal quantile: the x with P(X <= x) = p (P(X > x) = p with lower_tail => false)';

CREATE FUNCTION learn.t_cdf(x float8, df float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_t_cdf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_cdf(float8, float8, boolean) IS
    'Student t distribution function with df degrees of freedom (df may be Infinity)';

CREATE FUNCTION learn.t_quantile(p float8, df float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_t_quantile'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_quantile(float8, float8, boolean) IS
    'Student t quantile with df degrees of freedom';

CREATE FUNCTION learn.chisq_cdf(x float8, df float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_chisq_cdf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_cdf(float8, float8, boolean) IS
    'chi-square distribution function with df degrees of freedom';

CREATE FUNCTION learn.chisq_quantile(p float8, df float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_chisq_quantile'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_quantile(float8, float8, boolean) IS
    'chi-square quantile with df degrees of freedom';

CREATE FUNCTION learn.f_cdf(x float8, df1 float8, df2 float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_f_cdf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.f_cdf(float8, float8, float8, boolean) IS
    'F distribution function with (df1, df2) degrees of freedom';

CREATE FUNCTION learn.f_quantile(p float8, df1 float8, df2 float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_f_quantile'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.f_quantile(float8, float8, float8, boolean) IS
    'F quantile with (df1, df2) degrees of freedom';

-- from src/sql/70_metrics.sql
-- ---------------------------------------------------------------------------
-- Evaluation metrics (docs/evaluation.md): aggregates over (actual,
-- predicted), (actual, score) and (features, cluster), the set-returning
-- functions that unnest a confusion matrix or a score curve into rows, and
-- learn.evaluate.  Every aggregate is PARALLEL SAFE with a combine function;
-- states are bytea, validated on every entry.  Label arguments are "any":
-- an integer, boolean or text column compares with learn.predict_label
-- (text) or learn.predict (float8) without casts (the rule is in the docs).
-- ---------------------------------------------------------------------------

-- classification from (actual, predicted) labels: one confusion-matrix state

CREATE FUNCTION learn.metric_labels_trans(state bytea, actual "any", predicted "any") RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_labels_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_labels_trans(bytea, "any", "any") IS
    'transition function of the label metrics (counts the pair in a confusion matrix)';

CREATE FUNCTION learn.metric_labels_trans(state bytea, actual "any", predicted "any", average text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_labels_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_labels_trans(bytea, "any", "any", text) IS
    'transition function of the label metrics with an average';

CREATE FUNCTION learn.metric_labels_trans(state bytea, actual "any", predicted "any", average text, pos_label text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_labels_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_labels_trans(bytea, "any", "any", text, text) IS
    'transition function of the label metrics with an average and a positive label';

CREATE FUNCTION learn.metric_labels_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_labels_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_labels_combine(bytea, bytea) IS
    'combine function of the label metrics (adds confusion matrices)';

CREATE FUNCTION learn.accuracy_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_accuracy_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.accuracy_final(bytea) IS
    'final function of learn.accuracy';

CREATE FUNCTION learn.balanced_accuracy_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_balanced_accuracy_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.balanced_accuracy_final(bytea) IS
    'final function of learn.balanced_accuracy';

CREATE FUNCTION learn.precision_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_precision_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.precision_final(bytea) IS
    'final function of learn.precision';

CREATE FUNCTION learn.recall_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_recall_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.recall_final(bytea) IS
    'final function of learn.recall';

CREATE FUNCTION learn.f1_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_f1_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.f1_final(bytea) IS
    'final function of learn.f1';

CREATE FUNCTION learn.mcc_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_mcc_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.mcc_final(bytea) IS
    'final function of learn.mcc';

CREATE FUNCTION learn.confusion_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_confusion_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.confusion_final(bytea) IS
    'final function of learn.confusion_matrix';

CREATE AGGREGATE learn.accuracy(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.accuracy_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.accuracy("any", "any") IS
    'fraction of rows whose predicted label equals the actual one (sklearn accuracy_score); NULL without rows';

CREATE AGGREGATE learn.balanced_accuracy(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.balanced_accuracy_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.balanced_accuracy("any", "any") IS
    'mean recall over the actual classes (sklearn balanced_accuracy_score)';

CREATE AGGREGATE learn.mcc(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.mcc_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.mcc("any", "any") IS
    'Matthews correlation coefficient, multiclass as sklearn matthews_corrcoef; 0 when undefined';

CREATE AGGREGATE learn.confusion_matrix(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.confusion_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.confusion_matrix("any", "any") IS
    'confusion matrix as a compact bytea; unnest it with learn.confusion_rows';

CREATE AGGREGATE learn.precision(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.precision_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.precision("any", "any") IS
    'binary precision of the greater of at most two labels (sklearn precision_score default for 0/1 labels); 0 when undefined';

CREATE AGGREGATE learn.precision(actual "any", predicted "any", average text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.precision_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.precision("any", "any", text) IS
    'precision with average binary, macro, micro or weighted (sklearn precision_score); 0 when undefined (zero_division)';

CREATE AGGREGATE learn.precision(actual "any", predicted "any", average text, pos_label text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.precision_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.precision("any", "any", text, text) IS
    'precision with an average and the positive label for average binary';

CREATE AGGREGATE learn.recall(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.recall_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.recall("any", "any") IS
    'binary recall of the greater of at most two labels (sklearn recall_score default for 0/1 labels); 0 when undefined';

CREATE AGGREGATE learn.recall(actual "any", predicted "any", average text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.recall_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.recall("any", "any", text) IS
    'recall with average binary, macro, micro or weighted (sklearn recall_score); 0 when undefined (zero_division)';

CREATE AGGREGATE learn.recall(actual "any", predicted "any", average text, pos_label text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.recall_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.recall("any", "any", text, text) IS
    'recall with an average and the positive label for average binary';

CREATE AGGREGATE learn.f1(actual "any", predicted "any") (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.f1_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.f1("any", "any") IS
    'binary F1 score of the greater of at most two labels (sklearn f1_score default for 0/1 labels); 0 when undefined';

CREATE AGGREGATE learn.f1(actual "any", predicted "any", average text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.f1_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.f1("any", "any", text) IS
    'F1 score with average binary, macro, micro or weighted (sklearn f1_score); 0 when undefined (zero_division)';

CREATE AGGREGATE learn.f1(actual "any", predicted "any", average text, pos_label text) (
    SFUNC = learn.metric_labels_trans,
    STYPE = bytea,
    FINALFUNC = learn.f1_final,
    COMBINEFUNC = learn.metric_labels_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.f1("any", "any", text, text) IS
    'F1 score with an average and the positive label for average binary';

CREATE FUNCTION learn.confusion_rows(confusion bytea) RETURNS TABLE (actual text, predicted text, n bigint)
    AS 'MODULE_PATHNAME', 'learn_confusion_rows'
    LANGUAGE C IMMUTABLE PARALLEL SAFE STRICT;
COMMENT ON FUNCTION learn.confusion_rows(bytea) IS
    'the cells of a learn.confusion_matrix value as rows, zeros included, in class order';

-- regression from (actual, predicted)

CREATE FUNCTION learn.metric_regression_trans(state bytea, actual float8, predicted float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_regression_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_regression_trans(bytea, float8, float8) IS
    'transition function of the regression metrics (running moments)';

CREATE FUNCTION learn.metric_regression_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_regression_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_regression_combine(bytea, bytea) IS
    'combine function of the regression metrics';

CREATE FUNCTION learn.rmse_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_rmse_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.rmse_final(bytea) IS
    'final function of learn.rmse';

CREATE AGGREGATE learn.rmse(actual float8, predicted float8) (
    SFUNC = learn.metric_regression_trans,
    STYPE = bytea,
    FINALFUNC = learn.rmse_final,
    COMBINEFUNC = learn.metric_regression_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.rmse(float8, float8) IS
    'root mean squared error (sklearn mean_squared_error, squared=False)';

CREATE FUNCTION learn.mae_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_mae_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.mae_final(bytea) IS
    'final function of learn.mae';

CREATE AGGREGATE learn.mae(actual float8, predicted float8) (
    SFUNC = learn.metric_regression_trans,
    STYPE = bytea,
    FINALFUNC = learn.mae_final,
    COMBINEFUNC = learn.metric_regression_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.mae(float8, float8) IS
    'mean absolute error (sklearn mean_absolute_error)';

CREATE FUNCTION learn.mape_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_mape_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.mape_final(bytea) IS
    'final function of learn.mape';

CREATE AGGREGATE learn.mape(actual float8, predicted float8) (
    SFUNC = learn.metric_regression_trans,
    STYPE = bytea,
    FINALFUNC = learn.mape_final,
    COMBINEFUNC = learn.metric_regression_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.mape(float8, float8) IS
    'mean absolute percentage error as a fraction, dividing by max(|actual|, machine epsilon) (sklearn mean_absolute_percentage_error)';

CREATE FUNCTION learn.r2_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_r2_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.r2_final(bytea) IS
    'final function of learn.r2';

CREATE AGGREGATE learn.r2(actual float8, predicted float8) (
    SFUNC = learn.metric_regression_trans,
    STYPE = bytea,
    FINALFUNC = learn.r2_final,
    COMBINEFUNC = learn.metric_regression_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.r2(float8, float8) IS
    'coefficient of determination (sklearn r2_score); NULL under two rows';

CREATE FUNCTION learn.explained_variance_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_explained_variance_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.explained_variance_final(bytea) IS
    'final function of learn.explained_variance';

CREATE AGGREGATE learn.explained_variance(actual float8, predicted float8) (
    SFUNC = learn.metric_regression_trans,
    STYPE = bytea,
    FINALFUNC = learn.explained_variance_final,
    COMBINEFUNC = learn.metric_regression_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.explained_variance(float8, float8) IS
    'explained variance score (sklearn explained_variance_score); NULL under two rows';

-- binary ranking from (actual, score): the pairs are kept (16 bytes a row, up to learn.memory_limit)

CREATE FUNCTION learn.metric_scores_trans(state bytea, actual "any", score float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_scores_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_scores_trans(bytea, "any", float8) IS
    'transition function of the binary score metrics (keeps the pair)';

CREATE FUNCTION learn.metric_scores_trans(state bytea, actual "any", score float8, pos_label text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_scores_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_scores_trans(bytea, "any", float8, text) IS
    'transition function of the binary score metrics with a positive label';

CREATE FUNCTION learn.metric_scores_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_scores_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_scores_combine(bytea, bytea) IS
    'combine function of the binary score metrics (concatenates the pairs)';

CREATE FUNCTION learn.roc_auc_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_roc_auc_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.roc_auc_final(bytea) IS
    'final function of learn.roc_auc';

CREATE FUNCTION learn.pr_auc_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_pr_auc_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.pr_auc_final(bytea) IS
    'final function of learn.pr_auc';

CREATE FUNCTION learn.binary_scores_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_binary_scores_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.binary_scores_final(bytea) IS
    'final function of learn.binary_scores';

CREATE AGGREGATE learn.roc_auc(actual "any", score float8) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.roc_auc_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.roc_auc("any", float8) IS
    'area under the ROC curve (sklearn roc_auc_score, binary); NULL unless both classes occur; the positive class is the greater of two labels';

CREATE AGGREGATE learn.roc_auc(actual "any", score float8, pos_label text) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.roc_auc_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.roc_auc("any", float8, text) IS
    'area under the ROC curve (sklearn roc_auc_score, binary); NULL unless both classes occur; with the positive label';

CREATE AGGREGATE learn.pr_auc(actual "any", score float8) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.pr_auc_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.pr_auc("any", float8) IS
    'average precision, the step-wise area under the precision-recall curve (sklearn average_precision_score); NULL without a positive; the positive class is the greater of two labels';

CREATE AGGREGATE learn.pr_auc(actual "any", score float8, pos_label text) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.pr_auc_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.pr_auc("any", float8, text) IS
    'average precision, the step-wise area under the precision-recall curve (sklearn average_precision_score); NULL without a positive; with the positive label';

CREATE AGGREGATE learn.binary_scores(actual "any", score float8) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.binary_scores_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.binary_scores("any", float8) IS
    'the (score, label) pairs as a compact bytea for learn.roc_curve and learn.pr_curve; the positive class is the greater of two labels';

CREATE AGGREGATE learn.binary_scores(actual "any", score float8, pos_label text) (
    SFUNC = learn.metric_scores_trans,
    STYPE = bytea,
    FINALFUNC = learn.binary_scores_final,
    COMBINEFUNC = learn.metric_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.binary_scores("any", float8, text) IS
    'the (score, label) pairs as a compact bytea for learn.roc_curve and learn.pr_curve; with the positive label';

CREATE FUNCTION learn.roc_curve(scores bytea) RETURNS TABLE (threshold float8, tpr float8, fpr float8, "precision" float8, recall float8)
    AS 'MODULE_PATHNAME', 'learn_roc_curve'
    LANGUAGE C IMMUTABLE PARALLEL SAFE STRICT;
COMMENT ON FUNCTION learn.roc_curve(bytea) IS
    'the points of sklearn roc_curve(drop_intermediate=False) of a learn.binary_scores value, as rows';

CREATE FUNCTION learn.pr_curve(scores bytea) RETURNS TABLE (threshold float8, tpr float8, fpr float8, "precision" float8, recall float8)
    AS 'MODULE_PATHNAME', 'learn_pr_curve'
    LANGUAGE C IMMUTABLE PARALLEL SAFE STRICT;
COMMENT ON FUNCTION learn.pr_curve(bytea) IS
    'the points of sklearn precision_recall_curve of a learn.binary_scores value, as rows';

-- log loss

CREATE FUNCTION learn.metric_logloss_trans(state bytea, actual "any", p float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_logloss_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_logloss_trans(bytea, "any", float8) IS
    'transition function of binary learn.log_loss';

CREATE FUNCTION learn.metric_logloss_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_logloss_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_logloss_combine(bytea, bytea) IS
    'combine function of binary learn.log_loss';

CREATE FUNCTION learn.log_loss_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_log_loss_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.log_loss_final(bytea) IS
    'final function of binary learn.log_loss';

CREATE AGGREGATE learn.log_loss(actual "any", p float8) (
    SFUNC = learn.metric_logloss_trans,
    STYPE = bytea,
    FINALFUNC = learn.log_loss_final,
    COMBINEFUNC = learn.metric_logloss_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.log_loss("any", float8) IS
    'binary log loss, p the probability of the greater label (sklearn log_loss, p clipped to [eps, 1-eps]); NULL unless both labels occur';

CREATE FUNCTION learn.metric_logloss_multi_trans(state bytea, actual "any", proba float8[], classes text[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_logloss_multi_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_logloss_multi_trans(bytea, "any", float8[], text[]) IS
    'transition function of multiclass learn.log_loss';

CREATE FUNCTION learn.metric_logloss_multi_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_logloss_multi_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_logloss_multi_combine(bytea, bytea) IS
    'combine function of multiclass learn.log_loss';

CREATE FUNCTION learn.log_loss_multi_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_log_loss_multi_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.log_loss_multi_final(bytea) IS
    'final function of multiclass learn.log_loss';

CREATE AGGREGATE learn.log_loss(actual "any", proba float8[], classes text[]) (
    SFUNC = learn.metric_logloss_multi_trans,
    STYPE = bytea,
    FINALFUNC = learn.log_loss_multi_final,
    COMBINEFUNC = learn.metric_logloss_multi_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.log_loss("any", float8[], text[]) IS
    'log loss of class probabilities proba[i] of classes[i] (learn.predict_proba, learn.classes); sklearn log_loss with labels';

-- clustering

CREATE FUNCTION learn.metric_silhouette_trans(state bytea, features float8[], cluster "any") RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_silhouette_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_silhouette_trans(bytea, float8[], "any") IS
    'transition function of learn.silhouette (keeps the rows, up to 20000)';

CREATE FUNCTION learn.metric_silhouette_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_metric_silhouette_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.metric_silhouette_combine(bytea, bytea) IS
    'combine function of learn.silhouette';

CREATE FUNCTION learn.silhouette_final(state bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_silhouette_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.silhouette_final(bytea) IS
    'final function of learn.silhouette: exact O(n^2) silhouette';

CREATE AGGREGATE learn.silhouette(features float8[], cluster "any") (
    SFUNC = learn.metric_silhouette_trans,
    STYPE = bytea,
    FINALFUNC = learn.silhouette_final,
    COMBINEFUNC = learn.metric_silhouette_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.silhouette(float8[], "any") IS
    'mean silhouette coefficient, Euclidean, exact (sklearn silhouette_score); at most 20000 rows; NULL unless 2 <= clusters <= rows - 1';

-- learn.evaluate

CREATE FUNCTION learn.evaluate(model text, source text) RETURNS TABLE (metric text, value float8)
    AS 'MODULE_PATHNAME', 'learn_evaluate_name'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION learn.evaluate(text, text) IS
    'one row per metric of the deployed version of a stored model on a table, view or SELECT query';

CREATE FUNCTION learn.evaluate(model bytea, source text) RETURNS TABLE (metric text, value float8)
    AS 'MODULE_PATHNAME', 'learn_evaluate_bytea'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION learn.evaluate(bytea, text) IS
    'one row per metric of a model (bytea) on a table, view or SELECT query';

-- from src/sql/71_stattests.sql
-- ---------------------------------------------------------------------------
-- Hypothesis tests (docs/statistics.md)
-- Aggregates over bytea states (validated on entry), each PARALLEL SAFE with
-- a combine function.  They return learn.test_result; an empty input gives
-- NULL.  Conventions follow R 4.2's t.test, aov, chisq.test, ks.test and
-- wilcox.test; two-sample tests take a group column with exactly two
-- labels, the first in byte order being "x".
-- ---------------------------------------------------------------------------

CREATE TYPE learn.test_result AS (
    method text,
    statistic float8,
    df float8,
    df2 float8,
    p_value float8,
    alternative text
);
COMMENT ON TYPE learn.test_result IS
    'result of a hypothesis test: method, statistic, degrees of freedom (df2: denominator of F), p value, alternative';

-- t tests and ANOVA: per-group moments
CREATE FUNCTION learn.t_test_trans(state bytea, x float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test_trans(bytea, float8) IS
    'transition function of learn.t_test';
CREATE FUNCTION learn.t_test_trans(state bytea, x float8, mu float8, alternative text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test_trans(bytea, float8, float8, text) IS
    'transition function of learn.t_test';
CREATE FUNCTION learn.t_test_paired_trans(state bytea, x float8, y float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test_paired_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test_paired_trans(bytea, float8, float8) IS
    'transition function of learn.t_test_paired';
CREATE FUNCTION learn.t_test_paired_trans(state bytea, x float8, y float8, mu float8, alternative text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test_paired_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test_paired_trans(bytea, float8, float8, float8, text) IS
    'transition function of learn.t_test_paired';
CREATE FUNCTION learn.t_test2_trans(state bytea, value float8, grp text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test2_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test2_trans(bytea, float8, text) IS
    'transition function of learn.t_test2';
CREATE FUNCTION learn.t_test2_trans(state bytea, value float8, grp text, var_equal boolean, alternative text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test2_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test2_trans(bytea, float8, text, boolean, text) IS
    'transition function of learn.t_test2';
CREATE FUNCTION learn.t_test2_trans(state bytea, value float8, grp text, var_equal boolean, alternative text, mu float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test2_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test2_trans(bytea, float8, text, boolean, text, float8) IS
    'transition function of learn.t_test2';
CREATE FUNCTION learn.anova_trans(state bytea, value float8, grp text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_anova_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.anova_trans(bytea, float8, text) IS
    'transition function of learn.anova';
CREATE FUNCTION learn.stat_moments_combine(a bytea, b bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_stat_moments_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_moments_combine(bytea, bytea) IS
    'combine function of learn.t_test, learn.t_test_paired, learn.t_test2 and learn.anova (Chan et al. merge of per-group moments)';
CREATE FUNCTION learn.stat_moments_final(state bytea) RETURNS learn.test_result
    AS 'MODULE_PATHNAME', 'learn_stat_moments_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_moments_final(bytea) IS
    'final function of learn.t_test, learn.t_test_paired, learn.t_test2 and learn.anova';

CREATE AGGREGATE learn.t_test(x float8) (
    SFUNC = learn.t_test_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test(float8) IS
    'one-sample t test of mean 0, two-sided (R: t.test(x))';
CREATE AGGREGATE learn.t_test(x float8, mu float8, alternative text) (
    SFUNC = learn.t_test_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test(float8, float8, text) IS
    'one-sample t test of mean mu; alternative two.sided, less or greater (R: t.test(x, mu =, alternative =))';
CREATE AGGREGATE learn.t_test_paired(x float8, y float8) (
    SFUNC = learn.t_test_paired_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test_paired(float8, float8) IS
    'paired t test of x - y, two-sided (R: t.test(x, y, paired = TRUE))';
CREATE AGGREGATE learn.t_test_paired(x float8, y float8, mu float8, alternative text) (
    SFUNC = learn.t_test_paired_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test_paired(float8, float8, float8, text) IS
    'paired t test of mean difference mu with an alternative';
CREATE AGGREGATE learn.t_test2(value float8, grp text) (
    SFUNC = learn.t_test2_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test2(float8, text) IS
    'Welch two-sample t test between the two groups of grp (x: the label first in byte order; R: t.test(value ~ grp))';
CREATE AGGREGATE learn.t_test2(value float8, grp text, var_equal boolean, alternative text) (
    SFUNC = learn.t_test2_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test2(float8, text, boolean, text) IS
    'two-sample t test: Student (var_equal) or Welch, with an alternative';
CREATE AGGREGATE learn.t_test2(value float8, grp text, var_equal boolean, alternative text, mu float8) (
    SFUNC = learn.t_test2_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test2(float8, text, boolean, text, float8) IS
    'two-sample t test of a difference in means of mu (R: t.test(value ~ grp, mu =, var.equal =, alternative =))';
CREATE AGGREGATE learn.anova(value float8, grp text) (
    SFUNC = learn.anova_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.anova(float8, text) IS
    'one-way analysis of variance of value by grp: F, df (groups - 1), df2 (rows - groups), p value (R: aov)';

-- tests that keep their values (bounded by learn.memory_limit)
CREATE FUNCTION learn.ks_test_trans(state bytea, value float8, grp text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_ks_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.ks_test_trans(bytea, float8, text) IS
    'transition function of learn.ks_test';
CREATE FUNCTION learn.ks_test_trans(state bytea, value float8, grp text, alternative text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_ks_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.ks_test_trans(bytea, float8, text, text) IS
    'transition function of learn.ks_test';
CREATE FUNCTION learn.mann_whitney_trans(state bytea, value float8, grp text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_mann_whitney_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.mann_whitney_trans(bytea, float8, text) IS
    'transition function of learn.mann_whitney';
CREATE FUNCTION learn.mann_whitney_trans(state bytea, value float8, grp text, alternative text, correct boolean) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_mann_whitney_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.mann_whitney_trans(bytea, float8, text, text, boolean) IS
    'transition function of learn.mann_whitney';
CREATE FUNCTION learn.chisq_gof_trans(state bytea, observed float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_chisq_gof_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_gof_trans(bytea, float8) IS
    'transition function of learn.chisq_gof(observed)';
CREATE FUNCTION learn.chisq_gof_trans(state bytea, observed float8, expected float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_chisq_gof_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_gof_trans(bytea, float8, float8) IS
    'transition function of learn.chisq_gof(observed, expected)';
CREATE FUNCTION learn.stat_sample_combine(a bytea, b bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_stat_sample_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_sample_combine(bytea, bytea) IS
    'combine function of learn.ks_test, learn.mann_whitney and learn.chisq_gof';
CREATE FUNCTION learn.stat_sample_final(state bytea) RETURNS learn.test_result
    AS 'MODULE_PATHNAME', 'learn_stat_sample_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_sample_final(bytea) IS
    'final function of learn.ks_test, learn.mann_whitney and learn.chisq_gof';

CREATE AGGREGATE learn.ks_test(value float8, grp text) (
    SFUNC = learn.ks_test_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.ks_test(float8, text) IS
    'two-sided two-sample Kolmogorov-Smirnov test: exact p value when n_x n_y < 10000 without ties, else asymptotic (R 4.2 ks.test defaults)';
CREATE AGGREGATE learn.ks_test(value float8, grp text, alternative text) (
    SFUNC = learn.ks_test_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.ks_test(float8, text, text) IS
    'two-sample Kolmogorov-Smirnov test with an alternative: greater (D+ = max(F_x - F_y)), less (D- = max(F_y - F_x)) or two.sided';
CREATE AGGREGATE learn.mann_whitney(value float8, grp text) (
    SFUNC = learn.mann_whitney_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.mann_whitney(float8, text) IS
    'Mann-Whitney U (Wilcoxon rank sum) test, two-sided: exact below 50 values per group without ties, else normal approximation with tie and continuity correction (R: wilcox.test)';
CREATE AGGREGATE learn.mann_whitney(value float8, grp text, alternative text, correct boolean) (
    SFUNC = learn.mann_whitney_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.mann_whitney(float8, text, text, boolean) IS
    'Mann-Whitney U test with an alternative and the continuity correction on or off';
CREATE AGGREGATE learn.chisq_gof(observed float8) (
    SFUNC = learn.chisq_gof_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.chisq_gof(float8) IS
    'chi-square goodness of fit of observed counts (one row per category) to equal probabilities';
CREATE AGGREGATE learn.chisq_gof(observed float8, expected float8) (
    SFUNC = learn.chisq_gof_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.chisq_gof(float8, float8) IS
    'chi-square goodness of fit: expected probabilities or counts per category, rescaled to the observed total';

-- contingency tables
CREATE FUNCTION learn.chisq_test_trans(state bytea, a text, b text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_chisq_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_test_trans(bytea, text, text) IS
    'transition function of learn.chisq_test';
CREATE FUNCTION learn.chisq_test_trans(state bytea, a text, b text, correct boolean) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_chisq_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_test_trans(bytea, text, text, boolean) IS
    'transition function of learn.chisq_test';
CREATE FUNCTION learn.stat_table_combine(a bytea, b bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_stat_table_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_table_combine(bytea, bytea) IS
    'combine function of learn.chisq_test';
CREATE FUNCTION learn.stat_table_final(state bytea) RETURNS learn.test_result
    AS 'MODULE_PATHNAME', 'learn_stat_table_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_table_final(bytea) IS
    'final function of learn.chisq_test';
CREATE AGGREGATE learn.chisq_test(a text, b text) (
    SFUNC = learn.chisq_test_trans, STYPE = bytea, FINALFUNC = learn.stat_table_final,
    COMBINEFUNC = learn.stat_table_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.chisq_test(text, text) IS
    'chi-square test of independence of two categorical columns, Yates-corrected for 2 x 2 tables (R: chisq.test(table(a, b)))';
CREATE AGGREGATE learn.chisq_test(a text, b text, correct boolean) (
    SFUNC = learn.chisq_test_trans, STYPE = bytea, FINALFUNC = learn.stat_table_final,
    COMBINEFUNC = learn.stat_table_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.chisq_test(text, text, boolean) IS
    'chi-square test of independence; correct => false turns off Yates'' correction for 2 x 2 tables';

-- from src/sql/72_correlation.sql
-- ---------------------------------------------------------------------------
-- Correlation and covariance matrices (docs/statistics.md)
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.comoments_trans(state bytea, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_comoments_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.comoments_trans(bytea, float8[]) IS
    'transition function of learn.covariance_matrix and learn.correlation_matrix (Welford co-moments)';
CREATE FUNCTION learn.comoments_combine(a bytea, b bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_comoments_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.comoments_combine(bytea, bytea) IS
    'combine function of learn.covariance_matrix and learn.correlation_matrix (Chan et al. merge)';
CREATE FUNCTION learn.covariance_final(state bytea) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_covariance_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.covariance_final(bytea) IS
    'final function of learn.covariance_matrix';
CREATE FUNCTION learn.correlation_final(state bytea) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_correlation_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.correlation_final(bytea) IS
    'final function of learn.correlation_matrix';

CREATE AGGREGATE learn.covariance_matrix(x float8[]) (
    SFUNC = learn.comoments_trans, STYPE = bytea, FINALFUNC = learn.covariance_final,
    COMBINEFUNC = learn.comoments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.covariance_matrix(float8[]) IS
    'sample covariance matrix (n - 1 denominator) of the array columns, in one scan; rows with a NULL or NaN element are skipped (R: cov(x, use = "complete.obs"))';
CREATE AGGREGATE learn.correlation_matrix(x float8[]) (
    SFUNC = learn.comoments_trans, STYPE = bytea, FINALFUNC = learn.correlation_final,
    COMBINEFUNC = learn.comoments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.correlation_matrix(float8[]) IS
    'Pearson correlation matrix of the array columns, in one scan; NaN for a constant column (R: cor(x, use = "complete.obs"))';

CREATE FUNCTION learn.matrix_rows(m float8[], names text[] DEFAULT NULL,
    OUT i integer, OUT j integer, OUT row_name text, OUT col_name text, OUT value float8)
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT r, c, names[r], names[c], m[r][c]
        FROM generate_subscripts(m, 1) AS r, generate_subscripts(m, 2) AS c
        ORDER BY r, c
    $$;
COMMENT ON FUNCTION learn.matrix_rows(float8[], text[]) IS
    'a two-dimensional matrix as rows (i, j, row_name, col_name, value), names[i] naming row and column i, for BI tools';

-- from src/sql/73_summary.sql
-- ---------------------------------------------------------------------------
-- Descriptive statistics of a source (docs/statistics.md)
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.summary(source text, top integer DEFAULT 5,
    OUT column_name text, OUT data_type text, OUT count bigint, OUT nulls bigint,
    OUT distinct_count bigint, OUT mean float8, OUT stddev float8, OUT min text,
    OUT q1 float8, OUT median float8, OUT q3 float8, OUT max text,
    OUT most_frequent text[], OUT frequencies bigint[])
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'learn_summary'
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION learn.summary(text, integer) IS
    'one row per column of a table, view or query: count, nulls, distinct values, mean, standard deviation, min, quartiles, max and the top most frequent values (read with the caller''s privileges)';
