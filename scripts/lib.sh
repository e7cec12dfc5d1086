#!/usr/bin/env bash
# Shared helpers for pg_learn's scripts: installing what is needed, building,
# and running a throwaway PostgreSQL 15 cluster as an ordinary user on a
# private port and socket directory.  Sourced, not executed.

PG_MAJOR=15
# PG_BIN may point at a relocated copy of the installation (parallel work trees)
export PG_BIN=${PG_BIN:-/usr/lib/postgresql/$PG_MAJOR/bin}
# what building and running needs (the demo) ...
CORE_PACKAGES=(postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-$PG_MAJOR-cron
               liblapacke-dev libblas-dev liblapack-dev make gcc)
# ... and what the tests add: PostgreSQL's TAP framework needs IPC::Run; R and
# scikit-learn are the reference implementations.
TEST_PACKAGES=(libipc-run-perl r-base-core python3-sklearn python3-scipy python3-numpy python3-psycopg2 python3-mpmath)
TEST_PACKAGES+=(clang libclang-rt-14-dev)  # libFuzzer harnesses (test/fuzz/)
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '==> %s\n' "$*" >&2; }

# Install the Debian packages named (default: the core set) that are missing
# (root only; other users must have them already).
learn_install_packages() {
  local missing=() wanted=("$@")
  [ ${#wanted[@]} -eq 0 ] && wanted=("${CORE_PACKAGES[@]}")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing packages: ${missing[*]} (run as root to install them)"; return 1
  fi
  say "installing ${missing[*]}"
  if [ ! -f /var/lib/apt/lists/lock ] || [ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v lock)" ]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
}

# Build (warnings as errors when CI is set) and install the extension.
learn_build_install() {
  local flags="-Wall -Wextra"
  [ -n "${CI:-}" ] && flags="$flags -Werror"
  say "building pg_learn ($flags)"
  make -C "$REPO" -s PG_CONFIG="$PG_BIN/pg_config" LEARN_CFLAGS="$flags" >/dev/null
  if [ "$(id -u)" -eq 0 ]; then
    make -C "$REPO" -s PG_CONFIG="$PG_BIN/pg_config" install >/dev/null
  else
    sudo make -C "$REPO" -s PG_CONFIG="$PG_BIN/pg_config" install >/dev/null
  fi
}

# Run a command as the cluster's owner (postgres when we are root).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Start a throwaway cluster; sets PGDATA_DIR, PGHOST, PGPORT, PGUSER.
learn_cluster_start() {
  PGPORT=${PGPORT:-$((54000 + RANDOM % 1000))}
  CLUSTER_DIR=$(mktemp -d /tmp/pg_learn_cluster.XXXXXX)
  chmod 755 "$CLUSTER_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$CLUSTER_DIR"
  PGDATA_DIR=$CLUSTER_DIR/data
  as_owner "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$PGDATA_DIR/postgresql.conf" <<CONF
listen_addresses = ''
port = $PGPORT
unix_socket_directories = '$CLUSTER_DIR'
shared_preload_libraries = 'pg_cron'
cron.database_name = 'postgres'
max_worker_processes = 16
max_parallel_workers_per_gather = 2
log_min_messages = warning
CONF
  as_owner "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$CLUSTER_DIR/server.log" -w start >/dev/null
  export PGHOST=$CLUSTER_DIR PGPORT PGUSER=postgres PGDATABASE=postgres
  say "PostgreSQL $PG_MAJOR running on port $PGPORT, socket $CLUSTER_DIR"
}

# Stop the cluster and fail if any backend died from a signal.
learn_cluster_stop() {
  [ -n "${PGDATA_DIR:-}" ] || return 0
  as_owner "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
  if grep -E 'terminated by signal|was terminated by exception' "$CLUSTER_DIR/server.log" >/dev/null 2>&1; then
    say "server log shows a backend killed by a signal:"
    grep -E 'terminated by signal|was terminated by exception' "$CLUSTER_DIR/server.log" >&2
    return 1
  fi
  [ -n "${KEEP_CLUSTER:-}" ] || rm -rf "$CLUSTER_DIR"
  PGDATA_DIR=
}
