#!/usr/bin/env bash
# Replay benchmark (issue 3): activation time against history length, with and without snapshots,
# beside the raw XRANGE rate of the same streams. Writes docs/benchmarks-replay.md.
#   bench/run-replay.sh           100 .. 1M events (several minutes)
#   bench/run-replay.sh --quick   100 .. 100k events, fewer repetitions (~1-2 minutes)
# Exit code 2 when a floor fails.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "redis-server is not on PATH (apt-get install -y redis-server)"; exit 1; }
dotnet build bench/ReplayBench -c Release -v quiet -nologo | tail -3
exec dotnet bench/ReplayBench/bin/Release/net10.0/ReplayBench.dll "$@" --output docs/benchmarks-replay.md
