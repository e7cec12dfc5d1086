# Shared by check_logreg.sh (check 6) and check_linear_svm.sh (check D): the
# warm-start checks' rows and fits.  Source it after psql_db, emit and
# oneline are defined and WORK is set.

# warm_setup: the 400,000 rows of warm_rows.sql in table warm
warm_setup() {
  psql_db -q -f "$(dirname "${BASH_SOURCE[0]}")/warm_rows.sql" >"$WORK/warm_setup.log" 2>&1 \
    || emit "not ok - warm start: setup failed: $(oneline "$WORK/warm_setup.log")"
}

# warm_fits ALGORITHM NAME TARGET: three learn.train runs of NAME, their
# NOTICEs in $WORK/warm_TARGET_V.log: version 1 in memory (default tol,
# verbose), 2 the reference (streamed to tol 1e-15), 3 streamed (default
# tol, verbose); each log ends with "path iterations passes".
warm_fits() {
  local v limit options
  for v in 1 2 3; do
    case $v in
      1) limit=1GB; options='{"verbose": true}' ;;
      2) limit=1MB; options='{"tol": 1e-15}' ;;
      3) limit=1MB; options='{"verbose": true}' ;;
    esac
    psql_db -At -F ' ' >"$WORK/warm_${3}_$v.log" 2>&1 <<SQL || return 1
SET client_min_messages = notice;
SET learn.memory_limit = '$limit';
SELECT metrics->>'training_path', metrics->>'iterations', coalesce(metrics->>'passes', '-')
FROM learn.train('$2', '$1', 'warm', '$3', ARRAY['x1', 'x2', 'x3', 'x4'], '$options');
SQL
  done
}
