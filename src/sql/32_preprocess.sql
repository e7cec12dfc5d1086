-- ---------------------------------------------------------------------------
-- Preprocess-only models (learn.train(name, 'preprocess', ...)): the pipeline
-- and the statistics of the prepared features, for learn.transform.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.preprocess_fit_trans(state bytea, y float8, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'preprocess_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.preprocess_fit_trans(bytea, float8, float8[], jsonb) IS
    'transition function of learn.preprocess_fit';

CREATE FUNCTION learn.preprocess_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'preprocess_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.preprocess_fit_combine(bytea, bytea) IS
    'combine function of learn.preprocess_fit';

CREATE FUNCTION learn.preprocess_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'preprocess_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.preprocess_fit_final(bytea) IS
    'final function of learn.preprocess_fit';

CREATE AGGREGATE learn.preprocess_fit(y float8, x float8[], options jsonb) (
    SFUNC = learn.preprocess_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.preprocess_fit_final,
    COMBINEFUNC = learn.preprocess_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.preprocess_fit(float8, float8[], jsonb) IS
    'statistics of prepared features (the training aggregate of preprocess models; y must be a finite number, learn.train passes 0; rows with a NULL y are skipped)';
