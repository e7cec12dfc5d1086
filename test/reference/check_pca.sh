#!/usr/bin/env bash
# check_pca.sh: learn.pca_fit and learn.train(..., 'pca', ...) against
# scikit-learn's PCA on three data sets shipped with scikit-learn:
#   - iris (150 x 4): PCA(); and learn.train with n_components 2 (features bound
#     by column name, scores through learn.transform('name', row));
#   - wine (178 x 13): PCA() on the raw features (proline is ~1000 times
#     larger than the others), and {"standardize": true} against
#     Pipeline([StandardScaler(), PCA()]);
#   - digits (1797 x 64, 3 pixels always 0, several near-zero eigenvalues):
#     PCA(), and {"standardize": true} against StandardScaler + PCA (the
#     constant pixels keep scale 1 in both; pg_learn warns about them).
#
# Needs a running server reachable through the PG* environment variables
# (PGHOST, PGPORT, PGUSER, ...) with pg_learn installed; it does not start one.
# It creates a scratch database learn_pca_<pid>, loads the data (read by
# /usr/bin/python3 from scikit-learn's own files, so the reference sees the
# very same numbers), fits, exports learn.describe and learn.transform of
# every row, and compares with /usr/bin/python3 + scikit-learn (svd_solver
# 'full', which is what 'auto' picks for these shapes).
#
# Signs: pg_learn makes the largest-magnitude loading of every component
# positive, scikit-learn's svd_flip(u_based_decision=False), which PCA uses
# from scikit-learn 1.5.  Older releases (Debian 12 ships 1.2) flip by the
# scores of the training rows instead, so the reference applies the 1.5 rule
# to scikit-learn's components (and the matching scores) before comparing:
# signs are compared exactly, not "up to sign".  The script reports how many
# components the installed release itself orients differently.
#
# Tolerances (all relative, 1e-6 as documented in docs/algorithms/pca.md;
# the observed errors are printed and are many orders smaller):
#   - explained variance and singular values: |a - b| <= 1e-6 |b| + 1e-9 l1
#     (l1 the largest eigenvalue: eigenvalues at rounding level, ~1e-16 l1,
#     have no relative accuracy in either implementation);
#   - explained variance ratio: the same on the ratio; mean: 1e-6 relative to
#     max |mean|;
#   - singular values: 1e-6 relative, for eigenvalues above 1e-9 l1 (those
#     below are rounding noise, whose square roots are ~sqrt(eps) s1);
#   - components: every loading within 1e-6, for components whose eigenvalue
#     is separated from its neighbours by more than 1e-8 l1 (an eigenvector of
#     a repeated or nearly repeated eigenvalue is not unique: its accuracy is
#     about eps l1 / gap <= 2.2e-8 here, Golub and Van Loan 7.2.4 and 8.1);
#     the others are counted, and every component is checked orthonormal;
#   - scores (learn.transform of every row vs fit_transform): within 1e-6 of
#     the largest |score|, over every component (the scores of the nearly
#     null directions are ~0 in both).
#
# Output is TAP-like: "ok - <what>" or "not ok - <what>: <detail>" lines,
# "# ..." comments, and a final "N passed, M failed".  The exit status is 0
# only if every check passed.  The scratch database is dropped at the end,
# also on error or interruption.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOL=1e-6
DB=learn_pca_$$
SKLEARN_PYTHON=/usr/bin/python3   # the system python has python3-sklearn

WORK=$(mktemp -d /tmp/learn_pca.XXXXXX)
chmod 755 "$WORK"
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
# Prerequisites, data, setup
# ---------------------------------------------------------------------------
[ -x "$SKLEARN_PYTHON" ] || bail "prerequisites: $SKLEARN_PYTHON not found"
"$SKLEARN_PYTHON" -c 'import sklearn, numpy' 2>"$WORK/err" \
  || bail "prerequisites: scikit-learn not importable by $SKLEARN_PYTHON: $(oneline "$WORK/err")"
psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>"$WORK/err" \
  || bail "server: cannot connect ($(oneline "$WORK/err"))"

# The data sets as CSV (id, PostgreSQL array literal), from scikit-learn's loaders.
cat > "$WORK/export.py" <<'PY'
import sys
from sklearn.datasets import load_digits, load_iris, load_wine
work = sys.argv[1]
for name, loader in (("iris", load_iris), ("wine", load_wine), ("digits", load_digits)):
    X = loader().data
    with open("%s/%s.csv" % (work, name), "w") as fh:
        for i, row in enumerate(X, 1):
            fh.write('%d,"{%s}"\n' % (i, ",".join(repr(float(v)) for v in row)))
    print(name, X.shape[0], X.shape[1])
PY
"$SKLEARN_PYTHON" "$WORK/export.py" "$WORK" >"$WORK/shapes" 2>"$WORK/err" \
  || bail "data: export from scikit-learn failed: $(oneline "$WORK/err")"

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $DB" >/dev/null 2>"$WORK/err" \
  || bail "setup: CREATE DATABASE $DB failed: $(oneline "$WORK/err")"
DB_CREATED=1
if ! psql_db >"$WORK/setup.log" 2>&1 <<SQL
CREATE EXTENSION pg_learn;
CREATE TABLE iris (id integer PRIMARY KEY, x float8[]);
CREATE TABLE wine (id integer PRIMARY KEY, x float8[]);
CREATE TABLE digits (id integer PRIMARY KEY, x float8[]);
\copy iris FROM '$WORK/iris.csv' WITH (FORMAT csv)
\copy wine FROM '$WORK/wine.csv' WITH (FORMAT csv)
\copy digits FROM '$WORK/digits.csv' WITH (FORMAT csv)
-- named columns for learn.train, in reverse order: binding is by name
CREATE TABLE iris_named AS
SELECT id, x[4] AS petal_width, x[3] AS petal_length, x[2] AS sepal_width, x[1] AS sepal_length FROM iris;
SQL
then
  bail "setup: $(oneline "$WORK/setup.log")"
fi
counts=$(psql_db -At -F ' ' -c "SELECT (SELECT count(*) FROM iris), (SELECT count(*) FROM wine), (SELECT count(*) FROM digits), (SELECT array_length(x, 1) FROM digits LIMIT 1)")
if [ "$counts" = "150 178 1797 64" ]; then
  emit "ok - setup: database $DB, pg_learn $(psql_db -At -c 'SELECT learn.version()'), iris 150x4, wine 178x13, digits 1797x64"
else
  bail "setup: unexpected counts (iris, wine, digits, digits features) = $counts"
fi

# ---------------------------------------------------------------------------
# Fits: name | table | how | pg_learn options | scikit-learn reference
# how = agg: learn.pca_fit(x, options) and learn.transform(model, x);
#       train: learn.train on iris_named and learn.transform('name', row).
# ---------------------------------------------------------------------------
FITS=(
  'iris|iris|agg|{}|pca'
  'iris_train2|iris|train|{"n_components": 2}|pca,n_components=2'
  'wine|wine|agg|{}|pca'
  'wine_std|wine|agg|{"standardize": true}|scaler+pca'
  'digits|digits|agg|{}|pca'
  'digits_std|digits|agg|{"standardize": true}|scaler+pca'
)
sql_lit() { printf "'%s'" "${1//\'/\'\'}"; }

for spec in "${FITS[@]}"; do
  IFS='|' read -r name table how options ref <<<"$spec"
  if [ "$how" = agg ]; then
    sql="CREATE TABLE m_$name AS SELECT learn.pca_fit(x, $(sql_lit "$options")) AS m FROM $table;
\\copy (SELECT learn.describe(m) FROM m_$name) TO '$WORK/describe_$name.json'
\\copy (SELECT t.id, array_to_string(learn.transform(m.m, t.x), ' ') FROM $table t, m_$name m ORDER BY t.id) TO '$WORK/scores_$name.csv' WITH (FORMAT csv)"
  else
    sql="SELECT rows_used FROM learn.train($(sql_lit "$name"), 'pca', 'iris_named', NULL,
        ARRAY['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], $(sql_lit "$options"));
\\copy (SELECT learn.describe(learn.model($(sql_lit "$name")))) TO '$WORK/describe_$name.json'
\\copy (SELECT t.id, array_to_string(learn.transform($(sql_lit "$name"), t), ' ') FROM iris_named t ORDER BY t.id) TO '$WORK/scores_$name.csv' WITH (FORMAT csv)"
  fi
  if ! printf '%s\n' "$sql" | psql_db >"$WORK/fit_$name.log" 2>&1; then
    emit "not ok - $name: fit or export failed: $(oneline "$WORK/fit_$name.log")"
    continue
  fi
  warnings=$(grep -c WARNING "$WORK/fit_$name.log")
  [ "$warnings" -gt 0 ] && echo "# $name: $warnings warning(s): $(grep WARNING "$WORK/fit_$name.log" | head -3 | tr '\n' ' ')" | tee -a "$TAP"
  printf '%s|%s|%s\n' "$name" "$table" "$ref" >> "$WORK/fits.list"
done
[ -s "$WORK/fits.list" ] || bail "no model could be fitted and exported"

# ---------------------------------------------------------------------------
# scikit-learn reference and comparison
# ---------------------------------------------------------------------------
cat > "$WORK/compare.py" <<'PY'
import csv, json, sys, warnings
import numpy as np
import sklearn
from sklearn.datasets import load_digits, load_iris, load_wine
from sklearn.decomposition import PCA
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

work, tol = sys.argv[1], float(sys.argv[2])
DATA = {"iris": load_iris().data, "wine": load_wine().data, "digits": load_digits().data}

def ok(what):
    print("ok - " + what)

def not_ok(what, detail):
    print("not ok - %s: %s" % (what, detail))

def flip_v(comp, scores):
    """scikit-learn >= 1.5's orientation: largest-|loading| of each component positive."""
    idx = np.argmax(np.abs(comp), axis=1)
    signs = np.sign(comp[np.arange(comp.shape[0]), idx])
    return comp * signs[:, None], scores * signs[None, :], signs

def check(what, got, ref, abs_floor, scale=None):
    """|got - ref| <= tol |ref| + abs_floor (or <= tol * scale when scale is given)."""
    got, ref = np.asarray(got, float), np.asarray(ref, float)
    if got.shape != ref.shape:
        not_ok(what, "shape %s, scikit-learn %s" % (got.shape, ref.shape))
        return
    err = np.abs(got - ref)
    bound = tol * scale if scale is not None else tol * np.abs(ref) + abs_floor
    worst = np.unravel_index(np.argmax(err - bound), err.shape)
    if scale is None:
        # relative error of the values above the absolute floor
        above = np.abs(ref) > abs_floor
        rel = (err[above] / np.abs(ref[above])).max() if above.any() else 0.0
    else:
        rel = err.max() / scale
    if not np.all(np.isfinite(got)) or np.any(err > bound):
        not_ok(what, "error %.3g at %s (bound %.3g): pg_learn %r, scikit-learn %r"
               % (err[worst], worst, bound[worst] if np.ndim(bound) else bound, got[worst], ref[worst]))
    else:
        ok("%s [max abs error %.3g, max %s error %.3g]"
           % (what, err.max(), "relative" if scale is None else "scaled", rel))

print("# scikit-learn %s, numpy %s" % (sklearn.__version__, np.__version__))
with open(work + "/fits.list") as fh:
    fits = [line.rstrip("\n").split("|") for line in fh if line.strip()]
for name, table, ref in fits:
    X = DATA[table]
    n, p = X.shape
    opt = dict(kv.split("=") if "=" in kv else (kv, "") for kv in ref.split(","))
    k = int(opt.get("n_components", p))
    pca = PCA(n_components=k, svd_solver="full")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if "scaler+pca" in opt:
            pipe = Pipeline([("scale", StandardScaler()), ("pca", pca)])
            scores = pipe.fit_transform(X)
            scaler = pipe.named_steps["scale"]
        else:
            scores = pca.fit_transform(X)
            scaler = None
    comp, scores, signs = flip_v(pca.components_.copy(), scores.copy())
    label = "%s (%dx%d, %s)" % (name, n, p, ref)
    with open("%s/describe_%s.json" % (work, name)) as fh:
        d = json.load(fh)
    with open("%s/scores_%s.csv" % (work, name)) as fh:
        rows = list(csv.reader(fh))
    got_scores = np.array([[float(v) for v in r[1].split(" ")] for r in rows])
    ev = np.array(d["explained_variance"], float)
    l1 = pca.explained_variance_[0]
    print("# %s: scikit-learn %s orients %d of %d components differently from the largest-loading rule"
          % (name, sklearn.__version__, int(np.sum(signs < 0)), k))

    if d["n_components"] != k or len(d["components"]) != k:
        not_ok(label + ": n_components", "pg_learn %s, expected %d" % (d["n_components"], k))
        continue
    check(label + ": explained_variance", ev, pca.explained_variance_, 1e-9 * l1)
    check(label + ": explained_variance_ratio", d["explained_variance_ratio"],
          pca.explained_variance_ratio_, 1e-9 * pca.explained_variance_ratio_[0])
    # singular values sqrt((n - 1) l): those of rounding-level eigenvalues are
    # ~sqrt(eps) s1 in either implementation, so they are left out
    big = pca.explained_variance_ > 1e-9 * l1
    check(label + ": singular_values of the %d eigenvalues above 1e-9 l1" % int(big.sum()),
          np.array(d["singular_values"], float)[big], pca.singular_values_[big], 0)
    check(label + ": total variance", d["total_variance"],
          pca.explained_variance_[0] / pca.explained_variance_ratio_[0], 0)
    mean_ref = scaler.mean_ if scaler is not None else pca.mean_
    check(label + ": mean", d["mean"], mean_ref, 0, scale=np.max(np.abs(mean_ref)))
    if scaler is not None:
        check(label + ": scale (population sd, 1 for constant features)", d["scale"], scaler.scale_, 0)

    # components: those with a separated eigenvalue
    lam = pca.explained_variance_
    all_lam = np.linalg.eigvalsh(np.cov(StandardScaler().fit_transform(X) if scaler is not None else X,
                                        rowvar=False))[::-1]
    gaps = np.array([min(abs(all_lam[c] - all_lam[c - 1]) if c > 0 else np.inf,
                         abs(all_lam[c] - all_lam[c + 1]) if c + 1 < p else np.inf) for c in range(k)])
    sep = gaps > 1e-8 * l1
    got_comp = np.array(d["components"], float)
    if sep.any():
        check(label + ": components %d of %d (eigenvalue gap > 1e-8 l1; %d not)"
              % (int(sep.sum()), k, int((~sep).sum())), got_comp[sep], comp[sep], 0, scale=1.0)
    # orthonormality of every component, unique or not
    gram = got_comp @ got_comp.T
    err = np.abs(gram - np.eye(k)).max()
    (ok if err < 1e-12 else lambda w: not_ok(w, "max |V V' - I| %.3g" % err))(
        label + ": components orthonormal [max |V V' - I| %.3g]" % err)
    # the sign rule itself
    idx = np.argmax(np.abs(got_comp), axis=1)
    bad = [c for c in range(k) if got_comp[c, idx[c]] <= 0]
    if bad:
        not_ok(label + ": sign rule", "components %s have a negative largest loading" % bad)
    else:
        ok(label + ": every component's largest-|value| loading is positive")
    # scores of every row
    if [int(r[0]) for r in rows] != list(range(1, n + 1)):
        not_ok(label + ": scores", "exported ids are not 1..%d" % n)
        continue
    check(label + ": scores of all %d rows (learn.transform vs fit_transform)" % n,
          got_scores, scores, 0, scale=np.max(np.abs(scores)))
PY

if ! "$SKLEARN_PYTHON" "$WORK/compare.py" "$WORK" "$TOL" >"$WORK/compare.out" 2>&1; then
  cat "$WORK/compare.out"
  bail "compare: scikit-learn script failed"
fi
tee -a "$TAP" < "$WORK/compare.out"
n_checked=$(grep -c . "$WORK/fits.list")
[ "$n_checked" -eq "${#FITS[@]}" ] || emit "not ok - only $n_checked of ${#FITS[@]} fits reached the comparison"

finish
