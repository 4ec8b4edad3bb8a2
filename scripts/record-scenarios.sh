#!/bin/sh
# Records our own conformance scenarios against the local Docker Engine (20.10, both builders).
# usage: scripts/record-scenarios.sh [PREFIX...]   e.g. scripts/record-scenarios.sh s05 s12
# Without arguments every tests/scenarios/s* folder is recorded. Each scenario resets the engine
# (record.mjs removes every image but local/busybox:1), so nothing else may use docker meanwhile.
set -e
cd "$(dirname "$0")/.."
RECORD=${RECORD:-/work/shared/tools/record.mjs}
/usr/bin/docker info >/dev/null 2>&1 || { echo "docker is not running: run /work/shared/tools/setup-docker.sh" >&2; exit 1; }
if [ $# -eq 0 ]; then set -- s; fi
for prefix in "$@"; do
  for dir in tests/scenarios/"$prefix"*/; do
    [ -f "$dir/scenario.json" ] || continue
    node "$RECORD" "${dir%/}"
  done
done
