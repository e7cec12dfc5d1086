CREATE FUNCTION learn.version() RETURNS text
    AS 'MODULE_PATHNAME', 'learn_version'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.version() IS
    'version of the loaded pg_learn library';
