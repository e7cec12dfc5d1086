-- ---------------------------------------------------------------------------
-- Logistic regression (binary and multinomial).  The aggregate keeps its rows
-- in memory (up to learn.memory_limit) and iterates in its final function;
-- learn.logreg_step is one iteration as an aggregate pass, which learn.train
-- uses for sources larger than the limit.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.logreg_fit_trans(state bytea, label anyelement, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_fit_trans(bytea, anyelement, float8[]) IS
    'transition function of learn.logreg_fit';

CREATE FUNCTION learn.logreg_fit_trans(state bytea, label anyelement, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_fit_trans(bytea, anyelement, float8[], jsonb) IS
    'transition function of learn.logreg_fit with options';

CREATE FUNCTION learn.logreg_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_fit_combine(bytea, bytea) IS
    'combine function of learn.logreg_fit (concatenates the kept rows)';

CREATE FUNCTION learn.logreg_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_fit_final(bytea) IS
    'final function of learn.logreg_fit: iterates Newton steps over the kept rows';

CREATE AGGREGATE learn.logreg_fit(label anyelement, x float8[]) (
    SFUNC = learn.logreg_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.logreg_fit_final,
    COMBINEFUNC = learn.logreg_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.logreg_fit(anyelement, float8[]) IS
    'logistic regression (binary or multinomial) over the rows: returns a model';

CREATE AGGREGATE learn.logreg_fit(label anyelement, x float8[], options jsonb) (
    SFUNC = learn.logreg_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.logreg_fit_final,
    COMBINEFUNC = learn.logreg_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.logreg_fit(anyelement, float8[], jsonb) IS
    'logistic regression with options: intercept, lambda (L2), class_weight, max_iter, tol, verbose, feature_names, target';

CREATE FUNCTION learn.logreg_step_trans(state bytea, label anyelement, x float8[], model bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_step_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_step_trans(bytea, anyelement, float8[], bytea) IS
    'transition function of learn.logreg_step';

CREATE FUNCTION learn.logreg_step_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_step_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_step_combine(bytea, bytea) IS
    'combine function of learn.logreg_step (adds partial gradients and Hessians)';

CREATE FUNCTION learn.logreg_step_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logreg_step_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.logreg_step_final(bytea) IS
    'final function of learn.logreg_step: applies one Newton iteration';

CREATE AGGREGATE learn.logreg_step(label anyelement, x float8[], model bytea) (
    SFUNC = learn.logreg_step_trans,
    STYPE = bytea,
    FINALFUNC = learn.logreg_step_final,
    COMBINEFUNC = learn.logreg_step_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.logreg_step(anyelement, float8[], bytea) IS
    'one iteration of logistic regression as a parallel pass: evaluates the model and returns the next one';
