#!/usr/bin/env bash
# All the tests, on a fresh machine: make sure redis-server, PostgreSQL 15 and chromium exist (the
# fixtures start their own servers on free ports, or use the ones REDIS_CONNECTION and
# POSTGRES_CONNECTION name; the replay page tests drive /usr/bin/chromium through Playwright, which
# never downloads a browser of its own), then run the whole suite.
# Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v redis-server >/dev/null; then
  echo "== installing redis-server (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq redis-server >/dev/null
fi
redis-server --version

if [ -z "${POSTGRES_CONNECTION:-}" ] && [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  echo "== installing postgresql-15 (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

dotnet test Orleans.sln "$@"
