#!/usr/bin/env bash
# Benchmark of pg_learn's data preparation: scoring rows of a table with
# mixed column types (learn.predict('m', t): columns bound by name, then
# imputation, scaling, one-hot, date parts) against scoring the equivalent
# prepared float8[] (learn.predict('m', prepared)), and training on the mixed
# table against a plain scan.  A measurement, not a test: it exits 0 whether
# or not the target is met (non-zero only on errors).
#
#   bash test/bench/prepare.sh                          # 5,000,000 rows, throwaway cluster
#   ROWS=200000 REPEAT=3 bash test/bench/prepare.sh     # smoke test
#   PGHOST=... PGPORT=... PGUSER=... bash test/bench/prepare.sh   # existing server
#
# Environment:
#   ROWS            rows of the generated table (default 5000000)
#   REPEAT          timed repetitions of every query, at least 3 (default 5)
#   SHARED_BUFFERS  shared_buffers of the throwaway cluster (default 3GB: at
#                   5M rows the table with its prepared column takes ~2.1 GB)
#   KEEP_DB         set to keep the scratch database on an existing server
#   KEEP_CLUSTER    set to keep the throwaway cluster's directory (scripts/lib.sh)
# See test/bench/README.md for how linreg.sh's output is read; this one
# follows the same conventions (medians, paired ratios, backend CPU time).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROWS=${ROWS:-5000000}
REPEAT=${REPEAT:-5}
SHARED_BUFFERS=${SHARED_BUFFERS:-3GB}
[[ "$ROWS" =~ ^[0-9]+$ && "$ROWS" -ge 1000 ]] || { echo "ROWS must be an integer >= 1000" >&2; exit 2; }
[[ "$REPEAT" =~ ^[0-9]+$ ]] || { echo "REPEAT must be an integer" >&2; exit 2; }
[ "$REPEAT" -ge 3 ] || REPEAT=3

note() { printf '==> %s\n' "$*" >&2; }

WORK=$(mktemp -d /tmp/pg_learn_bench.XXXXXX)
STARTED=
DB_CREATED=
DB=pg_learn_bench_prep_$$

cleanup() {
  local rc=$?
  set +e
  if [ -n "$DB_CREATED" ] && [ -z "$STARTED" ] && [ -z "${KEEP_DB:-}" ]; then
    psql -X -q -d "$ADMIN_DB" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  fi
  if [ -n "$STARTED" ]; then
    learn_cluster_stop || rc=1
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

# ---------------------------------------------------------------------------
# Server: the one in PGHOST/PGPORT, or a throwaway cluster tuned for the run.
# ---------------------------------------------------------------------------
if [ -z "${PGHOST:-}" ]; then
  # shellcheck source=../../scripts/lib.sh
  source "$REPO/scripts/lib.sh"
  learn_cluster_start
  STARTED=1
  # Room for the whole table in shared_buffers, no JIT, no checkpoints while loading.
  cat >> "$PGDATA_DIR/postgresql.conf" <<CONF
shared_buffers = $SHARED_BUFFERS
jit = off
max_wal_size = 8GB
CONF
  as_owner "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$CLUSTER_DIR/server.log" -w restart >/dev/null
  note "throwaway cluster restarted with shared_buffers = $SHARED_BUFFERS, jit = off"
fi
ADMIN_DB=${PGDATABASE:-postgres}
export PGDATABASE=$DB

PSQL=(psql -X -q -v ON_ERROR_STOP=1 -d "$DB")

psql -X -q -v ON_ERROR_STOP=1 -d "$ADMIN_DB" -c "CREATE DATABASE $DB" >/dev/null
DB_CREATED=1

# ---------------------------------------------------------------------------
# Data: ROWS rows of mixed types, with NULLs in every feature but ts:
#   x_f float8 (2% NULL), x_i integer (3%), x_n numeric(10,2) (1%),
#   c5 text (5 values, 4% NULL), c30 text (30 values, skewed, 5% NULL; the
#   default max_categories of 20 puts the 10 rarest in __other__),
#   d date (2% NULL), ts timestamptz, y float8 depending on all of them.
# Model m: learn.train(linear_regression) with the default preparation plus
# "scale": "standard".  Then t gets prepared = learn.prepare('m', t) (named
# learn.transform in earlier versions), the features exactly as scoring from
# the row prepares them.  The column is
# added by rewriting the table (CREATE TABLE AS) rather than ALTER TABLE +
# UPDATE, so t has no dead tuples and no bloat.
# ---------------------------------------------------------------------------
FEATURES="ARRAY['x_f', 'x_i', 'x_n', 'c5', 'c30', 'd', 'ts']"
OPTIONS="'{\"scale\": \"standard\"}'"

"${PSQL[@]}" -c "SET client_min_messages = warning" -c "CREATE EXTENSION pg_learn"
# The prepared features of a row: learn.prepare(model, row) since the scoring
# functions were unified (learn.transform is now a transform model's output),
# learn.transform(model, row) before that.
if [ "$("${PSQL[@]}" -At -c "SELECT to_regprocedure('learn.prepare(text, record)') IS NOT NULL")" = t ]; then
  PREP_FN=learn.prepare
else
  PREP_FN=learn.transform
fi

note "loading $ROWS rows into $DB.t"
LOAD_START=$(date +%s.%N)
"${PSQL[@]}" <<SQL
SET jit = off;
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = warning;
CREATE TABLE t_raw AS
SELECT x_f, x_i, x_n,
       (ARRAY['red', 'green', 'blue', 'black', 'white'])[k5 + 1] AS c5,
       'city_' || lpad(k30::text, 2, '0') AS c30,
       d, ts,
       3 + 0.5 * coalesce(x_f, 0) + 0.02 * coalesce(x_i, 50) + 0.003 * coalesce(x_n, 500)::float8
         + 0.7 * coalesce(k5, 2) - 0.05 * coalesce(k30, 10)
         + 0.0005 * coalesce(d - date '2015-01-01', 1800)
         + CASE WHEN extract(isodow FROM ts AT TIME ZONE 'UTC') >= 6 THEN 1.5 ELSE 0 END
         + 0.1 * extract(hour FROM ts AT TIME ZONE 'UTC')::float8
         + 0.5 * sqrt(-2 * ln(1 - u1)) * cos(2 * pi() * u2) AS y
FROM (SELECT CASE WHEN random() < 0.02 THEN NULL ELSE random() * 10 - 5 END AS x_f,
             CASE WHEN random() < 0.03 THEN NULL ELSE floor(random() * 100)::int END AS x_i,
             CASE WHEN random() < 0.01 THEN NULL ELSE round((random() * 1000)::numeric, 2)::numeric(10, 2) END AS x_n,
             CASE WHEN random() < 0.04 THEN NULL ELSE floor(random() * 5)::int END AS k5,
             CASE WHEN random() < 0.05 THEN NULL ELSE floor(30 * random() ^ 2)::int END AS k30,
             CASE WHEN random() < 0.02 THEN NULL ELSE date '2015-01-01' + floor(random() * 3650)::int END AS d,
             timestamptz '2020-01-01 00:00+00' + random() * interval '1000 days' AS ts,
             random() AS u1, random() AS u2
      FROM generate_series(1, $ROWS) OFFSET 0) s;
SELECT 1 FROM learn.train('m', 'linear_regression', 't_raw', 'y', $FEATURES, $OPTIONS) \g /dev/null
CREATE TABLE t AS SELECT r.*, $PREP_FN('m', r) AS prepared FROM t_raw r;
DROP TABLE t_raw;
VACUUM (FREEZE, ANALYZE) t;
SQL
LOAD_END=$(date +%s.%N)

# Warm the cache: read the whole table into shared_buffers when pg_prewarm is
# there, else scan it (which at least fills the OS cache).
if "${PSQL[@]}" -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" >/dev/null 2>&1; then
  PREWARM=$("${PSQL[@]}" -At -c "SELECT pg_prewarm('t')")
  PREWARM="pg_prewarm read $PREWARM blocks"
else
  "${PSQL[@]}" -c "SELECT count(*) FROM t" >/dev/null
  PREWARM="pg_prewarm unavailable: warmed by a full scan"
fi

# ---------------------------------------------------------------------------
# Header: what was measured, where.
# ---------------------------------------------------------------------------
"${PSQL[@]}" -At -F '' <<SQL > "$WORK/header"
SELECT format('server            %s', current_setting('server_version'));
SELECT format('pg_learn          %s', learn.version());
SELECT format('rows              %s  (table t: x_f float8, x_i int, x_n numeric, c5/c30 text, d date, ts timestamptz, y, prepared float8[]; %s, loaded in %s s)',
              count(*), pg_size_pretty(pg_table_size('t')), round(($LOAD_END - $LOAD_START)::numeric, 1)) FROM t;
SELECT format('model m           %s inputs -> %s prepared features; r2 %s; options %s; prepared = %s(''m'', t)',
              cardinality($FEATURES), cardinality(learn.features(learn.model('m'))),
              round((learn.training_metrics(learn.model('m'))->>'r2')::numeric, 4), $OPTIONS, '$PREP_FN');
SELECT format('shared_buffers    %s; table %s in it (%s)', current_setting('shared_buffers'),
              CASE WHEN pg_table_size('t') <= pg_size_bytes(current_setting('shared_buffers'))
                   THEN 'fits' ELSE 'does NOT fit: scans read through the OS cache' END, '$PREWARM');
SELECT format('session           jit = off, max_parallel_workers_per_gather = 0 (server default jit: %s)',
              current_setting('jit'));
SQL
# The library measured (others may reinstall it while this runs): path,
# time and checksum, compared again at the end.
# the pg_config of the server scripts/lib.sh runs (PG_BIN), else the first on PATH
if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/pg_config" ]; then PG_CONFIG_BIN=$PG_BIN/pg_config
else PG_CONFIG_BIN=$(command -v pg_config || echo /usr/lib/postgresql/15/bin/pg_config); fi
LIBFILE=$("$PG_CONFIG_BIN" --pkglibdir 2>/dev/null)/pg_learn.so
lib_id() {
  if [ -r "$LIBFILE" ]; then
    echo "$LIBFILE, $(date -r "$LIBFILE" '+%F %T'), md5 $(md5sum < "$LIBFILE" | cut -c1-12)"
  else
    echo "unknown (no $LIBFILE here)"
  fi
}
LIB_AT_START=$(lib_id)
GIT_REV=$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?')
{
  echo "pg_learn preparation benchmark"
  sed 's/^/  /' "$WORK/header"
  echo "  library           $LIB_AT_START (source tree $GIT_REV; a local server is assumed to load this file)"
  echo "  cpus              $(nproc 2>/dev/null || echo '?') online; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
  echo "  repetitions       $REPEAT per query, interleaved round-robin (rotated order), medians reported"
}

SESSION="SET jit = off;
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = warning;"

# Sanity check: both ways of scoring agree (on the first 100,000 rows).
"${PSQL[@]}" -At <<SQL
$SESSION
SELECT format('Check: predict from rows vs from prepared, max |difference| over %s rows = %s',
              count(*), max(abs(learn.predict('m', t) - learn.predict('m', prepared))))
FROM (SELECT * FROM t LIMIT 100000) t;
SQL

# ---------------------------------------------------------------------------
# Where learn.train's time goes: every query it runs, with its duration, from
# auto_explain at NOTICE level (needs superuser; one untimed run).
# ---------------------------------------------------------------------------
Q_TRAIN="SELECT * FROM learn.train('m_timed', 'linear_regression', 't', 'y', $FEATURES, $OPTIONS)"
echo
if "${PSQL[@]}" > /dev/null 2> "$WORK/autoexplain" <<SQL
$SESSION
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
$Q_TRAIN;
SQL
then
  echo "learn.train's queries (one untimed run, durations from auto_explain):"
  awk '
    /^NOTICE:  duration: / { ms = $3; next }
    /^Query Text: / && ms != "" {
      q = substr($0, 13); what = "other (registry bookkeeping)"
      if (q ~ /learn\.train\(/) what = "learn.train, total"
      else if (q ~ /^SELECT count\(\*\), /) what = "pass 1: statistics (count/avg/stddev/min/max, date-part means)"
      else if (q ~ /^SELECT v, n FROM/) { match(q, /SELECT \(s\.[^)]*\)/); what = "pass: categories of " substr(q, RSTART + 10, RLENGTH - 11) }
      else if (q ~ /learn\.prepare_row/) what = "pass: fit (aggregate over learn.prepare_row)"
      else if (q ~ /LIMIT 0$/) what = "source shape (LIMIT 0)"
      sum[what] += ms; if (!(what in order)) { order[what] = ++n; names[n] = what }
      ms = ""
    }
    END { for (i = 1; i <= n; i++) printf "  %9.3f s  %s\n", sum[names[i]] / 1000, names[i] }
  ' "$WORK/autoexplain"
else
  echo "auto_explain unavailable (needs superuser): learn.train's queries not broken down"
  "${PSQL[@]}" -c "$Q_TRAIN" >/dev/null
fi

# ---------------------------------------------------------------------------
# Timed session: one psql session, every query run once untimed, then REPEAT
# rounds in which all measurements run in a rotated order.  Each time is
# clock_timestamp() after minus before, measured by the server; the
# backend's CPU time (utime + stime from /proc, in clock ticks) is recorded
# too when the server is local (everything here is serial).
# ---------------------------------------------------------------------------
COUNTS="count(x_f), count(x_i), count(x_n), count(c5), count(c30), count(d), count(ts), count(y)"
WHATS=(count      count_prep            count_row      pred_row                           pred_prep                                 scan                   train)
QUERIES=("SELECT count(*) FROM t"
         "SELECT count(prepared) FROM t"
         "SELECT count(t) FROM t"
         "SELECT sum(learn.predict('m', t)) FROM t"
         "SELECT sum(learn.predict('m', prepared)) FROM t"
         "SELECT $COUNTS FROM t"
         "$Q_TRAIN")
N=${#WHATS[@]}
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
CPU='`awk '"'"'{ print $14 + $15 }'"'"' /proc/$BENCH_BPID/stat 2>/dev/null || echo NULL`'

measure() {  # index round
  local i=$1 round=$2
  if [ "$round" -eq 0 ]; then
    echo "${QUERIES[$i]} \\g /dev/null"
    return
  fi
  echo "\\set c0 $CPU"
  echo "SELECT clock_timestamp() AS t0 \\gset"
  echo "${QUERIES[$i]} \\g /dev/null"
  echo "SELECT clock_timestamp() AS t1 \\gset"
  echo "\\set c1 $CPU"
  echo "INSERT INTO bench_timing VALUES ('${WHATS[$i]}', $round," \
       "extract(epoch FROM :'t1'::timestamptz - :'t0'::timestamptz), (:c1 - :c0) / $HZ.0);"
}

{
  echo "$SESSION"
  echo "CREATE TEMP TABLE bench_timing (what text, round int, secs float8, cpu float8);"
  # CPU time only from a backend of this machine (a remote pid means nothing here)
  echo "SELECT pg_backend_pid() AS bpid \\gset"
  echo "\\setenv BENCH_BPID :bpid"
  echo "\\set local \`grep -qa postgres /proc/\$BENCH_BPID/cmdline 2>/dev/null && echo yes || echo no\`"
  echo "\\if :local"
  echo "\\else"
  echo "\\setenv BENCH_BPID none"
  echo "\\endif"
  echo "\\warn warm-up: every query once"
  for ((i = 0; i < N; i++)); do measure "$i" 0; done
  for ((r = 1; r <= REPEAT; r++)); do
    echo "\\warn round $r of $REPEAT"
    for ((j = 0; j < N; j++)); do measure $(((j + r - 1) % N)) "$r"; done
  done
  cat <<SQL
\\pset footer off
\\pset null ''
\\echo
\\echo 'All timings (wall-clock seconds, in round order; cpu: median backend CPU seconds):'
SELECT what, count(*) AS n,
       round(min(secs)::numeric, 3) AS min,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY secs))::numeric, 3) AS median,
       round(max(secs)::numeric, 3) AS max,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu))::numeric, 2) AS cpu,
       string_agg(round(secs::numeric, 3)::text, ' ' ORDER BY round) AS samples
FROM bench_timing GROUP BY what
ORDER BY array_position(ARRAY['count', 'count_prep', 'count_row', 'pred_row', 'pred_prep', 'scan', 'train'], what);
\\echo
\\echo 'Summary ($ROWS rows, serial, jit off).  ratio: median / median of the reference named in "what";'
\\echo '  paired: median over the rounds of the same ratio within one round (robust to drifting load);'
\\echo '  cpu: the same ratio of median backend CPU times (empty if the server is not local or the'
\\echo '       reference used under 0.2 s of CPU);  ns/row: (median - median of the reference) / rows.'
\\echo '  met is judged on ratio.  (a) scores rows of t, (b) the prepared float8[], (c) are the floors.'
WITH p AS (  -- one row per round
  SELECT round,
         max(secs) FILTER (WHERE what = 'count') AS cnt,
         max(secs) FILTER (WHERE what = 'count_prep') AS cntp,
         max(secs) FILTER (WHERE what = 'count_row') AS cntr,
         max(secs) FILTER (WHERE what = 'pred_row') AS a,
         max(secs) FILTER (WHERE what = 'pred_prep') AS b,
         max(secs) FILTER (WHERE what = 'scan') AS scan,
         max(secs) FILTER (WHERE what = 'train') AS train
  FROM bench_timing GROUP BY round
), c AS (  -- median CPU seconds
  SELECT max(s) FILTER (WHERE what = 'count') AS cnt,
         max(s) FILTER (WHERE what = 'count_prep') AS cntp,
         max(s) FILTER (WHERE what = 'count_row') AS cntr,
         max(s) FILTER (WHERE what = 'pred_row') AS a,
         max(s) FILTER (WHERE what = 'pred_prep') AS b,
         max(s) FILTER (WHERE what = 'scan') AS scan,
         max(s) FILTER (WHERE what = 'train') AS train
  FROM (SELECT what, percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu) AS s
        FROM bench_timing GROUP BY what) x
), v AS (  -- medians, and medians of the per-round ratios
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY cnt) AS cnt,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY cntp) AS cntp,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY cntr) AS cntr,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY a) AS a,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY b) AS b,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY scan) AS scan,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY train) AS train,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY cntr / cnt) AS cntr_cnt,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY a / cnt) AS a_cnt,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY a / cntr) AS a_cntr,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY b / cntp) AS b_cntp,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY a / b) AS a_b,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY train / scan) AS train_scan
  FROM p
), r AS (
  SELECT x.*
  FROM v, c, LATERAL (VALUES
    (1, '(c) count(*)',                                  v.cnt,   NULL::float8, NULL::float8,  NULL::float8, NULL::float8,      'floor of (a)', NULL::float8),
    (2, '(c) count(prepared)',                           v.cntp,  NULL,         NULL,          NULL,         NULL,              'floor of (b)', NULL),
    (3, '    count(t): whole-row datum / count(*)',      v.cntr,  v.cntr / v.cnt, v.cntr_cnt, c.cntr / nullif(c.cnt * (c.cnt >= 0.2)::int, 0), v.cntr - v.cnt, 'PostgreSQL''s part of (a)', NULL),
    (4, '(a) predict(''m'', t) / count(*)',              v.a,     v.a / v.cnt,  v.a_cnt,       c.a / nullif(c.cnt * (c.cnt >= 0.2)::int, 0),   v.a - v.cnt,   '', NULL),
    (5, '(a) predict(''m'', t) / count(t)',              v.a,     v.a / v.cntr, v.a_cntr,      c.a / nullif(c.cntr * (c.cntr >= 0.2)::int, 0), v.a - v.cntr,  'pg_learn''s part of (a)', NULL),
    (6, '(b) predict(''m'', prepared) / count(prepared)', v.b,    v.b / v.cntp, v.b_cntp,      c.b / nullif(c.cntp * (c.cntp >= 0.2)::int, 0), v.b - v.cntp,  '', NULL),
    (7, '(a) / (b): rows vs prepared float8[]',          NULL,    v.a / v.b,    v.a_b,         c.a / nullif(c.b * (c.b >= 0.2)::int, 0),       v.a - v.b,     '<= 1.50', 1.50),
    (8, 'scan: count() of the 8 columns train reads',    v.scan,  NULL,         NULL,          NULL,         NULL,              'reference',    NULL),
    (9, 'learn.train (mixed table) / scan',              v.train, v.train / v.scan, v.train_scan, c.train / nullif(c.scan * (c.scan >= 0.2)::int, 0), NULL, 'none (reported)', NULL)
  ) AS x(ord, what, secs, ratio, paired, cpu, extra, target, bound)
)
SELECT what, round(secs::numeric, 3) AS "median s", round(ratio::numeric, 2) AS ratio,
       round(paired::numeric, 2) AS paired, round(cpu::numeric, 2) AS cpu,
       round((extra * 1e9 / $ROWS)::numeric) AS "ns/row", target,
       CASE WHEN bound IS NULL THEN '' WHEN ratio <= bound THEN 'yes' ELSE 'no' END AS met
FROM r ORDER BY ord;
SQL
} > "$WORK/timed.sql"

echo
note "timing: $REPEAT rounds of ${N} queries over $ROWS rows"
# The timed session is one backend: it keeps the pg_learn.so it loads at its
# first call (in the warm-up), so all its timings come from one build.
LIB_AT_TIMED=$(lib_id)
"${PSQL[@]}" -f "$WORK/timed.sql"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if [ "$LIB_AT_TIMED" != "$LIB_AT_START" ]; then
  echo "NOTE: pg_learn.so was reinstalled before the timed session; it loaded $LIB_AT_TIMED"
fi
if [ "$(lib_id)" != "$LIB_AT_TIMED" ]; then
  echo "WARNING: pg_learn.so changed while the timed session ran (now $(lib_id)); if that was"
  echo "         during its warm-up, the timings may come from another build than named: run again."
fi
exit 0
