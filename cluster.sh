#!/usr/bin/env bash
# Starts an N-silo cluster on this machine: each silo its own process with its own silo, gateway
# and HTTP ports, all sharing one Redis (Redis__ConnectionString, or a private redis-server this
# script starts) for the event store, the read models and the Orleans membership table
# (Microsoft.Orleans.Clustering.Redis). Prints the addresses, runs a short client scenario that
# reaches the cluster through the membership table (users-cli --redis), then keeps the cluster up
# until Ctrl-C, or stops at once with --scenario-and-exit.
#
#   ./cluster.sh [N=3] [--scenario-and-exit]
#
# Ports: silo i (1..N) listens on 11210+i (silo), 30100+i (gateway), 8180+i (HTTP); set
# CLUSTER_PORT_OFFSET to shift them all (e.g. 100 for a second cluster beside this one).
set -euo pipefail
cd "$(dirname "$0")"

silos=3
exit_after_scenario=false
for arg in "$@"; do
  case "$arg" in
    --scenario-and-exit) exit_after_scenario=true ;;
    ''|*[!0-9]*) echo "usage: $0 [N] [--scenario-and-exit]" >&2; exit 2 ;;
    *) silos=$arg ;;
  esac
done
[ "$silos" -ge 1 ] || { echo "N must be at least 1" >&2; exit 2; }
offset=${CLUSTER_PORT_OFFSET:-0}
cluster_id=${Orleans__ClusterId:-users-local}

if ! command -v redis-server >/dev/null; then
  echo "== installing redis-server (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq redis-server >/dev/null
fi

echo "== building"
dotnet build src/Silo -c Release -v quiet -nologo | tail -2
dotnet build src/Client -c Release -v quiet -nologo | tail -2

workdir=$(mktemp -d)
pids=()
redis_pid=""
cleanup() {
  # Silos first, so none writes to a Redis that is already gone.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$redis_pid" ]; then kill -TERM "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  echo "== stopped (logs in $workdir)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${Redis__ConnectionString:-}" ]; then
  redis_port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  mkdir -p "$workdir/redis"
  # setsid: Ctrl-C reaches this script, which stops the silos before Redis.
  setsid redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$workdir/redis" --appendonly yes \
    --appendfsync everysec --save "" --stream-node-max-bytes 640 --logfile "$workdir/redis/redis.log" &
  redis_pid=$!
  for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export Redis__ConnectionString="127.0.0.1:$redis_port"
  echo "== private redis-server at $Redis__ConnectionString (data in $workdir/redis)"
fi
redis="$Redis__ConnectionString"

echo "== starting $silos silos of cluster '$cluster_id'"
for i in $(seq 1 "$silos"); do
  Orleans__ClusteringMode=Redis Orleans__ClusterId="$cluster_id" \
  Orleans__SiloPort=$((11210 + offset + i)) Orleans__GatewayPort=$((30100 + offset + i)) \
  Http__Url="http://127.0.0.1:$((8180 + offset + i))" \
  ReadModels__SqlitePath="$workdir/readmodels/users.db" \
    dotnet src/Silo/bin/Release/net10.0/Silo.dll >"$workdir/silo$i.log" 2>&1 &
  pids+=($!)
done
for i in $(seq 1 "$silos"); do
  log="$workdir/silo$i.log"
  for _ in $(seq 1 240); do
    grep -q "Silo started" "$log" && break
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null || { cat "$log"; echo "silo $i exited"; exit 1; }
    sleep 0.5
  done
  grep -q "Silo started" "$log" || { cat "$log"; echo "silo $i did not start in 120s"; exit 1; }
  echo "silo $i: pid ${pids[$((i - 1))]}, silo port $((11210 + offset + i)), gateway $((30100 + offset + i)), HTTP http://127.0.0.1:$((8180 + offset + i)), log $log"
done

cli() { dotnet src/Client/bin/Release/net10.0/users-cli.dll --redis "$redis" --cluster-id "$cluster_id" "$@"; }
echo "== client scenario through the membership table: users-cli --redis $redis --cluster-id $cluster_id"
if [ -n "$redis_pid" ]; then
  echo "   membership table: $(redis-cli -p "$redis_port" --scan --pattern "*$cluster_id*" | tr '\n' ' ')"
fi
cli users demo --users 20
cli users get alice --json
cli projections status | grep -v '^  p'
echo "== the same user through each silo's HTTP API"
for i in $(seq 1 "$silos"); do
  echo "silo $i: $(curl -sS "http://127.0.0.1:$((8180 + offset + i))/users/alice")"
done

if $exit_after_scenario; then exit 0; fi
echo "== the cluster runs; Ctrl-C stops it. Try: dotnet src/Client/bin/Release/net10.0/users-cli.dll --redis $redis --cluster-id $cluster_id users get alice"
wait "${pids[@]}"
