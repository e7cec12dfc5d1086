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
