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
