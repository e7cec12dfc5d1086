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
