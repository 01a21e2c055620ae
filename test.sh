#!/usr/bin/env bash
# All the tests, on a fresh machine: make sure redis-server exists (the fixtures start their own
# on free ports, or use the one REDIS_CONNECTION names), then run the whole suite.
# Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v redis-server >/dev/null; then
  echo "== installing redis-server (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq redis-server >/dev/null
fi
redis-server --version

dotnet test Orleans.sln "$@"
