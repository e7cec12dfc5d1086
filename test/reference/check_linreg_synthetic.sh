#!/usr/bin/env bash
# check_linreg_synthetic.sh: learn.linreg_fit on 5,000,000 synthetic rows with
# known coefficients, serial and forced-parallel.
#
# Needs a running server reachable through the PG* environment variables with
# pg_learn installed; it does not start one.  It creates a scratch database
# learn_syn_<pid> (dropped at the end) and a table of 5,000,000 rows with 10
# float8 features drawn from random() after setseed(0.42) (uniform, with
# mixed scales and offsets of 1000 to 10000 that a raw-sums implementation
# cannot survive), plus
#   y       = 3 + sum c_j x_j                (no noise)
#   y_noisy = y + 0.5 z,  z ~ N(0, 1) by Box-Muller from random()
# and checks
#   (a) the noise-free fit: every slope equals c_j to 1e-9 relative, the
#       intercept equals 3 to 1e-9 of the terms it is computed from (see
#       below), learn.predict reproduces y to 1e-9 relative, row counts;
#   (b) the noisy fit: every coefficient is within 5 reported standard errors
#       of the truth and sigma is within 1% of 0.5;
#   (c) a serial fit equals a forced-parallel one (Partial Aggregate in 2
#       workers + leader, merged by the combine function) to 1e-9 relative.
#
# The intercept is b0 = mean(y) - sum b_j mean(x_j): with features centred
# far from 0 it is a difference of terms of size sum |b_j mean(x_j)| (about
# 4.2e5 here, against b0 = 3), so slopes that are right to 1e-9 relative
# only guarantee b0 to 1e-9 * (|b0| + sum |b_j mean(x_j)|) absolute.  That is
# the tolerance used for intercept quantities (its t value and p value get
# the same bound divided by its standard error); the plain relative error is
# printed as a comment.  Every other number is checked to 1e-9 relative
# (absolute 1e-12 where the reference is 0 or a p value below 1e-300).
#
# Output is TAP-like: "ok - <what>" / "not ok - <what>: <detail>" per check
# group, "# ..." comments (timings, plans), then "N passed, M failed"; the
# exit status is 0 only if everything passed.  About 30 s on 2 cores.
set -u

ROWS=${LEARN_SYN_ROWS:-5000000}
DB=learn_syn_$$
WORK=$(mktemp -d /tmp/learn_syn.XXXXXX)
TAP=$WORK/tap.out
: > "$TAP"
DB_CREATED=

emit() { printf '%s\n' "$*" | tee -a "$TAP"; }
comment() { sed 's/^/# /' | tee -a "$TAP"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

finish() {
  local passed failed
  if [ -n "$DB_CREATED" ]; then
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 \
      || echo "# warning: could not drop database $DB"
  fi
  passed=$(grep -c '^ok - ' "$TAP")
  failed=$(grep -c '^not ok - ' "$TAP")
  rm -rf "$WORK"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

bail() {
  emit "not ok - $1"
  finish
  exit 1
}
# On a signal, report and clean up; the handler may run inside a redirected
# command, so it first restores the script's own stdout and stderr (fd 3, 4).
exec 3>&1 4>&2
trap 'trap - INT TERM; exec 1>&3 2>&4; bail "interrupted"' INT TERM

psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>"$WORK/err" \
  || bail "server: cannot connect ($(tr '\n' ' ' < "$WORK/err"))"
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $DB" >/dev/null 2>"$WORK/err" \
  || bail "setup: CREATE DATABASE $DB failed: $(tr '\n' ' ' < "$WORK/err")"
DB_CREATED=1

# ---------------------------------------------------------------------------
# The data.  truth(j, term, value): j = 0 is the intercept.
# ---------------------------------------------------------------------------
Y_EXPR='3 + 2.5*x1 - 1.75*x2 + 0.3*x3 - 0.004*x4 + 1200*x5 - 7*x6 + 0.05*x7 + 11*x8 - 0.6*x9 + 42*x10'
XS='ARRAY[x1, x2, x3, x4, x5, x6, x7, x8, x9, x10]'
OPTS="jsonb_build_object('feature_names', ARRAY['x1','x2','x3','x4','x5','x6','x7','x8','x9','x10'])"

t0=$(now)
if ! psql_db >"$WORK/setup.log" 2>&1 <<SQL
CREATE EXTENSION pg_learn;
CREATE TABLE truth (j int PRIMARY KEY, term text NOT NULL, value float8 NOT NULL);
INSERT INTO truth VALUES
  (0, '(intercept)', 3), (1, 'x1', 2.5), (2, 'x2', -1.75), (3, 'x3', 0.3), (4, 'x4', -0.004),
  (5, 'x5', 1200), (6, 'x6', -7), (7, 'x7', 0.05), (8, 'x8', 11), (9, 'x9', -0.6), (10, 'x10', 42);
CREATE UNLOGGED TABLE syn (
  x1 float8 NOT NULL, x2 float8 NOT NULL, x3 float8 NOT NULL, x4 float8 NOT NULL,
  x5 float8 NOT NULL, x6 float8 NOT NULL, x7 float8 NOT NULL, x8 float8 NOT NULL,
  x9 float8 NOT NULL, x10 float8 NOT NULL,
  z float8 NOT NULL,
  y float8 GENERATED ALWAYS AS ($Y_EXPR) STORED,
  y_noisy float8 GENERATED ALWAYS AS ($Y_EXPR + 0.5*z) STORED);
SELECT setseed(0.42);
INSERT INTO syn (x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, z)
SELECT random(),                    -- U(0,1)
       1000 + random(),             -- offset 1000, sd 0.29
       10*random() - 5,             -- centred at 0
       1000 + 100*random(),         -- offset 1000, sd 29
       0.001*random(),              -- tiny scale, large coefficient
       -50 + 2*random(),            -- negative offset
       5000 + 10*random(),          -- offset 5000
       random()^2,                  -- skewed
       100*random(),                -- large scale
       10000 + random(),            -- offset 10000, sd 0.29
       sqrt(-2*ln(1 - random())) * cos(2*pi()*random())   -- Box-Muller N(0,1)
FROM generate_series(1, $ROWS);
VACUUM ANALYZE syn;
CREATE TABLE fits (fit text PRIMARY KEY, model bytea NOT NULL);
SQL
then
  bail "setup: $(tr '\n' ' ' < "$WORK/setup.log")"
fi
t1=$(now)
emit "ok - setup: $ROWS rows in $DB ($(psql_db -At -c "SELECT pg_size_pretty(pg_table_size('syn'))"))"
echo "table built in $(elapsed "$t0" "$t1") s" | comment

# ---------------------------------------------------------------------------
# Fits
# ---------------------------------------------------------------------------
SERIAL='SET max_parallel_workers_per_gather = 0;'
PARALLEL='SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;'

# fit NAME TARGET MODE: stores the model in fits, records the wall time.
declare -A SECONDS_FOR
fit() {
  local name=$1 target=$2 mode=$3 set explain=
  if [ "$mode" = parallel ]; then
    set=$PARALLEL
    explain='EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF)'
  else
    set=$SERIAL
  fi
  local a b
  a=$(now)
  if ! psql_db >"$WORK/plan_$name.txt" 2>&1 <<SQL
$set
$explain CREATE TABLE fit_$name AS
  SELECT learn.linreg_fit($target, $XS, $OPTS) AS model FROM syn;
SQL
  then
    emit "not ok - fit $name: $(tr '\n' ' ' < "$WORK/plan_$name.txt")"
    return 1
  fi
  b=$(now)
  SECONDS_FOR[$name]=$(elapsed "$a" "$b")
  psql_db -c "INSERT INTO fits SELECT '$name', model FROM fit_$name" >/dev/null
}

# The serial plan must not be parallel.
psql_db -At >"$WORK/serial_plan.txt" 2>&1 <<SQL
$SERIAL
EXPLAIN (COSTS OFF) SELECT learn.linreg_fit(y, $XS, $OPTS) FROM syn;
SQL
if grep -qE 'Gather|Partial' "$WORK/serial_plan.txt"; then
  emit "not ok - serial plan: expected no parallelism: $(tr '\n' ' ' < "$WORK/serial_plan.txt")"
else
  emit "ok - serial plan: $(tr '\n' ' ' < "$WORK/serial_plan.txt" | sed 's/  */ /g; s/ $//')"
fi

fit exact_serial y serial
fit noisy_serial y_noisy serial
fit exact_parallel y parallel
fit noisy_parallel y_noisy parallel

for name in exact_parallel noisy_parallel; do
  plan=$WORK/plan_$name.txt
  [ -s "$plan" ] || continue
  echo "EXPLAIN (ANALYZE) of the forced-parallel fit $name:" | comment
  sed 's/^ *QUERY PLAN *$//; /^-*$/d; /^([0-9]* rows\?)$/d' "$plan" | comment
  if grep -q 'Partial Aggregate' "$plan" && grep -q 'Finalize Aggregate' "$plan" \
     && grep -qE 'Workers Launched: [1-9]' "$plan"; then
    emit "ok - parallel plan $name: Partial Aggregate + Finalize Aggregate, $(grep -oE 'Workers Launched: [0-9]+' "$plan")"
  else
    emit "not ok - parallel plan $name: no Partial Aggregate with launched workers"
  fi
done
for name in exact_serial noisy_serial exact_parallel noisy_parallel; do
  [ -n "${SECONDS_FOR[$name]:-}" ] && echo "fit $name over $ROWS rows: ${SECONDS_FOR[$name]} s"
done | comment

# ---------------------------------------------------------------------------
# Checks.  cmp holds (grp, what, got, ref, scale, tol): a row passes when
# |got - ref| <= tol * scale, or |got - ref| <= 1e-12 where ref = 0 or ref is
# a p value below 1e-300.  One TAP line per grp.
# ---------------------------------------------------------------------------
if ! psql_db -At >"$WORK/checks.out" 2>&1 <<SQL
CREATE TEMP VIEW coef AS
  SELECT f.fit, (c.ord - 1)::int AS j, c.term, c.estimate, c.std_error, c.t_value, c.p_value
  FROM fits f, learn.coefficients(f.model) WITH ORDINALITY
       AS c(term, estimate, std_error, t_value, p_value, ord);
CREATE TEMP VIEW stat AS
  SELECT f.fit, k AS key, (learn.describe(f.model) ->> k)::float8 AS value
  FROM fits f, unnest(ARRAY['r2', 'adj_r2', 'sigma', 'f_statistic', 'f_df1', 'f_df2',
                            'df_residual', 'rss', 'tss', 'rows_used', 'rows_skipped']) k;
-- |b0| + sum |b_j mean(x_j)|: the size of the terms the intercept is computed from
CREATE TEMP VIEW icpt_scale AS
  SELECT f.fit,
         abs((SELECT estimate FROM coef c WHERE c.fit = f.fit AND c.j = 0))
         + sum(abs((SELECT estimate FROM coef c WHERE c.fit = f.fit AND c.j = m.ord)
                   * (m.feat ->> 'mean')::float8)) AS scale
  FROM fits f, jsonb_array_elements(learn.describe(f.model) -> 'features') WITH ORDINALITY m(feat, ord)
  GROUP BY f.fit;

CREATE TEMP TABLE cmp (grp int, title text, what text, got float8, ref float8,
                       scale float8, tol float8, is_p bool DEFAULT false);

-- (a) noise-free fit against the truth
INSERT INTO cmp
SELECT 1, 'noise-free fit: 10 slopes equal the true coefficients to 1e-9 relative',
       c.term, c.estimate, t.value, abs(t.value), 1e-9
FROM coef c JOIN truth t USING (j) WHERE c.fit = 'exact_serial' AND j > 0;
INSERT INTO cmp
SELECT 2, 'noise-free fit: intercept equals 3 within 1e-9 * (|b0| + sum |b_j mean(x_j)|)',
       c.term, c.estimate, t.value, s.scale, 1e-9
FROM coef c JOIN truth t USING (j) JOIN icpt_scale s USING (fit) WHERE c.fit = 'exact_serial' AND j = 0;
INSERT INTO cmp
SELECT 3, 'noise-free fit: learn.predict reproduces y on 10000 rows to 1e-9 relative',
       'row ' || s.tid, learn.predict(m.model, $XS), y, abs(y), 1e-9
FROM (SELECT ctid AS tid, * FROM syn LIMIT 10000) s, fits m WHERE m.fit = 'exact_serial';
INSERT INTO cmp
SELECT 4, 'noise-free fit: rows_used = $ROWS, rows_skipped = 0', key, value,
       CASE key WHEN 'rows_used' THEN $ROWS ELSE 0 END, 1, 0
FROM stat WHERE fit = 'exact_serial' AND key IN ('rows_used', 'rows_skipped');

-- (b) noisy fit against the truth
INSERT INTO cmp
SELECT 5, 'noisy fit: all 11 coefficients within 5 standard errors of the truth',
       c.term, c.estimate, t.value, c.std_error, 5
FROM coef c JOIN truth t USING (j) WHERE c.fit = 'noisy_serial';
INSERT INTO cmp
SELECT 6, 'noisy fit: sigma within 1% of 0.5', key, value, 0.5, 0.5, 0.01
FROM stat WHERE fit = 'noisy_serial' AND key = 'sigma';

-- (c) forced-parallel against serial
INSERT INTO cmp
SELECT 7, 'serial = parallel, noise-free fit: slopes to 1e-9 relative, intercept within 1e-9 * scale',
       p.term, p.estimate, s.estimate,
       CASE WHEN s.j = 0 THEN sc.scale ELSE abs(s.estimate) END, 1e-9
FROM coef s JOIN coef p USING (j) JOIN icpt_scale sc ON sc.fit = s.fit
WHERE s.fit = 'exact_serial' AND p.fit = 'exact_parallel';
INSERT INTO cmp
SELECT 8, 'serial = parallel, noisy fit: coefficient table to 1e-9 relative (intercept estimate, t and p within 1e-9 * scale)',
       p.term || ' ' || v.what, v.got, v.ref, v.scale, 1e-9, v.what = 'p_value'
FROM coef s JOIN coef p USING (j) JOIN icpt_scale sc ON sc.fit = s.fit,
LATERAL (VALUES
  ('estimate', p.estimate, s.estimate, CASE WHEN j = 0 THEN sc.scale ELSE abs(s.estimate) END),
  ('std_error', p.std_error, s.std_error, abs(s.std_error)),
  ('t_value', p.t_value, s.t_value, CASE WHEN j = 0 THEN sc.scale / s.std_error ELSE abs(s.t_value) END),
  -- |dp/dt| <= 2 * max density of t <= 0.8, so the t bound also bounds p
  ('p_value', p.p_value, s.p_value, CASE WHEN j = 0 THEN sc.scale / s.std_error ELSE abs(s.p_value) END)
) v(what, got, ref, scale)
WHERE s.fit = 'noisy_serial' AND p.fit = 'noisy_parallel';
INSERT INTO cmp
SELECT 9, 'serial = parallel, noisy fit: fit statistics to 1e-9 relative',
       s.key, p.value, s.value, abs(s.value), 1e-9
FROM stat s JOIN stat p USING (key)
WHERE s.fit = 'noisy_serial' AND p.fit = 'noisy_parallel';

CREATE TEMP VIEW judged AS
  SELECT *, abs(got - ref) AS err,
         CASE WHEN scale > 0 THEN abs(got - ref) / scale END AS scaled_err,
         coalesce(got = ref
                  OR abs(got - ref) <= tol * scale
                  OR ((ref = 0 OR (is_p AND ref < 1e-300)) AND abs(got - ref) <= 1e-12), false) AS pass
  FROM cmp;
CREATE FUNCTION pg_temp.g(x float8) RETURNS text LANGUAGE sql IMMUTABLE AS
  \$\$ SELECT CASE WHEN x IS NULL THEN 'NULL' WHEN x IN ('Infinity', '-Infinity', 'NaN') THEN x::text
                ELSE trim(to_char(x, '9.99EEEE')) END \$\$;

SELECT CASE WHEN bool_and(pass) THEN
         format('ok - %s [%s values, max error/scale %s at %s]', title, count(*),
                pg_temp.g(max(scaled_err)),
                (SELECT what FROM judged j2 WHERE j2.grp = j.grp ORDER BY scaled_err DESC NULLS LAST LIMIT 1))
       ELSE
         format('not ok - %s: %s', title,
                (SELECT string_agg(format('%s = %s, reference %s, |diff| %s > %s', what,
                                          got::text, ref::text, pg_temp.g(err), pg_temp.g(tol * scale)), '; ')
                 FROM (SELECT * FROM judged j2 WHERE j2.grp = j.grp AND NOT pass
                       ORDER BY scaled_err DESC NULLS FIRST LIMIT 5) w))
       END
FROM judged j GROUP BY grp, title ORDER BY grp;

-- comments: plain relative errors of the intercept, the largest slope errors
SELECT format('# %s: intercept %s, plain relative error vs 3 %s (scale |b0| + sum |b_j mean(x_j)| = %s)',
              c.fit, c.estimate::text, pg_temp.g(abs(c.estimate - 3) / 3), pg_temp.g(s.scale))
FROM coef c JOIN icpt_scale s USING (fit) WHERE j = 0 AND c.fit LIKE 'exact%' ORDER BY c.fit;
SELECT format('# %s: max slope relative error vs truth %s',
              fit, pg_temp.g(max(abs(c.estimate - t.value) / abs(t.value))))
FROM coef c JOIN truth t USING (j) WHERE j > 0 AND fit LIKE 'exact%' GROUP BY fit ORDER BY fit;
SELECT format('# serial vs parallel: max slope relative difference %s (noise-free), %s (noisy); intercept relative difference %s (noise-free), %s (noisy)',
  pg_temp.g(max(abs(p.estimate - s.estimate) / abs(s.estimate)) FILTER (WHERE j > 0 AND s.fit = 'exact_serial')),
  pg_temp.g(max(abs(p.estimate - s.estimate) / abs(s.estimate)) FILTER (WHERE j > 0 AND s.fit = 'noisy_serial')),
  pg_temp.g(max(abs(p.estimate - s.estimate) / abs(s.estimate)) FILTER (WHERE j = 0 AND s.fit = 'exact_serial')),
  pg_temp.g(max(abs(p.estimate - s.estimate) / abs(s.estimate)) FILTER (WHERE j = 0 AND s.fit = 'noisy_serial')))
FROM coef s JOIN coef p USING (j)
WHERE (s.fit, p.fit) IN (('exact_serial', 'exact_parallel'), ('noisy_serial', 'noisy_parallel'));
SELECT format('# noisy fit: sigma %s, r2 %s, max |estimate - truth| / std_error %s',
  (SELECT value FROM stat WHERE fit = 'noisy_serial' AND key = 'sigma'),
  (SELECT value FROM stat WHERE fit = 'noisy_serial' AND key = 'r2'),
  (SELECT pg_temp.g(max(abs(c.estimate - t.value) / c.std_error)) FROM coef c JOIN truth t USING (j)
   WHERE c.fit = 'noisy_serial'));
SQL
then
  cat "$WORK/checks.out"
  bail "checks: SQL failed"
fi
tee -a "$TAP" < "$WORK/checks.out"

finish
