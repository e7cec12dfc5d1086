-- ---------------------------------------------------------------------------
-- k-means clustering.  The aggregate keeps its rows in memory (up to
-- learn.memory_limit) and runs Lloyd's iterations from n_init k-means++
-- starts in its final function; learn.kmeans_step is one iteration as an
-- aggregate pass, which learn.train uses for sources larger than the limit.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.kmeans_fit_trans(state bytea, x float8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_fit_trans(bytea, float8[]) IS
    'transition function of learn.kmeans_fit';

CREATE FUNCTION learn.kmeans_fit_trans(state bytea, x float8[], options jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_fit_trans(bytea, float8[], jsonb) IS
    'transition function of learn.kmeans_fit with options';

CREATE FUNCTION learn.kmeans_fit_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_fit_combine(bytea, bytea) IS
    'combine function of learn.kmeans_fit (concatenates the kept rows)';

CREATE FUNCTION learn.kmeans_fit_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_fit_final(bytea) IS
    'final function of learn.kmeans_fit: k-means++ starts and Lloyd iterations over the kept rows';

CREATE AGGREGATE learn.kmeans_fit(x float8[]) (
    SFUNC = learn.kmeans_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.kmeans_fit_final,
    COMBINEFUNC = learn.kmeans_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.kmeans_fit(float8[]) IS
    'k-means clustering of the rows: needs the option k, so call the two-argument form';

CREATE AGGREGATE learn.kmeans_fit(x float8[], options jsonb) (
    SFUNC = learn.kmeans_fit_trans,
    STYPE = bytea,
    FINALFUNC = learn.kmeans_fit_final,
    COMBINEFUNC = learn.kmeans_fit_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.kmeans_fit(float8[], jsonb) IS
    'k-means clustering with options: k (required), n_init, seed, max_iter, tol, verbose, feature_names';

CREATE FUNCTION learn.kmeans_step_trans(state bytea, x float8[], model bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_step_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_step_trans(bytea, float8[], bytea) IS
    'transition function of learn.kmeans_step';

CREATE FUNCTION learn.kmeans_step_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_step_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_step_combine(bytea, bytea) IS
    'combine function of learn.kmeans_step (adds partial cluster sums and counts)';

CREATE FUNCTION learn.kmeans_step_final(state bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kmeans_step_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.kmeans_step_final(bytea) IS
    'final function of learn.kmeans_step: moves the centroids and decides convergence';

CREATE AGGREGATE learn.kmeans_step(x float8[], model bytea) (
    SFUNC = learn.kmeans_step_trans,
    STYPE = bytea,
    FINALFUNC = learn.kmeans_step_final,
    COMBINEFUNC = learn.kmeans_step_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.kmeans_step(float8[], bytea) IS
    'one Lloyd iteration of k-means as a parallel pass: evaluates the model and returns the next one';

-- The deterministic row sample of learn.train's streamed fits (core/sample.h).
CREATE FUNCTION learn.hash_sample_trans(state bytea, x float8[], n bigint) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hash_sample_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.hash_sample_trans(bytea, float8[], bigint) IS
    'transition function of learn.hash_sample';

CREATE FUNCTION learn.hash_sample_combine(state1 bytea, state2 bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hash_sample_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.hash_sample_combine(bytea, bytea) IS
    'combine function of learn.hash_sample (merges the kept rows)';

CREATE FUNCTION learn.hash_sample_final(state bytea) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'hash_sample_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.hash_sample_final(bytea) IS
    'final function of learn.hash_sample: the kept rows in key order';

CREATE AGGREGATE learn.hash_sample(x float8[], n bigint) (
    SFUNC = learn.hash_sample_trans,
    STYPE = bytea,
    FINALFUNC = learn.hash_sample_final,
    COMBINEFUNC = learn.hash_sample_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE learn.hash_sample(float8[], bigint) IS
    'deterministic sample: the n rows with the smallest hash of their binary values (ties by value), in that order, as an n x p array; independent of scan order and parallel plans';
