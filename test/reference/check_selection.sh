#!/usr/bin/env bash
# check_selection.sh: learn.tune's cross-validation and learn.train's holdout
# against scikit-learn, on the fold assignment pg_learn made.
#
# Needs a running server reachable through the PG* environment variables
# (PGHOST, PGPORT, PGUSER, ...) with pg_learn installed; it does not start one.
# It creates a scratch database learn_selection_<pid> (dropped at the end, also
# on error or interruption), loads two data sets scikit-learn ships (Debian
# python3-sklearn): diabetes (442 x 10, regression) and breast cancer (569
# rows; the four columns mean radius, mean texture, mean smoothness, mean
# symmetry; class benign), runs learn.tune and learn.train, exports the
# parts learn.split assigned (the same split those functions use: the check
# fails if the fold scores disagree, so a different assignment cannot pass)
# and lets /usr/bin/python3 + scikit-learn fit every fold with the same model:
#
#  1. Ridge, diabetes: learn.tune(linear_regression, grid lambda in
#     {0, 0.1, 1, 10, 100}, 5 folds, seed 17) with metric rmse and with r2,
#     against GridSearchCV(Ridge(), alpha = lambda,
#     cv = PredefinedSplit(our fold ids), scoring neg_root_mean_squared_error
#     / r2): every fold score, the mean (mean_test_score) and the population
#     standard deviation (std_test_score) within 1e-6 relative (to 1 +
#     |value| for r2); the chosen lambda equal to best_params_.
#  2. Logistic regression, breast cancer: learn.tune(logistic_regression,
#     lambda in {0.01, 0.1, 1, 10}, 5 stratified folds, seed 5) with metric
#     log_loss and with accuracy, against GridSearchCV(LogisticRegression(
#     penalty='l2', C = 1/lambda, solver='newton-cholesky', tol=1e-12),
#     PredefinedSplit, scoring neg_log_loss / accuracy): same tolerances,
#     accuracy fold scores to 1e-12 absolute; the chosen lambda equal.
#     Folds are stratified: in every fold each class has floor or ceil of
#     its count / 5 rows (checked in Python).
#  3. Holdout: learn.train(..., {"holdout": 0.25}) ridge (lambda 1) on
#     diabetes and stratified logistic (lambda 1) on breast cancer: the
#     holdout rmse / mae / r2 and accuracy / log_loss stored in
#     learn.models.metrics equal scikit-learn's Ridge / LogisticRegression
#     fitted on part 1 and scored on part 0 (mean_squared_error, r2_score,
#     accuracy_score, log_loss) within 1e-6 relative.
#
# Output is TAP-like: "ok - <what>" or "not ok - <what>: <detail>" lines, and a
# final "N passed, M failed".  The exit status is 0 only if every check passed.
TOL=1e-6
NAME=selection
source "$(dirname "${BASH_SOURCE[0]}")/tap_lib.sh"

# the data, exported by scikit-learn with shortest-exact floats
"$SKLEARN_PYTHON" - "$WORK" >"$WORK/export.log" 2>&1 <<'PY' || bail "data: export failed: $(oneline "$WORK/export.log")"
import sys
from sklearn.datasets import load_breast_cancer, load_diabetes
work = sys.argv[1]
d = load_diabetes()
with open(work + "/diabetes.csv", "w") as fh:
    for row, y in zip(d.data, d.target):
        fh.write(",".join(repr(float(v)) for v in row) + "," + repr(float(y)) + "\n")
b = load_breast_cancer()
cols = [list(b.feature_names).index(c) for c in ("mean radius", "mean texture", "mean smoothness", "mean symmetry")]
with open(work + "/cancer.csv", "w") as fh:
    for row, y in zip(b.data, b.target):
        fh.write(",".join(repr(float(row[c])) for c in cols) + "," + ("benign" if y == 1 else "malignant") + "\n")
PY

create_db
DIAB_X="age, sex, bmi, bp, s1, s2, s3, s4, s5, s6"
DIAB_ARR="ARRAY['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6']"
BC_ARR="ARRAY['radius', 'texture', 'smoothness', 'symmetry']"
if ! psql_db >"$WORK/setup.log" 2>&1 <<SQL
CREATE EXTENSION pg_learn;
CREATE TABLE diabetes (age float8, sex float8, bmi float8, bp float8, s1 float8, s2 float8, s3 float8,
                       s4 float8, s5 float8, s6 float8, progression float8);
\copy diabetes FROM '$WORK/diabetes.csv' WITH (FORMAT csv)
CREATE TABLE cancer (radius float8, texture float8, smoothness float8, symmetry float8, diagnosis text);
\copy cancer FROM '$WORK/cancer.csv' WITH (FORMAT csv)
SQL
then
  bail "setup: $(oneline "$WORK/setup.log")"
fi
emit "ok - setup: database $DB, pg_learn $(psql_db -At -c 'SELECT learn.version()'), diabetes $(psql_db -At -c 'SELECT count(*) FROM diabetes') rows, breast cancer $(psql_db -At -c 'SELECT count(*) FROM cancer') rows"

# Run the searches and holdouts; export trials and parts.
# export_parts <file> <algorithm> <table> <target> <features array> <folds|holdout arg> <seed>
export_parts() {
  local file=$1 algo=$2 table=$3 target=$4 feats=$5 split=$6 seed=$7
  printf '%s\n' "\\copy (SELECT part, (SELECT string_agg(row->>f, ',' ORDER BY o) FROM unnest($feats) WITH ORDINALITY u(f, o)), row->>'$target' FROM learn.split('$algo', '$table', '$target', $feats, $split, seed => $seed)) TO '$WORK/$file' WITH (FORMAT csv)"
}
export_trials() {
  printf '%s\n' "\\copy (SELECT t.params->>'lambda', array_to_string(t.fold_scores, ' '), t.mean_score, t.std_score, (r.best_trial = t.trial)::int FROM learn.tuning_trials t JOIN learn.tuning_runs r ON r.id = t.run_id WHERE r.name = '$1' ORDER BY t.trial) TO '$WORK/trials_$1.csv' WITH (FORMAT csv)"
}
{
  for metric in rmse r2; do
    echo "SELECT 1 FROM learn.tune('ridge_$metric', 'linear_regression', 'diabetes', 'progression', $DIAB_ARR, grid => '{\"lambda\": [0, 0.1, 1, 10, 100]}', folds => 5, seed => 17, metric => '$metric');"
    export_trials "ridge_$metric"
  done
  export_parts folds_diabetes.csv linear_regression diabetes progression "$DIAB_ARR" "folds => 5" 17
  for metric in log_loss accuracy; do
    echo "SELECT 1 FROM learn.tune('logreg_$metric', 'logistic_regression', 'cancer', 'diagnosis', $BC_ARR, grid => '{\"lambda\": [0.01, 0.1, 1, 10]}', folds => 5, seed => 5, metric => '$metric');"
    export_trials "logreg_$metric"
  done
  export_parts folds_cancer.csv logistic_regression cancer diagnosis "$BC_ARR" "folds => 5" 5
  echo "SELECT 1 FROM learn.train('ridge_holdout', 'linear_regression', 'diabetes', 'progression', $DIAB_ARR, '{\"lambda\": 1, \"holdout\": 0.25}');"
  echo "\\copy (SELECT metrics->'holdout' FROM learn.models WHERE name = 'ridge_holdout') TO '$WORK/holdout_ridge.json'"
  export_parts holdout_diabetes.csv linear_regression diabetes progression "$DIAB_ARR" "holdout => 0.25" 0
  echo "SELECT 1 FROM learn.train('logreg_holdout', 'logistic_regression', 'cancer', 'diagnosis', $BC_ARR, '{\"lambda\": 1, \"holdout\": 0.25}');"
  echo "\\copy (SELECT metrics->'holdout' FROM learn.models WHERE name = 'logreg_holdout') TO '$WORK/holdout_logreg.json'"
  export_parts holdout_cancer.csv logistic_regression cancer diagnosis "$BC_ARR" "holdout => 0.25" 0
} > "$WORK/run.sql"
psql_db -f "$WORK/run.sql" >"$WORK/run.log" 2>&1 || bail "pg_learn: $(oneline "$WORK/run.log")"
emit "ok - pg_learn: 4 cross-validated searches (29 trials) and 2 holdouts ran; folds exported from learn.split"

"$SKLEARN_PYTHON" - "$WORK" "$TOL" >"$WORK/py.out" 2>"$WORK/py.err" <<'PY'
import csv, json, sys
import numpy as np
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, log_loss, mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import GridSearchCV, PredefinedSplit

work, tol = sys.argv[1], float(sys.argv[2])

def load_parts(name):
    part, X, y = [], [], []
    for f in csv.reader(open("%s/%s" % (work, name))):
        part.append(int(f[0]))
        X.append([float(v) for v in f[1].split(",")])
        y.append(f[2])
    return np.array(part), np.array(X), np.array(y)

def load_trials(name):
    out = []
    for lam, folds, mean, std, best in csv.reader(open("%s/trials_%s.csv" % (work, name))):
        out.append((float(lam), [float(v) for v in folds.split()], float(mean), float(std), best == "1"))
    return out

def rel(a, b, scale=None):
    return abs(a - b) / (scale if scale is not None else max(abs(b), 1e-300))

def compare(what, trials, est, param, to_param, scoring, sign, fold_ids, X, y, absolute=False):
    grid = GridSearchCV(est, {param: [to_param(t[0]) for t in trials]}, cv=PredefinedSplit(fold_ids),
                        scoring=scoring, refit=False).fit(X, y)
    res = grid.cv_results_
    worst = 0.0
    for i, (lam, folds, mean, std, best) in enumerate(trials):
        for k, s in enumerate(folds):
            ref = sign * res["split%d_test_score" % k][i]
            worst = max(worst, abs(s - ref) if absolute else rel(s, ref, 1 + abs(ref) if scoring == "r2" else None))
        ref = sign * res["mean_test_score"][i]
        worst = max(worst, abs(mean - ref) if absolute else rel(mean, ref, 1 + abs(ref) if scoring == "r2" else None))
        worst = max(worst, abs(std - res["std_test_score"][i]) / (1 + abs(res["std_test_score"][i])))
    limit = 1e-12 if absolute else tol
    ok = worst <= limit
    print("%s - %s: %d trials x %d folds, fold scores, mean and sd vs GridSearchCV(PredefinedSplit): worst %s %.3g (tolerance %g)"
          % ("ok" if ok else "not ok", what, len(trials), len(trials[0][1]), "absolute" if absolute else "relative", worst, limit))
    ours = [t[0] for t in trials if t[4]][0]
    theirs = grid.cv_results_["params"][int(np.argmin(grid.cv_results_["rank_test_score"]))][param]
    ok = abs(to_param(ours) - theirs) <= 1e-12 * abs(theirs) or (ours == 0 and theirs == 0)
    print("%s - %s: chosen lambda %g, scikit-learn's best %s %g" % ("ok" if ok else "not ok", what, ours, param, theirs))

# 1. ridge on diabetes
part, X, y = load_parts("folds_diabetes.csv")
y = y.astype(float)
sizes = np.bincount(part)
print("%s - diabetes folds: sizes %s differ by at most 1" % ("ok" if sizes.max() - sizes.min() <= 1 else "not ok", sizes.tolist()))
for metric, scoring, sign in (("rmse", "neg_root_mean_squared_error", -1), ("r2", "r2", 1)):
    compare("ridge %s" % metric, load_trials("ridge_" + metric), Ridge(), "alpha", lambda l: l, scoring, sign, part, X, y)

# 2. logistic regression on breast cancer (stratified)
part, X, y = load_parts("folds_cancer.csv")
ok = True
for c in np.unique(y):
    n = np.sum(y == c)
    per = np.bincount(part[y == c], minlength=5)
    ok = ok and per.min() >= n // 5 and per.max() <= -(-n // 5)
print("%s - breast cancer folds are stratified: each class has floor or ceil of n_class / 5 rows per fold" % ("ok" if ok else "not ok"))
lr = LogisticRegression(penalty="l2", solver="newton-cholesky", tol=1e-12, max_iter=1000)
compare("logistic log_loss", load_trials("logreg_log_loss"), lr, "C", lambda l: 1 / l, "neg_log_loss", -1, part, X, y)
compare("logistic accuracy", load_trials("logreg_accuracy"), lr, "C", lambda l: 1 / l, "accuracy", 1, part, X, y, absolute=True)

# 3. holdouts
part, X, y = load_parts("holdout_diabetes.csv")
y = y.astype(float)
h = json.load(open(work + "/holdout_ridge.json"))
m = Ridge(alpha=1.0).fit(X[part == 1], y[part == 1])
p = m.predict(X[part == 0])
refs = {"rmse": mean_squared_error(y[part == 0], p) ** 0.5, "mae": mean_absolute_error(y[part == 0], p),
        "r2": r2_score(y[part == 0], p)}
worst = max(rel(h[k], v) for k, v in refs.items())
print("%s - ridge holdout (%d of %d rows): rmse, mae, r2 vs Ridge on part 1 scored on part 0: worst relative %.3g (tolerance %g)"
      % ("ok" if worst <= tol and h["rows"] == np.sum(part == 0) else "not ok", h["rows"], len(y), worst, tol))
part, X, y = load_parts("holdout_cancer.csv")
h = json.load(open(work + "/holdout_logreg.json"))
m = LogisticRegression(penalty="l2", C=1.0, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(X[part == 1], y[part == 1])
acc = accuracy_score(y[part == 0], m.predict(X[part == 0]))
ll = log_loss(y[part == 0], m.predict_proba(X[part == 0]), labels=m.classes_)
worst = max(abs(h["accuracy"] - acc), rel(h["log_loss"], ll))
strat = all(abs(np.sum((part == 0) & (y == c)) - 0.25 * np.sum(y == c)) <= 0.5 for c in np.unique(y))
print("%s - logistic holdout (%d rows, stratified %s): accuracy, log_loss vs LogisticRegression on part 1: worst %.3g (tolerance %g)"
      % ("ok" if worst <= tol and strat else "not ok", h["rows"], strat, worst, tol))
PY
rc=$?
tee -a "$TAP" < "$WORK/py.out"
[ $rc -eq 0 ] || emit "not ok - scikit-learn comparison failed: $(oneline "$WORK/py.err")"

finish
