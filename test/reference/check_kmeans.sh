#!/usr/bin/env bash
# check_kmeans.sh: k-means (learn.train(..., 'kmeans', ...)) against
# scikit-learn's KMeans on iris (raw features) and wine (standardized), k = 3.
#
# Needs a running server reachable through the PG* environment variables
# (PGHOST, PGPORT, PGUSER, ...) with pg_learn installed; it does not start one.
# It creates a scratch database learn_kmeans_<pid>, loads data/iris.csv and
# data/wine_data.csv (scikit-learn's copies; first line "n_rows,n_features,
# class names", skipped), trains
#   - in memory, n_init = 10 (the default), seed 0;
#   - streamed (learn.memory_limit = 64kB: one learn.kmeans_step pass per
#     iteration) on a copy of the table with every row repeated (the
#     originals are below the smallest limit): repeating rows keeps the
#     optimum's centroids, standardization and assignment and multiplies its
#     inertia by the number of copies, so the checks divide the streamed
#     inertia by it and score the original rows.  iris is repeated 60 times
#     (9,000 rows: the 10,000-row sample is every row, so the n_init starts
#     see all of it, as in memory), wine 100 times (17,800 rows: the starts
#     run on a sample, then the best few are compared over all rows).  Equal
#     rows have equal sample keys, so a sample of repeated rows holds every
#     copy of some distinct rows and none of the others: on iris_x100 that
#     subset leads to the local optimum 78.8557 (0.005% above the best) for
#     every seed; which subset it is depends on the hash, so such a fixture
#     tests the luck of one hash function rather than the streamed fit;
# exports learn.predict for every row and the model's inertia, and fits
# sklearn.cluster.KMeans(n_clusters=3, n_init=10, random_state=s) for s = 0..9
# with /usr/bin/python3 on the same matrix (wine: StandardScaler, which is
# what pg_learn's "scale": "standard" computes: population standard
# deviation).  The reference is the fit with the lowest inertia (100
# k-means++ starts: the optimum); one fit of 10 starts need not find it (on
# wine, random_state=0 stops in a local optimum 0.07% worse).
#
# Checks, per data set and path:
#   - the inertia is within 1e-6 relative of scikit-learn's best, and not
#     above scikit-learn's random_state=0 fit (same n_init) by more than 1e-6;
#   - the inertia equals the within-cluster sum of squares of pg_learn's own
#     assignment, recomputed in numpy (1e-9 relative);
#   - the assignment equals the best scikit-learn fit's labels up to a
#     permutation of the cluster numbers on at least 99.5% of the rows (best
#     of the 3! maps).
#
# Output is TAP-like: "ok - <what>" or "not ok - <what>: <detail>" lines, "# ..."
# comments, and a final "N passed, M failed".  The exit status is 0 only if
# every check passed.  The scratch database is dropped at the end, also on
# error or interruption.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
IRIS=$REPO/data/iris.csv
WINE=$REPO/data/wine_data.csv
DB=learn_kmeans_$$
SKLEARN_PYTHON=/usr/bin/python3   # the system python has python3-sklearn

WORK=$(mktemp -d /tmp/learn_kmeans.XXXXXX)
TAP=$WORK/tap.out
: > "$TAP"
DB_CREATED=
FINISHED=

emit() { printf '%s\n' "$*" | tee -a "$TAP"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
oneline() { tr '\n' ' ' < "$1"; }

drop_db() {
  if [ -n "$DB_CREATED" ]; then
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 \
      || echo "# warning: could not drop database $DB"
    DB_CREATED=
  fi
}

finish() {
  local passed failed
  FINISHED=1
  drop_db
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
trap '[ -n "$FINISHED" ] || { drop_db; rm -rf "$WORK"; }' EXIT

# ---------------------------------------------------------------------------
# Prerequisites and setup
# ---------------------------------------------------------------------------
[ -x "$SKLEARN_PYTHON" ] || bail "prerequisites: $SKLEARN_PYTHON not found"
"$SKLEARN_PYTHON" -c 'import sklearn, numpy' 2>"$WORK/err" \
  || bail "prerequisites: scikit-learn not importable by $SKLEARN_PYTHON: $(oneline "$WORK/err")"
[ -r "$IRIS" ] || bail "prerequisites: $IRIS missing"
[ -r "$WINE" ] || bail "prerequisites: $WINE missing"
psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>"$WORK/err" \
  || bail "server: cannot connect ($(oneline "$WORK/err"))"

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $DB" >/dev/null 2>"$WORK/err" \
  || bail "setup: CREATE DATABASE $DB failed: $(oneline "$WORK/err")"
DB_CREATED=1

WINE_COLS="alcohol, malic_acid, ash, alcalinity_of_ash, magnesium, total_phenols, flavanoids, nonflavanoid_phenols, proanthocyanins, color_intensity, hue, od280_od315, proline"
# id is the row number in the file (identity values follow COPY's order).
if ! psql_db >"$WORK/setup.log" 2>&1 <<SQL
CREATE EXTENSION pg_learn;
CREATE TABLE iris (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                   sepal_length float8, sepal_width float8, petal_length float8, petal_width float8,
                   species int);
\copy iris (sepal_length, sepal_width, petal_length, petal_width, species) FROM '$IRIS' WITH (FORMAT csv, HEADER true)
CREATE TABLE wine (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                   $(for c in ${WINE_COLS//,/ }; do printf '%s float8, ' "$c"; done) class int);
\copy wine ($WINE_COLS, class) FROM '$WINE' WITH (FORMAT csv, HEADER true)
CREATE TABLE iris_x60 AS SELECT iris.* FROM iris, generate_series(1, 60) copy;
CREATE TABLE wine_x100 AS SELECT wine.* FROM wine, generate_series(1, 100) copy;
SQL
then
  bail "setup: $(oneline "$WORK/setup.log")"
fi
counts=$(psql_db -At -F ' ' -c "SELECT (SELECT count(*) FROM iris), (SELECT count(*) FROM wine)")
if [ "$counts" = "150 178" ]; then
  emit "ok - setup: database $DB, pg_learn $(psql_db -At -c 'SELECT learn.version()'), iris (150 rows) and wine (178 rows) loaded"
else
  bail "setup: unexpected row counts (iris, wine) = $counts"
fi

# ---------------------------------------------------------------------------
# Fits: name | training source | scored table | copies of each row in the
#       source | features | options | memory limit (empty: default)
# ---------------------------------------------------------------------------
IRIS_FEATURES="ARRAY['sepal_length', 'sepal_width', 'petal_length', 'petal_width']"
WINE_FEATURES="ARRAY['$(echo "$WINE_COLS" | sed "s/, /', '/g")']"
FITS=(
  "iris|iris|iris|1|$IRIS_FEATURES|{\"k\": 3}|"
  "iris_streamed|iris_x60|iris|60|$IRIS_FEATURES|{\"k\": 3}|64kB"
  "wine|wine|wine|1|$WINE_FEATURES|{\"k\": 3, \"scale\": \"standard\"}|"
  "wine_streamed|wine_x100|wine|100|$WINE_FEATURES|{\"k\": 3, \"scale\": \"standard\"}|64kB"
)

sql_lit() { printf "'%s'" "${1//\'/\'\'}"; }

for spec in "${FITS[@]}"; do
  IFS='|' read -r name source table copies features options limit <<<"$spec"
  set_limit=""
  [ -n "$limit" ] && set_limit="SET learn.memory_limit = '$limit';"
  if ! psql_db -At -F ' ' >"$WORK/train_$name.log" 2>&1 <<SQL
$set_limit
SELECT rows_used, metrics->>'training_path', metrics->>'inertia', metrics->>'iterations'
FROM learn.train($(sql_lit "$name"), 'kmeans', $(sql_lit "$source"), NULL, $features, $(sql_lit "$options"));
SQL
  then
    emit "not ok - $name: learn.train failed: $(oneline "$WORK/train_$name.log")"
    continue
  fi
  read -r rows path inertia iterations < "$WORK/train_$name.log"
  want_path=memory
  [ -n "$limit" ] && want_path=streaming
  if [ "$path" != "$want_path" ]; then
    emit "not ok - $name: training path $path, expected $want_path"
    continue
  fi
  emit "ok - $name: learn.train $options on $source ($rows rows, $path, $iterations iterations, inertia $inertia)"
  # float8 output is shortest-exact (extra_float_digits 1), so values round-trip.
  if ! psql_db >"$WORK/export_$name.log" 2>&1 <<SQL
\copy (SELECT t.id, learn.predict($(sql_lit "$name"), t)::int AS cluster, array_to_string(learn.prepare($(sql_lit "$name"), t), ' ') AS x FROM $table t ORDER BY t.id) TO '$WORK/pred_$name.csv' WITH (FORMAT csv, HEADER true)
SQL
  then
    emit "not ok - $name: export failed: $(oneline "$WORK/export_$name.log")"
    continue
  fi
  printf '%s|%s|%s|%s\n' "$name" "$table" "$inertia" "$copies" >> "$WORK/fits.list"
done
[ -s "$WORK/fits.list" ] || bail "no model could be trained and exported"

# ---------------------------------------------------------------------------
# scikit-learn reference and comparison
# ---------------------------------------------------------------------------
cat > "$WORK/compare.py" <<'PY'
import csv, itertools, sys, warnings
import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

work, iris_csv, wine_csv = sys.argv[1:4]
INERTIA_TOL = 1e-6
WCSS_TOL = 1e-9
AGREEMENT = 0.995

def load(path):
    """Features of scikit-learn's CSV (first line: n_rows,n_features,names...)."""
    with open(path) as fh:
        n, p = (int(v) for v in fh.readline().split(",")[:2])
        X = np.array([[float(v) for v in line.split(",")[:p]] for line in fh if line.strip()])
    assert X.shape == (n, p), (path, X.shape)
    return X

data = {"iris": load(iris_csv), "wine": StandardScaler().fit_transform(load(wine_csv))}
ref, first = {}, {}
for table, X in data.items():
    fits = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")        # any sklearn warning is a test problem
        for s in range(10):
            fits.append(KMeans(n_clusters=3, n_init=10, random_state=s).fit(X))
    first[table] = fits[0]
    ref[table] = min(fits, key=lambda km: km.inertia_)
    print("# scikit-learn %s KMeans(3, n_init=10) on %s %s: inertia with random_state 0..9: %s; best %.15g"
          % (sklearn.__version__, table, X.shape, ", ".join("%.10g" % km.inertia_ for km in fits),
             ref[table].inertia_))

def ok(what):
    print("ok - " + what)

def not_ok(what, detail):
    print("not ok - %s: %s" % (what, detail))

with open(work + "/fits.list") as fh:
    fits = [line.rstrip("\n").split("|") for line in fh if line.strip()]
for name, table, inertia, copies in fits:
    X, km = data[table], ref[table]
    inertia = float(inertia) / int(copies)    # the source repeats each row copies times
    with open("%s/pred_%s.csv" % (work, name), newline="") as fh:
        rows = list(csv.DictReader(fh))
    ids = [int(r["id"]) for r in rows]
    if ids != list(range(1, len(X) + 1)):
        not_ok(name + ": rows", "exported ids are not 1..%d" % len(X))
        continue
    labels = np.array([int(r["cluster"]) for r in rows])
    Xp = np.array([[float(v) for v in r["x"].split(" ")] for r in rows])

    # 0. the matrix pg_learn clustered is the reference's (wine: standardized)
    err = np.max(np.abs(Xp - X))
    what = "%s: prepared matrix %dx%d equals the reference's" % (name, *X.shape)
    if err > 1e-9:
        not_ok(what, "max abs difference %.3g" % err)
    else:
        ok("%s [max abs difference %.3g]" % (what, err))

    # 1. inertia vs scikit-learn's optimum, and not worse than its random_state=0 fit
    rel = abs(inertia - km.inertia_) / km.inertia_
    what = "%s: inertia%s %.15g vs scikit-learn's best %.15g" % (
        name, " / %s" % copies if copies != "1" else "", inertia, km.inertia_)
    if rel > INERTIA_TOL:
        not_ok(what, "relative difference %.3g > %g" % (rel, INERTIA_TOL))
    else:
        ok("%s [relative difference %.3g]" % (what, rel))
    rel0 = (inertia - first[table].inertia_) / first[table].inertia_
    what = "%s: inertia not above scikit-learn's random_state=0 fit (%.15g)" % (name, first[table].inertia_)
    if rel0 > INERTIA_TOL:
        not_ok(what, "higher by %.3g relative" % rel0)
    else:
        ok("%s [relative difference %.3g]" % (what, rel0))

    # 2. inertia = within-cluster sum of squares of pg_learn's assignment
    wcss = sum(((X[labels == j] - X[labels == j].mean(axis=0)) ** 2).sum() for j in np.unique(labels))
    rel = abs(inertia - wcss) / wcss
    what = "%s: inertia equals the within-cluster sum of squares of its assignment (numpy %.15g)" % (name, wcss)
    if rel > WCSS_TOL:
        not_ok(what, "relative difference %.3g > %g" % (rel, WCSS_TOL))
    else:
        ok("%s [relative difference %.3g]" % (what, rel))

    # 3. assignment vs scikit-learn's labels, up to a permutation
    best = max(np.mean(np.array(perm)[labels] == km.labels_) for perm in itertools.permutations(range(3)))
    what = "%s: cluster assignment equals scikit-learn's best fit's up to relabelling on %.2f%% of %d rows" % (name, 100 * best, len(X))
    if best < AGREEMENT:
        not_ok(what, "below %.1f%%" % (100 * AGREEMENT))
    else:
        ok(what)
PY

if ! "$SKLEARN_PYTHON" "$WORK/compare.py" "$WORK" "$IRIS" "$WINE" >"$WORK/compare.out" 2>&1; then
  cat "$WORK/compare.out"
  bail "compare: scikit-learn script failed"
fi
tee -a "$TAP" < "$WORK/compare.out"
n_checked=$(grep -c . "$WORK/fits.list")
[ "$n_checked" -eq "${#FITS[@]}" ] || emit "not ok - only $n_checked of ${#FITS[@]} fits reached the comparison"

finish
