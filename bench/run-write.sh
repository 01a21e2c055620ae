#!/usr/bin/env bash
# Write-path benchmark (issue 4). Usage: bench/run-write.sh [--quick] [driver options; --help lists them]
# Rewrites the write-path section of docs/benchmarks.md and docs/benchmarks-write.png. Needs redis-server, redis-benchmark
# and PostgreSQL 15 binaries (/usr/lib/postgresql/15/bin); it starts and stops private servers itself.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release -nologo -v quiet bench/WriteBench.Silo/WriteBench.Silo.csproj >/dev/null
dotnet build -c Release -nologo -v quiet bench/WriteBench/WriteBench.csproj >/dev/null
exec dotnet bench/WriteBench/bin/Release/net10.0/WriteBench.dll \
  --silo-dll bench/WriteBench.Silo/bin/Release/net10.0/WriteBench.Silo.dll "$@"
