#!/usr/bin/env bash
# Benchmark of every pg_learn algorithm against scikit-learn on the same
# data: learn.train end to end, scikit-learn's fit alone on numpy arrays
# already in memory, and scikit-learn's fit after reading the table out of
# PostgreSQL with psycopg2 (cursor.fetchall() + np.array).  A measurement,
# not a test: it exits 0 whether or not the targets are met (non-zero only on
# errors).
#
#   bash test/bench/algorithms.sh                  # 5,000,000 rows, throwaway cluster (~15-20 min)
#   ROWS=200000 bash test/bench/algorithms.sh      # smoke test, about a minute
#   PGHOST=... PGPORT=... PGUSER=... bash test/bench/algorithms.sh   # existing server
#
# Environment:
#   ROWS            rows of the generated table (default 5000000)
#   REPEAT          timed repetitions of learn.train and of scikit-learn's fit
#                   (default 3)
#   REPEAT_EXPORT   timed repetitions of scikit-learn's export + fit (default 1:
#                   at 5M rows one of them takes about a minute per algorithm)
#   MEMORY_LIMIT    the raised learn.memory_limit of the in-memory rows of the
#                   iterative algorithms (default 1GB)
#   SHARED_BUFFERS  shared_buffers of the throwaway cluster (default 2GB)
#   PYTHON          the Python with numpy, scikit-learn and psycopg2
#                   (default /usr/bin/python3, Debian's python3-sklearn)
#   KEEP_DB         set to keep the scratch database on an existing server
#   KEEP_CLUSTER    set to keep the throwaway cluster's directory (scripts/lib.sh)
# See test/bench/README.md for how to read the output.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROWS=${ROWS:-5000000}
REPEAT=${REPEAT:-3}
REPEAT_EXPORT=${REPEAT_EXPORT:-1}
MEMORY_LIMIT=${MEMORY_LIMIT:-1GB}
SHARED_BUFFERS=${SHARED_BUFFERS:-2GB}
PYTHON=${PYTHON:-/usr/bin/python3}
[[ "$ROWS" =~ ^[0-9]+$ && "$ROWS" -ge 1000 ]] || { echo "ROWS must be an integer >= 1000" >&2; exit 2; }
[[ "$REPEAT" =~ ^[0-9]+$ && "$REPEAT" -ge 1 ]] || { echo "REPEAT must be an integer >= 1" >&2; exit 2; }
[[ "$REPEAT_EXPORT" =~ ^[0-9]+$ ]] || { echo "REPEAT_EXPORT must be an integer" >&2; exit 2; }
"$PYTHON" -c 'import numpy, sklearn, psycopg2' 2>/dev/null \
  || { echo "$PYTHON cannot import numpy, sklearn and psycopg2 (apt-get install python3-sklearn python3-psycopg2)" >&2; exit 2; }

note() { printf '==> %s\n' "$*" >&2; }

WORK=$(mktemp -d /tmp/pg_learn_bench.XXXXXX)
STARTED=
DB_CREATED=
DB=pg_learn_bench_algo_$$

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
# Data: ROWS x 10 float8 features, deterministic (hashes of the row number,
# no random()), so every run and both sides see the same numbers.
#   cluster c  = one of 5, uniformly (hash of i)
#   x_j        = centre[c][j] + N(0, 1), centre[c][j] = 3 sin(1.7 c + 2.3 j + 0.9 c j)
#   y          = 4 + b'x + N(0, 2^2)                                  (linear_regression)
#   yb         = 1 if a'x - 0.5 + Logistic(0, 1) > 0, else 0          (logistic, svm)
#   yc         = 0 / 1 / 2 by w'x + 1.8 + N(0, 1.5^2) cut at -1.5 and 1.5  (naive_bayes)
# Uniforms are (hashint8extended(i, seed) & (2^53 - 1) + 0.5) / 2^53, normals
# Box-Muller; no class is separable (label noise), clusters are well apart.
# ---------------------------------------------------------------------------
B=(1.5 -2 0.5 3 -1 0.25 2.5 -0.75 1 -3)
A=(0.4 -0.3 0.2 0.5 -0.2 0.1 0.3 -0.4 0.2 -0.3)
W=(-0.3 0.5 0.4 -0.2 0.3 0.6 -0.1 0.2 -0.5 0.3)
XS=""; FEAT=""; GEN=""; YB="4"; YBIN="-0.5"; YCLS="1.8"
for j in $(seq 1 10); do
  XS+="${XS:+, }x$j"
  FEAT+="${FEAT:+, }'x$j'"
  GEN+=", 3 * sin(1.7 * c + 2.3 * $j + 0.9 * c * $j) + bench_n(i, $j) AS x$j"
  YB+=" + (${B[$((j - 1))]}) * x$j"
  YBIN+=" + (${A[$((j - 1))]}) * x$j"
  YCLS+=" + (${W[$((j - 1))]}) * x$j"
done

note "loading $ROWS rows into $DB.t"
LOAD_START=$(date +%s.%N)
"${PSQL[@]}" <<SQL
SET jit = off;
SET client_min_messages = warning;
CREATE EXTENSION pg_learn;
CREATE FUNCTION bench_u(i bigint, s bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS \$\$ SELECT ((hashint8extended(i, s) & 9007199254740991) + 0.5) / 9007199254740992.0 \$\$;
CREATE FUNCTION bench_n(i bigint, s bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS \$\$ SELECT sqrt(-2 * ln(bench_u(i, 2 * s))) * cos(2 * pi() * bench_u(i, 2 * s + 1)) \$\$;
CREATE TABLE t AS
SELECT $XS,
       $YB + 2 * bench_n(i, 50) AS y,
       ($YBIN + ln(bench_u(i, 60) / (1 - bench_u(i, 60))) > 0)::int AS yb,
       CASE WHEN s3 < -1.5 THEN 0 WHEN s3 < 1.5 THEN 1 ELSE 2 END AS yc
FROM (SELECT *, $YCLS + 1.5 * bench_n(i, 70) AS s3
      FROM (SELECT i $GEN
            FROM (SELECT i, floor(5 * bench_u(i, 0))::int AS c
                  FROM generate_series(1::bigint, $ROWS) i) g
            OFFSET 0) f
      OFFSET 0) s;
VACUUM (FREEZE, ANALYZE) t;
SQL
LOAD_END=$(date +%s.%N)

if "${PSQL[@]}" -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" >/dev/null 2>&1; then
  PREWARM="pg_prewarm read $("${PSQL[@]}" -At -c "SELECT pg_prewarm('t')") blocks"
else
  "${PSQL[@]}" -c "SELECT count(*) FROM t" >/dev/null
  PREWARM="pg_prewarm unavailable: warmed by a full scan"
fi

"${PSQL[@]}" -At -F '' <<SQL > "$WORK/header"
SELECT format('server            %s', current_setting('server_version'));
SELECT format('pg_learn          %s', learn.version());
SELECT format('rows              %s  (table t: x1..x10, y float8, yb, yc int; %s, loaded in %s s)',
              count(*), pg_size_pretty(pg_table_size('t')), round(($LOAD_END - $LOAD_START)::numeric, 1)) FROM t;
SELECT format('labels            yb: %s%% ones; yc: %s', round(100 * avg(yb), 1),
              (SELECT string_agg(format('%s%% %s', round(100.0 * n / $ROWS, 1), yc), ', ' ORDER BY yc)
               FROM (SELECT yc, count(*) AS n FROM t GROUP BY yc) g)) FROM t;
SELECT format('shared_buffers    %s; table %s in it (%s)', current_setting('shared_buffers'),
              CASE WHEN pg_table_size('t') <= pg_size_bytes(current_setting('shared_buffers'))
                   THEN 'fits' ELSE 'does NOT fit: scans read through the OS cache' END, '$PREWARM');
SELECT format('parallel          max_parallel_workers_per_gather=%s, max_parallel_workers=%s (server defaults, not changed)',
              current_setting('max_parallel_workers_per_gather'), current_setting('max_parallel_workers'));
SQL
GIT_REV=$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?')
{
  echo "pg_learn vs scikit-learn, every algorithm"
  sed 's/^/  /' "$WORK/header"
  echo "  library           $LIB_AT_START (source tree $GIT_REV; a local server is assumed to load this file)"
  echo "  cpus              $(nproc 2>/dev/null || echo '?') online; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
}

# ---------------------------------------------------------------------------
# The measurements, in one Python process (psycopg2 session + scikit-learn).
# ---------------------------------------------------------------------------
cat > "$WORK/bench.py" <<'PY'
import gc, io, json, os, sys, time, warnings
import numpy as np
import psycopg2
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.svm import LinearSVC

REPEAT = int(os.environ["REPEAT"])
REPEAT_EXPORT = int(os.environ["REPEAT_EXPORT"])
MEMORY_LIMIT = os.environ["MEMORY_LIMIT"]
XS = ["x%d" % j for j in range(1, 11)]
ARR = "ARRAY[%s]" % ", ".join(XS)
FEATS = "ARRAY[%s]" % ", ".join("'%s'" % x for x in XS)

def note(msg):
    print("==> " + msg, file=sys.stderr, flush=True)

# --- BLAS/LAPACK actually loaded, and thread pools ------------------------
def blas_libraries():
    seen = []
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if "/" in line else ""
            name = os.path.basename(path).lower()
            if name.startswith("lib") and any(k in name for k in ("blas", "lapack", "mkl", "blis", "atlas")) \
                    and path not in seen:
                seen.append(path)
    return [os.path.realpath(p) for p in seen]

try:
    from threadpoolctl import threadpool_info
    pools = ", ".join("%s %s (%s threads)" % (p["internal_api"], os.path.basename(p["filepath"]), p["num_threads"])
                      for p in threadpool_info()) or "none detected"
except Exception as e:  # threadpoolctl missing
    pools = "threadpoolctl unavailable (%s)" % e
blas = blas_libraries()
kind = "reference (Netlib) BLAS/LAPACK" if blas and all("/blas/" in p or "/lapack/" in p for p in blas) else "see paths"
print("  python            %s; numpy %s, scikit-learn %s, psycopg2 %s"
      % (sys.version.split()[0], np.__version__, sklearn.__version__, psycopg2.__version__.split()[0]))
print("  numpy BLAS        %s: %s" % (kind, ", ".join(blas) or "none mapped"))
print("  thread pools      %s (threadpoolctl does not list the reference BLAS, which is single-threaded)" % pools)

conn = psycopg2.connect("")
conn.autocommit = True
cur = conn.cursor()
cur.execute("SET jit = off")
cur.execute("SET client_min_messages = warning")
cur.execute("SELECT learn.version()")  # loads the library: learn.memory_limit is known from here on
cur.execute("SHOW learn.memory_limit")
DEFAULT_LIMIT = cur.fetchone()[0]

# --- the data, once, for scikit-learn's fit alone --------------------------
# Binary COPY of the table: fixed-size rows (int16 field count, then int32
# length + big-endian float8 per field), read by numpy without parsing text.
t0 = time.perf_counter()
buf = io.BytesIO()
cur.copy_expert("COPY (SELECT %s, y, yb::float8, yc::float8 FROM t) TO STDOUT (FORMAT binary)"
                % ", ".join(XS), buf)
raw = buf.getbuffer()
NCOL = 13
dt = np.dtype([("n", ">i2")] + [f for k in range(NCOL) for f in (("l%d" % k, ">i4"), ("v%d" % k, ">f8"))])
hdr = 11 + 4 + 4 + int.from_bytes(raw[15:19], "big")
nrows = (len(raw) - hdr - 2) // dt.itemsize
rec = np.frombuffer(raw, dtype=dt, count=nrows, offset=hdr)
assert (rec["n"] == NCOL).all() and all((rec["l%d" % k] == 8).all() for k in range(NCOL))
X = np.column_stack([rec["v%d" % k] for k in range(10)]).astype(np.float64)  # C-contiguous, native order
Y = rec["v10"].astype(np.float64)
YB = rec["v11"].astype(np.int64)
YC = rec["v12"].astype(np.int64)
del rec, raw
buf.close(); del buf; gc.collect()
note("numpy arrays loaded once, untimed for the fit: X %s (%.0f MB) in %.1f s"
     % (X.shape, X.nbytes / 2**20, time.perf_counter() - t0))

# penalty=None since scikit-learn 1.2, the string 'none' before
LOGREG_PENALTY = None if tuple(int(v) for v in sklearn.__version__.split(".")[:2]) >= (1, 2) else "none"

# algorithm -> (target column, pg options, sklearn estimator factory, target array)
ALGOS = [
    ("linear_regression",   "y",  {},                                   lambda: LinearRegression(), Y),
    ("logistic_regression", "yb", {},                                   lambda: LogisticRegression(penalty=LOGREG_PENALTY, max_iter=10000), YB),
    ("naive_bayes",         "yc", {},                                   lambda: GaussianNB(), YC),
    ("linear_svm",          "yb", {"C": 1},                             lambda: LinearSVC(C=1, dual=False), YB),
    ("kmeans",              None, {"k": 5, "n_init": 1, "seed": 1},    lambda: KMeans(n_clusters=5, n_init=1, random_state=1), None),
    ("pca",                 None, {"n_components": 3},                  lambda: PCA(n_components=3), None),
]
ITERATIVE = {"logistic_regression", "linear_svm", "kmeans"}
SPEC = {a[0]: a for a in ALGOS}

def train_sql(algo, name):
    target, opts = SPEC[algo][1], SPEC[algo][2]
    return ("SELECT rows_used, metrics FROM learn.train(%s, %s, 't', %s, %s, %s)"
            % ("'%s'" % name, "'%s'" % algo, "'%s'" % target if target else "NULL", FEATS,
               "'%s'::jsonb" % json.dumps(opts)))

# --- the measurements -------------------------------------------------------
# ("pg", algo, limit): learn.train with learn.memory_limit = limit (None: default)
# ("fit", algo):       scikit-learn fit on the arrays above
# ("export", algo):    execute + fetchall + np.array + fit
MEAS = []
for algo, *_ in ALGOS:
    MEAS.append(("pg", algo, None))
    if algo in ITERATIVE:
        MEAS.append(("pg", algo, MEMORY_LIMIT))
for algo, *_ in ALGOS:
    MEAS.append(("fit", algo, None))
for algo, *_ in ALGOS:
    MEAS.append(("export", algo, None))

samples = {m: [] for m in MEAS}
extra = {m: [] for m in MEAS}   # pg: (path, metrics); export: seconds of the export part
fitted = {}                      # algo -> last sklearn estimator fitted on X (fit alone)
warned = {}

def pg_name(algo, limit):
    return "b_" + algo + ("_mem" if limit else "")

def run_pg(algo, limit):
    if limit:
        cur.execute("SET learn.memory_limit = %s", (limit,))
    t0 = time.perf_counter()
    cur.execute(train_sql(algo, pg_name(algo, limit)))
    rows_used, metrics = cur.fetchone()
    secs = time.perf_counter() - t0
    if limit:
        cur.execute("RESET learn.memory_limit")
    return secs, metrics

def sk_fit(algo, Xa, ya):
    est = SPEC[algo][3]()
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always", ConvergenceWarning)
        if ya is None:
            est.fit(Xa)
        else:
            est.fit(Xa, ya)
    for x in w:
        if issubclass(x.category, ConvergenceWarning):
            warned[algo] = str(x.message).split("\n")[0]
    return est

def run_fit(algo):
    t0 = time.perf_counter()
    est = sk_fit(algo, X, SPEC[algo][4])
    secs = time.perf_counter() - t0
    fitted[algo] = est
    return secs

def run_export(algo):
    # What most users write: a client-side cursor, fetchall(), np.array().
    target = SPEC[algo][1]
    cols = XS + ([target] if target else [])
    t0 = time.perf_counter()
    c = conn.cursor()
    c.execute("SELECT %s FROM t" % ", ".join(cols))
    rows = c.fetchall()
    c.close()
    data = np.array(rows, dtype=np.float64)
    del rows
    t1 = time.perf_counter()
    sk_fit(algo, data[:, :10], data[:, 10] if target else None)
    secs = time.perf_counter() - t0
    del data
    gc.collect()
    return secs, t1 - t0

def run(m, timed=True):
    kind, algo, limit = m
    if kind == "pg":
        secs, metrics = run_pg(algo, limit)
        e = metrics
    elif kind == "fit":
        secs = run_fit(algo); e = None
    else:
        secs, e = run_export(algo)
    if timed:
        samples[m].append(secs)
        extra[m].append(e)
    return secs

# Warm-up, untimed: every learn.train once on a 10,000-row sample (loads the
# library and catalogs, compiles nothing: jit is off), every estimator once on
# the first 10,000 rows of X.
cur.execute("CREATE TEMP TABLE t_warm AS SELECT * FROM t LIMIT 10000")
for algo, *_ in ALGOS:
    cur.execute(train_sql(algo, "b_warm_" + algo).replace("'t'", "'t_warm'"))
    cur.fetchone()
    sk_fit(algo, X[:10000], None if SPEC[algo][4] is None else SPEC[algo][4][:10000])
note("warm-up done (every algorithm once on 10,000 rows, both sides)")

t_start = time.perf_counter()
for r in range(1, max(REPEAT, REPEAT_EXPORT) + 1):
    todo = [m for m in MEAS
            if (m[0] != "export" and r <= REPEAT) or (m[0] == "export" and r <= REPEAT_EXPORT)]
    k = (r - 1) % len(todo)
    todo = todo[k:] + todo[:k]          # rotated order, round by round
    note("round %d: %d measurements (%.0f s so far; load average %s)"
         % (r, len(todo), time.perf_counter() - t_start, " ".join(open("/proc/loadavg").read().split()[:3])))
    for m in todo:
        s = run(m)
        note("  %-6s %-19s %-5s %8.2f s" % (m[0], m[1], "mem" if m[2] else "", s))

# --- quality: pg_learn's model and scikit-learn's on the same data --------
def q1(sql):
    cur.execute(sql)
    return cur.fetchone()[0]

def pg_accuracy(name, target):
    return q1("SELECT avg((learn.predict('%s', %s) = %s)::int)::float8 FROM t" % (name, ARR, target))

def svm_objective(est):
    # LinearSVC's primal (intercept penalised like a weight, intercept_scaling 1)
    w = np.append(est.coef_.ravel(), est.intercept_[0])
    s = 2.0 * YB - 1.0
    f = X @ est.coef_.ravel() + est.intercept_[0]
    return 0.5 * w @ w + 1.0 * np.sum(np.maximum(0.0, 1.0 - s * f) ** 2)

quality = []  # (algorithm, measure, pg (default limit), pg (raised limit), sklearn, note)
def last_metrics(algo, limit):
    ms = extra.get(("pg", algo, limit)) or []
    return ms[-1] if ms else None

note("quality checks (untimed)")
for algo, target, opts, make, ya in ALGOS:
    est = fitted.get(algo)
    mdef, mmem = last_metrics(algo, None), last_metrics(algo, MEMORY_LIMIT if algo in ITERATIVE else None)
    has_mem = algo in ITERATIVE
    if algo == "linear_regression":
        cur.execute("SELECT estimate FROM learn.coefficients(learn.model('b_linear_regression'))")
        coef = np.array([r[0] for r in cur.fetchall()])
        skc = np.append(est.intercept_, est.coef_)
        quality.append((algo, "R^2 (training rows)", mdef["r2"], None, est.score(X, Y),
                        "max |coef difference| %.2g" % np.max(np.abs(coef - skc))))
    elif algo == "logistic_regression":
        from sklearn.metrics import log_loss
        ll = -log_loss(YB, est.predict_proba(X), normalize=False)
        quality.append((algo, "accuracy", pg_accuracy(pg_name(algo, None), target),
                        pg_accuracy(pg_name(algo, MEMORY_LIMIT), target), est.score(X, YB),
                        "sklearn n_iter %d" % est.n_iter_[0]))
        quality.append((algo, "log-likelihood", mdef["log_likelihood"], mmem["log_likelihood"], ll,
                        "pg iterations %s/%s" % (mdef.get("iterations"), mmem.get("iterations"))))
    elif algo == "naive_bayes":
        quality.append((algo, "accuracy", pg_accuracy(pg_name(algo, None), target), None, est.score(X, YC), ""))
    elif algo == "linear_svm":
        quality.append((algo, "accuracy", pg_accuracy(pg_name(algo, None), target),
                        pg_accuracy(pg_name(algo, MEMORY_LIMIT), target), est.score(X, YB),
                        "sklearn n_iter %d" % est.n_iter_))
        quality.append((algo, "primal objective", mdef["objective"], mmem["objective"], svm_objective(est),
                        "pg iterations %s/%s" % (mdef.get("iterations"), mmem.get("iterations"))))
    elif algo == "kmeans":
        quality.append((algo, "inertia", mdef["inertia"], mmem["inertia"], est.inertia_,
                        "iterations pg %s/%s, sklearn %d" % (mdef.get("iterations"), mmem.get("iterations"), est.n_iter_)))
    elif algo == "pca":
        quality.append((algo, "explained variance ratio", mdef["explained_variance_ratio"], None,
                        float(np.sum(est.explained_variance_ratio_)),
                        "sklearn svd_solver %s" % getattr(est, "_fit_svd_solver", "?")))

# --- report -----------------------------------------------------------------
def med(v):
    return float(np.median(v)) if v else float("nan")

def fmt(x, nd=2):
    return "" if x is None or x != x else ("%.*f" % (nd, x))

print()
print("All timings (wall-clock seconds, client side; rounds interleaved in rotated order; median):")
print("  %-7s %-19s %-10s %3s %9s %9s %9s  %s" % ("side", "algorithm", "limit", "n", "min", "median", "max", "samples"))
for m in MEAS:
    v = samples[m]
    if not v:
        continue
    kind, algo, limit = m
    lim = (limit or DEFAULT_LIMIT) if kind == "pg" and algo in ITERATIVE else ""
    side = {"pg": "pg", "fit": "sk fit", "export": "sk exp"}[kind]
    print("  %-7s %-19s %-10s %3d %9.3f %9.3f %9.3f  %s" % (side, algo, lim, len(v), min(v), med(v), max(v),
          " ".join("%.2f" % x for x in v)))
exp = [(m[1], extra[m]) for m in MEAS if m[0] == "export" and extra[m]]
if exp:
    print("  export part of export+fit (execute + fetchall + np.array), median s: "
          + ", ".join("%s %.1f" % (a, med(e)) for a, e in exp))

print()
print("Summary (medians; pg = learn.train end to end; fit = scikit-learn fit on numpy arrays in memory;")
print("  exp+fit = psycopg2 cursor.fetchall() + np.array(rows) + fit, %d sample(s), the others %d;" % (REPEAT_EXPORT, REPEAT))
print("  fit/pg target > 1, exp+fit/pg target >= 20):")
hdr = "  %-19s %-6s %-13s %4s %6s %8s %8s %8s %7s %4s %7s %4s" % (
    "algorithm", "limit", "path", "iter", "passes", "pg s", "fit s", "exp+fit", "fit/pg", "met", "exp/pg", "met")
print(hdr)
print("  " + "-" * (len(hdr) - 2))
for m in MEAS:
    if m[0] != "pg":
        continue
    _, algo, limit = m
    pg = med(samples[m])
    fit = med(samples[("fit", algo, None)])
    ef = med(samples[("export", algo, None)])
    met = extra[m][-1] if extra[m] else {}
    it = met.get("iterations", "")
    passes = met.get("passes", "")
    r1 = fit / pg if pg else float("nan")
    r2 = ef / pg if pg else float("nan")
    lim = (limit or DEFAULT_LIMIT) if algo in ITERATIVE else "-"
    path = met.get("training_path", "one pass") + ("/" + met["training_scan"] if "training_scan" in met else "")
    print("  %-19s %-6s %-13s %4s %6s %8.2f %8.2f %8s %7.2f %4s %7s %4s" % (
        algo, lim, path, it, passes, pg, fit, fmt(ef, 2), r1,
        "yes" if r1 > 1 else "no", fmt(r2, 1), "" if r2 != r2 else ("yes" if r2 >= 20 else "no")))
print("  (limit: learn.memory_limit, '-' where it does not apply; path: in memory (rows read by a")
print("   direct table scan or the fit query, learn.direct_scan) or streamed; iter: the algorithm's iterations;")
print("   passes: aggregate passes over the table when streamed)")

print()
print("Quality on the training rows (pg_learn's model vs scikit-learn's, same data):")
print("  (rel. diff: largest |pg - scikit-learn| / |scikit-learn| of the pg columns; the second pg column")
print("   is the model trained with learn.memory_limit = %s, for the iterative algorithms only)" % MEMORY_LIMIT)
print("  %-19s %-24s %17s %17s %17s %9s  %s" % ("algorithm", "measure", "pg (" + DEFAULT_LIMIT + ")",
                                               "pg (" + MEMORY_LIMIT + ")", "scikit-learn", "rel.diff", "note"))
for algo, what, a, b, s, n in quality:
    g = lambda x: "" if x is None else "%.10g" % x
    rd = max(abs(v - s) / abs(s) if s else abs(v - s) for v in (a, b) if v is not None)
    print("  %-19s %-24s %17s %17s %17s %9.1e  %s" % (algo, what, g(a), g(b), g(s), rd, n))
for algo, msg in warned.items():
    print("  WARNING: scikit-learn %s did not converge: %s" % (algo, msg))
print()
print("Timed part took %.0f s." % (time.perf_counter() - t_start))
PY

echo
note "timing: REPEAT=$REPEAT (learn.train, sklearn fit), REPEAT_EXPORT=$REPEAT_EXPORT (sklearn export+fit) over $ROWS rows"
REPEAT=$REPEAT REPEAT_EXPORT=$REPEAT_EXPORT MEMORY_LIMIT=$MEMORY_LIMIT "$PYTHON" "$WORK/bench.py"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if [ "$(lib_id)" != "$LIB_AT_START" ]; then
  echo "WARNING: pg_learn.so changed during the run (now $(lib_id)):"
  echo "         backends started later (parallel workers) may have run another build; run again."
fi
exit 0
