-- ---------------------------------------------------------------------------
-- Principal component analysis (transform task: no target)
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.pca_fit_trans(state bytea, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pca_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.pca_fit_trans(bytea, float8[]) IS
    'transition function of learn.pca_fit';

CREATE FUNCTION learn.pca_fit_trans(state bytea, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pca_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.pca_fit_trans(bytea, float8[], jsonb) IS
    'transition function of learn.pca_fit with options';

CREATE FUNCTION learn.pca_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pca_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.pca_fit_combine(bytea, bytea) IS
    'combine function of learn.pca_fit (merges partial states from parallel workers)';

CREATE FUNCTION learn.pca_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pca_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.pca_fit_final(bytea) IS
    'final function of learn.pca_fit: eigen-decomposes the covariance and returns the model';

CREATE AGGREGATE learn.pca_fit(x float8[]) (
    SFUNC = learn.pca_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.pca_fit_final,
    COMBINEFUNC = learn.pca_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.pca_fit(float8[]) IS
    'principal component analysis of the rows (sample covariance, all components): returns a model for learn.transform';

CREATE AGGREGATE learn.pca_fit(x float8[], options jsonb) (
    SFUNC = learn.pca_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.pca_fit_final,
    COMBINEFUNC = learn.pca_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.pca_fit(float8[], jsonb) IS
    'principal component analysis with options: n_components (default all), standardize (default false), feature_names';
