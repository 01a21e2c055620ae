#!/usr/bin/env bash
# Silo crash under load, for longer than CI runs it (issue 12, fault test 1): three silos as separate
# processes (src/Silo) on one private redis-server (appendfsync always), a steady rename load over
# 40 users, one silo after another killed with SIGKILL and restarted; then every acknowledged
# command is looked up in the streams. Prints acknowledged / persisted / lost / duplicated.
#   bench/run-crash.sh          300 s of load (a kill every ~7 s of it)
#   bench/run-crash.sh 1800     another duration, in seconds
# It is tests/EventSourcing.Tests' SiloCrashTests with FAULTS_CRASH_SECONDS set; the exit code is the test's.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
case "$seconds" in ''|*[!0-9]*) echo "usage: $0 [seconds]" >&2; exit 2 ;; esac
command -v redis-server >/dev/null || { echo "redis-server is not on PATH (apt-get install -y redis-server)"; exit 1; }
dotnet build tests/EventSourcing.Tests -c Release -v quiet -nologo | tail -2
log=$(mktemp)
status=0
FAULTS_CRASH_SECONDS=$seconds dotnet test tests/EventSourcing.Tests -c Release --no-build \
  --filter "FullyQualifiedName~Faults.SiloCrashTests" --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
# The test prints each kill and restart, then one line of counts.
grep -E "killed silo|restarted silo|acknowledged [0-9]+" "$log" | sed 's/^ *//'
[ "$status" -eq 0 ] && echo "PASS: nothing acknowledged was lost or duplicated" || { tail -60 "$log"; echo "FAIL (full log: $log)"; }
exit "$status"
