#!/usr/bin/env bash
# check_linreg_r.sh: learn.linreg_fit, learn.coefficients and learn.describe
# against R's lm / summary.lm (and ridge against scikit-learn's Ridge) on the
# data sets in data/.
#
# Needs a running server reachable through the PG* environment variables
# (PGHOST, PGPORT, PGUSER, ...) with pg_learn installed; it does not start one.
# It creates a scratch database learn_ref_<pid>, loads data/*.csv with \copy,
# fits the models, exports every coefficient-table entry and the fit
# statistics, computes the references with Rscript (test/reference/
# lm_reference.R) and /usr/bin/python3 + scikit-learn, and compares every
# number with relative tolerance 1e-8; an absolute tolerance of 1e-12 is used
# only where the reference is exactly 0 or is a p value below 1e-300.
#
# Output is TAP-like: one "ok - <what>" or "not ok - <what>: <detail>" line
# per comparison group, "# ..." comment lines with the largest relative error
# per data set, and a final "N passed, M failed".  The exit status is 0 only
# if every check passed.  The scratch database is dropped at the end.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DATA=$REPO/data
RTOL=1e-8
ATOL=1e-12
DB=learn_ref_$$
SKLEARN_PYTHON=/usr/bin/python3   # the system python has python3-sklearn

WORK=$(mktemp -d /tmp/learn_ref.XXXXXX)
TAP=$WORK/tap.out
: > "$TAP"
DB_CREATED=

emit() { printf '%s\n' "$*" | tee -a "$TAP"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

finish() {
  local passed failed
  if [ -n "$DB_CREATED" ]; then
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 \
      || echo "# warning: could not drop database $DB"
  fi
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

# ---------------------------------------------------------------------------
# Prerequisites and setup
# ---------------------------------------------------------------------------
command -v Rscript >/dev/null || bail "prerequisites: Rscript not found"
[ -x "$SKLEARN_PYTHON" ] || bail "prerequisites: $SKLEARN_PYTHON not found"
for f in diabetes mtcars swiss; do
  [ -r "$DATA/$f.csv" ] || bail "prerequisites: $DATA/$f.csv missing"
done
psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>"$WORK/err" \
  || bail "server: cannot connect ($(tr '\n' ' ' < "$WORK/err"))"

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $DB" >/dev/null 2>"$WORK/err" \
  || bail "setup: CREATE DATABASE $DB failed: $(tr '\n' ' ' < "$WORK/err")"
DB_CREATED=1

if psql_db >"$WORK/setup.log" 2>&1 <<SQL
CREATE EXTENSION pg_learn;
CREATE TABLE diabetes (age float8, sex float8, bmi float8, bp float8,
                       s1 float8, s2 float8, s3 float8, s4 float8, s5 float8, s6 float8,
                       progression float8);
CREATE TABLE mtcars (model text, mpg float8, cyl float8, disp float8, hp float8, drat float8,
                     wt float8, qsec float8, vs float8, am float8, gear float8, carb float8);
CREATE TABLE swiss (province text, "Fertility" float8, "Agriculture" float8,
                    "Examination" float8, "Education" float8, "Catholic" float8,
                    "Infant.Mortality" float8);
\copy diabetes FROM '$DATA/diabetes.csv' WITH (FORMAT csv, HEADER true)
\copy mtcars FROM '$DATA/mtcars.csv' WITH (FORMAT csv, HEADER true)
\copy swiss FROM '$DATA/swiss.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE ref_fits (fit text PRIMARY KEY, model bytea NOT NULL);
SQL
then
  counts=$(psql_db -At -c "SELECT (SELECT count(*) FROM diabetes) || ' ' || (SELECT count(*) FROM mtcars) || ' ' || (SELECT count(*) FROM swiss)")
  if [ "$counts" = "442 32 47" ]; then
    emit "ok - setup: database $DB, pg_learn $(psql_db -At -c 'SELECT learn.version()'), data loaded (442, 32, 47 rows)"
  else
    bail "setup: unexpected row counts (diabetes mtcars swiss) = $counts"
  fi
else
  bail "setup: $(tr '\n' ' ' < "$WORK/setup.log")"
fi

# ---------------------------------------------------------------------------
# Fits: name | table | csv | target | features (comma-separated) | options
# options: "ols" (intercept), "noint" (intercept false), "ridge=<lambda>".
# ---------------------------------------------------------------------------
DIABETES_X=age,sex,bmi,bp,s1,s2,s3,s4,s5,s6
MTCARS_X=wt,hp,qsec,drat
SWISS_X=Agriculture,Examination,Education,Catholic,Infant.Mortality
FITS=(
  "diabetes|diabetes|diabetes.csv|progression|$DIABETES_X|ols"
  "mtcars|mtcars|mtcars.csv|mpg|$MTCARS_X|ols"
  "swiss|swiss|swiss.csv|Fertility|$SWISS_X|ols"
  "mtcars_nointercept|mtcars|mtcars.csv|mpg|$MTCARS_X|noint"
  "swiss_nointercept|swiss|swiss.csv|Fertility|$SWISS_X|noint"
  "diabetes_nointercept|diabetes|diabetes.csv|progression|$DIABETES_X|noint"
  "diabetes_ridge10|diabetes|diabetes.csv|progression|$DIABETES_X|ridge=10"
  "swiss_ridge100|swiss|swiss.csv|Fertility|$SWISS_X|ridge=100"
)

sql_ident() { printf '"%s"' "${1//\"/\"\"}"; }
sql_lit() { printf "'%s'" "${1//\'/\'\'}"; }

for spec in "${FITS[@]}"; do
  IFS='|' read -r fit table csv target feats opt <<<"$spec"
  IFS=',' read -r -a fa <<<"$feats"
  cols=() names=()
  for f in "${fa[@]}"; do cols+=("$(sql_ident "$f")"); names+=("$(sql_lit "$f")"); done
  colist=$(IFS=,; echo "${cols[*]}")
  namelist=$(IFS=,; echo "${names[*]}")
  options="jsonb_build_object('feature_names', ARRAY[$namelist], 'target', $(sql_lit "$target"))"
  case $opt in
    ols) ;;
    noint) options="$options || '{\"intercept\": false}'" ;;
    ridge=*) options="$options || '{\"lambda\": ${opt#ridge=}}'" ;;
  esac
  sql="INSERT INTO ref_fits
       SELECT $(sql_lit "$fit"), learn.linreg_fit($(sql_ident "$target"), ARRAY[$colist], $options)
       FROM $table"
  if ! psql_db -c "$sql" >"$WORK/fit.log" 2>&1; then
    emit "not ok - fit $fit: $(tr '\n' ' ' < "$WORK/fit.log")"
    continue
  fi
  if grep -q WARNING "$WORK/fit.log"; then
    emit "not ok - fit $fit: unexpected warning: $(tr '\n' ' ' < "$WORK/fit.log")"
  fi

  # Reference values
  case $opt in
    ols|noint)
      icpt=true; [ "$opt" = noint ] && icpt=false
      if ! Rscript "$HERE/lm_reference.R" "$DATA/$csv" "$target" "$feats" "$icpt" \
             "$WORK/ref_$fit.csv" >"$WORK/r.log" 2>&1; then
        emit "not ok - reference $fit: Rscript failed: $(tr '\n' ' ' < "$WORK/r.log")"
      fi
      ;;
    ridge=*)
      # scikit-learn's Ridge: min ||y - Xb - b0||^2 + alpha ||b||^2, intercept unpenalised.
      if ! "$SKLEARN_PYTHON" - "$DATA/$csv" "$target" "$feats" "${opt#ridge=}" \
             "$WORK/ref_$fit.csv" >"$WORK/py.log" 2>&1 <<'PY'
import csv, sys
import numpy as np
from sklearn.linear_model import Ridge
path, target, feats, lam, out = sys.argv[1:]
feats = feats.split(",")
with open(path, newline="") as fh:
    rows = list(csv.DictReader(fh))
X = np.array([[float(r[f]) for f in feats] for r in rows])
y = np.array([float(r[target]) for r in rows])
m = Ridge(alpha=float(lam), fit_intercept=True).fit(X, y)
with open(out, "w", newline="") as fh:
    w = csv.writer(fh, quoting=csv.QUOTE_ALL)
    w.writerow(["term", "statistic", "value"])
    w.writerow(["(intercept)", "estimate", repr(float(m.intercept_))])
    for f, c in zip(feats, m.coef_):
        w.writerow([f, "estimate", repr(float(c))])
PY
      then
        emit "not ok - reference $fit: scikit-learn failed: $(tr '\n' ' ' < "$WORK/py.log")"
      fi
      ;;
  esac
done

# ---------------------------------------------------------------------------
# Export pg_learn's numbers (float8 output is shortest-exact, so round-trips)
# ---------------------------------------------------------------------------
if ! psql_db >"$WORK/export.log" 2>&1 <<SQL
\copy (SELECT f.fit, c.term, s.statistic, s.value FROM ref_fits f CROSS JOIN LATERAL learn.coefficients(f.model) c CROSS JOIN LATERAL (VALUES ('estimate', c.estimate), ('std_error', c.std_error), ('t_value', c.t_value), ('p_value', c.p_value)) s(statistic, value) UNION ALL SELECT f.fit, '(model)', k, (learn.describe(f.model) ->> k)::float8 FROM ref_fits f CROSS JOIN unnest(ARRAY['r2', 'adj_r2', 'sigma', 'f_statistic', 'f_df1', 'f_df2', 'f_p_value', 'df_residual']) k) TO '$WORK/pg_learn.csv' WITH (FORMAT csv, HEADER true, FORCE_QUOTE *)
SQL
then
  bail "export: $(tr '\n' ' ' < "$WORK/export.log")"
fi

# ---------------------------------------------------------------------------
# Compare in R
# ---------------------------------------------------------------------------
cat > "$WORK/compare.R" <<'RCODE'
args <- commandArgs(trailingOnly = TRUE)
work <- args[1]; rtol <- as.numeric(args[2]); atol <- as.numeric(args[3])
fits <- strsplit(args[4], ",", fixed = TRUE)[[1]]
ours <- read.csv(file.path(work, "pg_learn.csv"), colClasses = "character", na.strings = "")
num <- function(s) as.numeric(s)   # R's parser; values are %.17g or shortest-exact
g <- function(x) formatC(x, digits = 17, format = "g")
groups <- list(estimate = "coefficient estimates", std_error = "standard errors",
               t_value = "t values", p_value = "p values")
overall <- c()
for (fit in fits) {
  ref_file <- file.path(work, paste0("ref_", fit, ".csv"))
  if (!file.exists(ref_file)) next           # reported as "not ok - reference" already
  ref <- read.csv(ref_file, colClasses = "character")
  mine <- ours[ours$fit == fit, ]
  fit_max <- 0; fit_n <- 0
  stats <- unique(ref$statistic)
  model_stats <- unique(ref$statistic[ref$term == "(model)"])
  todo <- c(intersect(names(groups), stats), if (length(model_stats)) "(model)")
  for (grp in todo) {
    if (grp == "(model)") {
      r <- ref[ref$term == "(model)", ]
      what <- sprintf("%s: fit statistics (%s)", fit, paste(r$statistic, collapse = ", "))
    } else {
      r <- ref[ref$statistic == grp & ref$term != "(model)", ]
      what <- sprintf("%s: %s", fit, groups[[grp]])
    }
    problems <- character(0); worst <- 0; worst_at <- ""
    m_terms <- mine$term[mine$statistic == r$statistic[1] & mine$term != "(model)"]
    if (grp != "(model)" && !identical(m_terms, r$term))
      problems <- c(problems, sprintf("terms are [%s], R has [%s]",
                                      paste(m_terms, collapse = " "), paste(r$term, collapse = " ")))
    for (i in seq_len(nrow(r))) {
      b <- num(r$value[i])
      hit <- mine[mine$term == r$term[i] & mine$statistic == r$statistic[i], ]
      label <- sprintf("%s %s", r$term[i], r$statistic[i])
      if (nrow(hit) != 1 || is.na(hit$value)) {
        problems <- c(problems, sprintf("%s: missing (reference %s)", label, g(b))); next
      }
      a <- num(hit$value)
      if (!is.finite(a) || !is.finite(b)) {
        if (!identical(a, b)) problems <- c(problems, sprintf("%s = %s, reference %s", label, g(a), g(b)))
        next
      }
      err <- abs(a - b)
      tiny_p <- r$statistic[i] %in% c("p_value", "f_p_value") && b < 1e-300
      if (b == 0 || tiny_p) {
        ok <- err <= atol; rel <- if (b == 0) NA else err / abs(b)
      } else {
        rel <- err / abs(b); ok <- rel <= rtol
      }
      fit_n <- fit_n + 1
      if (!is.na(rel) && rel > worst) { worst <- rel; worst_at <- label }
      if (!ok)
        problems <- c(problems, sprintf("%s = %s, reference %s, rel err %.3g", label, g(a), g(b),
                                        if (is.na(rel)) NaN else rel))
    }
    fit_max <- max(fit_max, worst)
    if (length(problems) == 0) {
      cat(sprintf("ok - %s [%d values, max rel err %.3g%s]\n", what, nrow(r), worst,
                  if (nzchar(worst_at)) paste0(" at ", worst_at) else ""))
    } else {
      cat(sprintf("not ok - %s: %s\n", what, paste(problems, collapse = "; ")))
    }
  }
  extra <- setdiff(paste(mine$term, mine$statistic)[mine$statistic %in% stats],
                   paste(ref$term, ref$statistic))
  if (length(extra))
    cat(sprintf("not ok - %s: pg_learn has entries R lacks: %s\n", fit, paste(extra, collapse = ", ")))
  cat(sprintf("# %s: max relative error %.3g over %d numbers\n", fit, fit_max, fit_n))
  overall <- c(overall, fit_max)
}
if (length(overall)) cat(sprintf("# all fits: max relative error %.3g\n", max(overall)))
RCODE

fit_names=$(for spec in "${FITS[@]}"; do printf '%s,' "${spec%%|*}"; done)
if ! Rscript "$WORK/compare.R" "$WORK" "$RTOL" "$ATOL" "${fit_names%,}" >"$WORK/compare.out" 2>&1; then
  cat "$WORK/compare.out"
  bail "compare: Rscript failed"
fi
tee -a "$TAP" < "$WORK/compare.out"

finish
