#!/usr/bin/env bash
# The main job on a fresh machine: make sure redis-server exists, build, start a silo (which
# starts its own private Redis unless Redis__ConnectionString is set), run the client's demo
# scenario against it, show the raw log with redis-cli, then stop everything.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v redis-server >/dev/null; then
  echo "== installing redis-server (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq redis-server >/dev/null
fi

echo "== building"
dotnet build src/Silo -c Release -v quiet -nologo | tail -2
dotnet build src/Client -c Release -v quiet -nologo | tail -2

workdir=$(mktemp -d)
silo_log="$workdir/silo.log"
export Redis__DataDirectory="${Redis__DataDirectory:-$workdir/redis}"
echo "== starting the silo (log: $silo_log)"
dotnet src/Silo/bin/Release/net10.0/Silo.dll >"$silo_log" 2>&1 &
silo_pid=$!
cleanup() { kill -TERM "$silo_pid" 2>/dev/null && wait "$silo_pid" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  grep -q "Silo started" "$silo_log" && break
  kill -0 "$silo_pid" 2>/dev/null || { cat "$silo_log"; echo "the silo exited"; exit 1; }
  sleep 0.5
done
grep -q "Silo started" "$silo_log" || { cat "$silo_log"; echo "the silo did not start in 60s"; exit 1; }
grep "Silo started" "$silo_log"
redis_addr=$(grep -o "Redis at [0-9.]*:[0-9]*" "$silo_log" | head -1 | cut -d' ' -f3)

cli() { dotnet src/Client/bin/Release/net10.0/users-cli.dll "$@"; }
echo "== client scenario"
cli users demo --users 20

echo "== audit trail and time travel"
cli users history alice
cli users get alice --at-version 1 --json
cli users get alice --as-of "$(date -u +%Y-%m-%dT%H:%M:%SZ)"

echo "== queries answered by the read models (projections of the partition feeds, never the grains)"
cli projections status | grep -v '^  p'
cli users find --email alice.liddell@example.com
cli users search liddell
cli users list --limit 5

echo "== rebuild a read model from the log beside the live one (blue/green), and a copy as of an instant"
cli projections rebuild users_redis
cli projections rebuild users --as-of "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --copy users_demo_asof
cli users list --limit 3 --copy users_demo_asof
cli projections copies users
cli projections drop-copy users users_demo_asof

echo "== the raw log, as any Redis client sees it (redis-cli -h ${redis_addr%:*} -p ${redis_addr#*:})"
key=$(redis-cli -h "${redis_addr%:*}" -p "${redis_addr#*:}" --scan --pattern 'es:{p*}:user:alice' | head -1)
echo "XRANGE $key - +"
redis-cli -h "${redis_addr%:*}" -p "${redis_addr#*:}" XRANGE "$key" - +

echo "== refused commands give clear errors and non-zero exit codes"
cli users create alice --name "Alice again" || echo "(exit code $?)"
cli users change-email alice not-an-email || echo "(exit code $?)"
api=$(grep -o "HTTP API at http[^ ]*" "$silo_log" | head -1 | cut -d' ' -f4)
echo "== the HTTP API at $api (README, HTTP API): GET /users/alice"
curl -sS "$api/users/alice"; echo
echo "== done"
