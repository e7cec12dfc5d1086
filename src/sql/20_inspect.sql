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
