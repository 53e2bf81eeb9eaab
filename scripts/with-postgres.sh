#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL server, so the county tests run on PostgreSQL
# as well as on SQLite: a cluster in a temporary folder, on a free local port, started by the
# unprivileged `postgres` user when run as root (initdb refuses root), stopped and removed
# when the command ends. The command sees NENGBAO_TEST_PG=postgres://…/nengbao_test.
#
# Usage: scripts/with-postgres.sh COMMAND [ARGS…]
# If the server cannot be started the script fails with the reason; it never runs the command
# without it (scripts/setup.sh installs PostgreSQL from Debian's packages).
set -euo pipefail

fail() { echo "with-postgres: $*" >&2; exit 1; }

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then bindir=$d; break; fi
done
if [ -z "$bindir" ] && command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
  bindir=$(dirname "$(command -v pg_ctl)")
fi
[ -n "$bindir" ] || fail "PostgreSQL is not installed (initdb/pg_ctl not found); run scripts/setup.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nengbao-pg.XXXXXX")
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || fail "running as root but there is no 'postgres' user to run the server (install Debian's postgresql package)"
  chown postgres "$tmp"
  # Run from the temporary folder: the caller's folder may be closed to that user.
  as_pg=(runuser -u postgres -- env -C "$tmp")
fi

# A free port: ask the kernel for one, then let the server bind it.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

stop() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate -s stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT

if ! "${as_pg[@]}" "$bindir/initdb" -D "$tmp/data" -U nengbao --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$tmp/initdb.log" 2>&1; then
  cat "$tmp/initdb.log" >&2
  fail "initdb failed (log above)"
fi
# A test server: durability off (the tests need speed, not crash safety) unless
# NENGBAO_PG_DURABLE=1 (benchmarks compare with SQLite's synchronous=FULL); local socket in the
# temporary folder, TCP on loopback only.
opts="-p $port -k $tmp -c listen_addresses=127.0.0.1 -c max_connections=60"
[ "${NENGBAO_PG_DURABLE:-0}" = 1 ] || opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if ! "${as_pg[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 -s -o "$opts" start; then
  cat "$tmp/server.log" >&2 || true
  fail "the PostgreSQL server did not start (log above)"
fi
if ! "${as_pg[@]}" "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U nengbao -d postgres \
      -c "CREATE DATABASE nengbao_test" >/dev/null; then
  fail "could not create the test database"
fi

version=$("${as_pg[@]}" "$bindir/psql" -At -h 127.0.0.1 -p "$port" -U nengbao -d nengbao_test -c "SHOW server_version")
echo "with-postgres: PostgreSQL $version on 127.0.0.1:$port (cluster in $tmp)"
export NENGBAO_TEST_PG="postgres://nengbao@127.0.0.1:$port/nengbao_test"
export NENGBAO_REQUIRE_PG=1
"$@"
