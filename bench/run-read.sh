#!/usr/bin/env bash
# Read-side benchmark (issue 10): rebuild rate of each users read model from the feeds beside raw
# XRANGE paging and Marten's async daemon, and live append-to-read-model lag under 2,000 commands/s.
# Writes docs/benchmarks-read.md.
#   bench/run-read.sh                 1M events, two CopyBuilder settings (pages of 1,000 and 50,000, 4 partitions at once), two Marten settings, 30 s live windows (~20-30 min on 2 cores)
#   bench/run-read.sh --quick         100k events, two settings, 10 s live windows (a few minutes)
#   bench/run-read.sh --events N      another event count (a multiple of 10); --help lists every option
# Floors are reported in the file, never an exit code: a miss is a figure for the docs.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "redis-server is not on PATH (apt-get install -y redis-server)"; exit 1; }
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "PostgreSQL 15 binaries missing (apt-get install -y postgresql-15)"; exit 1; }
dotnet build bench/ReadBench -c Release -v quiet -nologo | tail -3
exec dotnet bench/ReadBench/bin/Release/net10.0/ReadBench.dll "$@" --output docs/benchmarks-read.md
