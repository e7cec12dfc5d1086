-- Statistics: distribution functions, hypothesis tests, correlation and
-- covariance matrices, learn.summary.  Floating results are compared with
-- stated tolerances against closed forms or values computed here in SQL, so
-- this file is deterministic across machines (the checks against SciPy and R
-- live in test/reference/check_distributions.sh and check_statistics.sh).
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

-- Runs a statement and shows its SQLSTATE and message (one line per error case).
CREATE FUNCTION pg_temp.fails(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- |a - b| <= tol |b| (both NaN count as equal)
CREATE FUNCTION pg_temp.near(a float8, b float8, tol float8) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (a = b) OR abs(a - b) <= tol * abs(b)
$$;

-- ---------------------------------------------------------------------------
-- Distribution functions: closed forms (normal: erfc; t with 1 df: Cauchy;
-- t with 2 df: t / sqrt(2 + t^2); chi-square with 2 df: 1 - exp(-x/2);
-- F(2, 2): x / (1 + x)) and round trips.
-- ---------------------------------------------------------------------------
SELECT pg_temp.near(learn.normal_cdf(1.96), 0.9750021048517795, 1e-14) AS normal_cdf,
       pg_temp.near(learn.normal_cdf(-30), 4.906713927148187e-198, 1e-12) AS normal_far_tail,
       pg_temp.near(learn.normal_cdf(30, lower_tail => false), 4.906713927148187e-198, 1e-12) AS normal_survival,
       pg_temp.near(learn.normal_cdf(12, mean => 10, sd => 2), learn.normal_cdf(1), 1e-15) AS normal_scaled,
       pg_temp.near(learn.normal_quantile(0.975), 1.959963984540054, 1e-14) AS normal_quantile,
       pg_temp.near(learn.normal_quantile(1e-300), -37.0470962993612, 1e-13) AS normal_quantile_1e300;
SELECT pg_temp.near(learn.t_cdf(3, 1), 0.5 + atan(3) / pi(), 1e-14) AS cauchy_cdf,
       pg_temp.near(learn.t_cdf(-1e10, 1), 1 / (pi() * 1e10), 1e-10) AS cauchy_far_tail,
       pg_temp.near(learn.t_cdf(2.5, 2, lower_tail => false), 0.5 - 0.5 * 2.5 / sqrt(2 + 2.5^2), 1e-13) AS t2_survival,
       pg_temp.near(learn.t_quantile(0.975, 1), tan(pi() * 0.475), 1e-13) AS cauchy_quantile,
       pg_temp.near(learn.t_cdf(1.5, 'Infinity'), learn.normal_cdf(1.5), 1e-15) AS t_infinite_df;
SELECT pg_temp.near(learn.chisq_cdf(3, 2), 1 - exp(-1.5), 1e-14) AS chisq2_cdf,
       pg_temp.near(learn.chisq_cdf(1000, 2, false), exp(-500), 1e-12) AS chisq2_far_tail,
       pg_temp.near(learn.chisq_quantile(0.5, 2), 2 * ln(2), 1e-14) AS chisq2_median,
       pg_temp.near(learn.chisq_quantile(1e-10, 2, false), -2 * ln(1e-10), 1e-13) AS chisq2_upper_quantile,
       pg_temp.near(learn.f_cdf(3, 2, 2), 0.75, 1e-14) AS f22_cdf,
       pg_temp.near(learn.f_quantile(0.75, 2, 2), 3, 1e-13) AS f22_quantile,
       pg_temp.near(learn.f_cdf(1e6, 2, 2, false), 1 / (1 + 1e6), 1e-12) AS f22_far_tail;
-- round trips over the domain: quantile(cdf(x)) = x, wherever the
-- probability of the smaller tail is a normal double (above 1e-300; x beyond
-- that has no inverse)
SELECT d, count(*) AS points, bool_and(pg_temp.near(learn_q, x, 1e-11)) AS round_trip
FROM (SELECT 'chisq' d, x, learn.chisq_quantile(p, df, x < df) learn_q, p
      FROM unnest(ARRAY[0.5, 3, 40, 1e4]) df, unnest(ARRAY[0.3, 0.9, 2, 10]) m,
           LATERAL (SELECT df * m AS x) s, LATERAL (SELECT learn.chisq_cdf(x, df, x < df) AS p) c
      UNION ALL
      SELECT 't', x, learn.t_quantile(p, df), p
      FROM unnest(ARRAY[0.5, 3, 40, 1e6]) df, unnest(ARRAY[-1e5, -3, -0.5, 0.2, 4]) x,
           LATERAL (SELECT learn.t_cdf(x, df) AS p) c
      UNION ALL
      SELECT 'f', x, learn.f_quantile(p, a, b, x < 1), p
      FROM unnest(ARRAY[1, 7, 1e5]) a, unnest(ARRAY[0.5, 12, 1e4]) b, unnest(ARRAY[0.01, 1, 30]) x,
           LATERAL (SELECT learn.f_cdf(x, a, b, x < 1) AS p) c) r
WHERE p > 1e-300
GROUP BY d ORDER BY d;
-- edge cases, one per line
SELECT learn.normal_cdf('NaN') AS nan_x_gives_nan;
SELECT learn.t_cdf('Infinity', 3) AS t_at_infinity, learn.t_cdf('-Infinity', 3) AS t_at_minus_infinity;
SELECT learn.chisq_cdf(-1, 3) AS chisq_below_support, learn.f_cdf(0, 2, 3) AS f_at_zero;
SELECT learn.normal_quantile(0) AS q0, learn.normal_quantile(1) AS q1, learn.chisq_quantile(0, 4) AS chisq_q0;
SELECT learn.t_quantile(1e-300, 0.5) AS beyond_doubles, learn.t_quantile(0.5, 7) AS t_median;
SELECT pg_temp.fails('SELECT learn.t_cdf(1, 0)') AS df_zero;
SELECT pg_temp.fails('SELECT learn.t_cdf(1, -2)') AS df_negative;
SELECT pg_temp.fails('SELECT learn.chisq_cdf(1, ''NaN'')') AS df_nan;
SELECT pg_temp.fails('SELECT learn.chisq_cdf(1, ''Infinity'')') AS chisq_df_infinite;
SELECT pg_temp.fails('SELECT learn.f_cdf(1, 3, 0)') AS f_df2_zero;
SELECT pg_temp.fails('SELECT learn.t_quantile(1.5, 3)') AS p_above_one;
SELECT pg_temp.fails('SELECT learn.normal_quantile(-0.1)') AS p_negative;
SELECT pg_temp.fails('SELECT learn.f_quantile(''NaN'', 2, 3)') AS p_nan;
SELECT pg_temp.fails('SELECT learn.normal_cdf(0, sd => 0)') AS sd_zero;
SELECT learn.normal_cdf(NULL) IS NULL AS strict;

-- ---------------------------------------------------------------------------
-- Hypothesis tests: statistics from closed forms computed here in SQL.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE s (v float8, g text, w float8);
INSERT INTO s VALUES (1, 'a', 2), (2, 'a', 2.5), (4, 'a', 3.5), (7, 'a', 8), (3, 'b', 1),
                     (5, 'b', 6), (6, 'b', 6.5), (9, 'b', 7), (10, 'b', 12), (NULL, 'a', 1), (2, NULL, 1);
-- one-sample: t = (mean - mu) / (sd / sqrt(n))
SELECT (r).method, pg_temp.near((r).statistic, (avg(v) - 3) / (stddev_samp(v) / sqrt(count(v))), 1e-13) AS t_ok,
       (r).df, pg_temp.near((r).p_value, 2 * learn.t_cdf(-abs((r).statistic), (r).df), 1e-13) AS p_ok, (r).alternative
FROM (SELECT learn.t_test(v, 3, 'two.sided') r, avg(v) FILTER (WHERE true) a FROM s) x, s
GROUP BY r;
-- paired: the one-sample test of v - w
SELECT (learn.t_test_paired(v, w)).statistic = (learn.t_test(v - w)).statistic AS paired_is_one_sample_of_differences FROM s;
SELECT (learn.t_test_paired(v, w, 1, 'greater')).p_value = (learn.t_test(v - w, 1, 'greater')).p_value AS paired_alternative FROM s;
-- Welch and Student two-sample
WITH m AS (SELECT g AS grp, count(v) n, avg(v) m, var_samp(v) s2 FROM s WHERE g IS NOT NULL AND v IS NOT NULL GROUP BY g),
     a AS (SELECT * FROM m WHERE grp = 'a'), b AS (SELECT * FROM m WHERE grp = 'b')
SELECT pg_temp.near((learn.t_test2(v, g)).statistic, (a.m - b.m) / sqrt(a.s2 / a.n + b.s2 / b.n), 1e-13) AS welch_t,
       pg_temp.near((learn.t_test2(v, g)).df, (a.s2 / a.n + b.s2 / b.n)^2 / ((a.s2 / a.n)^2 / (a.n - 1) + (b.s2 / b.n)^2 / (b.n - 1)), 1e-13) AS welch_df,
       pg_temp.near((learn.t_test2(v, g, true, 'less')).statistic,
                    (a.m - b.m) / sqrt(((a.n - 1) * a.s2 + (b.n - 1) * b.s2) / (a.n + b.n - 2) * (1.0 / a.n + 1.0 / b.n)), 1e-13) AS student_t,
       (learn.t_test2(v, g, true, 'less')).df AS student_df
FROM s, a, b GROUP BY a.m, a.s2, a.n, b.m, b.s2, b.n;
-- mu shifts the tested difference: t(mu) = t(0) - mu / se
SELECT pg_temp.near((learn.t_test2(v, g, false, 'two.sided', 1.5)).statistic,
                    (learn.t_test2(v, g)).statistic - 1.5 * (learn.t_test2(v, g)).statistic / (avg(v) FILTER (WHERE g = 'a') - avg(v) FILTER (WHERE g = 'b')), 1e-13) AS t2_mu
FROM s;
-- ANOVA with two groups: F = t^2 of the Student test, same p value
SELECT pg_temp.near((learn.anova(v, g)).statistic, (learn.t_test2(v, g, true, 'two.sided')).statistic ^ 2, 1e-12) AS f_is_t_squared,
       pg_temp.near((learn.anova(v, g)).p_value, (learn.t_test2(v, g, true, 'two.sided')).p_value, 1e-12) AS same_p,
       (learn.anova(v, g)).df, (learn.anova(v, g)).df2 FROM s;
-- chi-square: a 2 x 3 table; goodness of fit to equal and given probabilities
CREATE TEMP TABLE ct AS SELECT a, b FROM (VALUES ('x', 'p', 10), ('x', 'q', 20), ('x', 'r', 30), ('y', 'p', 25), ('y', 'q', 15), ('y', 'r', 20)) v(a, b, n), generate_series(1, n);
WITH o AS (SELECT a, b, count(*)::float8 n FROM ct GROUP BY a, b),
     e AS (SELECT o.n, (SELECT count(*) FROM ct WHERE a = o.a) * (SELECT count(*) FROM ct WHERE b = o.b) / (SELECT count(*) FROM ct)::float8 AS e FROM o)
SELECT pg_temp.near((SELECT (learn.chisq_test(a, b)).statistic FROM ct), sum((n - e)^2 / e), 1e-13) AS chisq_statistic,
       (SELECT (learn.chisq_test(a, b)).df FROM ct) AS df FROM e;
SELECT (r).method, pg_temp.near((r).statistic, (10 - 20)^2 / 20.0 + 0 + (30 - 20)^2 / 20.0, 1e-14) AS gof_equal, (r).df
FROM (SELECT learn.chisq_gof(o) r FROM unnest(ARRAY[10, 20, 30]::float8[]) o) x;
SELECT pg_temp.near((learn.chisq_gof(o, p)).statistic, (10 - 15)^2 / 15.0 + (20 - 15)^2 / 15.0 + (30 - 30)^2 / 30.0, 1e-14) AS gof_given
FROM unnest(ARRAY[10, 20, 30]::float8[], ARRAY[1, 1, 2]::float8[]) u(o, p);
-- 2 x 2: Yates' correction by default, off with correct => false
SELECT (learn.chisq_test(a, b)).method, (learn.chisq_test(a, b, false)).method AS without_correction
FROM ct WHERE b <> 'r';
-- KS and Mann-Whitney: separated samples give D = 1 and U = 0 with the exact p values 2 / C(9, 4) and 2 / C(9, 4)
SELECT (r).method, (r).statistic, pg_temp.near((r).p_value, 2.0 / 126, 1e-14) AS exact_p
FROM (SELECT learn.ks_test(v, g) r FROM (VALUES (1, 'a'), (2, 'a'), (3, 'a'), (4, 'a'), (5, 'b'), (6, 'b'), (7, 'b'), (8, 'b'), (9, 'b')) t(v, g)) x;
-- one-sided: x all below y, so D+ = max(F_x - F_y) = 1 with p = 1 / C(9, 4), and D- = 0 with p = 1
SELECT (learn.ks_test(v, g, 'greater')).statistic AS d_plus, pg_temp.near((learn.ks_test(v, g, 'greater')).p_value, 1.0 / 126, 1e-14) AS exact_p_greater,
       (learn.ks_test(v, g, 'less')).statistic AS d_minus, (learn.ks_test(v, g, 'less')).p_value AS p_less
FROM (VALUES (1, 'a'), (2, 'a'), (3, 'a'), (4, 'a'), (5, 'b'), (6, 'b'), (7, 'b'), (8, 'b'), (9, 'b')) t(v, g);
SELECT (r).method, (r).statistic, pg_temp.near((r).p_value, 2.0 / 126, 1e-14) AS exact_p, (r).alternative
FROM (SELECT learn.mann_whitney(v, g) r FROM (VALUES (1, 'a'), (2, 'a'), (3, 'a'), (4, 'a'), (5, 'b'), (6, 'b'), (7, 'b'), (8, 'b'), (9, 'b')) t(v, g)) x;
SELECT (learn.mann_whitney(v, g, 'greater', true)).p_value AS greater_p FROM (VALUES (1, 'a'), (2, 'a'), (3, 'b')) t(v, g);
SELECT (learn.mann_whitney(v, g)).method AS with_ties FROM (VALUES (1, 'a'), (1, 'b'), (2, 'a'), (3, 'b')) t(v, g);
-- edge cases, one per line
SELECT learn.t_test(v) IS NULL AS empty_input_gives_null FROM s WHERE false;
SELECT (learn.t_test(v)).* FROM s WHERE v = 1;
SELECT (learn.t_test(v)).statistic AS zero_variance_t, (learn.t_test(v)).p_value AS zero_variance_p FROM (VALUES (2.0::float8), (2.0)) t(v);
SELECT (learn.t_test(v)).statistic AS zero_variance_at_mu, (learn.t_test(v)).p_value FROM (VALUES (0.0::float8), (0.0)) t(v);
SELECT (learn.t_test(v)).df AS nulls_and_nan_skipped FROM (VALUES (1.0::float8), (NULL), ('NaN'), (2), (4)) t(v);
SELECT pg_temp.fails($$SELECT learn.t_test(v) FROM (VALUES (1.0::float8), ('Infinity')) t(v)$$) AS infinite_value;
SELECT pg_temp.fails($$SELECT learn.t_test(v, 0, 'sideways') FROM s$$) AS bad_alternative;
SELECT pg_temp.fails($$SELECT learn.t_test2(v, g) FROM (VALUES (1.0::float8, 'a'), (2, 'b'), (3, 'c')) t(v, g)$$) AS three_groups;
SELECT pg_temp.fails($$SELECT learn.ks_test(v, g) FROM (VALUES (1.0::float8, 'a'), (2, 'a')) t(v, g)$$) AS one_group;
SELECT pg_temp.fails($$SELECT learn.chisq_gof(o, e) FROM (VALUES (1.0::float8, -1.0::float8)) t(o, e)$$) AS negative_expected;
SELECT (learn.anova(v, g)).statistic AS anova_one_group FROM (VALUES (1.0::float8, 'a'), (2, 'a')) t(v, g);
SELECT (learn.chisq_test(a, b)).df AS one_row_table FROM (VALUES ('x', 'p'), ('x', 'q')) t(a, b);
SELECT pg_temp.near((learn.t_test2(v, g)).statistic, -sqrt(5), 1e-14) AS empty_group_label_ok FROM (VALUES (1.0::float8, ''), (2, ''), (3, 'b'), (5, 'b')) t(v, g);
-- states are validated: arbitrary bytes give 22P03, never a crash
SELECT pg_temp.fails($$SELECT learn.t_test_trans('\x00'::bytea, 1)$$) AS short_state;
SELECT pg_temp.fails($$SELECT learn.stat_moments_combine(learn.t_test_trans(NULL, 1), '\xdeadbeef'::bytea)$$) AS garbage_combine;
SELECT pg_temp.fails($$SELECT learn.stat_moments_final(learn.ks_test_trans(NULL, 1, 'a'))$$) AS wrong_kind;
SELECT pg_temp.fails($$SELECT learn.stat_sample_final(set_byte(learn.ks_test_trans(learn.ks_test_trans(NULL, 1, 'a'), 2, 'b'), 58, 1))$$) AS nonzero_reserved_field;
SELECT pg_temp.fails($$SELECT learn.stat_sample_final(overlay(learn.ks_test_trans(learn.ks_test_trans(NULL, 1, 'a'), 2, 'b') placing float8send(7) from 97))$$) AS bad_group_index;
SELECT pg_temp.fails($$SELECT learn.stat_table_final(substr(learn.chisq_test_trans(NULL, 'x', 'y'), 1, 70))$$) AS truncated_table;
SELECT pg_temp.fails($$SELECT learn.comoments_combine(learn.comoments_trans(NULL, ARRAY[1.0, 2.0]), overlay(learn.comoments_trans(NULL, ARRAY[1.0, 2.0]) placing '\xffffffff'::bytea from 13))$$) AS corrupt_comoments;
-- the values kept by KS and Mann-Whitney are bounded by learn.memory_limit
SET learn.memory_limit = '64kB';
SELECT pg_temp.fails($$SELECT learn.ks_test(i, (i % 2)::text) FROM generate_series(1, 10000) i$$) AS over_memory_limit;
RESET learn.memory_limit;

-- ---------------------------------------------------------------------------
-- Correlation and covariance matrices: against PostgreSQL's corr/covar_samp
-- on the same data moved near 0 (a - 1e6 is exact): both are shift
-- invariant, and PostgreSQL's own corr(a, b) loses about 1e-9 to the offset
-- (exact rational arithmetic gives 1.06676937631588e-4 for corr(a, b), which
-- learn.correlation_matrix matches to 1e-15).
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE m AS
SELECT i, 1e6 + sin(i) AS a, cos(i) * 3 AS b, (i % 7)::float8 AS c, 5.0::float8 AS k
FROM generate_series(1, 2000) i;
SELECT pg_temp.near(x[1][2], (SELECT corr(a - 1e6, b) FROM m), 1e-12) AS corr_ab,
       pg_temp.near(x[2][3], (SELECT corr(b, c) FROM m), 1e-9) AS corr_bc,
       x[1][1] AS diag, x[2][1] = x[1][2] AS symmetric, array_dims(x) AS dims
FROM (SELECT learn.correlation_matrix(ARRAY[a, b, c]) x FROM m) s;
SELECT pg_temp.near(x[1][1], (SELECT var_samp(a - 1e6) FROM m), 1e-12) AS var_a,
       pg_temp.near(x[1][3], (SELECT covar_samp(a - 1e6, c) FROM m), 1e-12) AS cov_ac
FROM (SELECT learn.covariance_matrix(ARRAY[a, b, c]) x FROM m) s;
SELECT i, j, row_name, col_name, round(value::numeric, 6) AS value
FROM learn.matrix_rows((SELECT learn.correlation_matrix(ARRAY[b, c]) FROM m), ARRAY['b', 'c']);
-- edge cases, one per line
SELECT learn.correlation_matrix(ARRAY[a]) IS NULL AS empty_gives_null FROM m WHERE false;
SELECT learn.covariance_matrix(ARRAY[a, b]) AS one_row FROM m WHERE i = 1;
SELECT learn.correlation_matrix(ARRAY[a, k]) AS constant_column FROM m WHERE i < 4;
SELECT learn.covariance_matrix(x) AS null_and_nan_rows_skipped FROM (VALUES (ARRAY[1.0, 2.0]::float8[]), (NULL), (ARRAY[NULL, 1.0]::float8[]), (ARRAY['NaN', 1.0]::float8[]), (ARRAY[3.0, 6.0]::float8[])) t(x);
SELECT pg_temp.fails($$SELECT learn.covariance_matrix(x) FROM (VALUES (ARRAY[1.0, 2.0]::float8[]), (ARRAY[1.0]::float8[])) t(x)$$) AS length_mismatch;
SELECT pg_temp.fails($$SELECT learn.covariance_matrix(x) FROM (VALUES (ARRAY[1.0, 'Infinity']::float8[])) t(x)$$) AS infinite_value;

-- ---------------------------------------------------------------------------
-- Parallel: forced parallel plans use Partial Aggregate (the combine
-- functions) and give the serial results within 1e-9.
-- ---------------------------------------------------------------------------
CREATE TABLE stats_big AS
SELECT i, (i * 7919 % 1000) / 10.0 + sin(i) AS v, (i % 3)::text AS g, (i % 5)::text AS h,
       cos(i) AS x, (i % 11)::float8 AS y
FROM generate_series(1, 30000) i;
ANALYZE stats_big;
CREATE FUNCTION pg_temp.all_stats() RETURNS TABLE (name text, a float8, b float8) LANGUAGE sql AS $$
    SELECT 't_test', (learn.t_test(v, 50, 'less')).statistic, (learn.t_test(v, 50, 'less')).p_value FROM stats_big
    UNION ALL SELECT 't_test2', (r).statistic, (r).p_value FROM (SELECT learn.t_test2(v, g) r FROM stats_big WHERE g <> '2') s
    UNION ALL SELECT 'anova', (r).statistic, (r).p_value FROM (SELECT learn.anova(v, g) r FROM stats_big) s
    UNION ALL SELECT 'chisq', (r).statistic, (r).p_value FROM (SELECT learn.chisq_test(g, h) r FROM stats_big) s
    UNION ALL SELECT 'ks', (r).statistic, (r).p_value FROM (SELECT learn.ks_test(v, g) r FROM stats_big WHERE g <> '2') s
    UNION ALL SELECT 'mann_whitney', (r).statistic, (r).p_value FROM (SELECT learn.mann_whitney(v, g) r FROM stats_big WHERE g <> '2') s
    UNION ALL SELECT 'gof', (r).statistic, (r).p_value FROM (SELECT learn.chisq_gof(y, x + 2) r FROM stats_big) s
    UNION ALL SELECT 'correlation', m[1][2], m[2][3] FROM (SELECT learn.correlation_matrix(ARRAY[v, x, y]) m FROM stats_big) s
    UNION ALL SELECT 'covariance', m[1][1], m[1][3] FROM (SELECT learn.covariance_matrix(ARRAY[v, x, y]) m FROM stats_big) s
$$;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS SELECT * FROM pg_temp.all_stats();
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT learn.t_test2(v, g, false, 'less'), learn.chisq_test(g, h), learn.ks_test(v, g), learn.correlation_matrix(ARRAY[v, x]) FROM stats_big WHERE g <> '2';
CREATE TEMP TABLE par AS SELECT * FROM pg_temp.all_stats();
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT s.name, pg_temp.near(p.a, s.a, 1e-9) AND pg_temp.near(p.b, s.b, 1e-9) AS same_as_serial
FROM serial s JOIN par p USING (name) ORDER BY s.name;
DROP TABLE stats_big;

-- ---------------------------------------------------------------------------
-- learn.summary: a table, a query, odd column names and types; the reference
-- is PostgreSQL's own aggregates over the same columns.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE "odd ""name""" ("select" int, "Mixed Case" text, b boolean, j json, n numeric);
INSERT INTO "odd ""name""" VALUES (1, 'x', true, '{}', 1.5), (2, 'y', false, '[]', NULL), (2, 'x', NULL, '{}', 2.5), (NULL, NULL, true, NULL, 4);
SELECT column_name, data_type, count, nulls, distinct_count, mean, min, q1, median, q3, max, most_frequent, frequencies
FROM learn.summary('"odd ""name"""');
SELECT column_name, count, pg_temp.near(mean, (SELECT avg(v) FROM s), 1e-14) AS mean_ok,
       pg_temp.near(stddev, (SELECT stddev_samp(v) FROM s), 1e-14) AS sd_ok,
       median = (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM s) AS median_ok
FROM learn.summary('SELECT v FROM s');
SELECT * FROM learn.summary('SELECT 1 AS one WHERE false');
SELECT column_name, most_frequent FROM learn.summary('s', top => 0);
-- a view, schema-qualified; and the caller's privileges: a role without SELECT is refused
CREATE TABLE stats_private (secret float8);
INSERT INTO stats_private VALUES (1), (2), (3);
CREATE VIEW stats_view AS SELECT secret * 2 AS doubled FROM stats_private;
SELECT column_name, count, mean, median FROM learn.summary('public.stats_view');
CREATE ROLE regress_stats_nobody;
GRANT USAGE ON SCHEMA learn TO regress_stats_nobody;
SET ROLE regress_stats_nobody;
SELECT pg_temp.fails($$SELECT * FROM learn.summary('stats_private')$$) AS without_privilege;
RESET ROLE;
DROP VIEW stats_view;
DROP TABLE stats_private;
REVOKE USAGE ON SCHEMA learn FROM regress_stats_nobody;
DROP ROLE regress_stats_nobody;
-- edge cases, one per line
SELECT pg_temp.fails($$SELECT * FROM learn.summary('no_such_table')$$) AS missing_table;
SELECT pg_temp.fails($$SELECT * FROM learn.summary('SELECT 1; DROP TABLE s')$$) AS two_statements;
SELECT pg_temp.fails($$SELECT * FROM learn.summary('s', top => -1)$$) AS negative_top;

-- Catalog: every aggregate has a combine function and is parallel safe; every object has a comment.
SELECT count(*) AS aggregates, bool_and(a.aggcombinefn <> 0) AS all_combine, bool_and(p.proparallel = 's') AS all_parallel_safe
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'learn' AND p.proname IN ('t_test', 't_test_paired', 't_test2', 'anova', 'chisq_test', 'chisq_gof',
      'ks_test', 'mann_whitney', 'correlation_matrix', 'covariance_matrix');
SELECT p.oid::regprocedure AS without_comment FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'learn' AND obj_description(p.oid, 'pg_proc') IS NULL;
