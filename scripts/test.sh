#!/usr/bin/env bash
# pg_learn's whole test run, from a fresh Debian 12 machine:
#   installs the Debian packages it needs (as root), builds with -Wall -Wextra
#   (-Werror when CI is set), installs, starts a throwaway PostgreSQL 15
#   cluster as an ordinary user on a private port and socket directory, and runs
#     1. the pg_regress suite (sql/ + expected/),
#     2. the TAP tests (test/t/, PostgreSQL::Test::Cluster),
#     3. the reference checks against R and scikit-learn (test/reference/),
#     4. a short run of the libFuzzer harnesses (test/fuzz/run.sh),
#   then stops the cluster and fails if the server log shows a backend killed
#   by a signal.  Ends with a line "N passed, M failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"

passed=0
failed=0
failures=()
record() {  # record <name> <status> [n_passed n_failed]
  if [ $# -ge 4 ]; then
    passed=$((passed + $3)); failed=$((failed + $4))
    [ "$2" -ne 0 ] && [ "$4" -eq 0 ] && failed=$((failed + 1))
  elif [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  [ "$2" -ne 0 ] && failures+=("$1")
  return 0
}
# run <name> <command...>: run a suite, count what its summary line reports
run() {
  local name=$1; shift
  local log; log=$(mktemp)
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  local tests; tests=$(grep -oE 'Tests=[0-9]+' "$log" | tail -1 | cut -d= -f2)
  if [ -n "$line" ]; then
    record "$name" "$status" "$(echo "$line" | awk '{print $1}')" "$(echo "$line" | awk '{print $3}')"
  elif [ -n "$tests" ]; then
    if [ "$status" -eq 0 ]; then record "$name" 0 "$tests" 0; else record "$name" "$status" 0 1; fi
  else
    record "$name" "$status"
  fi
  rm -f "$log"
}

learn_install_packages "${CORE_PACKAGES[@]}" "${TEST_PACKAGES[@]}" || exit 1
learn_build_install || { echo "build failed"; exit 1; }
learn_cluster_start || { echo "could not start PostgreSQL"; exit 1; }
trap 'learn_cluster_stop >/dev/null 2>&1' EXIT

say "pg_regress"
rm -rf results regression.diffs regression.out
make -s PG_CONFIG="$PG_BIN/pg_config" installcheck 2>&1 | tee /tmp/pg_learn_regress.$$ | grep -vE '^(=|\s*$)'
n_tests=$(grep -cE '^(test |ok |not ok )' /tmp/pg_learn_regress.$$ || true)
n_failed=$(grep -E '^(test |not ok )' /tmp/pg_learn_regress.$$ | grep -cE 'FAILED|failed \(ignored\)|^not ok' || true)
[ "$n_tests" -eq 0 ] && record "pg_regress ran no test" 1
for i in $(seq 1 $((n_tests - n_failed))); do record regress 0; done
for f in $(grep -E 'FAILED|^not ok' /tmp/pg_learn_regress.$$ | awk '{print $2}'); do record "regress:$f" 1; done
if [ -f regression.diffs ]; then
  say "regression.diffs:"; head -200 regression.diffs
fi
rm -f /tmp/pg_learn_regress.$$

say "TAP tests"
if [ -x test/run_tap.sh ] || [ -f test/run_tap.sh ]; then
  run tap bash test/run_tap.sh
fi

say "reference checks"
for check in test/reference/check_*.sh; do
  [ -f "$check" ] || continue
  say "$check"
  run "$(basename "$check")" bash "$check"
done

say "fuzz harnesses (short run)"
run fuzz bash test/fuzz/run.sh

learn_cluster_stop; record "server log has no signal-terminated backend" $?
trap - EXIT

[ ${#failures[@]} -gt 0 ] && say "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
