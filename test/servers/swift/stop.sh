#!/usr/bin/env bash
# Stops the cluster start.sh started, by the PIDs it recorded (never by process name), and removes its data.
set -uo pipefail
DIR="${SWIFT_S3_DIR:-/tmp/mambu-backfill-swift}"
RUN="$DIR/run"
[ -d "$RUN" ] || { echo "Swift s3api is not running (no $RUN)"; exit 0; }
for name in proxy object container account memcached; do
  f="$RUN/$name.pid"
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$f"
done
rm -rf "$DIR"
echo "Swift s3api stopped"
