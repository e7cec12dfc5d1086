#!/usr/bin/env bash
# check_prepare_sklearn.sh: learn.train's preparation pipeline (imputation,
# scaling, missing indicator, one-hot encoding) followed by linear regression,
# against the same pipeline built in scikit-learn, on R's airquality data
# (data/airquality.csv: a category column and missing values).
#
# Needs a running server reachable through the PG* environment variables
# (PGHOST, PGPORT, PGUSER, ...) with pg_learn installed; it does not start one.
# It creates a scratch database learn_prep_<pid>, loads data/airquality.csv
# with \copy into a table whose month is text ('May', 'Jun', 'Jul', 'Aug',
# 'Sep': a category, first in byte order 'Aug'), trains ozone on solar, wind,
# temp and month with learn.train under several preparation options, exports
# learn.predict and learn.prepare for every row (also rows whose ozone is
# NULL, which training skips, and rows whose solar is NULL, which are
# imputed), the feature names and the coefficients, and rebuilds each model
# with /usr/bin/python3 + scikit-learn:
#
#   ColumnTransformer([
#     ('num', Pipeline([SimpleImputer(strategy), <Scaler>]), numeric columns),
#     ('cat', OneHotEncoder(drop='first', handle_unknown='ignore'), [month])])
#   + LinearRegression(), fitted on the rows whose ozone is not NULL.
#
# Two checks train on the rows with solar only (source
# 'SELECT * FROM airquality WHERE solar IS NOT NULL'), so that no training row
# needs imputation, and still score every row.
#
# Per check it compares (columns matched by feature name, so the order of the
# features does not matter):
#   - the feature names;
#   - the prepared matrix (learn.prepare vs the ColumnTransformer's output),
#     absolute tolerance 1e-9 (the features are O(1));
#   - the coefficients, tolerance 1e-9 relative to max |coefficient|;
#   - the predictions of all 153 rows, tolerance 1e-9 relative to
#     max |prediction|: the main check.
# With a missing indicator, pg_learn scales the value but not its 0/1
# indicator, so the reference scales column 0 of SimpleImputer(add_indicator=
# True)'s output only; the predictions are also compared with the plain
# Pipeline([SimpleImputer(add_indicator=True), StandardScaler()]), which
# scales the indicator too (the same predictions: an affine change of one
# feature under a model with an intercept).
#
# Output is TAP-like: "ok - <what>" or "not ok - <what>: <detail>" lines, "# ..."
# comments, and a final "N passed, M failed".  The exit status is 0 only if
# every check passed.  The scratch database is dropped at the end, also on
# error or interruption.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CSV=$REPO/data/airquality.csv
TOL=1e-9
DB=learn_prep_$$
SKLEARN_PYTHON=/usr/bin/python3   # the system python has python3-sklearn

WORK=$(mktemp -d /tmp/learn_prep.XXXXXX)
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
# Any other exit (set -u, a bug in this script) still drops the database.
exec 3>&1 4>&2
trap 'trap - INT TERM; exec 1>&3 2>&4; bail "interrupted"' INT TERM
trap '[ -n "$FINISHED" ] || { drop_db; rm -rf "$WORK"; }' EXIT

# ---------------------------------------------------------------------------
# Prerequisites and setup
# ---------------------------------------------------------------------------
[ -x "$SKLEARN_PYTHON" ] || bail "prerequisites: $SKLEARN_PYTHON not found"
"$SKLEARN_PYTHON" -c 'import sklearn, numpy' 2>"$WORK/err" \
  || bail "prerequisites: scikit-learn not importable by $SKLEARN_PYTHON: $(oneline "$WORK/err")"
[ -r "$CSV" ] || bail "prerequisites: $CSV missing"
psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>"$WORK/err" \
  || bail "server: cannot connect ($(oneline "$WORK/err"))"

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $DB" >/dev/null 2>"$WORK/err" \
  || bail "setup: CREATE DATABASE $DB failed: $(oneline "$WORK/err")"
DB_CREATED=1

# id is the row number in the file (identity values follow COPY's order).
if ! psql_db >"$WORK/setup.log" 2>&1 <<SQL
CREATE EXTENSION pg_learn;
CREATE TABLE airquality_raw (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                             "Ozone" integer, "Solar.R" integer, "Wind" float8,
                             "Temp" integer, "Month" integer, "Day" integer);
\copy airquality_raw ("Ozone", "Solar.R", "Wind", "Temp", "Month", "Day") FROM '$CSV' WITH (FORMAT csv, HEADER true)
CREATE TABLE airquality AS
SELECT id, "Ozone" AS ozone, "Solar.R" AS solar, "Wind" AS wind, "Temp" AS temp,
       (ARRAY['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'])["Month"] AS month,
       "Day" AS day
FROM airquality_raw;
SQL
then
  bail "setup: $(oneline "$WORK/setup.log")"
fi
counts=$(psql_db -At -F ' ' -c "SELECT count(*), count(ozone), count(solar), count(*) FILTER (WHERE ozone IS NOT NULL AND solar IS NULL), count(DISTINCT month), count(*) FILTER (WHERE month IS NULL) FROM airquality")
if [ "$counts" = "153 116 146 5 5 0" ]; then
  emit "ok - setup: database $DB, pg_learn $(psql_db -At -c 'SELECT learn.version()'), airquality loaded (153 rows, 116 with ozone, 5 training rows with NULL solar, 5 months)"
else
  bail "setup: unexpected counts (rows, ozone, solar, training rows without solar, months, NULL months) = $counts"
fi

# ---------------------------------------------------------------------------
# Checks: name | learn.train options | scikit-learn numeric pipeline
#   impute=<SimpleImputer strategy>, scale=<standard|minmax|none>,
#   indicator=<column with SimpleImputer(add_indicator=True)>,
#   rows=<all: the table | complete: only rows with solar, so that no training
#   row needs imputation; every row is still scored, NULL solar imputed>
# ---------------------------------------------------------------------------
CHECKS=(
  'aq|{"scale": "standard"}|impute=mean,scale=standard,rows=all'
  'aq_median|{"scale": "standard", "impute": "median"}|impute=median,scale=standard,rows=all'
  'aq_minmax|{"scale": "minmax"}|impute=mean,scale=minmax,rows=all'
  'aq_indicator|{"scale": "standard", "columns": {"solar": {"indicator": true}}}|impute=mean,scale=standard,indicator=solar,rows=all'
  'aq_default|{}|impute=mean,scale=none,rows=all'
  'aq_complete|{}|impute=mean,scale=none,rows=complete'
  'aq_complete_std|{"scale": "standard"}|impute=mean,scale=standard,rows=complete'
)
FEATURES="ARRAY['solar', 'wind', 'temp', 'month']"

sql_lit() { printf "'%s'" "${1//\'/\'\'}"; }

for spec in "${CHECKS[@]}"; do
  IFS='|' read -r name options sk <<<"$spec"
  case ",$sk," in
    *,rows=all,*) source=airquality; rows_sql='SELECT * FROM airquality' ;;
    *,rows=complete,*) source='SELECT * FROM airquality WHERE solar IS NOT NULL'; rows_sql=$source ;;
    *) bail "internal: check $name has no rows= setting" ;;
  esac
  expected=$(psql_db -At -F ' ' -c "SELECT count(ozone), count(*) - count(ozone) FROM ($rows_sql) s" 2>"$WORK/err") \
    || bail "$name: counting the training rows failed: $(oneline "$WORK/err")"
  if ! psql_db -At -F ' ' >"$WORK/train_$name.log" 2>&1 <<SQL
SELECT rows_used, rows_skipped
FROM learn.train($(sql_lit "$name"), 'linear_regression', $(sql_lit "$source"), 'ozone',
                 features => $FEATURES, options => $(sql_lit "$options"));
SQL
  then
    emit "not ok - $name: learn.train failed: $(oneline "$WORK/train_$name.log")"
    continue
  fi
  if [ "$(cat "$WORK/train_$name.log")" != "$expected" ]; then
    emit "not ok - $name: learn.train used/skipped $(oneline "$WORK/train_$name.log") rows, expected $expected (rows with ozone / NULL ozone)"
    continue
  fi
  # float8 output is shortest-exact (extra_float_digits 1), so values round-trip.
  if ! psql_db >"$WORK/export_$name.log" 2>&1 <<SQL
\copy (SELECT a.id, learn.predict($(sql_lit "$name"), a) AS prediction, array_to_string(learn.prepare($(sql_lit "$name"), a), ' ') AS prepared FROM airquality a ORDER BY a.id) TO '$WORK/pred_$name.csv' WITH (FORMAT csv, HEADER true)
\copy (SELECT f.i, f.feature FROM unnest(learn.features(learn.model($(sql_lit "$name")))) WITH ORDINALITY f(feature, i)) TO '$WORK/features_$name.csv' WITH (FORMAT csv, HEADER true)
\copy (SELECT term, estimate FROM learn.coefficients(learn.model($(sql_lit "$name")))) TO '$WORK/coef_$name.csv' WITH (FORMAT csv, HEADER true)
SQL
  then
    emit "not ok - $name: export failed: $(oneline "$WORK/export_$name.log")"
    continue
  fi
  printf '%s|%s|%s\n' "$name" "$options" "$sk" >> "$WORK/checks.list"
done
[ -s "$WORK/checks.list" ] || bail "no model could be trained and exported"

# ---------------------------------------------------------------------------
# scikit-learn reference and comparison
# ---------------------------------------------------------------------------
cat > "$WORK/compare.py" <<'PY'
import csv, math, sys, warnings
import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler

work, data_csv, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
NUMERIC = ["solar", "wind", "temp"]           # pg_learn's column names
COLS = NUMERIC + ["month"]                    # positions in X

def num(s):
    return float("nan") if s == "" else float(s)

with open(data_csv, newline="") as fh:
    raw = list(csv.DictReader(fh))
ids = np.arange(1, len(raw) + 1)              # the table's id: row number in the file
y = np.array([num(r["Ozone"]) for r in raw])
X = np.empty((len(raw), 4), dtype=object)
for i, r in enumerate(raw):
    X[i] = [num(r["Solar.R"]), num(r["Wind"]), num(r["Temp"]), MONTHS[int(r["Month"]) - 1]]
train = ~np.isnan(y)

def scaler(kind):
    return {"standard": StandardScaler(), "minmax": MinMaxScaler(), "none": "passthrough"}[kind]

def onehot_names(enc, col):
    """pg_learn's names (col=value) of a fitted OneHotEncoder's outputs."""
    cats = list(enc.categories_[0])
    drop = enc.drop_idx_
    if drop is not None and drop[0] is not None:
        del cats[int(drop[0])]
    return ["%s=%s" % (col, c) for c in cats]

def build(sk, literal=False):
    """The ColumnTransformer for one check, and per block the pg_learn names of its outputs.
    literal: the indicator column goes through Pipeline([SimpleImputer(add_indicator=True),
    Scaler]) as is, which scales the indicator too (an affine change of one feature, so the
    predictions of a model with an intercept are the same; the matrix is not)."""
    opt = dict(kv.split("=") for kv in sk.split(","))
    ind = opt.get("indicator")
    blocks, names = [], []
    plain = [c for c in NUMERIC if c != ind]
    blocks.append(("num", Pipeline([("impute", SimpleImputer(strategy=opt["impute"])),
                                    ("scale", scaler(opt["scale"]))]),
                   [COLS.index(c) for c in plain]))
    names.append(lambda ct: list(plain))
    if ind:
        # SimpleImputer(add_indicator=True) appends the 0/1 indicator; pg_learn
        # scales the value but not the indicator, so the scaler sees column 0 only.
        blocks.append(("ind", Pipeline([
            ("impute", SimpleImputer(strategy=opt["impute"], add_indicator=True)),
            ("scale", scaler(opt["scale"]) if literal else
             ColumnTransformer([("value", scaler(opt["scale"]), [0])],
                               remainder="passthrough", sparse_threshold=0))]),
                       [COLS.index(ind)]))
        names.append(lambda ct, c=ind: [c, c + "__missing"])
    blocks.append(("cat", OneHotEncoder(drop="first", handle_unknown="ignore", sparse_output=False),
                   [COLS.index("month")]))
    names.append(lambda ct: onehot_names(ct.named_transformers_["cat"], "month"))
    return ColumnTransformer(blocks, sparse_threshold=0), names

def read_csv(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))

def ok(what):
    print("ok - " + what)

def not_ok(what, detail):
    print("not ok - %s: %s" % (what, detail))

print("# scikit-learn %s, numpy %s; %d rows, %d training rows" %
      (sklearn.__version__, np.__version__, len(raw), int(train.sum())))
summary = []
with open(work + "/checks.list") as fh:
    checks = [line.rstrip("\n").split("|") for line in fh if line.strip()]
for name, options, sk in checks:
    opt = dict(kv.split("=") for kv in sk.split(","))
    fit_rows = train if opt["rows"] == "all" else train & ~np.isnan(X[:, 0].astype(float))
    label = "%s %s%s" % (name, options, "" if opt["rows"] == "all" else " (trained on rows with solar)")
    ct, namers = build(sk)
    model = Pipeline([("prep", ct), ("lm", LinearRegression())])
    with warnings.catch_warnings():
        warnings.simplefilter("error")        # any sklearn warning is a test problem
        model.fit(X[fit_rows], y[fit_rows])
        ref_pred = model.predict(X)
        ref_mat = ct.transform(X)
    ref_names = [n for namer in namers for n in namer(ct)]
    if len(ref_names) != ref_mat.shape[1]:
        not_ok(label, "internal: %d names for %d sklearn columns" % (len(ref_names), ref_mat.shape[1]))
        continue

    feats = [r["feature"] for r in sorted(read_csv("%s/features_%s.csv" % (work, name)), key=lambda r: int(r["i"]))]
    rows = read_csv("%s/pred_%s.csv" % (work, name))
    coef = {r["term"]: num(r["estimate"]) for r in read_csv("%s/coef_%s.csv" % (work, name))}

    # 1. feature names (same set; the order may differ)
    if sorted(feats) != sorted(ref_names) or len(set(feats)) != len(feats):
        not_ok(label + ": features", "pg_learn [%s], scikit-learn [%s]" % (" ".join(feats), " ".join(ref_names)))
        continue
    ok("%s: features [%s] (scikit-learn order [%s])" % (label, " ".join(feats), " ".join(ref_names)))
    perm = [feats.index(n) for n in ref_names]   # pg_learn column of each sklearn column

    # 2. the prepared matrix, every row
    got_ids = [int(r["id"]) for r in rows]
    if got_ids != list(ids):
        not_ok(label + ": rows", "exported ids are not 1..%d" % len(ids))
        continue
    bad_rows = [r["id"] for r in rows if r["prepared"] == "" or r["prediction"] == ""]
    if bad_rows:
        not_ok(label + ": rows", "NULL prediction or transform for ids %s" % ", ".join(bad_rows[:10]))
        continue
    mat = np.array([[float(v) for v in r["prepared"].split(" ")] for r in rows])
    if mat.shape != ref_mat.shape:
        not_ok(label + ": prepared matrix", "shape %s, scikit-learn %s" % (mat.shape, ref_mat.shape))
        continue
    mat = mat[:, perm]
    diff = np.abs(mat - ref_mat)
    err = diff / np.maximum(1.0, np.abs(ref_mat))
    i, j = np.unravel_index(np.argmax(err), err.shape)
    what = "%s: prepared matrix %dx%d (learn.transform vs ColumnTransformer)" % (label, *mat.shape)
    if not np.all(np.isfinite(mat)) or err.max() > tol:
        not_ok(what, "max error %.3g at id %d, %s: pg_learn %r, scikit-learn %r"
               % (err.max(), ids[i], ref_names[j], mat[i, j], ref_mat[i, j]))
    else:
        ok("%s [max abs error %.3g]" % (what, diff.max()))

    # 3. coefficients, by name
    ref_coef = dict(zip(ref_names, model.named_steps["lm"].coef_))
    ref_coef["(intercept)"] = model.named_steps["lm"].intercept_
    what = "%s: %d coefficients" % (label, len(ref_coef))
    if sorted(coef) != sorted(ref_coef):
        not_ok(what, "terms [%s], scikit-learn [%s]" % (" ".join(coef), " ".join(ref_coef)))
    else:
        scale = max(abs(v) for v in ref_coef.values())
        errs = {t: abs(coef[t] - ref_coef[t]) / scale for t in ref_coef}
        worst = max(errs, key=errs.get)
        if not all(math.isfinite(coef[t]) for t in coef) or errs[worst] > tol:
            not_ok(what, "max error %.3g (relative to max |coef| %.6g) at %s: pg_learn %r, scikit-learn %r"
                   % (errs[worst], scale, worst, coef[worst], ref_coef[worst]))
        else:
            ok("%s [max error %.3g relative to max |coef| %.6g, at %s]" % (what, errs[worst], scale, worst))

    # 4. predictions of every row (also NULL ozone, and NULL solar imputed)
    pred = np.array([float(r["prediction"]) for r in rows])
    scale = np.max(np.abs(ref_pred))
    rel = np.abs(pred - ref_pred) / scale
    k = int(np.argmax(rel))
    n_nosolar = int(np.isnan(X[:, 0].astype(float)).sum())
    what = ("%s: predictions of all %d rows (%d not used in training, %d with NULL solar)"
            % (label, len(pred), int((~fit_rows).sum()), n_nosolar))
    if not np.all(np.isfinite(pred)) or rel.max() > tol:
        not_ok(what, "max error %.3g relative to max |prediction| %.6g at id %d: pg_learn %r, scikit-learn %r"
               % (rel.max(), scale, ids[k], pred[k], ref_pred[k]))
    else:
        ok("%s [max error %.3g relative to max |prediction| %.6g]" % (what, rel.max(), scale))
    summary.append((name, rel.max()))

    # 5. with an indicator: the textbook Pipeline([SimpleImputer(add_indicator=True),
    #    Scaler]) that also scales the indicator gives the same predictions
    if "indicator=" in sk:
        ct2, _ = build(sk, literal=True)
        model2 = Pipeline([("prep", ct2), ("lm", LinearRegression())])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ref2 = model2.fit(X[fit_rows], y[fit_rows]).predict(X)
        rel2 = np.abs(pred - ref2) / np.max(np.abs(ref2))
        k = int(np.argmax(rel2))
        what = "%s: predictions of all %d rows vs Pipeline([SimpleImputer(add_indicator=True), Scaler]) (indicator scaled too)" % (label, len(pred))
        if rel2.max() > tol:
            not_ok(what, "max error %.3g relative to max |prediction| at id %d: pg_learn %r, scikit-learn %r"
                   % (rel2.max(), ids[k], pred[k], ref2[k]))
        else:
            ok("%s [max error %.3g]" % (what, rel2.max()))

for name, r in summary:
    print("# %s: max relative prediction difference %.3g" % (name, r))
PY

if ! "$SKLEARN_PYTHON" "$WORK/compare.py" "$WORK" "$CSV" "$TOL" >"$WORK/compare.out" 2>&1; then
  cat "$WORK/compare.out"
  bail "compare: scikit-learn script failed"
fi
tee -a "$TAP" < "$WORK/compare.out"
n_checked=$(grep -c . "$WORK/checks.list")
[ "$n_checked" -eq "${#CHECKS[@]}" ] || emit "not ok - only $n_checked of ${#CHECKS[@]} checks reached the comparison"

finish
