#!/usr/bin/env bash
# Two gunicorn instances behind nginx (deploy/nginx.conf), production settings, shared
# PostgreSQL and Redis; then a member's journey through the balancer (ops/lb_journey.py),
# and a check that both instances served it. Cleans up after itself; fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PG=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432}
DB=pf_lb_drill
REDIS_DB_URL=${LB_REDIS_URL:-redis://127.0.0.1:6379/7}
PORT_A=8101 PORT_B=8102 HTTP_PORT=8180 HTTPS_PORT=8443
RUN_DIR=$(mktemp -d /tmp/pf-lb.XXXXXX)
PIDS=()

cleanup() {
  set +e
  [ -f "$RUN_DIR/nginx.pid" ] && kill "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
[ -n "${KEEP_LB_LOGS:-}" ] && trap "cat \"$RUN_DIR\"/gunicorn-*.out >&2; cleanup" EXIT

command -v nginx >/dev/null || { echo "FAIL: nginx is not installed" >&2; exit 1; }
redis-cli -u "$REDIS_DB_URL" ping >/dev/null || { echo "FAIL: Redis unreachable" >&2; exit 1; }
redis-cli -u "$REDIS_DB_URL" flushdb >/dev/null

export DEBUG=0 SECRET_KEY="lb-drill-$(openssl rand -hex 24)" \
  ALLOWED_HOSTS=127.0.0.1,localhost CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$HTTPS_PORT" \
  DATABASE_URL="$PG/$DB" REDIS_URL="$REDIS_DB_URL" BEHIND_TLS_PROXY=1 \
  EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend \
  EMAIL_FILE_PATH="$RUN_DIR/mail" SITE_URL="https://127.0.0.1:$HTTPS_PORT" \
  SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING

psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null
psql "$PG/postgres" -qc "CREATE DATABASE $DB" >/dev/null
$PY manage.py migrate --noinput -v0
$PY manage.py createcachetable
$PY manage.py loaddata fixtures/demo.json -v0
$PY manage.py rerender_posts >/dev/null
$PY manage.py rebuild_counters >/dev/null
$PY manage.py collectstatic --noinput -v0

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -keyout "$RUN_DIR/tls.key" -out "$RUN_DIR/tls.crt" 2>/dev/null
sed -e "s#@RUN_DIR@#$RUN_DIR#g" -e "s#@PORT_A@#$PORT_A#g" -e "s#@PORT_B@#$PORT_B#g" \
  -e "s#@HTTP_PORT@#$HTTP_PORT#g" -e "s#@HTTPS_PORT@#$HTTPS_PORT#g" \
  deploy/nginx.conf > "$RUN_DIR/nginx.conf"

for port in $PORT_A $PORT_B; do
  GUNICORN_BIND="127.0.0.1:$port" WEB_CONCURRENCY=2 GUNICORN_ACCESS_LOG="$RUN_DIR/gunicorn-$port.log" \
    .venv/bin/gunicorn -c gunicorn.conf.py config.wsgi >"$RUN_DIR/gunicorn-$port.out" 2>&1 &
  PIDS+=($!)
done
nginx -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"

for port in $PORT_A $PORT_B; do
  for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.2
  done
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null \
    || { echo "FAIL: instance on $port is not ready" >&2; cat "$RUN_DIR/gunicorn-$port.out" >&2; exit 1; }
done
echo "== two instances ready behind nginx on https://127.0.0.1:$HTTPS_PORT"

$PY ops/lb_journey.py "https://127.0.0.1:$HTTPS_PORT" "$RUN_DIR/mail"

for port in $PORT_A $PORT_B; do
  served=$(grep -c "upstream=127.0.0.1:$port" "$RUN_DIR/nginx-access.log" || true)
  echo "  instance :$port served $served requests"
  [ "$served" -gt 0 ] || { echo "FAIL: instance $port served nothing" >&2; exit 1; }
done
echo "load-balancer drill passed"
