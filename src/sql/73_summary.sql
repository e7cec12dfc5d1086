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
