#!/usr/bin/env bash
# Bytes of Redis memory per event: appends EVENTS user events (NameChanged, with the metadata the
# provider writes: _version, _event_id, _schema, _command_id) through the real append script
# (src/RedisEventSourcing/Scripts/append.lua, so each event also gets its feed reference) to a
# fresh private redis-server, and divides the growth of INFO memory's used_memory by EVENTS.
# Runs each stream-node-max-bytes in NODE_SIZES for each events-per-user in PER_USER.
# Usage: bench/memory-per-event.sh [EVENTS] (default 100000). Needs redis-server, redis-cli, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-100000}
NODE_SIZES=${NODE_SIZES:-"4096 640"}
PER_USER=${PER_USER:-"10 100 1000"}
PARTITIONS=16
SCRIPT=src/RedisEventSourcing/Scripts/append.lua
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# RESP for redis-cli --pipe: one EVALSHA per event, users interleaved as live traffic would be.
generate() { # $1 sha, $2 events per user
  python3 - "$1" "$2" "$EVENTS" "$PARTITIONS" <<'PY'
import sys, uuid, zlib
sha, per_user, events, partitions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
users = max(1, events // per_user)
out = sys.stdout.buffer
def cmd(*args):
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(b), b))
    out.write(b"".join(parts))
ids = [f"user-{n:07d}" for n in range(users)]
for v in range(1, per_user + 1):
    for uid in ids:
        p = zlib.crc32(uid.encode()) % partitions
        stream, feed = f"es:{{p{p:02d}}}:user:{uid}", f"es:{{p{p:02d}}}:feed"
        fields = ["type", "NameChanged", "id", uid, "name", f"Name number {v}", "_version", v,
                  "_event_id", str(uuid.uuid4()), "_schema", 1, "_command_id", str(uuid.uuid4())]
        cmd("EVALSHA", sha, 2, stream, feed, 0, v - 1, "", 0, 1, len(fields), *fields)
PY
}

used() { redis-cli -p "$PORT" INFO memory | tr -d '\r' | sed -n 's/^used_memory:\([0-9]*\)$/\1/p'; }

printf '| stream-node-max-bytes | events per user | users | events | bytes per event |\n|---:|---:|---:|---:|---:|\n'
for node in $NODE_SIZES; do
  for per_user in $PER_USER; do
    rm -rf "$WORK/data"; mkdir -p "$WORK/data"
    redis-server --port "$PORT" --bind 127.0.0.1 --dir "$WORK/data" --save "" --appendonly no \
      --stream-node-max-bytes "$node" --daemonize no --logfile "$WORK/redis.log" &
    PID=$!
    until redis-cli -p "$PORT" PING >/dev/null 2>&1; do sleep 0.1; done
    sha=$(redis-cli -p "$PORT" SCRIPT LOAD "$(cat "$SCRIPT")")
    before=$(used)
    generate "$sha" "$per_user" | redis-cli -p "$PORT" --pipe >/dev/null
    after=$(used)
    total=$(( (EVENTS / per_user) * per_user ))
    # Every event must have landed (and got its feed reference), or the figure means nothing.
    referenced=0
    for p in $(seq 0 $((PARTITIONS - 1))); do
      referenced=$(( referenced + $(redis-cli -p "$PORT" XLEN "es:{p$(printf '%02d' "$p")}:feed") ))
    done
    [ "$referenced" -eq "$total" ] || { echo "only $referenced of $total events landed; see $WORK/redis.log" >&2; exit 1; }
    printf '| %s | %s | %s | %s | %s |\n' "$node" "$per_user" "$((EVENTS / per_user))" "$total" "$(( (after - before) / total ))"
    redis-cli -p "$PORT" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
    wait "$PID" 2>/dev/null || true
    PID=""
  done
done
