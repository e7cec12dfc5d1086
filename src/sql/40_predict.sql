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
