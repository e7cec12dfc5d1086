#!/usr/bin/env bash
# Run pg_learn's TAP tests (test/t/*.pl) with PostgreSQL's own TAP framework
# (PostgreSQL::Test::Cluster / PostgreSQL::Test::Utils, shipped by Debian in
# postgresql-server-dev-15), against the installed extension.
#
#   bash test/run_tap.sh                 # every test
#   bash test/run_tap.sh 001_dump_restore.pl   # only the named tests
#
# initdb refuses to run as root, so as root the tests run as the `postgres`
# OS user, in a temporary directory that user owns (the tests are copied
# there: the checkout may not be readable by postgres).  Prints prove's
# output and exits with prove's status.  PG_TEST_NOCLEAN=1 keeps the data
# directories; the logs are kept on failure (path printed at the end).
set -u

# PostgreSQL 15 by default; PG_CONFIG=/path/to/pg_config selects another build.
PG_CONFIG=${PG_CONFIG:-${PG_BIN:-/usr/lib/postgresql/15/bin}/pg_config}
if [ ! -x "$PG_CONFIG" ]; then
	echo "run_tap.sh: $PG_CONFIG not found (install postgresql-15 and postgresql-server-dev-15, or set PG_CONFIG)" >&2
	exit 2
fi
PGBIN=$("$PG_CONFIG" --bindir)
PGXS_DIR=$(dirname "$("$PG_CONFIG" --pgxs)")/../..
PGXS_DIR=$(cd "$PGXS_DIR" && pwd)
PERL_DIR=$PGXS_DIR/src/test/perl
PG_REGRESS_BIN=$PGXS_DIR/src/test/regress/pg_regress
here=$(cd "$(dirname "$0")" && pwd)

for f in "$PERL_DIR/PostgreSQL/Test/Cluster.pm" "$PG_REGRESS_BIN" "$PGBIN/initdb"; do
	if [ ! -e "$f" ]; then
		echo "run_tap.sh: $f not found (install postgresql-15 and postgresql-server-dev-15)" >&2
		exit 2
	fi
done
if ! command -v prove >/dev/null 2>&1; then
	echo "run_tap.sh: prove not found (install perl)" >&2
	exit 2
fi
if ! perl -MIPC::Run -e 1 2>/dev/null; then
	echo "run_tap.sh: perl module IPC::Run not found (install libipc-run-perl)" >&2
	exit 2
fi

# Which tests: arguments (names or paths under test/t), or all of them.
tests=()
if [ $# -gt 0 ]; then
	for a in "$@"; do
		b=$(basename "$a")
		if [ ! -f "$here/t/$b" ]; then
			echo "run_tap.sh: no test $here/t/$b" >&2
			exit 2
		fi
		tests+=("$b")
	done
else
	for f in "$here"/t/*.pl; do
		[ -f "$f" ] && tests+=("$(basename "$f")")
	done
fi
if [ ${#tests[@]} -eq 0 ]; then
	echo "run_tap.sh: no tests in $here/t" >&2
	exit 2
fi

if [ "$(id -u)" -eq 0 ]; then
	runas=(runuser -u postgres --)
	if ! id postgres >/dev/null 2>&1; then
		echo "run_tap.sh: running as root needs a 'postgres' OS user" >&2
		exit 2
	fi
else
	runas=()
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pg_learn_tap.XXXXXX") || exit 2
mkdir -p "$work/t"
cp "${tests[@]/#/$here/t/}" "$work/t/" || exit 2
if [ ${#runas[@]} -gt 0 ]; then
	chown -R postgres: "$work"
fi
chmod 700 "$work"

# The framework reads TESTDIR (tmp_check goes there), PG_REGRESS (for
# --config-auth in init) and finds initdb, pg_ctl, psql, pg_dump... in PATH.
status=0
(
	cd "$work" &&
	"${runas[@]}" env \
		PATH="$PGBIN:$PATH" \
		PERL5LIB="$PERL_DIR${PERL5LIB:+:$PERL5LIB}" \
		TESTDIR="$work" \
		PG_REGRESS="$PG_REGRESS_BIN" \
		${PG_TEST_NOCLEAN:+PG_TEST_NOCLEAN=$PG_TEST_NOCLEAN} \
		PG_TEST_TIMEOUT_DEFAULT="${PG_TEST_TIMEOUT_DEFAULT:-60}" \
		HOME="$work" \
		prove ${PROVE_FLAGS:-} -I "$PERL_DIR" "${tests[@]/#/t/}"
) || status=$?

if [ $status -eq 0 ] && [ -z "${PG_TEST_NOCLEAN:-}" ]; then
	rm -rf "$work"
else
	echo "run_tap.sh: logs kept in $work/tmp_check/log" >&2
fi
exit $status
