#!/usr/bin/env bash
# A real PostgreSQL primary and streaming standby on this machine (initdb +
# pg_basebackup, each on its own port), then ops/replica_probe.py through Django with
# DATABASE_REPLICA_URLS set. If replication cannot be set up, it says why and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PGBIN/initdb" ] || { echo "FAIL: PostgreSQL server binaries (initdb) not found" >&2; exit 1; }
# Below the ephemeral range (32768-60999): no outgoing connection can hold them.
PRIMARY_PORT=25430 STANDBY_PORT=25431
WORK=$(mktemp -d /tmp/pf-replica.XXXXXX)
RUN_AS=()
[ "$(id -u)" = 0 ] && RUN_AS=(runuser -u postgres --)   # initdb refuses to run as root
chown -R "$(stat -c %U /var/run/postgresql 2>/dev/null || echo postgres)" "$WORK" 2>/dev/null || true
[ "$(id -u)" = 0 ] && chown -R postgres "$WORK"

pg() { "${RUN_AS[@]}" "$PGBIN/$@"; }
cleanup() {
  set +e
  pg pg_ctl -D "$WORK/standby" -m fast stop >/dev/null 2>&1
  pg pg_ctl -D "$WORK/primary" -m fast stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

pg initdb -D "$WORK/primary" -U postgres --auth=trust -E UTF8 >/dev/null
cat >> "$WORK/primary/postgresql.conf" <<CONF
port = $PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
wal_level = replica
max_wal_senders = 4
hot_standby = on
CONF
echo "host replication postgres 127.0.0.1/32 trust" >> "$WORK/primary/pg_hba.conf"
pg pg_ctl -D "$WORK/primary" -l "$WORK/primary.log" -w start >/dev/null \
  || { echo "FAIL: the primary did not start" >&2; cat "$WORK/primary.log" >&2; exit 1; }

pg pg_basebackup -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D "$WORK/standby" -R -X stream \
  || { echo "FAIL: pg_basebackup could not copy the primary" >&2; exit 1; }
sed -i "s/^port = .*/port = $STANDBY_PORT/" "$WORK/standby/postgresql.conf"
pg pg_ctl -D "$WORK/standby" -l "$WORK/standby.log" -w start >/dev/null \
  || { echo "FAIL: the standby did not start" >&2; cat "$WORK/standby.log" >&2; exit 1; }
echo "== primary on :$PRIMARY_PORT, streaming standby on :$STANDBY_PORT"

psql -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -qc "CREATE DATABASE forum" >/dev/null
for _ in $(seq 50); do
  psql -h 127.0.0.1 -p $STANDBY_PORT -U postgres -d forum -qc "SELECT 1" >/dev/null 2>&1 && break
  sleep 0.2
done

REDIS_DB_URL=${REPLICA_REDIS_URL:-redis://127.0.0.1:6379/13}
redis-cli -u "$REDIS_DB_URL" flushdb >/dev/null || { echo "FAIL: Redis unreachable" >&2; exit 1; }
export DEBUG=0 SECRET_KEY="replica-drill-$(openssl rand -hex 24)" ALLOWED_HOSTS=127.0.0.1 \
  SECURE_SSL_REDIRECT=0 LOG_LEVEL=WARNING REDIS_URL="$REDIS_DB_URL" \
  DATABASE_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/forum" \
  DATABASE_REPLICA_URLS="postgres://postgres@127.0.0.1:$STANDBY_PORT/forum" \
  DJANGO_SETTINGS_MODULE=config.settings
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py createcachetable
.venv/bin/python ops/replica_probe.py
