# tap_lib.sh: the scaffolding a reference check shares, sourced (not run) by
# test/reference/check_*.sh.  Before sourcing, set NAME (scratch database
# learn_<NAME>_<pid> and work directory /tmp/learn_<NAME>.*).  It provides
# WORK, TAP, DB, SKLEARN_PYTHON and the functions emit, psql_db, oneline,
# create_db, finish and bail; drops the database and the work directory on
# exit or interruption; and bails unless scikit-learn and the server answer.
set -u

DB=learn_${NAME}_$$
SKLEARN_PYTHON=/usr/bin/python3   # the system python has python3-sklearn

WORK=$(mktemp -d "/tmp/learn_${NAME}.XXXXXX")
chmod 755 "$WORK"
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

# Drop the scratch database, print "N passed, M failed"; true when all passed.
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

create_db() {
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $DB" >/dev/null 2>"$WORK/err" \
    || bail "setup: CREATE DATABASE $DB failed: $(oneline "$WORK/err")"
  DB_CREATED=1
}

exec 3>&1 4>&2
trap 'trap - INT TERM; exec 1>&3 2>&4; bail "interrupted"' INT TERM
trap '[ -n "$FINISHED" ] || { drop_db; rm -rf "$WORK"; }' EXIT

[ -x "$SKLEARN_PYTHON" ] || bail "prerequisites: $SKLEARN_PYTHON not found"
"$SKLEARN_PYTHON" -c 'import sklearn, numpy' 2>"$WORK/err" \
  || bail "prerequisites: scikit-learn not importable by $SKLEARN_PYTHON: $(oneline "$WORK/err")"
psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>"$WORK/err" \
  || bail "server: cannot connect ($(oneline "$WORK/err"))"
