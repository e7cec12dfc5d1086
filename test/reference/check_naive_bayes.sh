#!/usr/bin/env bash
# check_naive_bayes.sh: learn.nb_fit and learn.train(..., 'naive_bayes', ...)
# against scikit-learn's GaussianNB (iris, wine) and MultinomialNB (digits),
# on the data files scikit-learn ships (Debian python3-sklearn:
# /usr/lib/python3/dist-packages/sklearn/datasets/data/).
#
# Needs a running server reachable through the PG* environment variables
# (PGHOST, PGPORT, PGUSER, ...) with pg_learn installed; it does not start one.
# It creates a scratch database learn_nb_<pid>, loads the three data sets with
# \copy (the first line of iris.csv and wine_data.csv, "n_rows,n_features,
# class names...", is skipped as a header; digits.csv.gz has none; the last
# column is the class 0..k-1), fits each model in SQL,
# exports for every row learn.predict, learn.predict_proba and
# learn.decision_function plus learn.describe, and refits with
# /usr/bin/python3 + scikit-learn on the same rows:
#
#   iris      GaussianNB()                       learn.nb_fit(class, x)
#   iris      GaussianNB(var_smoothing=1e-3)     {"alpha": 1e-3}
#   wine      GaussianNB()                       learn.train (columns by name)
#   digits    MultinomialNB()                    {"distribution": "multinomial"}
#   digits    MultinomialNB(alpha=0.5)           {"distribution": "multinomial", "alpha": 0.5}
#
# Per model it checks:
#   - predicted labels identical to predict() on at least 99.5% of the rows
#     (100% is expected; the threshold only tolerates a tie broken
#     differently);
#   - class probabilities within 1e-9 absolute of predict_proba();
#   - decision scores within 1e-9 relative (to 1 + |value|) of the joint
#     log-likelihoods (predict_joint_log_proba, or _joint_log_likelihood on
#     scikit-learn < 1.2);
#   - the fitted parameters: class counts exactly, means (theta_) and
#     variances (var_) within 1e-9 relative, epsilon_; or feature counts
#     exactly and feature_log_prob_ within 1e-12 absolute.
#
# Output is TAP-like: "ok - <what>" or "not ok - <what>: <detail>" lines, "# ..."
# comments, and a final "N passed, M failed".  The exit status is 0 only if
# every check passed.  The scratch database is dropped at the end, also on
# error or interruption.
set -u

SKDATA=/usr/lib/python3/dist-packages/sklearn/datasets/data
SKLEARN_PYTHON=/usr/bin/python3   # the system python has python3-sklearn
DB=learn_nb_$$
PROBA_TOL=1e-9
AGREE_MIN=0.995

WORK=$(mktemp -d /tmp/learn_nb.XXXXXX)
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
exec 3>&1 4>&2
trap 'trap - INT TERM; exec 1>&3 2>&4; bail "interrupted"' INT TERM
trap '[ -n "$FINISHED" ] || { drop_db; rm -rf "$WORK"; }' EXIT

# ---------------------------------------------------------------------------
# Prerequisites and setup
# ---------------------------------------------------------------------------
[ -x "$SKLEARN_PYTHON" ] || bail "prerequisites: $SKLEARN_PYTHON not found"
"$SKLEARN_PYTHON" -c 'import sklearn, numpy' 2>"$WORK/err" \
  || bail "prerequisites: scikit-learn not importable by $SKLEARN_PYTHON: $(oneline "$WORK/err")"
for f in iris.csv wine_data.csv digits.csv.gz; do
  [ -r "$SKDATA/$f" ] || bail "prerequisites: $SKDATA/$f missing"
done
psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>"$WORK/err" \
  || bail "server: cannot connect ($(oneline "$WORK/err"))"
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $DB" >/dev/null 2>"$WORK/err" \
  || bail "setup: CREATE DATABASE $DB failed: $(oneline "$WORK/err")"
DB_CREATED=1

# Column lists: f1..fp float8, then the class.
cols() { local p=$1 s=""; for ((j = 1; j <= p; j++)); do s="$s f$j float8,"; done; echo "$s"; }
arr() { local p=$1 s=""; for ((j = 1; j <= p; j++)); do s="$s${s:+, }f$j"; done; echo "ARRAY[$s]"; }
zcat "$SKDATA/digits.csv.gz" > "$WORK/digits.csv" || bail "setup: cannot unpack digits.csv.gz"

# id is the row number in the file (identity values follow COPY's order).
if ! psql_db >"$WORK/setup.log" 2>&1 <<SQL
CREATE EXTENSION pg_learn;
CREATE TABLE iris (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, $(cols 4) class integer);
\copy iris ($(arr 4 | sed 's/ARRAY\[//; s/\]//'), class) FROM '$SKDATA/iris.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE wine (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, $(cols 13) class integer);
\copy wine ($(arr 13 | sed 's/ARRAY\[//; s/\]//'), class) FROM '$SKDATA/wine_data.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE digits (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, $(cols 64) class integer);
\copy digits ($(arr 64 | sed 's/ARRAY\[//; s/\]//'), class) FROM '$WORK/digits.csv' WITH (FORMAT csv)
SQL
then
  bail "setup: $(oneline "$WORK/setup.log")"
fi
counts=$(psql_db -At -F ' ' -c "SELECT (SELECT count(*) FROM iris), (SELECT count(DISTINCT class) FROM iris), (SELECT count(*) FROM wine), (SELECT count(DISTINCT class) FROM wine), (SELECT count(*) FROM digits), (SELECT count(DISTINCT class) FROM digits)")
if [ "$counts" = "150 3 178 3 1797 10" ]; then
  emit "ok - setup: database $DB, pg_learn $(psql_db -At -c 'SELECT learn.version()'), iris 150 x 4 (3 classes), wine 178 x 13 (3), digits 1797 x 64 (10)"
else
  bail "setup: unexpected (rows, classes) of iris, wine, digits: $counts"
fi

# ---------------------------------------------------------------------------
# Models: name | table | features | how | options | scikit-learn estimator
# how: agg = learn.nb_fit(class, ARRAY[...], options); train = learn.train
# ---------------------------------------------------------------------------
CHECKS=(
  "iris_gauss|iris|4|agg|{}|GaussianNB()"
  "iris_gauss_vs|iris|4|agg|{\"alpha\": 1e-3}|GaussianNB(var_smoothing=1e-3)"
  "wine_gauss|wine|13|train|{}|GaussianNB()"
  "digits_multi|digits|64|agg|{\"distribution\": \"multinomial\"}|MultinomialNB()"
  "digits_multi_a05|digits|64|agg|{\"distribution\": \"multinomial\", \"alpha\": 0.5}|MultinomialNB(alpha=0.5)"
)

sql_lit() { printf "'%s'" "${1//\'/\'\'}"; }

for spec in "${CHECKS[@]}"; do
  IFS='|' read -r name table p how options sk <<<"$spec"
  x=$(arr "$p")
  if [ "$how" = train ]; then
    features=$(arr "$p" | sed "s/ARRAY\[//; s/\]//; s/f\([0-9]*\)/'f\1'/g")
    model_sql="learn.model($(sql_lit "$name"))"
    if ! psql_db -At >"$WORK/fit_$name.log" 2>&1 <<SQL
SELECT rows_used FROM learn.train($(sql_lit "$name"), 'naive_bayes', '$table', 'class',
                                  ARRAY[$features], $(sql_lit "$options"));
SQL
    then
      emit "not ok - $name: learn.train failed: $(oneline "$WORK/fit_$name.log")"
      continue
    fi
  else
    model_sql="(SELECT m FROM models WHERE name = $(sql_lit "$name"))"
    if ! psql_db -At >"$WORK/fit_$name.log" 2>&1 <<SQL
CREATE TABLE IF NOT EXISTS models (name text PRIMARY KEY, m bytea);
INSERT INTO models SELECT $(sql_lit "$name"), learn.nb_fit(class, $x, $(sql_lit "$options")) FROM $table;
SQL
    then
      emit "not ok - $name: learn.nb_fit failed: $(oneline "$WORK/fit_$name.log")"
      continue
    fi
  fi
  # float8 output is shortest-exact (extra_float_digits 1), so values round-trip.
  if ! psql_db >"$WORK/export_$name.log" 2>&1 <<SQL
\copy (SELECT t.id, learn.predict($model_sql, $x) AS label, array_to_string(learn.predict_proba($model_sql, $x), ' ') AS proba, array_to_string(learn.decision_function($model_sql, $x), ' ') AS decision FROM $table t ORDER BY t.id) TO '$WORK/pred_$name.csv' WITH (FORMAT csv, HEADER true)
\copy (SELECT learn.describe($model_sql)::text, array_to_string(learn.classes($model_sql), ' ')) TO '$WORK/describe_$name.txt' WITH (FORMAT text)
SQL
  then
    emit "not ok - $name: export failed: $(oneline "$WORK/export_$name.log")"
    continue
  fi
  printf '%s|%s|%s|%s\n' "$name" "$table" "$options" "$sk" >> "$WORK/checks.list"
done
[ -s "$WORK/checks.list" ] || bail "no model could be fitted and exported"

# ---------------------------------------------------------------------------
# scikit-learn reference and comparison
# ---------------------------------------------------------------------------
cat > "$WORK/compare.py" <<'PY'
import csv, json, sys, warnings
import numpy as np
import sklearn
from sklearn.naive_bayes import GaussianNB, MultinomialNB

work, skdata, tol, agree_min = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
files = {"iris": skdata + "/iris.csv", "wine": skdata + "/wine_data.csv", "digits": work + "/digits.csv"}

def load(table):
    d = np.loadtxt(files[table], delimiter=",", skiprows=0 if table == "digits" else 1)
    return d[:, :-1], d[:, -1].astype(int)

def ok(what):
    print("ok - " + what)

def not_ok(what, detail):
    print("not ok - %s: %s" % (what, detail))

def jll(model, X):
    if hasattr(model, "predict_joint_log_proba"):
        return model.predict_joint_log_proba(X)
    return model._joint_log_likelihood(X)

print("# scikit-learn %s, numpy %s" % (sklearn.__version__, np.__version__))
with open(work + "/checks.list") as fh:
    checks = [line.rstrip("\n").split("|") for line in fh if line.strip()]
for name, table, options, sk in checks:
    label = "%s (%s, %s vs %s)" % (name, table, options, sk)
    X, y = load(table)
    model = eval(sk)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)   # MultinomialNB force_alpha notice
        model.fit(X, y)
    ref_label = model.predict(X)
    ref_proba = model.predict_proba(X)
    ref_jll = jll(model, X)
    with open("%s/pred_%s.csv" % (work, name), newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open("%s/describe_%s.txt" % (work, name)) as fh:
        desc_text, classes_text = fh.read().rstrip("\n").split("\t")
    desc = json.loads(desc_text.replace("\\\\", "\\"))
    classes = [int(c) for c in classes_text.split(" ")]
    if classes != [int(c) for c in model.classes_]:
        not_ok(label + ": classes", "pg_learn %s, scikit-learn %s" % (classes, list(model.classes_)))
        continue
    if [int(r["id"]) for r in rows] != list(range(1, len(y) + 1)):
        not_ok(label + ": rows", "exported ids are not 1..%d" % len(y))
        continue
    got_label = np.array([float(r["label"]) for r in rows]).astype(int)
    proba = np.array([[float(v) for v in r["proba"].split(" ")] for r in rows])
    dec = np.array([[float(v) for v in r["decision"].split(" ")] for r in rows])

    # 1. predicted labels
    agree = np.mean(got_label == ref_label)
    what = "%s: predicted labels of %d rows agree with scikit-learn on %.2f%% (accuracy %.4f, scikit-learn %.4f)" % (
        label, len(y), 100 * agree, np.mean(got_label == y), np.mean(ref_label == y))
    if agree < agree_min:
        bad = np.nonzero(got_label != ref_label)[0][:5] + 1
        not_ok(what, "below %.1f%%; first differing ids %s" % (100 * agree_min, bad.tolist()))
    else:
        ok(what)

    # 2. probabilities
    diff = np.abs(proba - ref_proba)
    i, j = np.unravel_index(np.argmax(diff), diff.shape)
    what = "%s: %d class probabilities within %g" % (label, diff.size, tol)
    if proba.shape != ref_proba.shape or not np.all(np.isfinite(proba)) or diff.max() > tol:
        not_ok(what, "max difference %.3g at id %d class %d: pg_learn %r, scikit-learn %r"
               % (diff.max(), i + 1, j, proba[i, j], ref_proba[i, j]))
    else:
        ok("%s [max difference %.3g]" % (what, diff.max()))

    # 3. decision scores = joint log-likelihoods
    rel = np.abs(dec - ref_jll) / (1 + np.abs(ref_jll))
    i, j = np.unravel_index(np.argmax(rel), rel.shape)
    what = "%s: decision_function = joint log-likelihood within %g relative" % (label, tol)
    if dec.shape != ref_jll.shape or rel.max() > tol:
        not_ok(what, "max difference %.3g at id %d class %d: pg_learn %r, scikit-learn %r"
               % (rel.max(), i + 1, j, dec[i, j], ref_jll[i, j]))
    else:
        ok("%s [max %.3g]" % (what, rel.max()))

    # 4. parameters
    cl = desc["classes"]
    counts = np.array([c["count"] for c in cl])
    problems = []
    if not np.array_equal(counts, model.class_count_):
        problems.append("class counts %s vs %s" % (counts.tolist(), model.class_count_.tolist()))
    if isinstance(model, GaussianNB):
        theta = np.array([c["mean"] for c in cl])
        var = np.array([c["variance"] for c in cl])
        e_theta = np.max(np.abs(theta - model.theta_) / (1 + np.abs(model.theta_)))
        e_var = np.max(np.abs(var - model.var_) / model.var_)
        e_eps = abs(desc["epsilon"] - model.epsilon_) / model.epsilon_
        if max(e_theta, e_var, e_eps) > tol:
            problems.append("theta %.3g, var %.3g, epsilon %.3g relative" % (e_theta, e_var, e_eps))
        detail = "means %.3g, variances %.3g, epsilon %.3g (%.6g)" % (e_theta, e_var, e_eps, model.epsilon_)
    else:
        fc = np.array([c["feature_count"] for c in cl])
        flp = np.array([c["feature_log_prob"] for c in cl])
        e_flp = np.max(np.abs(flp - model.feature_log_prob_))
        if not np.array_equal(fc, model.feature_count_):
            problems.append("feature counts differ (max %.3g)" % np.max(np.abs(fc - model.feature_count_)))
        if e_flp > 1e-12:
            problems.append("feature_log_prob differs by %.3g" % e_flp)
        detail = "feature counts exact, feature_log_prob %.3g" % e_flp
    what = "%s: fitted parameters (class counts exact, %s)" % (label, "means/variances/epsilon within %g relative" % tol
                                                              if isinstance(model, GaussianNB) else "feature_log_prob within 1e-12")
    if problems:
        not_ok(what, "; ".join(problems))
    else:
        ok("%s [%s]" % (what, detail))
PY

if ! "$SKLEARN_PYTHON" "$WORK/compare.py" "$WORK" "$SKDATA" "$PROBA_TOL" "$AGREE_MIN" >"$WORK/compare.out" 2>&1; then
  cat "$WORK/compare.out"
  bail "compare: scikit-learn script failed"
fi
tee -a "$TAP" < "$WORK/compare.out"
n_checked=$(grep -c . "$WORK/checks.list")
[ "$n_checked" -eq "${#CHECKS[@]}" ] || emit "not ok - only $n_checked of ${#CHECKS[@]} models reached the comparison"

finish
