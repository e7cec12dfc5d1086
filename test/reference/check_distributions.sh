#!/usr/bin/env bash
# check_distributions.sh: learn.{normal,t,chisq,f}_{cdf,quantile} against
# SciPy 1.10 (scipy.stats, Debian's /usr/bin/python3), over the whole domain:
#   - degrees of freedom 0.5, 1, 2.5, 10, 30, 100, 1e4, 1e6 (F: pairs of them);
#   - probabilities 1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-5, 0.01,
#     0.1, 0.3, 0.5 and their complements 1 - p (down to 1 - 1e-16), for the
#     quantiles with lower_tail true and false;
#   - the CDF and the survival function (lower_tail => false) at the
#     reference quantiles of those probabilities, so both far tails are
#     exercised (values down to 1e-300), plus a fixed grid of x.
# Tolerance: 1e-10 relative, everywhere; quantiles also pass within 1e-15
# absolute (the median of t and normal is 0, where SciPy returns ~7e-17).  A value below
# 1e-300 in both is taken as equal (subnormal range).  Where SciPy and
# pg_learn differ by more than the tolerance, the value is recomputed with
# mpmath at 60 significant digits (mpmath's betainc / gammainc / ncdf; for
# a + b >= 2000, where mpmath's hypergeometric series is slow or fails, the
# incomplete beta's continued fraction evaluated in 60-digit arithmetic;
# quantiles by one 60-digit Newton step from pg_learn's value) and pg_learn
# is judged against that (SciPy's own cephes routines lose accuracy in some
# far tails); every such case is listed as a "# scipy off" comment, and
# pg_learn must then match mpmath to 1e-10.  Each line names the worst case.
#
# Needs a running server reachable through the PG* environment variables
# with pg_learn installed; creates and drops the database learn_dist_<pid>.
# Prints TAP-like "ok"/"not ok" lines and "N passed, M failed"; exits
# non-zero on any failure.
set -u
DB=learn_dist_$$
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1' EXIT
psql -X -q -d postgres -c "CREATE DATABASE $DB" || exit 1
PGDATABASE=$DB /usr/bin/python3 -u - "$@" <<'PY'
import math, sys
import psycopg2
from scipy import stats
import mpmath

mpmath.mp.dps = 60
TOL = 1e-10
VERBOSE = len(sys.argv) > 1
ONLY = sys.argv[1] if len(sys.argv) > 1 else None
conn = psycopg2.connect("")
conn.autocommit = True
cur = conn.cursor()
cur.execute("CREATE EXTENSION pg_learn")

DFS = [0.5, 1, 2.5, 10, 30, 100, 1e4, 1e6]
PS = [1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-5, 0.01, 0.1, 0.3, 0.5]
PS = PS + [1 - p for p in PS if p < 0.5] + [1 - 1e-16]
passed = failed = 0
worst = {}

def mp_betainc(a, b, z, zc=None):
    """Regularized I_z(a, b) at 60 digits: mpmath's betainc, or where its
    hypergeometric series is slow or gives up (a + b >= 2000), the continued fraction of
    A&S 26.5.8 evaluated in 60-digit arithmetic (exact to far below 1e-10)."""
    if zc is None:
        zc = 1 - z
    if a + b < 2000:
        try:
            return mpmath.betainc(a, b, 0, z, regularized=True)
        except ValueError:
            pass
    if z > (a + 1) / (a + b + 2):
        return 1 - mp_betainc(b, a, zc, z)
    front = mpmath.exp(a * mpmath.log(z) + b * mpmath.log(zc) - mpmath.log(mpmath.beta(a, b))) / a
    tiny = mpmath.mpf('1e-300')
    c, d = mpmath.mpf(1), 1 - (a + b) * z / (a + 1)
    d = 1 / d
    h = d
    for m_ in range(1, 2000000):
        m2 = 2 * m_
        aa = m_ * (b - m_) * z / ((a - 1 + m2) * (a + m2))
        d = 1 + aa * d; c = 1 + aa / c; d = 1 / d; h *= d * c
        aa = -(a + m_) * (a + b + m_) * z / ((a + m2) * (a + 1 + m2))
        d = 1 + aa * d; c = 1 + aa / c; d = 1 / d
        de = d * c
        h *= de
        if abs(de - 1) < mpmath.mpf('1e-50'):
            break
    return front * h

def mp_tail(dist, x, par, lower):
    x = mpmath.mpf(x)
    if dist == 'normal':
        c = mpmath.ncdf(x)
        return c if lower else mpmath.ncdf(-x)
    if dist == 't':
        df = mpmath.mpf(par[0])
        if math.isinf(par[0]):
            return mpmath.ncdf(x) if lower else mpmath.ncdf(-x)
        z = df / (df + x * x)
        tail = mp_betainc(df / 2, mpmath.mpf(1) / 2, z) / 2
        return tail if (x < 0) == lower else 1 - tail
    if dist == 'chisq':
        a = mpmath.mpf(par[0]) / 2
        if lower:
            return mpmath.gammainc(a, 0, x / 2, regularized=True)
        return mpmath.gammainc(a, x / 2, mpmath.inf, regularized=True)
    if dist == 'f':
        d1, d2 = mpmath.mpf(par[0]), mpmath.mpf(par[1])
        z = d1 * x / (d1 * x + d2)
        # 1 - z is formed as d2 / (d1 x + d2): near 1, 1 - z would lose its digits
        zc = d2 / (d1 * x + d2)
        if lower:
            return mp_betainc(d1 / 2, d2 / 2, z, zc)
        return mp_betainc(d2 / 2, d1 / 2, zc, z)

def relerr(a, b):
    if a is None or b is None:
        return math.inf
    if math.isnan(a) and math.isnan(b):
        return 0.0
    if math.isinf(a) or math.isinf(b):
        return 0.0 if a == b else math.inf
    if abs(a) < 1e-300 and abs(b) < 1e-300:
        return 0.0
    return abs(a - b) / max(abs(b), 1e-300)

worst_at = {}
def record(key, err, where=""):
    if err >= worst.get(key, 0.0):
        worst[key] = err
        worst_at[key] = where

bad = []
scipy_off = []

def err(got, ref, floor):
    if floor and got is not None and ref is not None and math.isfinite(ref) and abs(got - ref) <= floor:
        return 0.0
    return relerr(got, ref)

def compare(key, got, ref, mp_ref, floor=0.0):
    """ref: scipy value; mp_ref: callable giving the mpmath value; floor: absolute slack."""
    e = err(got, ref, floor)
    if e > TOL:
        try:
            m = float(mp_ref())
        except (ValueError, ZeroDivisionError) as ex:
            print("# mpmath failed for %s (%s); judged against SciPy" % (key, str(ex).split(chr(10))[0]))
            m = ref
        es = relerr(ref, m)
        e = err(got, m, floor)
        scipy_off.append((key, got, ref, m, es))
        if VERBOSE:
            print("# mp", key, got, ref, m, flush=True)
    record(key.split(' ')[0], e, key)
    if e > TOL:
        bad.append((key, got, ref, e))

def cdf_case(dist, sql, par, x, lower, ref):
    cur.execute(sql, (x, *par, lower))
    got = cur.fetchone()[0]
    compare("%s_cdf %s x=%r lower=%s" % (dist, par, x, lower), got, ref,
            lambda: mp_tail(dist, x, par, lower))

def quantile_case(dist, sql, par, p, lower, ref):
    cur.execute(sql, (p, *par, lower))
    got = cur.fetchone()[0]
    def mp_q():
        # one Newton step in 60-digit arithmetic from pg_learn's value: the true quantile
        # (the tail's slope from a central difference at relative step 1e-25)
        if got is not None and math.isinf(got):
            # right when the tail beyond the largest double is still above p
            edge = mpmath.mpf(1.7976931348623157e308) * (1 if got > 0 else -1)
            # (only the far tails give infinite quantiles: -inf with lower, +inf without)
            return got if mp_tail(dist, edge, par, lower) > mpmath.mpf(p) else ref
        if got is None or got == 0:
            return ref
        x = mpmath.mpf(got)
        h = abs(x) * mpmath.mpf('1e-25')
        target = mpmath.mpf(p)
        slope = (mp_tail(dist, x + h, par, lower) - mp_tail(dist, x - h, par, lower)) / (2 * h)
        if slope == 0:
            return ref
        return x - (mp_tail(dist, x, par, lower) - target) / slope
    # quantiles near 0 (p = 0.5 for normal and t) have no relative accuracy: absolute floor 1e-15
    compare("%s_quantile %s p=%r lower=%s" % (dist, par, p, lower), got, ref, mp_q, 1e-15)

SPECS = {
    'normal': ("SELECT learn.normal_cdf(%s, %s, %s, %s)", "SELECT learn.normal_quantile(%s, %s, %s, %s)",
               [(0.0, 1.0), (3.0, 2.5)], lambda par: stats.norm(par[0], par[1])),
    't': ("SELECT learn.t_cdf(%s, %s, %s)", "SELECT learn.t_quantile(%s, %s, %s)",
          [(d,) for d in DFS] + [(math.inf,)], lambda par: stats.t(par[0]) if math.isfinite(par[0]) else stats.norm()),
    'chisq': ("SELECT learn.chisq_cdf(%s, %s, %s)", "SELECT learn.chisq_quantile(%s, %s, %s)",
              [(d,) for d in DFS], lambda par: stats.chi2(par[0])),
    'f': ("SELECT learn.f_cdf(%s, %s, %s, %s)", "SELECT learn.f_quantile(%s, %s, %s, %s)",
          [(a, b) for a in (0.5, 1, 5, 30, 1e4, 1e6) for b in (0.5, 2, 10, 100, 1e6)],
          lambda par: stats.f(par[0], par[1])),
}

for dist, (cdf_sql, q_sql, pars, mk) in SPECS.items():
    if ONLY and dist != ONLY:
        continue
    for par in pars:
        rv = mk(par)
        xs = set()
        for p in PS:
            for lower in (True, False):
                ref = float(rv.ppf(p) if lower else rv.isf(p))
                quantile_case(dist, q_sql, par, p, lower, ref)
                if math.isfinite(ref):
                    xs.add(ref)
        grid = [-50, -10, -3, -1, -0.1, 0, 0.1, 1, 3, 10, 50, 1e3, 1e10] if dist in ('normal', 't') \
            else [1e-10, 1e-3, 0.1, 1, 3, 10, 100, 1e4, 1e8]
        xs.update(grid)
        for x in sorted(xs):
            for lower in (True, False):
                ref = float(rv.cdf(x) if lower else rv.sf(x))
                cdf_case(dist, cdf_sql, par, x, lower, ref)
    n_bad = len([b for b in bad if b[0].startswith(dist + '_')])
    for kind in ('cdf', 'quantile'):
        key = "%s_%s" % (dist, kind)
        if any(b[0].startswith(key + ' ') for b in bad):
            failed += 1
            print("not ok - %s matches SciPy/mpmath to %g relative: worst %.3g" % (key, TOL, worst.get(key, 0)))
        else:
            passed += 1
            print("ok - %s matches SciPy/mpmath to %g relative over all df and tails (worst %.3g at %s)"
                  % (key, TOL, worst.get(key, 0), worst_at.get(key, "")))

# domain errors are 22023
for sql in ("SELECT learn.t_cdf(1, 0)", "SELECT learn.t_quantile(1.5, 3)", "SELECT learn.chisq_cdf(1, -1)",
            "SELECT learn.f_quantile('NaN', 1, 2)", "SELECT learn.normal_cdf(0, 0, 0)",
            "SELECT learn.chisq_quantile(0.5, 'Infinity')"):
    try:
        cur.execute(sql)
        failed += 1
        print("not ok - %s raised no error" % sql)
    except psycopg2.Error as e:
        if e.pgcode == '22023':
            passed += 1
            print("ok - %s raises 22023" % sql)
        else:
            failed += 1
            print("not ok - %s raised %s" % (sql, e.pgcode))

for key, got, ref, m, es in scipy_off:
    print("# scipy off: %s  pg_learn=%r scipy=%r mpmath=%r (scipy rel. error %.2g)" % (key, got, ref, m, es))
for key, got, ref, e in bad[:40]:
    print("# FAIL %s: got %r ref %r rel %.3g" % (key, got, ref, e))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
