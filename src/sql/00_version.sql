-- The schema belongs to the extension, so DROP EXTENSION removes it too.
CREATE SCHEMA learn;
COMMENT ON SCHEMA learn IS 'pg_learn: machine learning in the database';

CREATE FUNCTION learn.version() RETURNS text
    AS 'MODULE_PATHNAME', 'learn_version'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.version() IS
    'version of the loaded pg_learn library';
