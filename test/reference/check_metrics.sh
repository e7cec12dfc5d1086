#!/usr/bin/env bash
# check_metrics.sh: the evaluation metrics (learn.accuracy ... learn.silhouette,
# learn.confusion_rows, learn.roc_curve, learn.pr_curve, learn.evaluate)
# against scikit-learn 1.2's sklearn.metrics (Debian /usr/bin/python3), on
# real data from data/:
#  1. breast cancer (569 rows), a logistic regression trained by learn.train
#     on four features: every binary label metric (accuracy, balanced
#     accuracy, precision/recall/F1 with average binary, binary with
#     pos_label 0, macro, micro, weighted; Matthews correlation), log loss,
#     ROC AUC, average precision, the confusion matrix and both curves
#     (sklearn roc_curve(drop_intermediate=False), precision_recall_curve),
#     once on pg_learn's probabilities and once on the probabilities rounded
#     to two decimals (many tied scores); learn.evaluate's rows;
#  2. iris (150 rows, three classes, text labels), a logistic regression on
#     sepal width alone (so it makes mistakes): the multiclass label metrics,
#     multiclass log loss, the confusion matrix, learn.evaluate;
#  3. diabetes (442 rows), a linear regression: RMSE, MAE, MAPE, R^2,
#     explained variance, learn.evaluate;
#  4. iris k-means (k = 3): silhouette (sklearn silhouette_score on the same
#     prepared features and pg_learn's assignment), learn.evaluate's
#     silhouette and inertia;
#  5. iris PCA (2 components), raw and standardised: learn.evaluate's
#     explained variance and reconstruction error against sklearn PCA (after
#     StandardScaler for the standardised model) fitted on the same rows.
# Every numeric comparison is relative, |a - b| <= 1e-9 * max(|b|, 1e-300)
# (absolute 1e-12 where the reference is 0); counts and labels must be equal.
#
# Needs a running server reachable through the PG* environment variables with
# pg_learn installed; it creates a scratch database learn_metrics_<pid> and
# drops it at the end.  Prints TAP lines; exits non-zero on any failure.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$(cd "$HERE/../../data" && pwd)
SKLEARN_PYTHON=/usr/bin/python3
[ -x "$SKLEARN_PYTHON" ] || { echo "not ok - prerequisites: $SKLEARN_PYTHON not found"; exit 1; }
"$SKLEARN_PYTHON" -c 'import sklearn, numpy, psycopg2' 2>/dev/null \
  || { echo "not ok - prerequisites: scikit-learn, numpy and psycopg2 must be importable by $SKLEARN_PYTHON"; exit 1; }

exec "$SKLEARN_PYTHON" - "$DATA" <<'PY'
import math, os, sys
import numpy as np
import psycopg2
from sklearn import metrics as M
from sklearn.decomposition import PCA

DATA = sys.argv[1]
TOL = 1e-9
DB = "learn_metrics_%d" % os.getpid()
failures = 0
count = 0
worst = [0.0, ""]
worst_all = worst

def ok(what):
    global count
    count += 1
    print("ok - " + what)

def not_ok(what, why):
    global count, failures
    count += 1
    failures += 1
    print("not ok - %s: %s" % (what, why))

def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    if b == 0:
        return abs(a) <= 1e-12
    return abs(a - b) <= TOL * abs(b)

def check(what, ours, ref):
    if close(ours, ref):
        rel = abs(ours - ref) / abs(ref) if ref else abs(ours)
        if rel > worst[0]:
            worst[:] = [rel, what]
        ok("%s = %.15g (sklearn %.15g, relative difference %.2g, tolerance 1e-9)" % (what, ours, ref, rel))
    else:
        not_ok(what, "pg_learn %r, sklearn %r" % (ours, ref))

def check_rows(what, ours, ref):
    """ours, ref: lists of tuples of numbers or None, compared element-wise."""
    if len(ours) != len(ref):
        not_ok(what, "%d rows, sklearn %d" % (len(ours), len(ref)))
        return
    worst = 0.0
    for r, (a, b) in enumerate(zip(ours, ref)):
        for j, (x, y) in enumerate(zip(a, b)):
            if not close(x, y):
                not_ok(what, "row %d column %d: pg_learn %r, sklearn %r" % (r + 1, j + 1, x, y))
                return
            if x is not None and y not in (None, 0):
                worst = max(worst, abs(x - y) / abs(y))
    global worst_all
    if worst > worst_all[0]:
        worst_all[:] = [worst, what]
    ok("%s: %d rows equal (worst relative difference %.3g, tolerance 1e-9)" % (what, len(ours), worst))

admin = psycopg2.connect(dbname="postgres")
admin.autocommit = True
admin.cursor().execute("CREATE DATABASE " + DB)
conn = None
try:
    conn = psycopg2.connect(dbname=DB)
    conn.autocommit = True
    cur = conn.cursor()
    def q(sql, *args):
        cur.execute(sql, args)
        return cur.fetchall()

    # ---- setup: the data sets as scikit-learn ships them ----
    cur.execute("CREATE EXTENSION pg_learn")
    bc_cols = ", ".join("f%d float8" % i for i in range(30))
    cur.execute("CREATE TABLE breast_cancer (id int GENERATED ALWAYS AS IDENTITY, %s, target int)" % bc_cols)
    with open(os.path.join(DATA, "breast_cancer.csv")) as f:
        next(f)
        cur.copy_expert("COPY breast_cancer (%s, target) FROM STDIN WITH (FORMAT csv)"
                        % ", ".join("f%d" % i for i in range(30)), f)
    cur.execute("CREATE TABLE iris (id int GENERATED ALWAYS AS IDENTITY, sl float8, sw float8, pl float8, pw float8, species_id int)")
    with open(os.path.join(DATA, "iris.csv")) as f:
        next(f)
        cur.copy_expert("COPY iris (sl, sw, pl, pw, species_id) FROM STDIN WITH (FORMAT csv)", f)
    cur.execute("CREATE VIEW iris_named AS SELECT id, sl, sw, pl, pw, "
                "(ARRAY['setosa', 'versicolor', 'virginica'])[species_id + 1] AS species FROM iris")
    cur.execute("CREATE TABLE diabetes (id int GENERATED ALWAYS AS IDENTITY, age float8, sex float8, bmi float8, bp float8, "
                "s1 float8, s2 float8, s3 float8, s4 float8, s5 float8, s6 float8, progression float8)")
    with open(os.path.join(DATA, "diabetes.csv")) as f:
        next(f)
        cur.copy_expert("COPY diabetes (age, sex, bmi, bp, s1, s2, s3, s4, s5, s6, progression) FROM STDIN WITH (FORMAT csv)", f)
    n = q("SELECT (SELECT count(*) FROM breast_cancer), (SELECT count(*) FROM iris), (SELECT count(*) FROM diabetes)")[0]
    if n != (569, 150, 442):
        not_ok("setup", "row counts %r" % (n,))
        raise RuntimeError("setup failed")

    # ---- 1. breast cancer, binary ----
    q("SELECT * FROM learn.train('bc', 'logistic_regression', 'breast_cancer', 'target', ARRAY['f0', 'f1', 'f4', 'f8'])")
    rows = q("SELECT target, learn.predict_label('bc', b), (learn.predict_proba('bc', b))[2] FROM breast_cancer b ORDER BY id")
    y = np.array([r[0] for r in rows])
    yl = np.array([int(r[1]) for r in rows])
    p = np.array([r[2] for r in rows])
    src = "FROM (SELECT target AS a, learn.predict_label('bc', b) AS l, (learn.predict_proba('bc', b))[2] AS p FROM breast_cancer b) s"
    ours = q("SELECT learn.accuracy(a, l), learn.balanced_accuracy(a, l), learn.mcc(a, l), "
             "learn.precision(a, l), learn.recall(a, l), learn.f1(a, l), "
             "learn.precision(a, l, 'binary', '0'), learn.recall(a, l, 'binary', '0'), learn.f1(a, l, 'binary', '0'), "
             "learn.precision(a, l, 'macro'), learn.recall(a, l, 'macro'), learn.f1(a, l, 'macro'), "
             "learn.precision(a, l, 'micro'), learn.recall(a, l, 'micro'), learn.f1(a, l, 'micro'), "
             "learn.precision(a, l, 'weighted'), learn.recall(a, l, 'weighted'), learn.f1(a, l, 'weighted'), "
             "learn.log_loss(a, p), learn.roc_auc(a, p), learn.pr_auc(a, p) " + src)[0]
    refs = [M.accuracy_score(y, yl), M.balanced_accuracy_score(y, yl), M.matthews_corrcoef(y, yl),
            M.precision_score(y, yl), M.recall_score(y, yl), M.f1_score(y, yl),
            M.precision_score(y, yl, pos_label=0), M.recall_score(y, yl, pos_label=0), M.f1_score(y, yl, pos_label=0)]
    for avg in ("macro", "micro", "weighted"):
        refs += [M.precision_score(y, yl, average=avg), M.recall_score(y, yl, average=avg), M.f1_score(y, yl, average=avg)]
    refs += [M.log_loss(y, p), M.roc_auc_score(y, p), M.average_precision_score(y, p)]
    names = ["accuracy", "balanced_accuracy", "mcc", "precision", "recall", "f1",
             "precision pos_label 0", "recall pos_label 0", "f1 pos_label 0"]
    for avg in ("macro", "micro", "weighted"):
        names += ["precision " + avg, "recall " + avg, "f1 " + avg]
    names += ["log_loss", "roc_auc", "pr_auc (average precision)"]
    for nm, a, b in zip(names, ours, refs):
        check("breast cancer: " + nm, a, b)
    # label kinds without casts: a boolean actual against learn.predict's 0/1, an integer against text
    mixed = q("SELECT learn.accuracy(target = 1, learn.predict('bc', b)), learn.f1(target, learn.predict_label('bc', b), 'macro') "
              "FROM breast_cancer b")[0]
    check("breast cancer: accuracy of boolean actual vs learn.predict float8 0/1", mixed[0], M.accuracy_score(y, yl))
    check("breast cancer: macro f1 of integer actual vs learn.predict_label text", mixed[1], M.f1_score(y, yl, average="macro"))
    cm = q("SELECT actual, predicted, n FROM learn.confusion_rows((SELECT learn.confusion_matrix(a, l) " + src + "))")
    ref_cm = M.confusion_matrix(y, yl)
    check_rows("breast cancer: confusion_rows", [(int(a), int(b), c) for a, b, c in cm],
               [(i, j, int(ref_cm[i, j])) for i in range(2) for j in range(2)])

    def curves(label, score_sql, yv, sv):
        sq = "(SELECT learn.binary_scores(a, %s) %s)" % (score_sql, src)
        roc = q("SELECT threshold, tpr, fpr, precision, recall FROM learn.roc_curve(%s)" % sq)
        fpr, tpr, thr = M.roc_curve(yv, sv, drop_intermediate=False)
        check_rows(label + ": roc_curve (threshold, tpr, fpr)", [r[:3] for r in roc],
                   list(zip(thr.tolist(), tpr.tolist(), fpr.tolist())))
        pr = q("SELECT threshold, precision, recall FROM learn.pr_curve(%s)" % sq)
        prec, rec, thr2 = M.precision_recall_curve(yv, sv)
        check_rows(label + ": pr_curve (threshold, precision, recall)", pr,
                   list(zip(thr2.tolist() + [None], prec.tolist(), rec.tolist())))
        # roc rows also carry precision and recall at each threshold
        tail = [r[3:] for r in roc[1:]]
        ref_tail = [(p_, r_) for p_, r_ in zip(prec[:-1][::-1].tolist(), rec[:-1][::-1].tolist())]
        check_rows(label + ": roc_curve (precision, recall) at each threshold", tail, ref_tail)

    curves("breast cancer", "p", y, p)
    p2 = np.array([r[0] for r in q("SELECT round(((learn.predict_proba('bc', b))[2])::numeric, 2)::float8 FROM breast_cancer b ORDER BY id")])
    ties = q("SELECT learn.roc_auc(a, round(p::numeric, 2)::float8), learn.pr_auc(a, round(p::numeric, 2)::float8) " + src)[0]
    check("breast cancer, scores rounded to 2 decimals (%d distinct of 569): roc_auc" % len(set(p2.tolist())), ties[0], M.roc_auc_score(y, p2))
    check("breast cancer, scores rounded to 2 decimals: pr_auc", ties[1], M.average_precision_score(y, p2))
    curves("breast cancer, rounded scores", "round(p::numeric, 2)::float8", y, p2)

    ev = dict(q("SELECT metric, value FROM learn.evaluate('bc', 'breast_cancer')"))
    evref = {"accuracy": M.accuracy_score(y, yl), "balanced_accuracy": M.balanced_accuracy_score(y, yl),
             "precision_macro": M.precision_score(y, yl, average="macro"), "recall_macro": M.recall_score(y, yl, average="macro"),
             "f1_macro": M.f1_score(y, yl, average="macro"), "precision_weighted": M.precision_score(y, yl, average="weighted"),
             "recall_weighted": M.recall_score(y, yl, average="weighted"), "f1_weighted": M.f1_score(y, yl, average="weighted"),
             "mcc": M.matthews_corrcoef(y, yl), "log_loss": M.log_loss(y, p), "roc_auc": M.roc_auc_score(y, p),
             "pr_auc": M.average_precision_score(y, p), "n": 569}
    for k in evref:
        check("learn.evaluate('bc', 'breast_cancer'): " + k, ev.get(k), evref[k])
    if set(ev) != set(evref):
        not_ok("learn.evaluate('bc'): metric names", "got %r" % sorted(ev))

    # ---- 2. iris, three classes, text labels ----
    q("SELECT * FROM learn.train('iris_sw', 'logistic_regression', 'iris_named', 'species', ARRAY['sw'])")
    rows = q("SELECT species, learn.predict_label('iris_sw', i), learn.predict_proba('iris_sw', i) FROM iris_named i ORDER BY id")
    classes = q("SELECT learn.classes('iris_sw')")[0][0]
    y = np.array([r[0] for r in rows])
    yl = np.array([r[1] for r in rows])
    P = np.array([r[2] for r in rows])
    src = "FROM (SELECT species AS a, learn.predict_label('iris_sw', i) AS l, learn.predict_proba('iris_sw', i) AS p FROM iris_named i) s"
    ours = q("SELECT learn.accuracy(a, l), learn.balanced_accuracy(a, l), learn.mcc(a, l), "
             "learn.precision(a, l, 'macro'), learn.recall(a, l, 'macro'), learn.f1(a, l, 'macro'), "
             "learn.precision(a, l, 'micro'), learn.recall(a, l, 'micro'), learn.f1(a, l, 'micro'), "
             "learn.precision(a, l, 'weighted'), learn.recall(a, l, 'weighted'), learn.f1(a, l, 'weighted'), "
             "learn.precision(a, l, 'binary', 'virginica'), learn.log_loss(a, p, learn.classes('iris_sw')) " + src)[0]
    refs = [M.accuracy_score(y, yl), M.balanced_accuracy_score(y, yl), M.matthews_corrcoef(y, yl)]
    names = ["accuracy", "balanced_accuracy", "mcc"]
    for avg in ("macro", "micro", "weighted"):
        refs += [M.precision_score(y, yl, average=avg), M.recall_score(y, yl, average=avg), M.f1_score(y, yl, average=avg)]
        names += ["precision " + avg, "recall " + avg, "f1 " + avg]
    refs += [M.precision_score(y, yl, labels=["virginica"], average="macro"), M.log_loss(y, P, labels=classes)]
    names += ["precision of virginica", "log_loss (3 classes)"]
    for nm, a, b in zip(names, ours, refs):
        check("iris on sepal width (accuracy %.3f): %s" % (refs[0], nm), a, b)
    cm = q("SELECT actual, predicted, n FROM learn.confusion_rows((SELECT learn.confusion_matrix(a, l) " + src + "))")
    labs = sorted(set(y) | set(yl))
    ref_cm = M.confusion_matrix(y, yl, labels=labs)
    check_rows("iris: confusion_rows (labels compared as text)", [(labs.index(a), labs.index(b), c) for a, b, c in cm],
               [(i, j, int(ref_cm[i, j])) for i in range(len(labs)) for j in range(len(labs))])
    ev = dict(q("SELECT metric, value FROM learn.evaluate('iris_sw', 'SELECT * FROM iris_named')"))
    evref = {"accuracy": refs[0], "balanced_accuracy": refs[1], "mcc": refs[2],
             "precision_macro": refs[3], "recall_macro": refs[4], "f1_macro": refs[5],
             "precision_weighted": refs[9], "recall_weighted": refs[10], "f1_weighted": refs[11],
             "log_loss": refs[13], "n": 150}
    for k in evref:
        check("learn.evaluate('iris_sw', query): " + k, ev.get(k), evref[k])
    if set(ev) != set(evref):
        not_ok("learn.evaluate('iris_sw'): metric names", "got %r" % sorted(ev))

    # ---- 3. diabetes, regression ----
    q("SELECT * FROM learn.train('diab', 'linear_regression', 'diabetes', 'progression', ARRAY['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'])")
    rows = q("SELECT progression, learn.predict('diab', d) FROM diabetes d ORDER BY id")
    y = np.array([r[0] for r in rows]); yh = np.array([r[1] for r in rows])
    ours = q("SELECT learn.rmse(progression, p), learn.mae(progression, p), learn.mape(progression, p), "
             "learn.r2(progression, p), learn.explained_variance(progression, p) "
             "FROM (SELECT progression, learn.predict('diab', d) AS p FROM diabetes d) s")[0]
    refs = [M.mean_squared_error(y, yh, squared=False), M.mean_absolute_error(y, yh),
            M.mean_absolute_percentage_error(y, yh), M.r2_score(y, yh), M.explained_variance_score(y, yh)]
    names = ["rmse", "mae", "mape", "r2", "explained_variance"]
    for nm, a, b in zip(names, ours, refs):
        check("diabetes: " + nm, a, b)
    # a biased prediction makes explained variance differ from r2
    ours = q("SELECT learn.r2(progression, p + 10), learn.explained_variance(progression, p + 10) "
             "FROM (SELECT progression, learn.predict('diab', d) AS p FROM diabetes d) s")[0]
    check("diabetes, predictions + 10: r2", ours[0], M.r2_score(y, yh + 10))
    check("diabetes, predictions + 10: explained_variance", ours[1], M.explained_variance_score(y, yh + 10))
    ev = dict(q("SELECT metric, value FROM learn.evaluate('diab', 'diabetes')"))
    for nm, b in zip(names + ["n"], refs + [442]):
        check("learn.evaluate('diab', 'diabetes'): " + nm, ev.get(nm), b)

    # ---- 4. iris k-means: silhouette and inertia ----
    q("SELECT * FROM learn.train('iris_km', 'kmeans', 'iris', NULL, ARRAY['sl', 'sw', 'pl', 'pw'], '{\"k\": 3, \"seed\": 1}')")
    rows = q("SELECT learn.prepare('iris_km', i), learn.predict('iris_km', i), learn.transform('iris_km', i) FROM iris i ORDER BY id")
    X = np.array([r[0] for r in rows]); lab = np.array([int(r[1]) for r in rows]); D = np.array([r[2] for r in rows])
    ours = q("SELECT learn.silhouette(learn.prepare('iris_km', i), learn.predict('iris_km', i)) FROM iris i")[0][0]
    check("iris k-means (k = 3): silhouette", ours, M.silhouette_score(X, lab))
    ours = q("SELECT learn.silhouette(ARRAY[sl, sw], species_id) FROM iris")[0][0]
    Xs = np.array([r for r in q("SELECT sl, sw FROM iris ORDER BY id")]); ys = np.array([r[0] for r in q("SELECT species_id FROM iris ORDER BY id")])
    check("iris species on sepal length and width: silhouette", ours, M.silhouette_score(Xs, ys))
    ev = dict(q("SELECT metric, value FROM learn.evaluate('iris_km', 'iris')"))
    check("learn.evaluate('iris_km', 'iris'): silhouette", ev.get("silhouette"), M.silhouette_score(X, lab))
    check("learn.evaluate('iris_km', 'iris'): inertia (sum of squared distances to the nearest centroid, numpy)",
          ev.get("inertia"), float((D.min(axis=1) ** 2).sum()))
    check("learn.evaluate('iris_km', 'iris'): n", ev.get("n"), 150)

    # ---- 5. iris PCA ----
    q("SELECT * FROM learn.train('iris_pca', 'pca', 'iris', NULL, ARRAY['sl', 'sw', 'pl', 'pw'], '{\"n_components\": 2}')")
    X = np.array(q("SELECT sl, sw, pl, pw FROM iris ORDER BY id"))
    pca = PCA(n_components=2).fit(X)
    ev = dict(q("SELECT metric, value FROM learn.evaluate('iris_pca', 'iris')"))
    check("learn.evaluate('iris_pca', 'iris'): explained_variance (sklearn PCA explained_variance_ratio_ sum)",
          ev.get("explained_variance"), float(pca.explained_variance_ratio_.sum()))
    rec = float(((X - pca.inverse_transform(pca.transform(X))) ** 2).sum(axis=1).mean())
    check("learn.evaluate('iris_pca', 'iris'): reconstruction_error (mean squared, sklearn inverse_transform)",
          ev.get("reconstruction_error"), rec)
    check("learn.evaluate('iris_pca', 'iris'): n", ev.get("n"), 150)
    # standardised: the metrics are those of the scaled features (StandardScaler, population sd)
    q("SELECT * FROM learn.train('iris_pca_std', 'pca', 'iris', NULL, ARRAY['sl', 'sw', 'pl', 'pw'], '{\"n_components\": 2, \"standardize\": true}')")
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    pca = PCA(n_components=2).fit(Z)
    ev = dict(q("SELECT metric, value FROM learn.evaluate('iris_pca_std', 'iris')"))
    check("learn.evaluate('iris_pca_std', 'iris'), standardize: explained_variance (StandardScaler + PCA)",
          ev.get("explained_variance"), float(pca.explained_variance_ratio_.sum()))
    rec = float(((Z - pca.inverse_transform(pca.transform(Z))) ** 2).sum(axis=1).mean())
    check("learn.evaluate('iris_pca_std', 'iris'), standardize: reconstruction_error (scaled features)",
          ev.get("reconstruction_error"), rec)
except Exception as e:
    not_ok("the checks stopped on an error", str(e).strip().replace("\n", " "))
finally:
    if conn is not None:
        conn.close()
    admin.cursor().execute("DROP DATABASE IF EXISTS " + DB)

print("# worst relative difference of any compared value: %.3g (%s)" % (worst[0], worst[1]))
print("1..%d" % count)
if failures:
    print("# %d of %d checks failed" % (failures, count))
sys.exit(1 if failures else 0)
PY
