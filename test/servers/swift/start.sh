#!/usr/bin/env bash
# Starts a throwaway OpenStack Swift cluster with the s3api middleware on 127.0.0.1, for the S3 destination's
# "faithful server" suite (real SigV4, SignatureDoesNotMatch, NoSuchBucket, real multipart).
# Needs the Debian packages swift swift-proxy swift-account swift-container swift-object memcached, and root.
# Idempotent: when the cluster from an earlier call still answers, it only prints the env again.
# Everything lives under $SWIFT_S3_DIR (default /tmp/mambu-backfill-swift); /etc/swift/swift.conf is only read
# (Swift reads its hash prefix/suffix from there; the rings and server configs are ours).
# Output: $SWIFT_S3_DIR/env with SWIFT_S3_ENDPOINT, SWIFT_S3_ACCESS_KEY, SWIFT_S3_SECRET_KEY, SWIFT_S3_REGION
# (the tests read it; `source` it to use the cluster from a shell).
set -euo pipefail

DIR="${SWIFT_S3_DIR:-/tmp/mambu-backfill-swift}"
PY=/usr/bin/python3
ETC="$DIR/etc"; SRV="$DIR/srv"; RUN="$DIR/run"; LOG="$DIR/log"
ENV_FILE="$DIR/env"

for bin in swift-proxy-server swift-account-server swift-container-server swift-object-server memcached; do
  command -v "$bin" >/dev/null || { echo "start.sh: $bin not found; apt-get install -y swift swift-proxy swift-account swift-container swift-object memcached" >&2; exit 1; }
done
[ -r /etc/swift/swift.conf ] || { echo "start.sh: /etc/swift/swift.conf missing (installed by the swift package)" >&2; exit 1; }

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

if [ -f "$ENV_FILE" ] && alive proxy && alive account && alive container && alive object && alive memcached; then
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  if curl -fsS "$SWIFT_S3_ENDPOINT/healthcheck" >/dev/null 2>&1; then
    echo "Swift s3api already running"; cat "$ENV_FILE"; exit 0
  fi
fi

# A half-started earlier cluster: stop what is left of it, by its recorded PIDs.
if [ -d "$RUN" ]; then "$(dirname "$0")/stop.sh" >/dev/null 2>&1 || true; fi
rm -rf "$DIR"
mkdir -p "$ETC" "$SRV/sdb1" "$RUN" "$LOG"

# Five free loopback ports (the rings need fixed ports, so port 0 cannot be used directly).
read -r P_PROXY P_ACCOUNT P_CONTAINER P_OBJECT P_MEMCACHED < <($PY - <<'PY'
import socket
socks = []
for _ in range(5):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
)

common() {
  cat <<CONF
[DEFAULT]
swift_dir = $ETC
devices = $SRV
mount_check = false
bind_ip = 127.0.0.1
bind_port = $1
workers = 0
log_level = INFO
CONF
}

{ common "$P_ACCOUNT"; cat <<CONF
[pipeline:main]
pipeline = account-server
[app:account-server]
use = egg:swift#account
CONF
} > "$ETC/account-server.conf"

{ common "$P_CONTAINER"; cat <<CONF
[pipeline:main]
pipeline = container-server
[app:container-server]
use = egg:swift#container
CONF
} > "$ETC/container-server.conf"

{ common "$P_OBJECT"; cat <<CONF
[pipeline:main]
pipeline = object-server
[app:object-server]
use = egg:swift#object
CONF
} > "$ETC/object-server.conf"

{ common "$P_PROXY"; cat <<CONF
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk s3api tempauth copy slo dlo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$P_MEMCACHED
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:s3api]
use = egg:swift#s3api
location = us-east-1
s3_acl = false
[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin
user_test2_reader = reading
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
CONF
} > "$ETC/proxy-server.conf"

# One device, one replica: enough for a faithful protocol, small enough to start in about two seconds.
# One Python process builds all three rings (swift-ring-builder would pay Swift's import time nine times).
"$PY" - "$ETC" "$P_ACCOUNT" "$P_CONTAINER" "$P_OBJECT" <<'PY'
import sys
from swift.common.ring import RingBuilder
etc, ports = sys.argv[1], dict(zip(("account", "container", "object"), map(int, sys.argv[2:5])))
for name, port in ports.items():
    b = RingBuilder(6, 1, 1)
    b.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": port, "device": "sdb1", "weight": 100})
    b.rebalance()
    b.save(f"{etc}/{name}.builder")
    b.get_ring().save(f"{etc}/{name}.ring.gz")
PY

# Each daemon in the foreground of its own background job, so $! is the daemon's own PID; -v logs to the file.
memcached -l 127.0.0.1 -p "$P_MEMCACHED" -U 0 -u root >"$LOG/memcached.log" 2>&1 &
echo $! > "$RUN/memcached.pid"
for srv in account container object proxy; do
  "swift-$srv-server" "$ETC/$srv-server.conf" -v >"$LOG/$srv.log" 2>&1 &
  echo $! > "$RUN/$srv.pid"
done

ENDPOINT="http://127.0.0.1:$P_PROXY"
for _ in $(seq 1 100); do
  if curl -fsS "$ENDPOINT/healthcheck" >/dev/null 2>&1; then break; fi
  sleep 0.1
done
curl -fsS "$ENDPOINT/healthcheck" >/dev/null || { echo "start.sh: the Swift proxy did not come up; see $LOG/proxy.log" >&2; tail -20 "$LOG/proxy.log" >&2; exit 1; }
# The tempauth account is created on first use; touching it here keeps the first test from paying for it.
curl -fsS -o /dev/null -H 'X-Storage-User: test:tester' -H 'X-Storage-Pass: testing' "$ENDPOINT/auth/v1.0" || true

cat > "$ENV_FILE" <<ENV
export SWIFT_S3_ENDPOINT=$ENDPOINT
export SWIFT_S3_ACCESS_KEY=test:tester
export SWIFT_S3_SECRET_KEY=testing
export SWIFT_S3_REGION=us-east-1
ENV
echo "Swift s3api running at $ENDPOINT (logs in $LOG)"
cat "$ENV_FILE"
