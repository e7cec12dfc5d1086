-- ---------------------------------------------------------------------------
-- Linear regression
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.linreg_fit_trans(state bytea, y float8, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'linreg_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.linreg_fit_trans(bytea, float8, float8[]) IS
    'transition function of learn.linreg_fit';

CREATE FUNCTION learn.linreg_fit_trans(state bytea, y float8, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'linreg_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.linreg_fit_trans(bytea, float8, float8[], jsonb) IS
    'transition function of learn.linreg_fit with options';

CREATE FUNCTION learn.linreg_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'linreg_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.linreg_fit_combine(bytea, bytea) IS
    'combine function of learn.linreg_fit (merges partial states from parallel workers)';

CREATE FUNCTION learn.linreg_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'linreg_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.linreg_fit_final(bytea) IS
    'final function of learn.linreg_fit: solves and returns the model';

CREATE AGGREGATE learn.linreg_fit(y float8, x float8[]) (
    SFUNC = learn.linreg_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.linreg_fit_final,
    COMBINEFUNC = learn.linreg_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.linreg_fit(float8, float8[]) IS
    'least-squares linear regression over the rows: returns a model';

CREATE AGGREGATE learn.linreg_fit(y float8, x float8[], options jsonb) (
    SFUNC = learn.linreg_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.linreg_fit_final,
    COMBINEFUNC = learn.linreg_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.linreg_fit(float8, float8[], jsonb) IS
    'linear regression with options: intercept (default true), lambda (ridge, default 0), feature_names, target';
