#!/usr/bin/env bash
# The pg_regress suite with every backend under Valgrind's memcheck.
#
# Starts a throwaway cluster whose postmaster runs under valgrind (backends
# are forked, so each runs under memcheck too, each with its own log), runs
# the whole pg_regress suite against the installed pg_learn, stops the
# cluster, and fails on any memcheck error (invalid read or write, use of
# uninitialised memory, invalid free, overlapping copy...) whose stack has a
# frame in pg_learn.so.  Errors entirely inside PostgreSQL or libc are
# counted and printed, not failed: Debian's server is not built with
# USE_VALGRIND, so PostgreSQL's own deliberate patterns (uninitialised
# padding written to WAL or the stats file) show up as noise.
#
#   bash test/valgrind/run.sh         # PG_BIN selects the installation
#
# Memcheck sees every access our code makes to the stack, to malloc'd memory
# and to the blocks palloc carves chunks from, and flags use of never-written
# memory anywhere.  An overrun of a small palloc chunk into its neighbour in
# the same block is beyond it (that needs a USE_VALGRIND server build).
#
# Many times slower than the plain suite: run it by hand, not in CI.
# cancel.sql is left out (it measures wall time, and its 20,000 x 300 table
# takes minutes under memcheck; the code it runs is run by logreg.sql);
# VALGRIND_TESTS="a b" runs only the files named.
#
# Prints "ok - ..." / "not ok - ..." lines and "N passed, M failed".
set -uo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"

PG_CONFIG=$PG_BIN/pg_config
passed=0
failed=0
check() {  # check <description> <status>
  if [ "$2" -eq 0 ]; then echo "ok - $1"; passed=$((passed + 1))
  else echo "not ok - $1"; failed=$((failed + 1)); fi
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}
command -v valgrind >/dev/null || { echo "not ok - valgrind not found (apt-get install valgrind)"; echo "0 passed, 1 failed"; exit 1; }

work=$(mktemp -d /tmp/pg_learn_valgrind.XXXXXX)
chmod 755 "$work"
data=$work/pgdata
vgpid=
cleanup() {
  if [ -f "$data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
  fi
  if [ "$failed" -eq 0 ] && [ -z "${KEEP_VALGRIND:-}" ]; then rm -rf "$work"
  else echo "# logs kept in $work" >&2; fi
}
trap cleanup EXIT

mkdir -p "$work/vg"
cp -a "$REPO/sql" "$REPO/expected" "$REPO/data" "$work/"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$work"
as_owner "$PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
port=$((55000 + RANDOM % 1000))
cat >> "$data/postgresql.conf" <<CONF
listen_addresses = ''
port = $port
unix_socket_directories = '$work'
max_worker_processes = 16
max_parallel_workers_per_gather = 2
log_min_messages = warning
autovacuum = off
CONF

say "starting the postmaster under valgrind"
as_owner valgrind --tool=memcheck --quiet --trace-children=no --num-callers=30 \
  --fullpath-after= --read-var-info=no --error-limit=no \
  --log-file="$work/vg/%p.log" \
  "$PG_BIN/postgres" -D "$data" >"$work/server.log" 2>&1 &
vgpid=$!
export PGHOST=$work PGPORT=$port PGUSER=postgres PGDATABASE=postgres
for _ in $(seq 1 240); do
  "$PG_BIN/pg_isready" -q && break
  sleep 1
done
"$PG_BIN/pg_isready" -q
check "postmaster under valgrind accepts connections (port $port)" $?
[ "$failed" -eq 0 ] || { tail -30 "$work/server.log"; finish; }

say "pg_regress under valgrind (slow)"
pgxs_dir=$(dirname "$("$PG_CONFIG" --pgxs)")/../..
tests=${VALGRIND_TESTS:-$(cd "$work/sql" && ls *.sql | sed 's/\.sql$//' | grep -vx cancel)}
(cd "$work" && as_owner "$pgxs_dir/src/test/regress/pg_regress" --inputdir=. --bindir="$PG_BIN" \
   --load-extension=pg_learn --dbname=contrib_regression $tests) >"$work/regress.out" 2>&1
grep -E '^(test |ok |not ok )' "$work/regress.out" | sed 's/^/# /'
bad=$(grep -E '^(test |not ok )' "$work/regress.out" | grep -E 'FAILED|^not ok' | awk '{print $2}' | tr '\n' ' ')
n_files=$(echo $tests | wc -w)
[ -z "$bad" ]
check "pg_regress files pass under valgrind ($n_files files)${bad:+: failed $bad}" $?

as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 600 stop >/dev/null
wait "$vgpid" 2>/dev/null

# Each error block begins with "==PID== <message>" and ends at "==PID== ".
blocks() {  # blocks <log>...: the error blocks, each followed by "--"
  awk '
    /^==[0-9]+== [A-Z]/ && !inblk { inblk = 1; blk = $0 "\n"; next }
    inblk && /^==[0-9]+== *$/ { print blk "--"; inblk = 0; next }
    inblk { blk = blk $0 "\n" }
  ' "$@"
}
# ours: the blocks with a frame in pg_learn.so (our sources, built with -g,
# show as .../src/{api,core,algorithms}/file.c:line), except glibc's known
# dynamic-loader report (strncmp in is_dst reading a strdup'd rpath with
# SSE loads): it shows a pg_learn frame when one of our SPI queries makes
# PostgreSQL dlopen its JIT provider, but the read is ld.so's own.
ours() {
  awk 'BEGIN { RS = "--\n" } /(at|by) 0x[0-9A-Fa-f]+: [^\n]*(pg_learn\.so|\/src\/(api|core|algorithms)\/)/ && !/by 0x[0-9A-Fa-f]+: is_dst \(elf\// { print; print "--" }' "$1"
}
# The filter itself: of four made-up reports, two have a pg_learn frame that
# counts (the fourth is the loader's report under one of our SPI calls).
printf '%s\n' '==1== Invalid read of size 8' '==1==    at 0x4C: LearnModelDecode (/r/src/core/model.c:120)' '==1== ' \
  '==1== Invalid read of size 8' '==1==    at 0x4C: strncmp (string/strcmp.S:162)' '==1==    by 0x4D: is_dst (elf/dl-load.c:216)' '==1== ' \
  '==1== Conditional jump or move depends on uninitialised value(s)' '==1==    at 0x4C: strlen (in /lib/libc.so.6)' \
  '==1==    by 0x4C: ??? (in /usr/lib/postgresql/15/lib/pg_learn.so)' '==1== ' \
  '==1== Invalid read of size 8' '==1==    at 0x4C: strncmp (string/strcmp.S:162)' '==1==    by 0x4D: is_dst (elf/dl-load.c:216)' \
  '==1==    by 0x4E: RunMetrics (/r/src/api/evaluate.c:49)' '==1== ' >"$work/fake.log"
blocks "$work/fake.log" >"$work/fake.txt"
[ "$(ours "$work/fake.txt" | grep -c '^--$')" -eq 2 ]
check "the report filter finds pg_learn frames (self-test on made-up reports)" $?

errors=$work/errors.txt
blocks "$work"/vg/*.log >"$errors"
n_all=$(grep -c '^--$' "$errors" || true)
ours_text=$(ours "$errors")
n_ours=$(printf '%s' "$ours_text" | grep -c '^--$' || true)
echo "# valgrind: $(ls "$work"/vg/*.log | wc -l) processes, $n_all error reports in all, $n_ours with a pg_learn frame"
[ "$n_ours" -gt 0 ] && printf '%s\n' "$ours_text" | head -120 | sed 's/^/# /'
[ "$n_all" -gt 0 ] && [ "$n_ours" -eq 0 ] &&
  awk 'BEGIN { RS = "--\n" } { split($0, l, "\n"); sub(/^==[0-9]+== /, "", l[1]); print l[1] }' "$errors" |
    sort | uniq -c | sort -rn | head -10 | sed 's/^/# outside pg_learn: /'
[ "$n_ours" -eq 0 ]
check "no memcheck error in pg_learn's code" $?
! grep -E 'terminated by signal|was terminated by exception' "$work/server.log"
check "no backend killed by a signal" $?
finish
