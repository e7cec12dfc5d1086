#!/usr/bin/env bash
# check_logreg.sh: logistic regression (learn.logreg_fit, learn.coefficients,
# learn.describe, learn.predict_proba, learn.predict_label, learn.train)
# against R's glm(family = binomial) and nnet::multinom, and scikit-learn's
# LogisticRegression, on real data sets (data/mtcars.csv, and scikit-learn's
# breast_cancer.csv, iris.csv and wine_data.csv copied into data/).
#
# Needs a running server reachable through the PG* environment variables
# (PGHOST, PGPORT, PGUSER, ...) with pg_learn installed; it does not start one.
# It creates a scratch database learn_logreg_<pid> (dropped at the end, also
# on error or interruption), fits the models, exports pg_learn's numbers
# (float8 output is shortest-exact, so they round-trip) and compares them with
# references computed by Rscript and /usr/bin/python3 + scikit-learn (not the
# python3 first on PATH).
#
# Checks and tolerances (relative error |a - b| / |b|; an absolute 1e-12 only
# where a reference is exactly 0):
#  1. Binary, unpenalised, against R's glm(family = binomial) with
#     control = glm.control(epsilon = 1e-14, maxit = 100), refitted once from
#     its own solution (start = coef(fit)) so that summary()'s covariance uses
#     IRLS weights at the optimum (glm's final QR holds the weights of the
#     previous iterate: without the refit its standard errors lag by ~5e-8 on
#     mtcars).  mtcars am ~ wt + hp; breast cancer (benign) ~ mean radius,
#     texture, smoothness, symmetry, with and without intercept; iris
#     versicolor vs virginica (text labels) ~ the four measurements.
#     Estimates, standard errors, z values, p values, log-likelihood, null
#     log-likelihood, deviance, null deviance and AIC: 1e-6.
#  2. Multinomial, unpenalised, wine (3 cultivars) on two 3-feature subsets
#     (not separable, so the maximum-likelihood fit exists):
#     - against scikit-learn LogisticRegression(penalty=None,
#       multi_class='multinomial', solver='newton-cg', tol=1e-8) fitted on
#       standardised features: its symmetric parameterisation is not
#       identified without a penalty, but the probabilities are; the
#       coefficients are mapped to pg_learn's baseline parameterisation and to
#       the raw feature scale (beta_c - beta_0, divided by the sd, intercept
#       shifted).  Probabilities of all 178 rows: absolute 1e-6; labels: at
#       least 99.5% identical; log-likelihood: 1e-8; coefficients: 1e-6.
#       (lbfgs stops at scipy's default ftol 2.2e-9 and is only ~1e-5 close;
#       newton-cg with tol below 1e-8 fails on rounding.)
#     - against R's nnet::multinom(Hess = TRUE, reltol = 1e-16), also fitted
#       on standardised features (its BFGS stops on the objective: ~3e-7 from
#       the optimum on the raw scale, ~1e-8 on this one) and mapped back to
#       the raw scale, the covariance (inverse of its analytic Hessian) with
#       the same linear map: estimates, standard errors, z and p values,
#       log-likelihood, null log-likelihood, deviance, null deviance, AIC: 1e-6.
#  3. Binary with an L2 penalty, lambda > 0, against scikit-learn
#     LogisticRegression(penalty='l2', C=1/lambda, solver='newton-cholesky',
#     tol=1e-12): sklearn minimises C * sum(logloss) + ||w||^2 / 2 with the
#     intercept unpenalised, i.e. pg_learn's objective divided by lambda.
#     Coefficients: 1e-6; probabilities of every row: absolute 1e-6;
#     log-likelihood at the optimum: 1e-8.  (newton-cholesky is a full Newton
#     method; lbfgs and newton-cg are only ~1e-5 close or fail on rounding.)
#     Also without intercept (fit_intercept=False: every coefficient penalised).
#  4. Class weights with the penalty of 3: class_weight "balanced"
#     (n / (k n_c), the same formula as scikit-learn's) and an explicit
#     {"1": 2.5}, against scikit-learn's class_weight='balanced' / {1: 2.5}:
#     coefficients 1e-6, probabilities 1e-6 absolute, the weighted
#     log-likelihood (sum of w_i log p_i, which is what pg_learn reports) 1e-8.
#     Unpenalised "balanced" also against R: glm(weights = n / (k n_c)) on
#     breast cancer and mtcars, and, multinomial, nnet::multinom(weights = ...)
#     and scikit-learn on wine (as in 2): estimates, standard errors (of the
#     weighted Hessian), z, p, deviance, null deviance 1e-6 (not the AIC:
#     R's binomial AIC treats weights as numbers of trials).
#  5. learn.train streamed (learn.memory_limit = '64kB': one
#     learn.logreg_step pass per iteration) against in memory (the default
#     limit), on the breast-cancer rows repeated 100 times (56900 rows),
#     unpenalised and with {"lambda": 100, "class_weight": "balanced"}:
#     metrics->>'training_path' must be 'memory' and 'streaming'; estimates,
#     standard errors and log-likelihood: 1e-9.  The repeated rows have the
#     same maximum-likelihood estimates as the original ones (standard errors
#     / 10), and lambda = 100 on them is lambda = 1 on the original rows, so
#     the models are also compared with the references of 1 and 4 (1e-6).
#  6. The warm starts of large fits (logreg.c: in memory, nested subsamples
#     of the kept rows; streamed, a sample of about n/64 rows fitted in
#     memory), then three evaluations over all rows, against a streamed fit
#     to tol = 1e-15 (converged to rounding; at the default tol a fit from
#     zero is itself only within about 2e-9 of the optimum), on 400,000
#     synthetic rows (test/reference/warm_rows.sql; 4 features, binary and 3
#     classes): each warm fit must report its warm start (a NOTICE) and at
#     most 4 iterations; estimates 1e-9 relative to |estimate| + its standard
#     error (some true coefficients are zero), log-likelihood 1e-9 relative,
#     standard errors 1e-6 (they are taken at the last evaluated
#     coefficients, one unevaluated Newton step from the reported ones).
#
# Output is TAP-like: one "ok - <what>" or "not ok - <what>: <detail>" line
# per comparison, "# ..." comment lines with the largest relative error per
# check, and a final "N passed, M failed".  The exit status is 0 only if every
# check passed.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DATA=$REPO/data
RTOL=1e-6          # coefficients, standard errors, z, p, fit statistics
LL_RTOL=1e-8       # log-likelihoods against scikit-learn
PROBA_ATOL=1e-6    # predicted probabilities
LABEL_AGREE=0.995  # share of identical predicted labels (multinomial)
STREAM_RTOL=1e-9   # streamed vs in-memory learn.train
DB=learn_logreg_$$
SKLEARN_PYTHON=/usr/bin/python3   # the system python has python3-sklearn

WORK=$(mktemp -d /tmp/learn_logreg.XXXXXX)
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
# Data: column names of scikit-learn's CSV files (their first line is
# "n_rows,n_features,class names...", not a header; the last column is the
# class index).
# ---------------------------------------------------------------------------
BC_COLS="mean_radius mean_texture mean_perimeter mean_area mean_smoothness mean_compactness mean_concavity mean_concave_points mean_symmetry mean_fractal_dimension radius_error texture_error perimeter_error area_error smoothness_error compactness_error concavity_error concave_points_error symmetry_error fractal_dimension_error worst_radius worst_texture worst_perimeter worst_area worst_smoothness worst_compactness worst_concavity worst_concave_points worst_symmetry worst_fractal_dimension target"
IRIS_COLS="sepal_length sepal_width petal_length petal_width species_id"
WINE_COLS="alcohol malic_acid ash alcalinity_of_ash magnesium total_phenols flavanoids nonflavanoid_phenols proanthocyanins color_intensity hue od280_od315_of_diluted_wines proline cultivar"
export BC_COLS IRIS_COLS WINE_COLS

# ---------------------------------------------------------------------------
# Prerequisites and setup
# ---------------------------------------------------------------------------
command -v Rscript >/dev/null || bail "prerequisites: Rscript not found"
Rscript -e 'library(nnet)' >/dev/null 2>"$WORK/err" \
  || bail "prerequisites: R package nnet not available: $(oneline "$WORK/err")"
[ -x "$SKLEARN_PYTHON" ] || bail "prerequisites: $SKLEARN_PYTHON not found"
"$SKLEARN_PYTHON" -c 'import sklearn, numpy' 2>"$WORK/err" \
  || bail "prerequisites: scikit-learn not importable by $SKLEARN_PYTHON: $(oneline "$WORK/err")"
for f in mtcars.csv breast_cancer.csv iris.csv wine_data.csv; do
  [ -r "$DATA/$f" ] || bail "prerequisites: $DATA/$f missing"
done
for spec in "breast_cancer.csv|569,30,malignant,benign" "iris.csv|150,4,setosa,versicolor,virginica" \
            "wine_data.csv|178,13,class_0,class_1,class_2"; do
  f=${spec%%|*}
  [ "$(head -1 "$DATA/$f" | tr -d '\r')" = "${spec#*|}" ] \
    || bail "prerequisites: $DATA/$f does not start with the line ${spec#*|} (scikit-learn's format)"
done
psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>"$WORK/err" \
  || bail "server: cannot connect ($(oneline "$WORK/err"))"

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $DB" >/dev/null 2>"$WORK/err" \
  || bail "setup: CREATE DATABASE $DB failed: $(oneline "$WORK/err")"
DB_CREATED=1

float_cols() { local c out=; for c in $1; do out="$out, $c float8"; done; printf '%s' "${out#, }"; }
comma() { printf '%s' "$1" | tr ' ' ','; }
BC_FEAT_COLS=${BC_COLS% target}
IRIS_FEAT_COLS=${IRIS_COLS% species_id}
WINE_FEAT_COLS=${WINE_COLS% cultivar}

# id = the row's number among the data lines of the file (identity values
# follow COPY's order); HEADER true skips scikit-learn's first line.
if ! psql_db >"$WORK/setup.log" 2>&1 <<SQL
CREATE EXTENSION pg_learn;
CREATE TABLE mtcars (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                     model text, mpg float8, cyl float8, disp float8, hp float8, drat float8,
                     wt float8, qsec float8, vs float8, am float8, gear float8, carb float8);
\copy mtcars (model, mpg, cyl, disp, hp, drat, wt, qsec, vs, am, gear, carb) FROM '$DATA/mtcars.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE breast_cancer (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                            $(float_cols "$BC_FEAT_COLS"), target integer);
\copy breast_cancer ($(comma "$BC_COLS")) FROM '$DATA/breast_cancer.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE iris (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                   $(float_cols "$IRIS_FEAT_COLS"), species_id integer);
\copy iris ($(comma "$IRIS_COLS")) FROM '$DATA/iris.csv' WITH (FORMAT csv, HEADER true)
-- versicolor vs virginica, text labels: 'versicolor' < 'virginica' is the reference
CREATE TABLE iris_vv AS
SELECT id, $(comma "$IRIS_FEAT_COLS"), (ARRAY['setosa', 'versicolor', 'virginica'])[species_id + 1] AS species
FROM iris WHERE species_id IN (1, 2);
CREATE TABLE wine (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                   $(float_cols "$WINE_FEAT_COLS"), cultivar integer);
\copy wine ($(comma "$WINE_COLS")) FROM '$DATA/wine_data.csv' WITH (FORMAT csv, HEADER true)
-- check 5: the breast-cancer rows 100 times
CREATE TABLE breast_cancer_x100 AS SELECT b.* FROM breast_cancer b, generate_series(1, 100) r;
ANALYZE;
CREATE TABLE ref_fits (fit text PRIMARY KEY, model bytea NOT NULL);
SQL
then
  bail "setup: $(oneline "$WORK/setup.log")"
fi
counts=$(psql_db -At -F ' ' -c "SELECT (SELECT count(*) FROM mtcars), (SELECT count(*) FROM breast_cancer), (SELECT sum(target) FROM breast_cancer), (SELECT count(*) FROM iris_vv), (SELECT count(*) FROM wine), (SELECT count(DISTINCT cultivar) FROM wine), (SELECT count(*) FROM breast_cancer_x100)")
if [ "$counts" = "32 569 357 100 178 3 56900" ]; then
  emit "ok - setup: database $DB, pg_learn $(psql_db -At -c 'SELECT learn.version()'), data loaded (mtcars 32, breast cancer 569 with 357 benign, iris versicolor/virginica 100, wine 178 in 3 classes, breast cancer x100 56900 rows)"
else
  bail "setup: unexpected counts (mtcars, breast_cancer, benign, iris_vv, wine, wine classes, x100) = $counts"
fi

# ---------------------------------------------------------------------------
# Fits: check | fit | table | target | features (comma-separated) | intercept
#       (1/0) | lambda | class weight (none, balanced, or <label>=<weight>)
#   glm:      R glm(family = binomial) (weights n/(k n_c) for balanced)
#   multinom: scikit-learn multinomial (unpenalised) and R nnet::multinom
#   sklearn:  scikit-learn LogisticRegression(C = 1/lambda), binary
# ---------------------------------------------------------------------------
BC4=mean_radius,mean_texture,mean_smoothness,mean_symmetry
IRIS4=sepal_length,sepal_width,petal_length,petal_width
FITS=(
  "glm|mtcars|mtcars|am|wt,hp|1|0|none"
  "glm|breast_cancer|breast_cancer|target|$BC4|1|0|none"
  "glm|breast_cancer_nointercept|breast_cancer|target|$BC4|0|0|none"
  "glm|iris_vv|iris_vv|species|$IRIS4|1|0|none"
  "glm|breast_cancer_balanced|breast_cancer|target|$BC4|1|0|balanced"
  "glm|mtcars_balanced|mtcars|am|wt,hp|1|0|balanced"
  "multinom|wine_alcohol_malic_ash|wine|cultivar|alcohol,malic_acid,ash|1|0|none"
  "multinom|wine_alcohol_ash_hue|wine|cultivar|alcohol,ash,hue|1|0|none"
  "multinom|wine_balanced|wine|cultivar|alcohol,malic_acid|1|0|balanced"
  "sklearn|breast_cancer_l2|breast_cancer|target|$BC4|1|1|none"
  "sklearn|breast_cancer_l2_strong|breast_cancer|target|$BC4|1|100|none"
  "sklearn|mtcars_l2|mtcars|am|wt,hp|1|0.5|none"
  "sklearn|iris_vv_l2|iris_vv|species|$IRIS4|1|0.1|none"
  "sklearn|breast_cancer_l2_nointercept|breast_cancer|target|$BC4|0|2|none"
  "sklearn|breast_cancer_l2_balanced|breast_cancer|target|$BC4|1|1|balanced"
  "sklearn|mtcars_l2_balanced|mtcars|am|wt,hp|1|0.5|balanced"
  "sklearn|breast_cancer_l2_weight|breast_cancer|target|$BC4|1|1|1=2.5"
)

sql_lit() { printf "'%s'" "${1//\'/\'\'}"; }

: > "$WORK/fits.list"
for spec in "${FITS[@]}"; do
  IFS='|' read -r _ fit table target feats icpt lambda cw <<<"$spec"
  IFS=',' read -r -a fa <<<"$feats"
  jf=$(printf '"%s", ' "${fa[@]}")
  options="{\"feature_names\": [${jf%, }], \"target\": \"$target\""
  [ "$icpt" = 0 ] && options="$options, \"intercept\": false"
  [ "$lambda" != 0 ] && options="$options, \"lambda\": $lambda"
  case $cw in
    none) ;;
    balanced) options="$options, \"class_weight\": \"balanced\"" ;;
    *=*) options="$options, \"class_weight\": {\"${cw%%=*}\": ${cw#*=}}" ;;
  esac
  options="$options}"
  xarr="ARRAY[$feats]"
  if ! psql_db >"$WORK/fit_$fit.log" 2>&1 <<SQL
INSERT INTO ref_fits SELECT $(sql_lit "$fit"), learn.logreg_fit($target, $xarr, $(sql_lit "$options")) FROM $table;
\copy (SELECT c.term, c.estimate, c.std_error, c.t_value, c.p_value FROM ref_fits f, learn.coefficients(f.model) c WHERE f.fit = $(sql_lit "$fit")) TO '$WORK/coef_$fit.csv' WITH (FORMAT csv, HEADER true)
\copy (SELECT k, learn.describe(f.model) ->> k AS value FROM ref_fits f, unnest(ARRAY['log_likelihood', 'null_log_likelihood', 'deviance', 'null_deviance', 'aic', 'iterations', 'status', 'separated', 'reference_class']) k WHERE f.fit = $(sql_lit "$fit")) TO '$WORK/stats_$fit.csv' WITH (FORMAT csv, HEADER true)
\copy (SELECT t.id, array_to_string(learn.predict_proba(f.model, $xarr), ' ') AS proba, learn.predict_label(f.model, $xarr) AS label, array_to_string(learn.classes(f.model), ' ') AS classes FROM $table t, ref_fits f WHERE f.fit = $(sql_lit "$fit") ORDER BY t.id) TO '$WORK/proba_$fit.csv' WITH (FORMAT csv, HEADER true)
SQL
  then
    emit "not ok - fit $fit: $(oneline "$WORK/fit_$fit.log")"
    continue
  fi
  if grep -q 'WARNING' "$WORK/fit_$fit.log"; then
    emit "not ok - fit $fit: unexpected warning: $(oneline "$WORK/fit_$fit.log")"
  fi
  printf '%s\n' "$spec" >> "$WORK/fits.list"
done
[ -s "$WORK/fits.list" ] || bail "no model could be fitted"

# ---------------------------------------------------------------------------
# Check 5: learn.train streamed vs in memory (name | options | reference fit)
# ---------------------------------------------------------------------------
STREAMS=(
  "stream_plain|{}|breast_cancer"
  'stream_l2_balanced|{"lambda": 100, "class_weight": "balanced"}|breast_cancer_l2_balanced'
)
: > "$WORK/streams.list"
for spec in "${STREAMS[@]}"; do
  IFS='|' read -r name options _ <<<"$spec"
  features="ARRAY['${BC4//,/"', '"}']"
  train="SELECT version, rows_used, metrics->>'training_path', metrics->>'converged' FROM learn.train($(sql_lit "$name"), 'logistic_regression', 'breast_cancer_x100', 'target', $features, $(sql_lit "$options"))"
  if ! psql_db -At -F ' ' >"$WORK/train_$name.log" 2>&1 <<SQL
$train;
SET learn.memory_limit = '64kB';
$train;
RESET learn.memory_limit;
\copy (SELECT v.version, c.term, c.estimate, c.std_error FROM (VALUES (1), (2)) v(version), learn.coefficients(learn.model($(sql_lit "$name"), v.version)) c ORDER BY 1, 2) TO '$WORK/stream_coef_$name.csv' WITH (FORMAT csv, HEADER true)
\copy (SELECT version, metrics->>'training_path' AS path, metrics->>'log_likelihood' AS log_likelihood, metrics->>'iterations' AS iterations, metrics->>'passes' AS passes FROM learn.models WHERE name = $(sql_lit "$name") ORDER BY version) TO '$WORK/stream_metrics_$name.csv' WITH (FORMAT csv, HEADER true)
SQL
  then
    emit "not ok - streaming $name: learn.train failed: $(oneline "$WORK/train_$name.log")"
    continue
  fi
  got=$(grep -v WARNING "$WORK/train_$name.log" | tr '\n' ' ')
  if grep -q WARNING "$WORK/train_$name.log"; then
    emit "not ok - streaming $name: unexpected warning: $(oneline "$WORK/train_$name.log")"
  elif [ "$got" != "1 56900 memory true 2 56900 streaming true " ]; then
    emit "not ok - streaming $name: learn.train returned (version rows path converged) '$got', expected '1 56900 memory true 2 56900 streaming true'"
  else
    emit "ok - streaming $name: learn.train with the default learn.memory_limit used the 'memory' path, with '64kB' the 'streaming' path (56900 rows, both converged)"
  fi
  printf '%s\n' "$spec" >> "$WORK/streams.list"
done

# ---------------------------------------------------------------------------
# R references: glm (binary) and nnet::multinom, as CSV (term, statistic,
# value) with 17 significant digits.
# ---------------------------------------------------------------------------
cat > "$WORK/reference.R" <<'RCODE'
suppressPackageStartupMessages(library(nnet))
args <- commandArgs(trailingOnly = TRUE)
data_dir <- args[1]; work <- args[2]
options(warn = 2)                      # any warning is a problem of the reference
cols <- function(v) strsplit(Sys.getenv(v), " ", fixed = TRUE)[[1]]
sk <- function(file, v) read.csv(file.path(data_dir, file), header = FALSE, skip = 1, col.names = cols(v))
load <- function(table) {
  switch(table,
    mtcars = read.csv(file.path(data_dir, "mtcars.csv")),
    breast_cancer = sk("breast_cancer.csv", "BC_COLS"),
    iris_vv = {
      d <- sk("iris.csv", "IRIS_COLS"); d <- d[d$species_id %in% c(1, 2), ]
      d$species <- factor(c("versicolor", "virginica")[d$species_id])   # levels in byte order
      d
    },
    wine = { d <- sk("wine_data.csv", "WINE_COLS"); d$cultivar <- factor(d$cultivar); d },
    stop("unknown table ", table))
}
g <- function(x) formatC(x, digits = 17, format = "g")
out <- function(fit, rows) {
  write.csv(data.frame(term = rows$term, statistic = rows$statistic, value = g(rows$value)),
            file.path(work, paste0("ref_", fit, ".csv")), row.names = FALSE)
}
coef_rows <- function(term, est, se) {
  z <- est / se
  rbind(data.frame(term = term, statistic = "estimate", value = est),
        data.frame(term = term, statistic = "std_error", value = se),
        data.frame(term = term, statistic = "t_value", value = z),
        data.frame(term = term, statistic = "p_value", value = 2 * pnorm(-abs(z))))
}
model_rows <- function(...) { v <- c(...); data.frame(term = "(model)", statistic = names(v), value = unname(v)) }

# balanced: n / (k n_c), as pg_learn and scikit-learn
class_weights <- function(y, cw) {
  if (cw == "none") return(rep(1, length(y)))
  if (cw != "balanced") stop("class weight ", cw, " not handled by the R reference")
  counts <- table(y)
  as.numeric(length(y) / (length(counts) * counts[as.character(y)]))
}

specs <- readLines(file.path(work, "fits.list"))
for (spec in specs) {
  s <- strsplit(spec, "|", fixed = TRUE)[[1]]
  check <- s[1]; fit <- s[2]; table <- s[3]; target <- s[4]
  feats <- strsplit(s[5], ",", fixed = TRUE)[[1]]; icpt <- s[6] == "1"; cw <- s[8]
  if (!(check %in% c("glm", "multinom"))) next
  res <- tryCatch({
    d <- load(table)
    f <- reformulate(feats, response = target, intercept = icpt)
    if (check == "glm") {
      if (table != "iris_vv") d[[target]] <- factor(d[[target]])  # first level (0) = failure
      ctl <- glm.control(epsilon = 1e-14, maxit = 100)
      d$.w <- class_weights(d[[target]], cw)
      # non-integer weights make binomial glm warn "non-integer #successes"; that one only is expected
      fitglm <- function(start = NULL) withCallingHandlers(
        glm(f, family = binomial, data = d, weights = .w, control = ctl, start = start),
        warning = function(wn) if (cw != "none" && grepl("non-integer #successes", conditionMessage(wn)))
                                 invokeRestart("muffleWarning"))
      m0 <- fitglm()
      m <- fitglm(start = coef(m0))          # covariance from weights at the optimum
      if (!m0$converged || !m$converged) stop("glm did not converge")
      co <- summary(m)$coefficients
      term <- sub("^\\(Intercept\\)$", "(intercept)", rownames(co))
      rows <- coef_rows(term, co[, 1], co[, 2])
      stats <- c(deviance = m$deviance, null_deviance = m$null.deviance,
                 log_likelihood = -m$deviance / 2, null_log_likelihood = -m$null.deviance / 2)
      if (cw == "none") stats <- c(stats, aic = m$aic, log_likelihood_logLik = as.numeric(logLik(m)))
      rbind(rows, model_rows(stats))
    } else {
      # fitted on standardised features (BFGS stops on the objective, which is
      # flatter on the raw scale: ~3e-7 there, ~1e-8 here), then mapped back
      # to the raw scale: per class, (b0, b) -> (b0 - sum(b mu / s), b / s),
      # and the covariance (inverse Hessian) with the same linear map
      if (!icpt) stop("the multinom reference needs an intercept")
      mu <- sapply(d[feats], mean); sdv <- sapply(d[feats], sd)
      for (v in feats) d[[v]] <- (d[[v]] - mu[v]) / sdv[v]
      d$.w <- class_weights(d[[target]], cw)
      m <- multinom(f, data = d, weights = .w, Hess = TRUE, reltol = 1e-16, abstol = 1e-300,
                    maxit = 10000, trace = FALSE)
      if (m$convergence != 0) stop("multinom did not converge")
      m0 <- multinom(reformulate("1", response = target), data = d, weights = .w, reltol = 1e-16,
                     abstol = 1e-300, maxit = 10000, trace = FALSE)
      est <- coef(m)                          # rows: classes 2..k, columns: terms
      key <- as.vector(t(outer(rownames(est), colnames(est), paste, sep = ":")))
      if (!identical(colnames(est), c("(Intercept)", feats)) || !identical(rownames(m$Hessian), key))
        stop("unexpected coefficient layout: ", paste(rownames(m$Hessian), collapse = " "))
      A1 <- diag(c(1, 1 / sdv)); A1[1, -1] <- -mu / sdv
      A <- kronecker(diag(nrow(est)), A1)
      est_raw <- as.vector(A %*% as.vector(t(est)))
      se_raw <- sqrt(diag(A %*% solve(m$Hessian) %*% t(A)))
      rows <- coef_rows(sub(":\\(Intercept\\)$", ":(intercept)", key), est_raw, se_raw)
      stats <- c(deviance = m$deviance, null_deviance = m0$deviance,
                 log_likelihood = -m$deviance / 2, null_log_likelihood = -m0$deviance / 2)
      if (cw == "none") stats <- c(stats, aic = m$AIC)
      rbind(rows, model_rows(stats))
    }
  }, error = function(e) e)
  if (inherits(res, "error")) {
    cat(sprintf("not ok - reference %s: R failed: %s\n", fit, conditionMessage(res)))
  } else {
    out(fit, res)
  }
}
RCODE
if ! Rscript "$WORK/reference.R" "$DATA" "$WORK" >"$WORK/r.out" 2>&1; then
  emit "not ok - R reference script failed: $(oneline "$WORK/r.out")"
else
  tee -a "$TAP" < "$WORK/r.out"
fi

# ---------------------------------------------------------------------------
# scikit-learn references and every comparison
# ---------------------------------------------------------------------------
cat > "$WORK/compare.py" <<'PY'
import csv, math, os, sys, warnings
import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

work, data_dir = sys.argv[1], sys.argv[2]
rtol, ll_rtol, proba_atol, label_agree, stream_rtol = map(float, sys.argv[3:8])
ATOL = 1e-12
summary = {}    # check -> max relative error seen
SK_REF = {}     # fit -> {term: scikit-learn coefficient}, for check 5

def ok(what):
    print("ok - " + what)

def not_ok(what, detail):
    print("not ok - %s: %s" % (what, detail))

def note(check, err):
    summary[check] = max(summary.get(check, 0.0), err)

def read_csv(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))

def num(s):
    return float("nan") if s in ("", None) else float(s)

def cols(var):
    return os.environ[var].split(" ")

def sk_file(name, var):
    with open(os.path.join(data_dir, name), newline="") as fh:
        rows = list(csv.reader(fh))[1:]     # scikit-learn's first line is not a header
    names = cols(var)
    return [dict(zip(names, r)) for r in rows]

def load(table):
    """ids (row number in the file), rows (dicts) of a table as pg_learn sees it."""
    if table == "mtcars":
        rows = read_csv(os.path.join(data_dir, "mtcars.csv"))
    elif table == "breast_cancer":
        rows = sk_file("breast_cancer.csv", "BC_COLS")
    elif table == "iris_vv":
        rows = sk_file("iris.csv", "IRIS_COLS")
        for r in rows:
            r["species"] = ["setosa", "versicolor", "virginica"][int(r["species_id"])]
    elif table == "wine":
        rows = sk_file("wine_data.csv", "WINE_COLS")
    else:
        raise ValueError(table)
    ids = list(range(1, len(rows) + 1))
    if table == "iris_vv":
        keep = [i for i, r in enumerate(rows) if r["species"] != "setosa"]
        ids = [ids[i] for i in keep]
        rows = [rows[i] for i in keep]
    return ids, rows

def label_of(v):
    """Labels as pg_learn prints them: integers without a decimal point."""
    try:
        f = float(v)
        return str(int(f)) if f == int(f) else v
    except ValueError:
        return v

def relerr(a, b):
    if not (math.isfinite(a) and math.isfinite(b)):
        return 0.0 if a == b else math.inf
    if b == 0:
        return 0.0 if abs(a) <= ATOL else math.inf
    return abs(a - b) / abs(b)

def compare_values(what, check, pairs, tol):
    """pairs: list of (label, pg_learn value, reference value)."""
    worst, at, bad = 0.0, "", []
    for label, a, b in pairs:
        e = relerr(a, b)
        if e > worst:
            worst, at = e, label
        if not e <= tol:
            bad.append("%s = %r, reference %r (rel err %.3g)" % (label, a, b, e))
    note(check, worst if math.isfinite(worst) else 1.0)
    if bad:
        not_ok(what, "; ".join(bad[:6]) + (" ..." if len(bad) > 6 else ""))
    else:
        ok("%s [%d values, max rel err %.3g%s]" % (what, len(pairs), worst, " at " + at if at else ""))

def pg_coef(fit):
    return {r["term"]: r for r in read_csv(os.path.join(work, "coef_%s.csv" % fit))}

def pg_stats(fit):
    return {r["k"]: r["value"] for r in read_csv(os.path.join(work, "stats_%s.csv" % fit))}

def pg_proba(fit):
    rows = read_csv(os.path.join(work, "proba_%s.csv" % fit))
    return ([int(r["id"]) for r in rows], np.array([[float(v) for v in r["proba"].split(" ")] for r in rows]),
            [r["label"] for r in rows], rows[0]["classes"].split(" "))

def status_check(fit, check):
    st = pg_stats(fit)
    if st.get("status") != "converged" or st.get("separated") != "false":
        not_ok("%s: fit status" % fit, "status %s, separated %s (iterations %s)"
               % (st.get("status"), st.get("separated"), st.get("iterations")))
        return False
    return True

# ---- references from R -------------------------------------------------------
GROUPS = [("estimate", "estimates"), ("std_error", "standard errors"),
          ("t_value", "z values"), ("p_value", "p values")]

def compare_with_r(fit, check, who):
    path = os.path.join(work, "ref_%s.csv" % fit)
    if not os.path.exists(path):
        return                                  # reported by the R script
    ref = read_csv(path)
    coef = pg_coef(fit)
    stats = pg_stats(fit)
    ref_terms = [r["term"] for r in ref if r["statistic"] == "estimate"]
    if list(coef) != ref_terms:
        not_ok("%s: terms vs %s" % (fit, who), "pg_learn [%s], %s [%s]" % (" ".join(coef), who, " ".join(ref_terms)))
        return
    for stat, label in GROUPS:
        pairs = [(r["term"], num(coef[r["term"]][stat]), num(r["value"])) for r in ref if r["statistic"] == stat]
        compare_values("%s: %s vs %s" % (fit, label, who), check, pairs, rtol)
    pairs = []
    for r in ref:
        if r["term"] != "(model)":
            continue
        key = r["statistic"]
        mine = stats.get("log_likelihood" if key == "log_likelihood_logLik" else key)
        pairs.append((key, num(mine), num(r["value"])))
    compare_values("%s: fit statistics vs %s (%s)" % (fit, who, ", ".join(p[0] for p in pairs)), check, pairs, rtol)

# ---- scikit-learn ------------------------------------------------------------
def no_penalty():
    """penalty=None from scikit-learn 1.2 on, 'none' before."""
    try:
        LogisticRegression(penalty=None).fit([[0.0], [1.0], [0.0], [1.0]], [0, 0, 1, 1])
        return None
    except (ValueError, TypeError):
        return "none"

def sk_fit(X, y, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("ignore", FutureWarning)
        return LogisticRegression(**kw).fit(X, y)

def weights_for(y, classes, cw):
    if cw == "none":
        return np.ones(len(y))
    if cw == "balanced":
        counts = {c: np.sum(y == c) for c in classes}
        return np.array([len(y) / (len(classes) * counts[v]) for v in y])
    lab, w = cw.split("=")
    return np.array([float(w) if label_of(v) == lab else 1.0 for v in y])

def check_sklearn_binary(fit, table, target, feats, icpt, lam, cw, check):
    ids, rows = load(table)
    X = np.array([[float(r[f]) for f in feats] for r in rows])
    y = np.array([label_of(r[target]) for r in rows])
    try:                                          # pg_learn's order: by value, or byte order for text
        classes = sorted(set(y), key=float)
    except ValueError:
        classes = sorted(set(y), key=lambda v: v.encode())
    if cw == "none":
        skw = None
    elif cw == "balanced":
        skw = "balanced"
    else:
        lab, w = cw.split("=")
        skw = {lab: float(w)}
    m = sk_fit(X, y, penalty="l2", C=1.0 / lam, solver="newton-cholesky", tol=1e-12, max_iter=1000,
               fit_intercept=icpt, class_weight=skw)
    if list(m.classes_) != classes:
        not_ok("%s: classes" % fit, "scikit-learn %s, expected %s" % (list(m.classes_), classes))
        return
    terms = (["(intercept)"] if icpt else []) + feats
    beta = np.r_[m.intercept_, m.coef_.ravel()] if icpt else m.coef_.ravel()
    SK_REF[fit] = dict(zip(terms, beta))
    # tightness of the reference: gradient of pg_learn's objective at sklearn's solution
    w = weights_for(y, classes, cw)
    Z = np.c_[np.ones(len(y)), X] if icpt else X
    p = 1 / (1 + np.exp(-(Z @ beta)))
    yy = (y == classes[1]).astype(float)
    grad = Z.T @ (w * (yy - p)) - lam * (np.r_[0.0, beta[1:]] if icpt else beta)
    print("# %s: scikit-learn %s newton-cholesky, max |gradient| of the penalised log-likelihood at its solution %.3g"
          % (fit, sklearn.__version__, np.max(np.abs(grad))))
    coef = pg_coef(fit)
    if list(coef) != terms:
        not_ok("%s: terms" % fit, "pg_learn [%s], expected [%s]" % (" ".join(coef), " ".join(terms)))
        return
    compare_values("%s: coefficients vs scikit-learn C=1/%g%s%s" % (fit, lam, "" if icpt else ", fit_intercept=False",
                                                                "" if skw is None else ", class_weight=%r" % (skw,)),
                   check, [(t, num(coef[t]["estimate"]), b) for t, b in zip(terms, beta)], rtol)
    # probabilities of every row, and the (weighted) log-likelihood
    pids, P, labels, pclasses = pg_proba(fit)
    ref_P = m.predict_proba(X)
    if pids != ids or pclasses != classes:
        not_ok("%s: probabilities" % fit, "rows or classes differ (classes %s vs %s)" % (pclasses, classes))
        return
    err = np.abs(P - ref_P).max()
    note(check, 0.0)
    what = "%s: predict_proba of all %d rows" % (fit, len(ids))
    if not err <= proba_atol:
        not_ok(what, "max abs difference %.3g" % err)
    else:
        ok("%s [max abs difference %.3g]" % (what, err))
    ref_ll = float(np.sum(w * np.log(ref_P[np.arange(len(y)), [classes.index(v) for v in y]])))
    compare_values("%s: %slog-likelihood at the optimum vs scikit-learn's" % (fit, "" if cw == "none" else "weighted "),
                   check, [("log_likelihood", num(pg_stats(fit)["log_likelihood"]), ref_ll)], ll_rtol)

def check_sklearn_multinomial(fit, table, target, feats, cw, check):
    ids, rows = load(table)
    X = np.array([[float(r[f]) for f in feats] for r in rows])
    y = np.array([int(r[target]) for r in rows])
    mu, sd = X.mean(axis=0), X.std(axis=0)
    Xs = (X - mu) / sd                           # standardised: newton-cg converges to tol 1e-8
    if cw not in ("none", "balanced"):
        raise ValueError("class weight %s not handled by the multinomial reference" % cw)
    m = sk_fit(Xs, y, penalty=no_penalty(), multi_class="multinomial", solver="newton-cg",
               tol=1e-8, max_iter=10000, class_weight=None if cw == "none" else cw)
    classes = [str(c) for c in m.classes_]
    w = weights_for(np.array([str(v) for v in y]), classes, cw)
    # baseline parameterisation on the raw scale: class c vs class 0
    W = m.coef_ / sd                              # k x p, raw scale
    a = m.intercept_ - m.coef_ @ (mu / sd)
    B = np.c_[a - a[0], W - W[0]][1:]             # (k-1) x (1+p)
    Y = np.eye(len(classes))[y]
    R = w[:, None] * (Y - m.predict_proba(Xs))
    grad = np.c_[np.ones(len(y)), X].T @ R
    print("# %s: scikit-learn %s newton-cg on standardised features, max |gradient| of the log-likelihood (raw scale) at its solution %.3g"
          % (fit, sklearn.__version__, np.max(np.abs(grad))))
    ref_P = m.predict_proba(Xs)
    pids, P, labels, pclasses = pg_proba(fit)
    if pids != ids or pclasses != classes:
        not_ok("%s: probabilities" % fit, "rows or classes differ (classes %s vs %s)" % (pclasses, classes))
        return
    err = np.abs(P - ref_P).max()
    what = "%s: predict_proba of all %d rows x %d classes vs scikit-learn multinomial (unpenalised%s)" % (
        fit, len(ids), len(classes), "" if cw == "none" else ", class_weight=%r" % cw)
    if not err <= proba_atol:
        not_ok(what, "max abs difference %.3g" % err)
    else:
        ok("%s [max abs difference %.3g]" % (what, err))
    ref_labels = [str(c) for c in m.predict(Xs)]
    agree = np.mean([a_ == b_ for a_, b_ in zip(labels, ref_labels)])
    what = "%s: predict_label vs scikit-learn predict" % fit
    if agree < label_agree:
        not_ok(what, "%.2f%% identical, need %.1f%%" % (100 * agree, 100 * label_agree))
    else:
        ok("%s [%.2f%% of %d identical]" % (what, 100 * agree, len(ids)))
    ref_ll = float(np.sum(w * np.log(ref_P[np.arange(len(y)), y])))
    compare_values("%s: %slog-likelihood vs scikit-learn's" % (fit, "" if cw == "none" else "weighted "), check,
                   [("log_likelihood", num(pg_stats(fit)["log_likelihood"]), ref_ll)], ll_rtol)
    coef = pg_coef(fit)
    terms = ["%s:%s" % (c, t) for c in classes[1:] for t in ["(intercept)"] + feats]
    if list(coef) != terms:
        not_ok("%s: terms" % fit, "pg_learn [%s], expected [%s]" % (" ".join(coef), " ".join(terms)))
        return
    compare_values("%s: coefficients vs scikit-learn's, mapped to the baseline parameterisation and raw scale" % fit,
                   check, [(t, num(coef[t]["estimate"]), b) for t, b in zip(terms, B.ravel())], rtol)

# ---- check 5 -----------------------------------------------------------------
def check_streams():
    path = os.path.join(work, "streams.list")
    for line in open(path).read().splitlines():
        name, options, ref_fit = line.split("|")
        coef = read_csv(os.path.join(work, "stream_coef_%s.csv" % name))
        metrics = {r["version"]: r for r in read_csv(os.path.join(work, "stream_metrics_%s.csv" % name))}
        mem = {r["term"]: r for r in coef if r["version"] == "1"}
        st = {r["term"]: r for r in coef if r["version"] == "2"}
        if set(metrics) != {"1", "2"} or metrics["1"]["path"] != "memory" or metrics["2"]["path"] != "streaming":
            not_ok("streaming %s: training_path" % name, "metrics %r" % metrics)
            continue
        if list(mem) != list(st) or not mem:
            not_ok("streaming %s: terms" % name, "memory [%s], streaming [%s]" % (" ".join(mem), " ".join(st)))
            continue
        pairs = [(t + " estimate", num(st[t]["estimate"]), num(mem[t]["estimate"])) for t in mem]
        pairs += [(t + " std_error", num(st[t]["std_error"]), num(mem[t]["std_error"])) for t in mem
                  if mem[t]["std_error"] != "" or st[t]["std_error"] != ""]
        pairs.append(("log_likelihood", num(metrics["2"]["log_likelihood"]), num(metrics["1"]["log_likelihood"])))
        compare_values("streaming %s %s: streamed (%s passes, %s iterations) vs in-memory (%s iterations) model"
                       % (name, options, metrics["2"]["passes"], metrics["2"]["iterations"], metrics["1"]["iterations"]),
                       "5 streaming", pairs, stream_rtol)
        # against the references of the original 569 rows
        rpath = os.path.join(work, "ref_%s.csv" % ref_fit)
        if os.path.exists(rpath):                  # R glm: same estimates, standard errors / 10
            ref = read_csv(rpath)
            pairs = [(r["term"] + " " + r["statistic"], num(mem[r["term"]][r["statistic"]]) *
                      (10.0 if r["statistic"] == "std_error" else 1.0), num(r["value"]))
                     for r in ref if r["statistic"] in ("estimate", "std_error") and r["term"] in mem]
            compare_values("streaming %s: estimates and 10 x standard errors vs R glm on the original rows (%s)"
                           % (name, ref_fit), "5 streaming", pairs, rtol)
        elif ref_fit in SK_REF:                    # the scikit-learn fit of check 4
            ref = SK_REF[ref_fit]
            pairs = [(t, num(mem[t]["estimate"]) if t in mem else math.nan, b) for t, b in ref.items()]
            compare_values("streaming %s: estimates vs scikit-learn's for %s (the original rows, lambda = 1)"
                           % (name, ref_fit), "5 streaming", pairs, rtol)
        else:
            not_ok("streaming %s: reference" % name, "no reference %s" % ref_fit)

# ---- run ---------------------------------------------------------------------
print("# scikit-learn %s, numpy %s; tolerances: %g relative, log-likelihood %g, probabilities %g absolute, streaming %g"
      % (sklearn.__version__, np.__version__, rtol, ll_rtol, proba_atol, stream_rtol))
CHECK_NAMES = {"glm": "1 glm", "glm_w": "4 class weights (glm)", "multinom": "2 multinomial",
               "multinom_w": "4 class weights (multinomial)",
               "sklearn": "3 penalised", "sklearn_w": "4 class weights (scikit-learn)"}
for line in open(os.path.join(work, "fits.list")).read().splitlines():
    check, fit, table, target, feats, icpt, lam, cw = line.split("|")
    feats = feats.split(",")
    kind = check + ("_w" if cw != "none" else "")
    name = CHECK_NAMES[kind]
    try:
        if not status_check(fit, name):
            continue
        if check == "glm":
            compare_with_r(fit, name, "R glm")
        elif check == "multinom":
            compare_with_r(fit, name, "R nnet::multinom")
            check_sklearn_multinomial(fit, table, target, feats, cw, name)
        elif check == "sklearn":
            check_sklearn_binary(fit, table, target, feats, icpt == "1", float(lam), cw, name)
    except Exception as e:                       # a broken reference is a failure, not a crash
        not_ok("%s: comparison" % fit, "%s: %s" % (type(e).__name__, e))
try:
    check_streams()
except Exception as e:
    not_ok("streaming: comparison", "%s: %s" % (type(e).__name__, e))
for check in sorted(summary):
    print("# check %s: max relative difference %.3g" % (check, summary[check]))
PY

if ! "$SKLEARN_PYTHON" "$WORK/compare.py" "$WORK" "$DATA" "$RTOL" "$LL_RTOL" "$PROBA_ATOL" "$LABEL_AGREE" \
       "$STREAM_RTOL" >"$WORK/compare.out" 2>&1; then
  cat "$WORK/compare.out"
  bail "compare: scikit-learn script failed"
fi
tee -a "$TAP" < "$WORK/compare.out"
# ---------------------------------------------------------------------------
# Check 6: warm-started fits (in memory; streamed) vs a fit to tol 1e-15
# ---------------------------------------------------------------------------
# shellcheck source=warm_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/warm_lib.sh"
warm_setup
for target in yb yc; do
  name="warm_$target"
  # version 1: in memory (default tol); 2: the reference, streamed to tol 1e-15;
  # 3: streamed (default tol)
  if ! warm_fits logistic_regression "$name" "$target"; then
    emit "not ok - warm start $target: learn.train failed: $(cat "$WORK"/warm_"${target}"_*.log | tr '\n' ' ')"
    continue
  fi
  for v in 1 3; do
    read -r path iter passes < <(grep -v NOTICE "$WORK/warm_${target}_$v.log" | tail -1)
    expected_path=memory; [ "$v" = 3 ] && expected_path=streaming
    read -r coef_rel se_rel ll_rel < <(psql_db -At -F ' ' -c "
SELECT max(abs(a.estimate - b.estimate) / (abs(b.estimate) + b.std_error)),
       max(abs(a.std_error - b.std_error) / b.std_error),
       (SELECT abs((x.metrics->>'log_likelihood')::float8 - (y.metrics->>'log_likelihood')::float8)
               / abs((y.metrics->>'log_likelihood')::float8)
        FROM learn.models x, learn.models y WHERE x.name = '$name' AND y.name = '$name' AND x.version = $v AND y.version = 2)
FROM learn.coefficients(learn.model('$name', $v)) a JOIN learn.coefficients(learn.model('$name', 2)) b USING (term)")
    what="warm start $target, $expected_path"
    if ! grep -q 'warm start on [0-9]* rows' "$WORK/warm_${target}_$v.log"; then
      emit "not ok - $what: the fit reported no warm start"
    elif [ "$path" != "$expected_path" ] || [ "${iter:-99}" -gt 4 ]; then
      emit "not ok - $what: path '$path', iterations $iter (at most 4 expected)"
    elif awk -v c="$coef_rel" -v s="$se_rel" -v l="$ll_rel" 'BEGIN { exit !(c < 1e-9 && s < 1e-6 && l < 1e-9) }'; then
      emit "ok - $what: 400000 rows with a warm start ($iter evaluations over all rows, passes $passes) equal the fit to tol 1e-15: estimates $coef_rel relative to |estimate| + se (tol 1e-9), standard errors $se_rel (tol 1e-6), log-likelihood $ll_rel (tol 1e-9)"
    else
      emit "not ok - $what: estimates $coef_rel (tol 1e-9), standard errors $se_rel (tol 1e-6), log-likelihood $ll_rel (tol 1e-9)"
    fi
  done
done

n_fits=$(grep -c . "$WORK/fits.list")
[ "$n_fits" -eq "${#FITS[@]}" ] || emit "not ok - only $n_fits of ${#FITS[@]} fits reached the comparison"

finish
