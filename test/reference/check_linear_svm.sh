#!/usr/bin/env bash
# check_linear_svm.sh: pg_learn's linear SVM against scikit-learn's LinearSVC
# (C=1 unless stated, loss='squared_hinge', penalty='l2', dual=False, i.e.
# liblinear's primal trust-region Newton solver, tol=1e-12,
# max_iter=100000; intercept_scaling=1, so the intercept is penalised like a
# weight, as in pg_learn).
#
# Needs a running server reachable through the PG* environment variables
# (PGHOST, PGPORT, PGUSER, ...) with pg_learn installed; it does not start one.
# It creates a scratch database learn_svm_<pid> and drops it at the end.
#
# Data: scikit-learn's own copies of the breast cancer (569 rows, 30
# features, 2 classes), iris (150 x 4, 3 classes of 50) and wine (178 x 13,
# 3 classes of 59/71/48) data sets, read from python3-sklearn's
# datasets/data/ directory, with text labels (benign/malignant,
# setosa/versicolor/virginica, class_0/1/2; sorted the same way by both).
#
# Checks (each against a LinearSVC fitted on the same matrix; two of them
# against the dual solver too, LinearSVC(dual=True, tol=1e-8), liblinear's
# dual coordinate descent, which at tol=1e-12 stops early with a
# ConvergenceWarning and is 5e-2 off on breast cancer):
#   A. learn.svm_fit on features standardised by StandardScaler in Python
#      (the identical matrix on both sides): breast cancer (C=1, C=0.1,
#      class_weight balanced), iris, wine (class_weight balanced, where the
#      one-vs-rest weighting of liblinear matters: only the positive class of
#      each problem is weighted); breast cancer and wine again against the
#      dual solver;
#   B. learn.train with {"scale": "standard"} on the raw columns, against
#      Pipeline([StandardScaler(), LinearSVC()]): breast cancer, iris;
#   C. learn.train streaming (learn.memory_limit = 64kB: one learn.svm_step
#      pass per Newton iteration): breast cancer, and iris repeated 12 times
#      (1800 rows, so that it exceeds the limit).
#   D. the warm starts of large fits (linear_svm.c: in memory, nested
#      subsamples of the kept rows with C scaled; streamed, a sample of about
#      n/64 rows fitted in memory), then two or three Newton steps over all
#      rows, against a streamed fit to tol = 1e-15, on 400,000 synthetic rows
#      (test/reference/warm_rows.sql; binary and 3 classes one-vs-rest): each
#      warm fit must report its warm start (its NOTICE) and at most 4
#      evaluations per problem; coefficients within 1e-9 of the largest
#      |coefficient|, objective within 1e-10 relative (the default stopping
#      tolerance: the last Newton step is taken unevaluated).
# Per check:
#   - predicted labels identical on at least 99.5% of the rows (the count of
#     differences is printed; in practice there are none);
#   - coefficients (intercept and weights) within 1e-4 relative to the
#     largest |coefficient| of their binary problem;
#   - decision function of every row within 1e-4 relative to the largest
#     |decision| of its column;
#   - pg_learn's objective 0.5 ||w||^2 + sum C_i max(0, 1 - y_i f_i)^2 is no
#     larger than the objective of scikit-learn's coefficients (+1e-9
#     relative): pg_learn's Newton method ends at the exact optimum, liblinear
#     at its tolerance.
# The 1e-4 tolerance is liblinear's, not pg_learn's: the figures reached are
# printed (coefficients within 1e-7 of the primal solver on breast cancer,
# 2e-9 on iris; within 2e-9 of the dual solver; 6e-14 on the streamed iris
# x 12).
#
# Output is TAP-like: "ok - <what>" or "not ok - <what>: <detail>" lines, "# ..."
# comments, and a final "N passed, M failed".  The exit status is 0 only if
# every check passed.
set -u

SKDATA=/usr/lib/python3/dist-packages/sklearn/datasets/data
DB=learn_svm_$$
SKLEARN_PYTHON=/usr/bin/python3   # the system python has python3-sklearn
TOL=1e-4
MIN_AGREEMENT=0.995

WORK=$(mktemp -d /tmp/learn_svm.XXXXXX)
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
for f in breast_cancer.csv iris.csv wine_data.csv; do
  [ -r "$SKDATA/$f" ] || bail "prerequisites: $SKDATA/$f missing"
done
psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>"$WORK/err" \
  || bail "server: cannot connect ($(oneline "$WORK/err"))"

# Write, per data set, the raw rows and the standardised rows as CSV:
# id, label, f1..fp (numbers written with repr, so they round-trip).
cat > "$WORK/prepare.py" <<'PY'
import sys
import numpy as np
from sklearn.preprocessing import StandardScaler

skdata, work = sys.argv[1], sys.argv[2]

def load(name):
    with open("%s/%s" % (skdata, name)) as fh:
        header = fh.readline().strip().split(",")
        rows = [line.strip().split(",") for line in fh if line.strip()]
    names = header[2:]
    X = np.array([[float(v) for v in r[:-1]] for r in rows])
    y = [names[int(r[-1])] for r in rows]
    return X, y

def write(path, X, y):
    with open(path, "w") as fh:
        fh.write("id,label," + ",".join("f%d" % (j + 1) for j in range(X.shape[1])) + "\n")
        for i in range(X.shape[0]):
            fh.write("%d,%s,%s\n" % (i + 1, y[i], ",".join(repr(float(v)) for v in X[i])))

for name, f in [("cancer", "breast_cancer.csv"), ("iris", "iris.csv"), ("wine", "wine_data.csv")]:
    X, y = load(f)
    write("%s/%s_raw.csv" % (work, name), X, y)
    write("%s/%s_std.csv" % (work, name), StandardScaler().fit_transform(X), y)
    if name == "iris":   # iris12_raw: the rows 12 times over, ids 1..1800 as the SQL makes them
        write("%s/iris12_raw.csv" % work, np.vstack([X] * 12), y * 12)
    print("# %s: %d rows, %d features, classes %s" % (name, X.shape[0], X.shape[1],
                                                     " ".join("%s:%d" % (c, y.count(c)) for c in sorted(set(y)))))
PY
"$SKLEARN_PYTHON" "$WORK/prepare.py" "$SKDATA" "$WORK" >"$WORK/prepare.out" 2>&1 \
  || { cat "$WORK/prepare.out"; bail "setup: preparing the data failed"; }
tee -a "$TAP" < "$WORK/prepare.out"

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $DB" >/dev/null 2>"$WORK/err" \
  || bail "setup: CREATE DATABASE $DB failed: $(oneline "$WORK/err")"
DB_CREATED=1

# One table per data set and form; p features f1..fp.
load_table() {  # load_table <table> <csv> <p>
  local cols="" i
  for i in $(seq 1 "$3"); do cols="$cols, f$i float8"; done
  psql_db >"$WORK/load_$1.log" 2>&1 <<SQL
CREATE TABLE $1 (id integer PRIMARY KEY, label text$cols);
\copy $1 FROM '$2' WITH (FORMAT csv, HEADER true)
SQL
}
if ! psql_db -c 'CREATE EXTENSION pg_learn' >"$WORK/ext.log" 2>&1; then
  bail "setup: CREATE EXTENSION failed: $(oneline "$WORK/ext.log")"
fi
for spec in cancer:30 iris:4 wine:13; do
  IFS=: read -r name p <<<"$spec"
  for form in raw std; do
    load_table "${name}_$form" "$WORK/${name}_$form.csv" "$p" \
      || bail "setup: loading ${name}_$form failed: $(oneline "$WORK/load_${name}_$form.log")"
  done
done
psql_db -c "CREATE TABLE iris12_raw AS SELECT r.id + 150 * (k - 1) AS id, r.label, r.f1, r.f2, r.f3, r.f4
            FROM iris_raw r, generate_series(1, 12) k" >/dev/null 2>"$WORK/err" \
  || bail "setup: iris12_raw failed: $(oneline "$WORK/err")"
counts=$(psql_db -At -F ' ' -c "SELECT (SELECT count(*) FROM cancer_std), (SELECT count(*) FROM iris_std),
                                       (SELECT count(*) FROM wine_std), (SELECT count(*) FROM iris12_raw)")
if [ "$counts" = "569 150 178 1800" ]; then
  emit "ok - setup: database $DB, pg_learn $(psql_db -At -c 'SELECT learn.version()'), rows loaded (569, 150, 178, 1800)"
else
  bail "setup: unexpected row counts $counts"
fi

# ---------------------------------------------------------------------------
# Fits.  check name | how | table | p | options [| dual]
#   how = agg (learn.svm_fit on the table's features), train (learn.train in
#   memory), stream (learn.train with learn.memory_limit = 64kB); dual: the
#   reference is LinearSVC(dual=True, tol=1e-8)
# ---------------------------------------------------------------------------
CHECKS=(
  'cancer|agg|cancer_std|30|{}'
  'cancer_c01|agg|cancer_std|30|{"C": 0.1}'
  'cancer_balanced|agg|cancer_std|30|{"class_weight": "balanced"}'
  'iris|agg|iris_std|4|{}'
  'wine|agg|wine_std|13|{}'
  'wine_balanced|agg|wine_std|13|{"class_weight": "balanced"}'
  'cancer_dual|agg|cancer_std|30|{}|dual'
  'wine_dual|agg|wine_std|13|{"class_weight": "balanced"}|dual'
  'cancer_train|train|cancer_raw|30|{"scale": "standard"}'
  'iris_train|train|iris_raw|4|{"scale": "standard"}'
  'cancer_stream|stream|cancer_raw|30|{"scale": "standard"}'
  'iris12_stream|stream|iris12_raw|4|{"scale": "standard"}'
)

sql_lit() { printf "'%s'" "${1//\'/\'\'}"; }
farray() { local s="" i; for i in $(seq 1 "$1"); do s="$s${s:+, }f$i"; done; printf 'ARRAY[%s]' "$s"; }
fnames() { local s="" i; for i in $(seq 1 "$1"); do s="$s${s:+, }'f$i'"; done; printf 'ARRAY[%s]' "$s"; }

for spec in "${CHECKS[@]}"; do
  IFS='|' read -r name how table p options dual <<<"$spec"
  case $how in
    agg)
      fit="CREATE TABLE m_$name AS SELECT learn.svm_fit(label, $(farray "$p"), $(sql_lit "$options")) AS m FROM $table;" ;;
    train|stream)
      fit="SELECT 1 FROM learn.train('$name', 'linear_svm', '$table', 'label', $(fnames "$p"), $(sql_lit "$options"));
           CREATE TABLE m_$name AS SELECT learn.model('$name') AS m;" ;;
  esac
  [ "$how" = stream ] && fit="SET learn.memory_limit = '64kB'; $fit"
  # the row expression scored: features as an array for aggregates, the row by column name otherwise
  if [ "$how" = agg ]; then x="$(farray "$p")"; else x="t"; fi
  if ! psql_db >"$WORK/fit_$name.log" 2>&1 <<SQL
$fit
\copy (SELECT learn.describe(m) FROM m_$name) TO '$WORK/describe_$name.json'
\copy (SELECT t.id, learn.predict_label(m, $x) AS label, array_to_string(learn.decision_function(m, $x), ' ') AS decision FROM $table t, m_$name ORDER BY t.id) TO '$WORK/pred_$name.csv' WITH (FORMAT csv, HEADER true)
\copy (SELECT metrics FROM learn.models WHERE name = '$name') TO '$WORK/metrics_$name.json'
SQL
  then
    emit "not ok - $name: fitting or exporting failed: $(oneline "$WORK/fit_$name.log")"
    continue
  fi
  printf '%s|%s|%s|%s|%s|%s\n' "$name" "$how" "$table" "$p" "$options" "$dual" >> "$WORK/checks.list"
done
[ -s "$WORK/checks.list" ] || bail "no model could be fitted and exported"

# ---------------------------------------------------------------------------
# scikit-learn reference and comparison
# ---------------------------------------------------------------------------
cat > "$WORK/compare.py" <<'PY'
import csv, json, sys, warnings
import numpy as np
import sklearn
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

work, tol, min_agree = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])

def table(name):
    with open("%s/%s.csv" % (work, name)) as fh:
        rows = list(csv.DictReader(fh))
    p = len(rows[0]) - 2
    X = np.array([[float(r["f%d" % (j + 1)]) for j in range(p)] for r in rows])
    return np.array([int(r["id"]) for r in rows]), X, np.array([r["label"] for r in rows])

def read_json(path):
    with open(path) as fh:
        text = fh.read().strip()
    # COPY text format escapes backslashes; the JSON here has none
    return json.loads(text) if text else None

def ok(what):
    print("ok - " + what)

def not_ok(what, detail):
    print("not ok - %s: %s" % (what, detail))

def objective(W, Z, y, classes, C, cw):
    """Sum over the binary problems of 0.5 ||w||^2 + sum C_i max(0, 1 - y_i w'z_i)^2,
    with liblinear's weighting (two classes: each row its class's weight;
    one-vs-rest: the positive class's weight on its rows, 1 on the others)."""
    total = 0.0
    for j, w in enumerate(W):
        pos = classes[1] if len(W) == 1 else classes[j]
        s = np.where(y == pos, 1.0, -1.0)
        if len(W) == 1:
            c = C * np.array([cw[v] for v in y])
        else:
            c = np.where(y == pos, C * cw[pos], C)
        m = np.maximum(0.0, 1.0 - s * (Z @ w))
        total += 0.5 * w @ w + np.sum(c * m * m)
    return total

print("# scikit-learn %s, numpy %s; LinearSVC(loss='squared_hinge', dual=False, tol=1e-12, max_iter=100000),"
      " or dual=True, tol=1e-8 where stated" % (sklearn.__version__, np.__version__))
with open(work + "/checks.list") as fh:
    checks = [line.rstrip("\n").split("|") for line in fh if line.strip()]
summary = []
for name, how, tab, p, options, dual in checks:
    opts = json.loads(options)
    ids, X, y = table(tab)
    C = opts.get("C", 1.0)
    svc = LinearSVC(C=C, loss="squared_hinge", dual=(dual == "dual"), tol=1e-8 if dual else 1e-12,
                    max_iter=100000, class_weight=opts.get("class_weight"))
    model = Pipeline([("scale", StandardScaler()), ("svm", svc)]) if opts.get("scale") == "standard" else svc
    label = "%s (%s on %s, %s%s)" % (name, {"agg": "learn.svm_fit", "train": "learn.train",
                                            "stream": "learn.train streaming"}[how], tab, options,
                                     ", dual solver" if dual else "")
    with warnings.catch_warnings():
        warnings.simplefilter("error")        # a ConvergenceWarning is a test problem
        model.fit(X, y)
    classes = list(svc.classes_)
    Xs = model.named_steps["scale"].transform(X) if opts.get("scale") == "standard" else X
    ref_W = np.hstack([svc.intercept_[:, None], svc.coef_])   # intercept first, as pg_learn
    ref_dec = model.decision_function(X)
    ref_dec = ref_dec[:, None] if ref_dec.ndim == 1 else ref_dec
    ref_pred = model.predict(X)

    d = read_json("%s/describe_%s.json" % (work, name))
    if d is None or d.get("classes") != classes:
        not_ok(label + ": classes", "pg_learn %s, scikit-learn %s" % (d and d.get("classes"), classes))
        continue
    W = np.array([[pr["intercept"]] + pr["weights"] for pr in d["problems"]])
    with open("%s/pred_%s.csv" % (work, name)) as fh:
        rows = list(csv.DictReader(fh))
    if [int(r["id"]) for r in rows] != list(ids):
        not_ok(label + ": rows", "exported ids differ from the table's")
        continue
    pred = np.array([r["label"] for r in rows])
    dec = np.array([[float(v) for v in r["decision"].split(" ")] for r in rows])
    if how == "stream":
        metrics = read_json("%s/metrics_%s.json" % (work, name))
        if not metrics or metrics.get("training_path") != "streaming":
            not_ok(label + ": training path", "metrics %s" % metrics)
            continue
        ok("%s: training path streaming, %d passes" % (label, metrics.get("passes", -1)))
    ok("%s: converged in %d iterations" % (label, d["iterations"])) if d["converged"] else \
        not_ok(label + ": convergence", "status %s" % [pr["status"] for pr in d["problems"]])

    # 1. predicted labels
    agree = float(np.mean(pred == ref_pred))
    what = "%s: predicted labels of %d rows" % (label, len(pred))
    if agree >= min_agree:
        ok("%s [%d differ, agreement %.4f]" % (what, int(np.sum(pred != ref_pred)), agree))
    else:
        not_ok(what, "agreement %.4f < %.3f" % (agree, min_agree))

    # 2. coefficients, per binary problem relative to its largest |coefficient|
    if W.shape != ref_W.shape:
        not_ok(label + ": coefficients", "shape %s, scikit-learn %s" % (W.shape, ref_W.shape))
        continue
    rel = np.max(np.abs(W - ref_W), axis=1) / np.max(np.abs(ref_W), axis=1)
    j = int(np.argmax(rel))
    what = "%s: %d x %d coefficients" % (label, W.shape[0], W.shape[1])
    if np.all(np.isfinite(W)) and rel.max() <= tol:
        ok("%s [max error %.3g relative to max |coefficient| of its problem, problem %d]" % (what, rel.max(), j))
    else:
        not_ok(what, "max error %.3g (problem %d): pg_learn %s, scikit-learn %s" % (rel.max(), j, W[j], ref_W[j]))

    # 3. decision function of every row
    if dec.shape != ref_dec.shape:
        not_ok(label + ": decision function", "shape %s, scikit-learn %s" % (dec.shape, ref_dec.shape))
        continue
    drel = np.max(np.abs(dec - ref_dec) / np.max(np.abs(ref_dec), axis=0))
    what = "%s: decision function of %d rows x %d" % (label, dec.shape[0], dec.shape[1])
    if np.all(np.isfinite(dec)) and drel <= tol:
        ok("%s [max error %.3g relative to max |decision|]" % (what, drel))
    else:
        not_ok(what, "max error %.3g relative to max |decision|" % drel)

    # 4. objective: pg_learn's is the minimum
    cw = {c: 1.0 for c in classes}
    if opts.get("class_weight") == "balanced":
        cw = {c: len(y) / (len(classes) * np.sum(y == c)) for c in classes}
    Z = np.hstack([np.ones((Xs.shape[0], 1)), Xs])
    f_ours, f_ref = objective(W, Z, y, classes, C, cw), objective(ref_W, Z, y, classes, C, cw)
    what = "%s: objective %.12g (scikit-learn's coefficients: %.12g)" % (label, f_ours, f_ref)
    if f_ours <= f_ref * (1 + 1e-9) and abs(f_ours - d["objective"]) <= 1e-9 * f_ours:
        ok("%s [(scikit-learn - pg_learn) / scikit-learn = %.2g]" % (what, (f_ref - f_ours) / f_ref))
    else:
        not_ok(what, "pg_learn's objective is higher, or differs from its own report %.12g" % d["objective"])
    summary.append((name, rel.max(), drel, agree))

for name, r, dr, a in summary:
    print("# %-16s coefficients %.2g, decisions %.2g (relative), labels agree %.4f" % (name, r, dr, a))
PY

if ! "$SKLEARN_PYTHON" "$WORK/compare.py" "$WORK" "$TOL" "$MIN_AGREEMENT" >"$WORK/compare.out" 2>&1; then
  cat "$WORK/compare.out"
  bail "compare: scikit-learn script failed"
fi
tee -a "$TAP" < "$WORK/compare.out"
# D: warm-started fits (in memory; streamed) vs a streamed fit to tol 1e-15
# shellcheck source=warm_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/warm_lib.sh"
warm_setup
for target in yb yc; do
  name="svm_warm_$target"
  problems=1; [ "$target" = yc ] && problems=3
  # version 1: in memory (default tol); 2: the reference, streamed to tol 1e-15;
  # 3: streamed (default tol)
  if ! warm_fits linear_svm "$name" "$target"; then
    emit "not ok - D warm start $target: learn.train failed: $(cat "$WORK"/warm_"${target}"_*.log | tr '\n' ' ')"
    continue
  fi
  for v in 1 3; do
    read -r path iter passes < <(grep -v NOTICE "$WORK/warm_${target}_$v.log" | tail -1)
    expected_path=memory; [ "$v" = 3 ] && expected_path=streaming
    read -r coef_rel obj_rel < <(psql_db -At -F ' ' -c "
SELECT max(abs(a.estimate - b.estimate)) / max(abs(b.estimate)),
       (SELECT ((x.metrics->>'objective')::float8 - (y.metrics->>'objective')::float8) / (y.metrics->>'objective')::float8
        FROM learn.models x, learn.models y WHERE x.name = '$name' AND y.name = '$name' AND x.version = $v AND y.version = 2)
FROM learn.coefficients(learn.model('$name', $v)) a JOIN learn.coefficients(learn.model('$name', 2)) b USING (term)")
    what="D warm start $target, $expected_path"
    if ! grep -q 'warm start on [0-9]* rows' "$WORK/warm_${target}_$v.log"; then
      emit "not ok - $what: the fit reported no warm start"
    elif [ "$path" != "$expected_path" ] || [ "${iter:-99}" -gt $((4 * problems)) ]; then
      emit "not ok - $what: path '$path', evaluations $iter (at most $((4 * problems)) expected)"
    elif awk -v c="$coef_rel" -v o="$obj_rel" 'BEGIN { exit !(c < 1e-9 && o < 1e-10 && o > -1e-10) }'; then
      emit "ok - $what: 400000 rows with a warm start ($iter evaluations over all rows, passes $passes) equal the fit to tol 1e-15: coefficients $coef_rel of the largest (tol 1e-9), objective $obj_rel (tol 1e-10)"
    else
      emit "not ok - $what: coefficients $coef_rel of the largest (tol 1e-9), objective $obj_rel (tol 1e-10)"
    fi
  done
done

n_checked=$(grep -c . "$WORK/checks.list")
[ "$n_checked" -eq "${#CHECKS[@]}" ] || emit "not ok - only $n_checked of ${#CHECKS[@]} checks reached the comparison"

finish
