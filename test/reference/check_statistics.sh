#!/usr/bin/env bash
# check_statistics.sh: pg_learn's hypothesis tests and correlation /
# covariance matrices against R 4.2 (Rscript, Debian's r-base), on R's own
# data sets (sleep, ToothGrowth, mtcars, iris, airquality, warpbreaks,
# InsectSprays, PlantGrowth, faithful, quakes), exported by
# statistics_reference.R as CSV and loaded into a scratch database so both
# sides see the same numbers.
#   - learn.t_test / t_test_paired / t_test2 vs t.test (one-sample with mu and
#     alternatives, paired, Welch, Student); learn.anova vs summary(aov());
#   - learn.chisq_test vs chisq.test(table(a, b)) (Yates for 2 x 2, and
#     correct = FALSE); learn.chisq_gof vs chisq.test(x, p);
#   - learn.ks_test vs ks.test (exact with and without ties, and asymptotic
#     for n_x n_y >= 10000; two-sided, less and greater), learn.mann_whitney vs wilcox.test (exact, and the
#     normal approximation with ties, with and without continuity correction);
#     for these the method names must also agree, which checks that the same
#     exact / asymptotic choice was made;
#   - learn.correlation_matrix / learn.covariance_matrix vs cor / cov;
#   - learn.summary vs length, is.na, unique, mean, sd, quantile (type 7),
#     min and max on the numeric columns of iris, airquality and mtcars.
# Tolerance: 1e-9 relative on statistic, degrees of freedom, p value and
# matrix entries (|a - b| <= 1e-9 |b|, or both below 1e-300; correlations
# also pass within 1e-12 absolute, since an exact 0 has no relative scale).
# The worst relative error of each comparison is printed.  Where R's own
# value is off, pg_learn is judged against exact arithmetic and both values
# are printed: R's exact KS p value is 1 - (paths inside) / C(m+n, m), which
# cancels for small p (the exact value is recomputed here with Python
# integers), and its one-sided asymptotic p value is 1 - (1 - exp(-2 n D^2))
# (recomputed with mpmath).
#
# Needs a running server reachable through the PG* environment variables
# with pg_learn installed; creates and drops the database learn_stats_<pid>.
# Prints TAP-like lines and "N passed, M failed"; exits non-zero on failure.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d /tmp/learn_stats.XXXXXX)
DB=learn_stats_$$
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
Rscript "$HERE/statistics_reference.R" "$WORK" >/dev/null 2>"$WORK/r.err" || { cat "$WORK/r.err"; echo "not ok - Rscript failed"; exit 1; }
psql -X -q -d postgres -c "CREATE DATABASE $DB" || exit 1
PGDATABASE=$DB /usr/bin/python3 - "$WORK" <<'PY'
import csv, math, os, sys
import psycopg2

work = sys.argv[1]
TOL = 1e-9
conn = psycopg2.connect("")
conn.autocommit = True
cur = conn.cursor()
cur.execute("CREATE EXTENSION pg_learn")

def load(name):
    with open(os.path.join(work, name + ".csv")) as f:
        rows = list(csv.reader(f))
    head = [h.lower().replace('.', '_') for h in rows[0]]
    data = rows[1:]
    types = []
    for k in range(len(head)):
        if head[k] in ("group", "id"):      # factor codes: labels, not numbers
            types.append('text')
            continue
        try:
            [float(r[k]) for r in data if r[k] != '']
            types.append('float8')
        except ValueError:
            types.append('text')
    cur.execute('CREATE TABLE %s (%s)' % (name, ', '.join('"%s" %s' % (h, t) for h, t in zip(head, types))))
    for r in data:
        cur.execute('INSERT INTO %s VALUES (%s)' % (name, ', '.join(['%s'] * len(r))),
                    [None if v == '' else (float(v) if t == 'float8' else v) for v, t in zip(r, types)])

for n in ("sleep", "toothgrowth", "mtcars", "iris", "airquality", "warpbreaks", "insectsprays",
          "plantgrowth", "faithful", "quakes"):
    load(n)

PAIRED = "FROM sleep a JOIN sleep b ON a.id = b.id AND a.\"group\" = '1' AND b.\"group\" = '2'"
Q = {
    "t_one_sleep": "learn.t_test(extra) FROM sleep",
    "t_one_mtcars_mu20_greater": "learn.t_test(mpg, 20, 'greater') FROM mtcars",
    "t_one_airquality_na_less": "learn.t_test(ozone, 40, 'less') FROM airquality",
    "t_paired_sleep": "learn.t_test_paired(a.extra, b.extra) " + PAIRED,
    "t_paired_sleep_mu_less": "learn.t_test_paired(a.extra, b.extra, -1, 'less') " + PAIRED,
    "t_welch_toothgrowth": "learn.t_test2(len, supp) FROM toothgrowth",
    "t_student_toothgrowth": "learn.t_test2(len, supp, true, 'two.sided') FROM toothgrowth",
    "t_welch_mtcars_am_greater": "learn.t_test2(mpg, am::text, false, 'greater') FROM mtcars",
    "t_student_toothgrowth_mu_less": "learn.t_test2(len, supp, true, 'less', 5) FROM toothgrowth",
    "t_welch_sleep_mu": "learn.t_test2(extra, \"group\", false, 'two.sided', -1) FROM sleep",
    "anova_iris": "learn.anova(sepal_length, species) FROM iris",
    "anova_toothgrowth_dose": "learn.anova(len, dose::text) FROM toothgrowth",
    "anova_insectsprays": "learn.anova(count, spray) FROM insectsprays",
    "anova_plantgrowth": "learn.anova(weight, \"group\") FROM plantgrowth",
    "anova_airquality_na": "learn.anova(ozone, month::text) FROM airquality",
    "chisq_mtcars_cyl_gear": "learn.chisq_test(cyl::text, gear::text) FROM mtcars",
    "chisq_warpbreaks_wool_tension": "learn.chisq_test(wool, tension) FROM warpbreaks",
    "chisq_mtcars_am_vs_yates": "learn.chisq_test(am::text, vs::text) FROM mtcars",
    "chisq_mtcars_am_vs_nocorrect": "learn.chisq_test(am::text, vs::text, false) FROM mtcars",
    "gof_mtcars_gear_p": "learn.chisq_gof(n, p) FROM (SELECT count(*)::float8 n, CASE gear WHEN 3 THEN 0.5 WHEN 4 THEN 0.3 ELSE 0.2 END p FROM mtcars GROUP BY gear) s",
    "gof_insectsprays_uniform": "learn.chisq_gof(s) FROM (SELECT sum(count) s FROM insectsprays GROUP BY spray) s",
    "ks_toothgrowth_ties_exact": "learn.ks_test(len, supp) FROM toothgrowth",
    "ks_sleep": "learn.ks_test(extra, \"group\") FROM sleep",
    "ks_iris_width": "learn.ks_test(sepal_width, CASE WHEN species = 'setosa' THEN 'a' ELSE 'b' END) FROM iris",
    "ks_plantgrowth_noties": "learn.ks_test(weight, \"group\") FROM plantgrowth WHERE \"group\" <> 'trt1'",
    "ks_faithful_asymptotic": "learn.ks_test(eruptions, CASE WHEN waiting > 70 THEN 'a' ELSE 'b' END) FROM faithful",
    "ks_quakes_asymptotic": "learn.ks_test(mag, CASE WHEN depth > 300 THEN 'a' ELSE 'b' END) FROM quakes",
    "ks_toothgrowth_greater": "learn.ks_test(len, supp, 'greater') FROM toothgrowth",
    "ks_toothgrowth_less": "learn.ks_test(len, supp, 'less') FROM toothgrowth",
    "ks_plantgrowth_less_noties": "learn.ks_test(weight, \"group\", 'less') FROM plantgrowth WHERE \"group\" <> 'trt1'",
    "ks_quakes_greater_asymptotic": "learn.ks_test(mag, CASE WHEN depth > 300 THEN 'a' ELSE 'b' END, 'greater') FROM quakes",
    "ks_faithful_less_asymptotic": "learn.ks_test(waiting, CASE WHEN eruptions > 3 THEN 'a' ELSE 'b' END, 'less') FROM faithful",
    "mw_toothgrowth_ties": "learn.mann_whitney(len, supp) FROM toothgrowth",
    "mw_sleep_ties": "learn.mann_whitney(extra, \"group\") FROM sleep",
    "mw_plantgrowth_exact": "learn.mann_whitney(weight, \"group\") FROM plantgrowth WHERE \"group\" <> 'trt1'",
    "mw_plantgrowth_exact_less": "learn.mann_whitney(weight, \"group\", 'less', true) FROM plantgrowth WHERE \"group\" <> 'trt1'",
    "mw_toothgrowth_greater_nocorrect": "learn.mann_whitney(len, supp, 'greater', false) FROM toothgrowth",
    "mw_faithful_large": "learn.mann_whitney(eruptions, (waiting > 70)::text) FROM faithful",
}

def ks_rows(name):
    """The (value, group) rows a KS query reads."""
    q = Q[name]
    args = q[q.index('(') + 1:q.index(') FROM')]
    # drop a trailing 'alternative' literal: keep the value and group expressions
    args = ", ".join(args.split(", ")[:2]) if args.rstrip().endswith("'") else args
    cur.execute("SELECT %s %s" % (args, q[q.index(') FROM') + 2:]))
    return [r[:2] for r in cur.fetchall()]

def asymptotic_one_sided_p(name, d):
    """exp(-2 mn/(m+n) D^2) in 50-digit arithmetic (R forms it as 1 - (1 - e), which cancels)."""
    import mpmath
    mpmath.mp.dps = 50
    rows = ks_rows(name)
    labels = sorted(set(g for _, g in rows))
    m = sum(1 for v, g in rows if g == labels[0] and v is not None)
    n = sum(1 for v, g in rows if g == labels[1] and v is not None)
    return float(mpmath.exp(-2 * mpmath.mpf(m) * n / (m + n) * mpmath.mpf(d) ** 2))

def exact_ks_p(name):
    """Exact P(D >= d) with Python integers: the lattice count of R's psmirnov, no rounding."""
    rows = ks_rows(name)
    labels = sorted(set(g for _, g in rows))
    x = sorted(v for v, g in rows if g == labels[0] and v is not None)
    y = sorted(v for v, g in rows if g == labels[1] and v is not None)
    m, n = len(x), len(y)
    w = sorted(x + y)
    boundary = [k == m + n - 1 or w[k] != w[k + 1] for k in range(m + n)]
    # D from the empirical CDFs after each distinct value
    d = max(abs(sum(1 for a in x if a <= v) * n - sum(1 for b in y if b <= v) * m) for v in w)  # = D m n
    # a path leaves when |u n - v m| >= q m n, q m n = 0.5 + floor(D m n - 1e-7): integer test |u n - v m| > D m n - 1
    inside = [1] + [0] * m
    for k in range(1, m + n + 1):
        new = [0] * (m + 1)
        for u in range(max(0, k - n), min(k, m) + 1):
            new[u] = (inside[u] if u <= k - 1 else 0) + (inside[u - 1] if u >= 1 else 0)
            if boundary[k - 1] and abs(u * n - (k - u) * m) >= d:
                new[u] = 0
        inside = new
    from fractions import Fraction
    from math import comb
    return float(1 - Fraction(inside[m], comb(m + n, m)))

def rel(a, b):
    if a is None or b is None:
        return 0.0 if a is None and b is None else math.inf
    if abs(a) < 1e-300 and abs(b) < 1e-300:
        return 0.0
    if b == 0:
        return math.inf
    return abs(a - b) / abs(b)

passed = failed = 0
def report(ok, msg):
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + msg)
    else:
        failed += 1
        print("not ok - " + msg)

with open(os.path.join(work, "reference.csv")) as f:
    ref = list(csv.DictReader(f))
for r in ref:
    name = r["name"]
    cur.execute("SELECT (r).method, (r).statistic, (r).df, (r).df2, (r).p_value FROM (SELECT %s) s(r)"
                % Q[name].replace(" FROM ", " AS r FROM ", 1))
    got = cur.fetchone()
    want = [float(r[k]) if r[k] != '' else None for k in ("statistic", "df", "df2", "p_value")]
    errs = [rel(g, w) for g, w in zip(got[1:], want)]
    worst = max(errs)
    same_method = got[0] == r["method"]
    if worst > TOL and got[0].startswith("Exact two-sample Kolmogorov"):
        # R's 1 - inside/C(N, m) loses small p values to cancellation: judge against exact arithmetic
        exact = exact_ks_p(name)
        print("# %s: R p = %r, exact rational p = %r (R rel. error %.2g), pg_learn p = %r"
              % (name, want[3], exact, rel(want[3], exact), got[4]))
        want[3] = exact
        errs = [rel(g, w) for g, w in zip(got[1:], want)]
        worst = max(errs)
    if worst > TOL and got[0].startswith("Asymptotic two-sample Kolmogorov") and r["name"].split("_")[-2] in ("greater", "less"):
        exact = asymptotic_one_sided_p(name, want[0])
        print("# %s: R p = %r, exp(-2 n D^2) in 50 digits = %r, pg_learn p = %r"
              % (name, want[3], exact, got[4]))
        want[3] = exact
        errs = [rel(g, w) for g, w in zip(got[1:], want)]
        worst = max(errs)
    check_method = name.startswith(("ks_", "mw_", "t_", "chisq_"))
    ok = worst <= TOL and (same_method or not check_method)
    report(ok, "%s: statistic, df, p value within %g of R, or of exact arithmetic where R is off (worst rel. error %.2g)%s"
           % (name, TOL, worst, "" if same_method else "; method %r vs R %r" % (got[0], r["method"])))

# correlation / covariance matrices
MQ = {
    "cor_mtcars": ("correlation", "ARRAY[mpg, disp, hp, drat, wt, qsec] FROM mtcars"),
    "cov_mtcars": ("covariance", "ARRAY[mpg, disp, hp, drat, wt, qsec] FROM mtcars"),
    "cor_iris": ("correlation", "ARRAY[sepal_length, sepal_width, petal_length, petal_width] FROM iris"),
    "cov_iris": ("covariance", "ARRAY[sepal_length, sepal_width, petal_length, petal_width] FROM iris"),
    "cor_airquality_complete": ("correlation", "ARRAY[ozone, solar_r, wind, temp] FROM airquality"),
    "cov_airquality_complete": ("covariance", "ARRAY[ozone, solar_r, wind, temp] FROM airquality"),
    "cor_quakes": ("correlation", "ARRAY[lat, long, depth, mag, stations] FROM quakes"),
}
mats = {}
with open(os.path.join(work, "matrices.csv")) as f:
    for r in csv.DictReader(f):
        mats.setdefault(r["name"], {})[(int(r["i"]), int(r["j"]))] = float(r["value"])
for name, (kind, q) in MQ.items():
    try:
        arr, src = q.split(" FROM ")
        cur.execute("SELECT learn.%s_matrix(%s) FROM %s" % (kind, arr, src))
        m = cur.fetchone()[0]
    except psycopg2.Error as e:
        report(False, "%s: %s" % (name, e.pgerror))
        continue
    worst = 0.0
    ok = True
    for (i, j), v in mats[name].items():
        g = m[i - 1][j - 1]
        e = rel(g, v)
        worst = max(worst, e)
        ok = ok and (e <= TOL or (kind == "correlation" and abs(g - v) <= 1e-12))
    report(ok, "%s: every entry within %g of R's %s (worst rel. error %.2g)"
           % (name, TOL, "cor" if kind == "correlation" else "cov", worst))

# learn.summary vs R's length, is.na, unique, mean, sd, quantile(type = 7), min, max
with open(os.path.join(work, "summary.csv")) as f:
    srows = list(csv.DictReader(f))
for set_name in sorted(set(r["set"] for r in srows)):
    cur.execute("SELECT column_name, count, nulls, distinct_count, mean, stddev, min, q1, median, q3, max "
                "FROM learn.summary(%s) WHERE data_type = 'double precision'", (set_name,))
    got = {r[0]: r[1:] for r in cur.fetchall()}
    worst = 0.0
    ok = True
    for r in (r for r in srows if r["set"] == set_name):
        want = [float(r[k]) for k in ("count", "nulls", "distinct", "mean", "sd", "min", "q1", "median", "q3", "max")]
        g = got.get(r["column"])
        if g is None:
            ok = False
            continue
        for a, b in zip(g, want):
            e = rel(float(a), b) if b != 0 else abs(float(a))
            worst = max(worst, e)
            ok = ok and e <= TOL
    report(ok, "summary of %s: count, nulls, distinct, mean, sd, min, quartiles, max within %g of R (worst rel. error %.2g)"
           % (set_name, TOL, worst))

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
