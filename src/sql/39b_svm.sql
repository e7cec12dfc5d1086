-- ---------------------------------------------------------------------------
-- Linear support vector machine (L2-regularised squared hinge loss, binary or
-- one-vs-rest).  The aggregate keeps its rows in memory (up to
-- learn.memory_limit) and runs Newton's method in its final function;
-- learn.svm_step is one Newton iteration as an aggregate pass, which
-- learn.train uses for sources larger than the limit.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.svm_fit_trans(state bytea, label anyelement, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_fit_trans(bytea, anyelement, float8[]) IS
    'transition function of learn.svm_fit';

CREATE FUNCTION learn.svm_fit_trans(state bytea, label anyelement, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_fit_trans(bytea, anyelement, float8[], jsonb) IS
    'transition function of learn.svm_fit with options';

CREATE FUNCTION learn.svm_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_fit_combine(bytea, bytea) IS
    'combine function of learn.svm_fit (concatenates the kept rows)';

CREATE FUNCTION learn.svm_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_fit_final(bytea) IS
    'final function of learn.svm_fit: iterates Newton steps over the kept rows, one binary problem after the other';

CREATE AGGREGATE learn.svm_fit(label anyelement, x float8[]) (
    SFUNC = learn.svm_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.svm_fit_final,
    COMBINEFUNC = learn.svm_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.svm_fit(anyelement, float8[]) IS
    'linear SVM (squared hinge loss, L2 penalty; binary or one-vs-rest) over the rows: returns a model';

CREATE AGGREGATE learn.svm_fit(label anyelement, x float8[], options jsonb) (
    SFUNC = learn.svm_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.svm_fit_final,
    COMBINEFUNC = learn.svm_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.svm_fit(anyelement, float8[], jsonb) IS
    'linear SVM with options: C, intercept (penalised like a weight), class_weight, max_iter, tol, verbose, feature_names, target';

CREATE FUNCTION learn.svm_step_trans(state bytea, label anyelement, x float8[], model bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_step_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_step_trans(bytea, anyelement, float8[], bytea) IS
    'transition function of learn.svm_step';

CREATE FUNCTION learn.svm_step_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_step_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_step_combine(bytea, bytea) IS
    'combine function of learn.svm_step (adds partial gradients and Hessians)';

CREATE FUNCTION learn.svm_step_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'svm_step_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.svm_step_final(bytea) IS
    'final function of learn.svm_step: applies one Newton iteration to every binary problem still running';

CREATE AGGREGATE learn.svm_step(label anyelement, x float8[], model bytea) (
    SFUNC = learn.svm_step_trans,
    STYPE = bytea,
    FINALFUNC = learn.svm_step_final,
    COMBINEFUNC = learn.svm_step_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.svm_step(anyelement, float8[], bytea) IS
    'one Newton iteration of the linear SVM as a parallel pass: evaluates the model and returns the next one';
