-- ---------------------------------------------------------------------------
-- Distribution functions (docs/statistics.md)
-- lower_tail => false gives the survival function P(X > x), computed
-- directly so that right tails keep full relative accuracy.
-- ---------------------------------------------------------------------------

CREATE FUNCTION learn.normal_cdf(x float8, mean float8 DEFAULT 0, sd float8 DEFAULT 1,
    lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_normal_cdf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.normal_cdf(float8, float8, float8, boolean) IS
    'normal distribution function P(X <= x), or P(X > x) with lower_tail => false';

CREATE FUNCTION learn.normal_quantile(p float8, mean float8 DEFAULT 0, sd float8 DEFAULT 1,
    lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_normal_quantile'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.normal_quantile(float8, float8, float8, boolean) IS
    'normal quantile: the x with P(X <= x) = p (P(X > x) = p with lower_tail => false)';

CREATE FUNCTION learn.t_cdf(x float8, df float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_t_cdf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_cdf(float8, float8, boolean) IS
    'Student t distribution function with df degrees of freedom (df may be Infinity)';

CREATE FUNCTION learn.t_quantile(p float8, df float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_t_quantile'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_quantile(float8, float8, boolean) IS
    'Student t quantile with df degrees of freedom';

CREATE FUNCTION learn.chisq_cdf(x float8, df float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_chisq_cdf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_cdf(float8, float8, boolean) IS
    'chi-square distribution function with df degrees of freedom';

CREATE FUNCTION learn.chisq_quantile(p float8, df float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_chisq_quantile'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_quantile(float8, float8, boolean) IS
    'chi-square quantile with df degrees of freedom';

CREATE FUNCTION learn.f_cdf(x float8, df1 float8, df2 float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_f_cdf'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.f_cdf(float8, float8, float8, boolean) IS
    'F distribution function with (df1, df2) degrees of freedom';

CREATE FUNCTION learn.f_quantile(p float8, df1 float8, df2 float8, lower_tail boolean DEFAULT true) RETURNS float8
    AS 'MODULE_PATHNAME', 'learn_f_quantile'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.f_quantile(float8, float8, float8, boolean) IS
    'F quantile with (df1, df2) degrees of freedom';
