#!/usr/bin/env bash
# Runs the whole suite N times (default 20) to flush out flaky tests. Builds once, then
# `dotnet test --no-build` per run; the full output of every failing run is kept in
# tests/soak-logs/run-<k>.log, and the names of the tests that failed are summed up at the end.
# Usage: tests/soak.sh [N] [extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}; shift || true
logs=tests/soak-logs
mkdir -p "$logs"
command -v redis-server >/dev/null || { echo "redis-server is missing: run ./test.sh once first"; exit 2; }
dotnet build Orleans.sln -v quiet -nologo >/dev/null || { echo "build failed"; exit 2; }

clean=0
for k in $(seq 1 "$runs"); do
  out=$(mktemp)
  start=$(date +%s)
  if dotnet test Orleans.sln --no-build "$@" >"$out" 2>&1; then
    clean=$((clean + 1)); verdict=clean
    rm -f "$out"
  else
    verdict="FAILED (log: $logs/run-$k.log)"
    mv "$out" "$logs/run-$k.log"
  fi
  echo "run $k/$runs: $verdict in $(( $(date +%s) - start )) s"
done

echo "== $clean of $runs runs clean"
if ls "$logs"/run-*.log >/dev/null 2>&1; then
  echo "== failed tests, by count"
  grep -h -E '^\s+Failed [A-Za-z]' "$logs"/run-*.log | sed -E 's/^\s+Failed ([^ ]+).*/\1/' | sort | uniq -c | sort -rn
fi
[ "$clean" -eq "$runs" ]
