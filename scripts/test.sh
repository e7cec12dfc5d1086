#!/usr/bin/env bash
# pg_learn's whole test run, from a fresh Debian 12 machine:
#   installs the Debian packages it needs (as root), builds with -Wall -Wextra
#   (-Werror when CI is set), installs, starts a throwaway PostgreSQL 15
#   cluster as an ordinary user on a private port and socket directory, and runs
#     1. the pg_regress suite (sql/ + expected/),
#     2. the TAP tests (test/t/, PostgreSQL::Test::Cluster),
#     3. the reference checks against R and scikit-learn (test/reference/),
#   then stops the cluster and fails if the server log shows a backend killed
#   by a signal.  Ends with a line "N passed, M failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"

passed=0
failed=0
failures=()
record() {  # record <name> <status>
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
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
for i in $(seq 1 $((n_tests - n_failed))); do record regress 0; done
for f in $(grep -E 'FAILED|^not ok' /tmp/pg_learn_regress.$$ | awk '{print $2}'); do record "regress:$f" 1; done
if [ -f regression.diffs ]; then
  say "regression.diffs:"; head -200 regression.diffs
fi
rm -f /tmp/pg_learn_regress.$$

say "TAP tests"
if [ -x test/run_tap.sh ] || [ -f test/run_tap.sh ]; then
  bash test/run_tap.sh; record tap $?
fi

say "reference checks"
for check in test/reference/check_*.sh; do
  [ -f "$check" ] || continue
  say "$check"
  bash "$check"; record "$(basename "$check")" $?
done

learn_cluster_stop; record "server log has no signal-terminated backend" $?
trap - EXIT

[ ${#failures[@]} -gt 0 ] && say "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
