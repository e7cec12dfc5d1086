-- ---------------------------------------------------------------------------
-- Naive Bayes (Gaussian or multinomial), one pass over per-class sufficient
-- statistics.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.nb_fit_trans(state bytea, label anyelement, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'nb_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.nb_fit_trans(bytea, anyelement, float8[]) IS
    'transition function of learn.nb_fit';

CREATE FUNCTION learn.nb_fit_trans(state bytea, label anyelement, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'nb_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.nb_fit_trans(bytea, anyelement, float8[], jsonb) IS
    'transition function of learn.nb_fit with options';

CREATE FUNCTION learn.nb_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'nb_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.nb_fit_combine(bytea, bytea) IS
    'combine function of learn.nb_fit (merges the per-class statistics of partial states)';

CREATE FUNCTION learn.nb_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'nb_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.nb_fit_final(bytea) IS
    'final function of learn.nb_fit: returns the naive Bayes model';

CREATE AGGREGATE learn.nb_fit(label anyelement, x float8[]) (
    SFUNC = learn.nb_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.nb_fit_final,
    COMBINEFUNC = learn.nb_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.nb_fit(anyelement, float8[]) IS
    'Gaussian naive Bayes classifier over the rows: returns a model';

CREATE AGGREGATE learn.nb_fit(label anyelement, x float8[], options jsonb) (
    SFUNC = learn.nb_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.nb_fit_final,
    COMBINEFUNC = learn.nb_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.nb_fit(anyelement, float8[], jsonb) IS
    'naive Bayes with options: distribution ("gaussian" or "multinomial"), alpha (variance smoothing, default 1e-9, or additive smoothing, default 1), feature_names, target';
