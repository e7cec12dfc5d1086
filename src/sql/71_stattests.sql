-- ---------------------------------------------------------------------------
-- Hypothesis tests (docs/statistics.md)
-- Aggregates over bytea states (validated on entry), each PARALLEL SAFE with
-- a combine function.  They return learn.test_result; an empty input gives
-- NULL.  Conventions follow R 4.2's t.test, aov, chisq.test, ks.test and
-- wilcox.test; two-sample tests take a group column with exactly two
-- labels, the first in byte order being "x".
-- ---------------------------------------------------------------------------

CREATE TYPE learn.test_result AS (
    method text,
    statistic float8,
    df float8,
    df2 float8,
    p_value float8,
    alternative text
);
COMMENT ON TYPE learn.test_result IS
    'result of a hypothesis test: method, statistic, degrees of freedom (df2: denominator of F), p value, alternative';

-- t tests and ANOVA: per-group moments
CREATE FUNCTION learn.t_test_trans(state bytea, x float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test_trans(bytea, float8) IS
    'transition function of learn.t_test';
CREATE FUNCTION learn.t_test_trans(state bytea, x float8, mu float8, alternative text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test_trans(bytea, float8, float8, text) IS
    'transition function of learn.t_test';
CREATE FUNCTION learn.t_test_paired_trans(state bytea, x float8, y float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test_paired_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test_paired_trans(bytea, float8, float8) IS
    'transition function of learn.t_test_paired';
CREATE FUNCTION learn.t_test_paired_trans(state bytea, x float8, y float8, mu float8, alternative text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test_paired_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test_paired_trans(bytea, float8, float8, float8, text) IS
    'transition function of learn.t_test_paired';
CREATE FUNCTION learn.t_test2_trans(state bytea, value float8, grp text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test2_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test2_trans(bytea, float8, text) IS
    'transition function of learn.t_test2';
CREATE FUNCTION learn.t_test2_trans(state bytea, value float8, grp text, var_equal boolean, alternative text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test2_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test2_trans(bytea, float8, text, boolean, text) IS
    'transition function of learn.t_test2';
CREATE FUNCTION learn.t_test2_trans(state bytea, value float8, grp text, var_equal boolean, alternative text, mu float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_t_test2_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.t_test2_trans(bytea, float8, text, boolean, text, float8) IS
    'transition function of learn.t_test2';
CREATE FUNCTION learn.anova_trans(state bytea, value float8, grp text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_anova_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.anova_trans(bytea, float8, text) IS
    'transition function of learn.anova';
CREATE FUNCTION learn.stat_moments_combine(a bytea, b bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_stat_moments_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_moments_combine(bytea, bytea) IS
    'combine function of learn.t_test, learn.t_test_paired, learn.t_test2 and learn.anova (Chan et al. merge of per-group moments)';
CREATE FUNCTION learn.stat_moments_final(state bytea) RETURNS learn.test_result
    AS 'MODULE_PATHNAME', 'learn_stat_moments_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_moments_final(bytea) IS
    'final function of learn.t_test, learn.t_test_paired, learn.t_test2 and learn.anova';

CREATE AGGREGATE learn.t_test(x float8) (
    SFUNC = learn.t_test_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test(float8) IS
    'one-sample t test of mean 0, two-sided (R: t.test(x))';
CREATE AGGREGATE learn.t_test(x float8, mu float8, alternative text) (
    SFUNC = learn.t_test_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test(float8, float8, text) IS
    'one-sample t test of mean mu; alternative two.sided, less or greater (R: t.test(x, mu =, alternative =))';
CREATE AGGREGATE learn.t_test_paired(x float8, y float8) (
    SFUNC = learn.t_test_paired_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test_paired(float8, float8) IS
    'paired t test of x - y, two-sided (R: t.test(x, y, paired = TRUE))';
CREATE AGGREGATE learn.t_test_paired(x float8, y float8, mu float8, alternative text) (
    SFUNC = learn.t_test_paired_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test_paired(float8, float8, float8, text) IS
    'paired t test of mean difference mu with an alternative';
CREATE AGGREGATE learn.t_test2(value float8, grp text) (
    SFUNC = learn.t_test2_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test2(float8, text) IS
    'Welch two-sample t test between the two groups of grp (x: the label first in byte order; R: t.test(value ~ grp))';
CREATE AGGREGATE learn.t_test2(value float8, grp text, var_equal boolean, alternative text) (
    SFUNC = learn.t_test2_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test2(float8, text, boolean, text) IS
    'two-sample t test: Student (var_equal) or Welch, with an alternative';
CREATE AGGREGATE learn.t_test2(value float8, grp text, var_equal boolean, alternative text, mu float8) (
    SFUNC = learn.t_test2_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.t_test2(float8, text, boolean, text, float8) IS
    'two-sample t test of a difference in means of mu (R: t.test(value ~ grp, mu =, var.equal =, alternative =))';
CREATE AGGREGATE learn.anova(value float8, grp text) (
    SFUNC = learn.anova_trans, STYPE = bytea, FINALFUNC = learn.stat_moments_final,
    COMBINEFUNC = learn.stat_moments_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.anova(float8, text) IS
    'one-way analysis of variance of value by grp: F, df (groups - 1), df2 (rows - groups), p value (R: aov)';

-- tests that keep their values (bounded by learn.memory_limit)
CREATE FUNCTION learn.ks_test_trans(state bytea, value float8, grp text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_ks_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.ks_test_trans(bytea, float8, text) IS
    'transition function of learn.ks_test';
CREATE FUNCTION learn.ks_test_trans(state bytea, value float8, grp text, alternative text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_ks_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.ks_test_trans(bytea, float8, text, text) IS
    'transition function of learn.ks_test';
CREATE FUNCTION learn.mann_whitney_trans(state bytea, value float8, grp text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_mann_whitney_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.mann_whitney_trans(bytea, float8, text) IS
    'transition function of learn.mann_whitney';
CREATE FUNCTION learn.mann_whitney_trans(state bytea, value float8, grp text, alternative text, correct boolean) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_mann_whitney_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.mann_whitney_trans(bytea, float8, text, text, boolean) IS
    'transition function of learn.mann_whitney';
CREATE FUNCTION learn.chisq_gof_trans(state bytea, observed float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_chisq_gof_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_gof_trans(bytea, float8) IS
    'transition function of learn.chisq_gof(observed)';
CREATE FUNCTION learn.chisq_gof_trans(state bytea, observed float8, expected float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_chisq_gof_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_gof_trans(bytea, float8, float8) IS
    'transition function of learn.chisq_gof(observed, expected)';
CREATE FUNCTION learn.stat_sample_combine(a bytea, b bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_stat_sample_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_sample_combine(bytea, bytea) IS
    'combine function of learn.ks_test, learn.mann_whitney and learn.chisq_gof';
CREATE FUNCTION learn.stat_sample_final(state bytea) RETURNS learn.test_result
    AS 'MODULE_PATHNAME', 'learn_stat_sample_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_sample_final(bytea) IS
    'final function of learn.ks_test, learn.mann_whitney and learn.chisq_gof';

CREATE AGGREGATE learn.ks_test(value float8, grp text) (
    SFUNC = learn.ks_test_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.ks_test(float8, text) IS
    'two-sided two-sample Kolmogorov-Smirnov test: exact p value when n_x n_y < 10000 without ties, else asymptotic (R 4.2 ks.test defaults)';
CREATE AGGREGATE learn.ks_test(value float8, grp text, alternative text) (
    SFUNC = learn.ks_test_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.ks_test(float8, text, text) IS
    'two-sample Kolmogorov-Smirnov test with an alternative: greater (D+ = max(F_x - F_y)), less (D- = max(F_y - F_x)) or two.sided';
CREATE AGGREGATE learn.mann_whitney(value float8, grp text) (
    SFUNC = learn.mann_whitney_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.mann_whitney(float8, text) IS
    'Mann-Whitney U (Wilcoxon rank sum) test, two-sided: exact below 50 values per group without ties, else normal approximation with tie and continuity correction (R: wilcox.test)';
CREATE AGGREGATE learn.mann_whitney(value float8, grp text, alternative text, correct boolean) (
    SFUNC = learn.mann_whitney_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.mann_whitney(float8, text, text, boolean) IS
    'Mann-Whitney U test with an alternative and the continuity correction on or off';
CREATE AGGREGATE learn.chisq_gof(observed float8) (
    SFUNC = learn.chisq_gof_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.chisq_gof(float8) IS
    'chi-square goodness of fit of observed counts (one row per category) to equal probabilities';
CREATE AGGREGATE learn.chisq_gof(observed float8, expected float8) (
    SFUNC = learn.chisq_gof_trans, STYPE = bytea, FINALFUNC = learn.stat_sample_final,
    COMBINEFUNC = learn.stat_sample_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.chisq_gof(float8, float8) IS
    'chi-square goodness of fit: expected probabilities or counts per category, rescaled to the observed total';

-- contingency tables
CREATE FUNCTION learn.chisq_test_trans(state bytea, a text, b text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_chisq_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_test_trans(bytea, text, text) IS
    'transition function of learn.chisq_test';
CREATE FUNCTION learn.chisq_test_trans(state bytea, a text, b text, correct boolean) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_chisq_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION learn.chisq_test_trans(bytea, text, text, boolean) IS
    'transition function of learn.chisq_test';
CREATE FUNCTION learn.stat_table_combine(a bytea, b bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'learn_stat_table_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_table_combine(bytea, bytea) IS
    'combine function of learn.chisq_test';
CREATE FUNCTION learn.stat_table_final(state bytea) RETURNS learn.test_result
    AS 'MODULE_PATHNAME', 'learn_stat_table_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION learn.stat_table_final(bytea) IS
    'final function of learn.chisq_test';
CREATE AGGREGATE learn.chisq_test(a text, b text) (
    SFUNC = learn.chisq_test_trans, STYPE = bytea, FINALFUNC = learn.stat_table_final,
    COMBINEFUNC = learn.stat_table_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.chisq_test(text, text) IS
    'chi-square test of independence of two categorical columns, Yates-corrected for 2 x 2 tables (R: chisq.test(table(a, b)))';
CREATE AGGREGATE learn.chisq_test(a text, b text, correct boolean) (
    SFUNC = learn.chisq_test_trans, STYPE = bytea, FINALFUNC = learn.stat_table_final,
    COMBINEFUNC = learn.stat_table_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE learn.chisq_test(text, text, boolean) IS
    'chi-square test of independence; correct => false turns off Yates'' correction for 2 x 2 tables';
