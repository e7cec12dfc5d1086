-- ---------------------------------------------------------------------------
-- Data preparation (the steps stored in a model's pipeline)
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.prepare_row(pipeline bytea, VARIADIC inputs "any") RETURNS float8[]
    AS 'MODULE_PATHNAME', 'learn_prepare_row'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.prepare_row(bytea, "any") IS
    'internal: applies an encoded preparation pipeline to one row''s input columns (learn.train''s training query uses it)';
