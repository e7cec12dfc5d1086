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
