#!/usr/bin/env bash
# Benchmark of pg_learn's linear regression: training and prediction cost
# relative to the plain scans they cannot beat.  A measurement, not a test:
# it exits 0 whether or not the targets are met (non-zero only on errors).
#
#   bash test/bench/linreg.sh                 # 5,000,000 rows, throwaway cluster
#   ROWS=200000 REPEAT=3 bash test/bench/linreg.sh   # smoke test
#   PGHOST=... PGPORT=... PGUSER=... bash test/bench/linreg.sh   # existing server
#
# Environment:
#   ROWS            rows of the generated table (default 5000000)
#   REPEAT          timed repetitions of every query, at least 3 (default 5)
#   SHARED_BUFFERS  shared_buffers of the throwaway cluster (default 2GB)
#   KEEP_DB         set to keep the scratch database on an existing server
#   KEEP_CLUSTER    set to keep the throwaway cluster's directory (scripts/lib.sh)
# See test/bench/README.md for how to read the output.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROWS=${ROWS:-5000000}
REPEAT=${REPEAT:-5}
SHARED_BUFFERS=${SHARED_BUFFERS:-2GB}
[[ "$ROWS" =~ ^[0-9]+$ && "$ROWS" -ge 1000 ]] || { echo "ROWS must be an integer >= 1000" >&2; exit 2; }
[[ "$REPEAT" =~ ^[0-9]+$ ]] || { echo "REPEAT must be an integer" >&2; exit 2; }
[ "$REPEAT" -ge 3 ] || REPEAT=3

note() { printf '==> %s\n' "$*" >&2; }

WORK=$(mktemp -d /tmp/pg_learn_bench.XXXXXX)
STARTED=
DB_CREATED=
DB=pg_learn_bench_$$

cleanup() {
  local rc=$?
  set +e
  if [ -n "$DB_CREATED" ] && [ -z "$STARTED" ] && [ -z "${KEEP_DB:-}" ]; then
    psql -X -q -d "$ADMIN_DB" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  fi
  if [ -n "$STARTED" ]; then
    learn_cluster_stop || rc=1
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

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
max_parallel_workers = 8
CONF
  as_owner "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$CLUSTER_DIR/server.log" -w restart >/dev/null
  note "throwaway cluster restarted with shared_buffers = $SHARED_BUFFERS, jit = off"
fi
ADMIN_DB=${PGDATABASE:-postgres}

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

export PGDATABASE=$DB

PSQL=(psql -X -q -v ON_ERROR_STOP=1 -d "$DB")

psql -X -q -v ON_ERROR_STOP=1 -d "$ADMIN_DB" -c "CREATE DATABASE $DB" >/dev/null
DB_CREATED=1

# ---------------------------------------------------------------------------
# Data: ROWS x (x1..x10, y), y = 4 + b'x + N(0, 0.5^2).
# ---------------------------------------------------------------------------
COEF=(1.5 -2 0.5 3 -1 0.25 2.5 -0.75 1 -3)
XS=""; SUMS=""; YEXPR="4"; GEN=""
for i in $(seq 1 10); do
  XS+="${XS:+, }x$i"
  SUMS+="${SUMS:+, }sum(x$i)"
  YEXPR+=" + (${COEF[$((i - 1))]})*x$i"
  GEN+="${GEN:+, }(random() * 10 - 5) AS x$i"
done
SUMS+=", sum(y)"
ARR="ARRAY[$XS]"

note "loading $ROWS rows into $DB.t"
LOAD_START=$(date +%s.%N)
"${PSQL[@]}" <<SQL
SET jit = off;
SET client_min_messages = warning;
CREATE EXTENSION pg_learn;
CREATE TABLE t AS
SELECT $XS, $YEXPR + 0.5 * sqrt(-2 * ln(1 - u1)) * cos(2 * pi() * u2) AS y
FROM (SELECT $GEN, random() AS u1, random() AS u2
      FROM generate_series(1, $ROWS) OFFSET 0) s;
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
SELECT format('rows              %s  (table t: 10 float8 features x1..x10 and y; %s, loaded in %s s)',
              count(*), pg_size_pretty(pg_table_size('t')), round(($LOAD_END - $LOAD_START)::numeric, 1)) FROM t;
SELECT format('shared_buffers    %s; table %s in it (%s)', current_setting('shared_buffers'),
              CASE WHEN pg_table_size('t') <= pg_size_bytes(current_setting('shared_buffers'))
                   THEN 'fits' ELSE 'does NOT fit: scans read through the OS cache' END, '$PREWARM');
SELECT format('jit               off in the timed session (server default: %s)', current_setting('jit'));
SELECT format('parallel          max_worker_processes=%s, max_parallel_workers=%s, parallel_leader_participation=%s',
              current_setting('max_worker_processes'), current_setting('max_parallel_workers'),
              current_setting('parallel_leader_participation'));
SQL
GIT_REV=$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?')
{
  echo "pg_learn linear regression benchmark"
  sed 's/^/  /' "$WORK/header"
  echo "  library           $LIB_AT_START (source tree $GIT_REV; a local server is assumed to load this file)"
  echo "  cpus              $(nproc 2>/dev/null || echo '?') online; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
  echo "  repetitions       $REPEAT per query, interleaved round-robin (rotated order), medians reported"
}

Q_SCAN="SELECT $SUMS FROM t"
Q_FIT="SELECT learn.linreg_fit(y, $ARR) FROM t"
Q_TRAIN="SELECT * FROM learn.train('bench', 'linear_regression', 't', 'y')"
Q_ARRAY="SELECT count($ARR) FROM t"
Q_PRED="SELECT sum(learn.predict(:'m'::bytea, $ARR)) FROM t"
Q_PREDN="SELECT sum(learn.predict('bench', $ARR)) FROM t"

SERIAL="SET max_parallel_workers_per_gather = 0;"
PARALLEL="SET max_parallel_workers_per_gather = 2;"
SESSION="SET jit = off;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET client_min_messages = warning;"

# ---------------------------------------------------------------------------
# Plans: the parallel aggregate must be split into Partial/Finalize Aggregate,
# and learn.train's own query (seen through auto_explain) as well.
# ---------------------------------------------------------------------------
echo
echo "Parallel plan of the training aggregate (max_parallel_workers_per_gather = 2):"
"${PSQL[@]}" > "$WORK/explain" <<SQL
$SESSION
$PARALLEL
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) $Q_FIT;
SQL
sed 's/^/  /' "$WORK/explain"
EXPLAIN_FIT=no
grep -q 'Partial Aggregate' "$WORK/explain" && EXPLAIN_FIT=yes

# learn.train also models its first version here, which the prediction queries use.
EXPLAIN_TRAIN=unverified
if "${PSQL[@]}" > /dev/null 2> "$WORK/autoexplain" <<SQL
$SESSION
$PARALLEL
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_analyze = on;
SET auto_explain.log_timing = off;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
SELECT * FROM learn.train('bench', 'linear_regression', 't', 'y');
SQL
then
  # the block of the nested fit query, from its NOTICE to the next one
  awk '/^NOTICE:/ { keep = 0 } /Query Text: SELECT learn\.(linreg_fit|fit_columns)/ { keep = 1 } keep' \
    "$WORK/autoexplain" > "$WORK/trainplan"
  EXPLAIN_TRAIN=no
  grep -q 'Partial Aggregate' "$WORK/trainplan" && EXPLAIN_TRAIN=yes
  echo "Plan of learn.train's fit query, from auto_explain (same settings):"
  grep -v '^\s*$' "$WORK/trainplan" | sed 's/^/  /' || true
else
  echo "auto_explain unavailable (needs superuser): learn.train's plan not checked"
  "${PSQL[@]}" -c "SELECT * FROM learn.train('bench', 'linear_regression', 't', 'y')" >/dev/null
fi

# Sanity check of the fit against the generating coefficients.
"${PSQL[@]}" -At <<SQL
SELECT format('Fit check: r2 = %s, max |estimate - true coefficient| = %s (noise sd 0.5)',
              round((learn.training_metrics(learn.model('bench'))->>'r2')::numeric, 4),
              round(max(abs(c.estimate - tc.v))::numeric, 4))
FROM learn.coefficients(learn.model('bench')) WITH ORDINALITY AS c(term, estimate, se, tv, pv, k)
JOIN unnest(ARRAY[4, $(IFS=,; echo "${COEF[*]}")]::float8[]) WITH ORDINALITY AS tc(v, k) USING (k);
SQL

# ---------------------------------------------------------------------------
# Timed session: one psql session, every query run once untimed, then REPEAT
# rounds in which all measurements run in a rotated order.  Each time is
# clock_timestamp() after minus before, measured by the server.  When the
# server runs on this machine, the backend's CPU time (utime + stime from
# /proc, in clock ticks) is recorded too: it does not count time spent
# waiting for a CPU, so it is steadier than wall time on a shared machine
# (parallel workers' CPU is not included, so it is shown for serial runs only).
# ---------------------------------------------------------------------------
MODES=(serial  serial serial serial serial  serial        parallel parallel parallel)
WHATS=(scan    fit    train  array  predict predict_name  scan     fit      train)
QUERIES=("$Q_SCAN" "$Q_FIT" "$Q_TRAIN" "$Q_ARRAY" "$Q_PRED" "$Q_PREDN" "$Q_SCAN" "$Q_FIT" "$Q_TRAIN")
N=${#WHATS[@]}
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
CPU='`awk '"'"'{ print $14 + $15 }'"'"' /proc/$BENCH_BPID/stat 2>/dev/null || echo NULL`'

measure() {  # index round
  local i=$1 round=$2
  if [ "${MODES[$i]}" = serial ]; then echo "$SERIAL"; else echo "$PARALLEL"; fi
  if [ "$round" -eq 0 ]; then
    echo "${QUERIES[$i]} \\g /dev/null"
    return
  fi
  echo "\\set c0 $CPU"
  echo "SELECT clock_timestamp() AS t0 \\gset"
  echo "${QUERIES[$i]} \\g /dev/null"
  echo "SELECT clock_timestamp() AS t1 \\gset"
  echo "\\set c1 $CPU"
  echo "INSERT INTO bench_timing VALUES ('${MODES[$i]}', '${WHATS[$i]}', $round," \
       "extract(epoch FROM :'t1'::timestamptz - :'t0'::timestamptz), (:c1 - :c0) / $HZ.0);"
}

{
  echo "$SESSION"
  echo "CREATE TEMP TABLE bench_timing (mode text, what text, round int, secs float8, cpu float8);"
  echo "SELECT learn.model('bench')::text AS m \\gset"
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
  cat <<'SQL'
\pset footer off
\pset null ''
\echo
\echo 'All timings (wall-clock seconds, in round order; cpu: median backend CPU seconds):'
SELECT mode, what, count(*) AS n,
       round(min(secs)::numeric, 3) AS min,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY secs))::numeric, 3) AS median,
       round(max(secs)::numeric, 3) AS max,
       CASE WHEN mode = 'serial' THEN
            round((percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu))::numeric, 2) END AS cpu,
       string_agg(round(secs::numeric, 3)::text, ' ' ORDER BY round) AS samples
FROM bench_timing GROUP BY mode, what
ORDER BY mode DESC, array_position(ARRAY['scan', 'fit', 'train', 'array', 'predict', 'predict_name'], what);
\echo
\echo 'Summary. ratio: median / median of the reference (speed-up: serial median / parallel median);'
\echo '  paired: median over the rounds of the same ratio within one round (robust to drifting load);'
\echo '  cpu: the same ratio of median backend CPU times (serial only; empty if the server is not local'
\echo '       or the reference used under 0.2 s of CPU, since CPU time is counted in clock ticks).'
\echo '  met is judged on ratio.'
WITH p AS (  -- one row per round
  SELECT round,
         max(secs) FILTER (WHERE mode = 'serial' AND what = 'scan') AS scan,
         max(secs) FILTER (WHERE mode = 'serial' AND what = 'fit') AS fit,
         max(secs) FILTER (WHERE mode = 'serial' AND what = 'train') AS train,
         max(secs) FILTER (WHERE mode = 'serial' AND what = 'array') AS arr,
         max(secs) FILTER (WHERE mode = 'serial' AND what = 'predict') AS pred,
         max(secs) FILTER (WHERE mode = 'serial' AND what = 'predict_name') AS predn,
         max(secs) FILTER (WHERE mode = 'parallel' AND what = 'scan') AS pscan,
         max(secs) FILTER (WHERE mode = 'parallel' AND what = 'fit') AS pfit,
         max(secs) FILTER (WHERE mode = 'parallel' AND what = 'train') AS ptrain
  FROM bench_timing GROUP BY round
), c AS (  -- median CPU seconds of the serial runs
  SELECT max(s) FILTER (WHERE what = 'scan') AS scan,
         max(s) FILTER (WHERE what = 'fit') AS fit,
         max(s) FILTER (WHERE what = 'train') AS train,
         max(s) FILTER (WHERE what = 'array') AS arr,
         max(s) FILTER (WHERE what = 'predict') AS pred,
         max(s) FILTER (WHERE what = 'predict_name') AS predn
  FROM (SELECT what, percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu) AS s
        FROM bench_timing WHERE mode = 'serial' GROUP BY what) x
), v AS (  -- medians, and medians of the per-round ratios
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY scan) AS scan,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY fit) AS fit,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY train) AS train,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY arr) AS arr,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY pred) AS pred,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY predn) AS predn,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY pscan) AS pscan,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY pfit) AS pfit,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ptrain) AS ptrain,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY fit / scan) AS fit_scan,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY train / scan) AS train_scan,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY pred / arr) AS pred_arr,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY predn / arr) AS predn_arr,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY scan / pscan) AS up_scan,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY fit / pfit) AS up_fit,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY train / ptrain) AS up_train
  FROM p
), r AS (
  SELECT x.*
  FROM v, c, LATERAL (VALUES
    (1, 'serial   scan sum(x1..x10, y)',      v.scan,   NULL::float8,       NULL::float8, NULL::float8,                 'reference',              NULL::float8,           NULL::bool),
    (2, 'serial   learn.linreg_fit  / scan',  v.fit,    v.fit / v.scan,     v.fit_scan,   c.fit / (CASE WHEN c.scan >= 0.2 THEN c.scan END),    '<= 1.30',                 1.30,                   true),
    (3, 'serial   learn.train       / scan',  v.train,  v.train / v.scan,   v.train_scan, c.train / (CASE WHEN c.scan >= 0.2 THEN c.scan END),  '<= 1.30',                 1.30,                   true),
    (4, 'serial   count(ARRAY[x1..x10])',     v.arr,    NULL,               NULL,         NULL,                         'reference',              NULL,                   NULL),
    (5, 'serial   predict(bytea, x) / array', v.pred,   v.pred / v.arr,     v.pred_arr,   c.pred / (CASE WHEN c.arr >= 0.2 THEN c.arr END),    '<= 1.20',                 1.20,                   true),
    (6, 'serial   predict(name, x)  / array', v.predn,  v.predn / v.arr,    v.predn_arr,  c.predn / (CASE WHEN c.arr >= 0.2 THEN c.arr END),   '<= 1.20',                 1.20,                   true),
    (7, '2 wkrs   scan        speed-up',      v.pscan,  v.scan / v.pscan,   v.up_scan,    NULL,                         'reference',              NULL,                   NULL),
    (8, '2 wkrs   linreg_fit  speed-up',      v.pfit,   v.fit / v.pfit,     v.up_fit,     NULL,                         '>= 0.9 x scan speed-up', 0.9 * v.scan / v.pscan, false),
    (9, '2 wkrs   learn.train speed-up',      v.ptrain, v.train / v.ptrain, v.up_train,   NULL,                         '>= 0.9 x scan speed-up', 0.9 * v.scan / v.pscan, false)
  ) AS x(ord, what, secs, ratio, paired, cpu, target, bound, at_most)
), t AS (
  SELECT ord, what, round(secs::numeric, 3) AS "median s", round(ratio::numeric, 2) AS ratio,
         round(paired::numeric, 2) AS paired, round(cpu::numeric, 2) AS cpu,
         target || CASE WHEN ord IN (8, 9) THEN ' (' || round(bound::numeric, 2) || ')' ELSE '' END AS target,
         CASE WHEN at_most IS NULL THEN ''
              WHEN (at_most AND ratio <= bound) OR (NOT at_most AND ratio >= bound) THEN 'yes'
              ELSE 'no' END AS met
  FROM r
  UNION ALL
  VALUES (10, '2 wkrs   EXPLAIN linreg_fit: Partial Aggregate', NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric, 'in the plan', :'explain_fit'),
         (11, '2 wkrs   EXPLAIN learn.train: Partial Aggregate', NULL, NULL, NULL, NULL, 'in the plan', :'explain_train')
)
SELECT what, "median s", ratio, paired, cpu, target, met FROM t ORDER BY ord;
SQL
} > "$WORK/timed.sql"

echo
note "timing: $REPEAT rounds of ${N} queries over $ROWS rows"
"${PSQL[@]}" -v explain_fit="$EXPLAIN_FIT" -v explain_train="$EXPLAIN_TRAIN" -f "$WORK/timed.sql"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if [ "$(lib_id)" != "$LIB_AT_START" ]; then
  echo "WARNING: pg_learn.so changed during the run (now $(lib_id)):"
  echo "         backends started later (parallel workers) may have run another build; run again."
fi
exit 0
