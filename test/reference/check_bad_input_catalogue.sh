#!/usr/bin/env bash
# check_bad_input_catalogue.sh: the bad-input catalogue (sql/bad_input_*.sql,
# plus sql/access.sql for the access functions) covers every SQL-callable
# function and aggregate of the extension, and counts its cases.
#
# Needs a running server reachable through the PG* environment variables
# with pg_learn installed.  It lists learn.* functions and aggregates from a
# scratch database (learn_catalogue_<pid>) and, for each name, looks for a
# call "learn.<name>(" in the catalogue files.  Trigger and planner-support
# functions count when the catalogue calls them directly (they must refuse).
# A case is one line of a catalogue file that runs try(...): one statement
# whose SQLSTATE or result the expected file records.
set -uo pipefail
cd "$(dirname "$0")/../.."
db=learn_catalogue_$$
files=(sql/bad_input_*.sql sql/access.sql)
fail=0
psql -XqAt -d postgres -c "CREATE DATABASE $db" >/dev/null || { echo "not ok - could not create $db"; exit 1; }
trap 'psql -XqAt -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null' EXIT
names=$(psql -XqAt -d "$db" -c "CREATE EXTENSION pg_learn" \
  -c "SELECT DISTINCT p.proname FROM pg_proc p WHERE p.pronamespace = 'learn'::regnamespace ORDER BY 1") \
  || { echo "not ok - could not list the functions"; exit 1; }
n_names=0
for f in $names; do
  n_names=$((n_names + 1))
  if grep -qiE "learn\.\"?$f\"?\(" "${files[@]}"; then
    echo "ok - learn.$f is called by the catalogue"
  else
    echo "not ok - learn.$f is not called by the catalogue"; fail=1
  fi
done
for f in "${files[@]}"; do
  [ -f "$f" ] || { echo "not ok - $f is missing"; fail=1; continue; }
  echo "# $f: $(grep -cE '^SELECT (left\()?try\(' "$f") cases"
done
total=$(cat "${files[@]}" | grep -cE '^SELECT (left\()?try\(')
catalogue=$(cat sql/bad_input_*.sql | grep -cE '^SELECT (left\()?try\(')
echo "# $n_names function and aggregate names; $catalogue bad-input cases, $total with sql/access.sql"
[ "$catalogue" -ge 400 ] && echo "ok - the catalogue has $catalogue cases (at least 400)" \
  || { echo "not ok - the catalogue has only $catalogue cases"; fail=1; }
exit $fail
