#!/usr/bin/env bash
# A real Celery worker on the local Redis broker runs the notification tasks of a reply
# (ops/celery_probe.py). Cleans up after itself; fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

PG=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432}
DB=pf_celery_drill
BROKER=${CELERY_DRILL_BROKER:-redis://127.0.0.1:6379/12}
WORK=$(mktemp -d /tmp/pf-celery.XXXXXX)
WORKER=""
cleanup() {
  set +e
  [ -n "$WORKER" ] && kill "$WORKER" 2>/dev/null && wait "$WORKER" 2>/dev/null
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  redis-cli -u "$BROKER" flushdb >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

redis-cli -u "$BROKER" ping >/dev/null || { echo "FAIL: Redis unreachable at $BROKER" >&2; exit 1; }
redis-cli -u "$BROKER" flushdb >/dev/null
export DEBUG=0 SECRET_KEY="celery-drill-$(openssl rand -hex 24)" ALLOWED_HOSTS=127.0.0.1 \
  SECURE_SSL_REDIRECT=0 LOG_LEVEL=WARNING DATABASE_URL="$PG/$DB" \
  CELERY_BROKER_URL="$BROKER" CELERY_TASK_ALWAYS_EAGER=0 \
  EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH="$WORK/mail"

psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
psql "$PG/postgres" -qc "CREATE DATABASE $DB" >/dev/null
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py createcachetable

.venv/bin/celery -A config worker --loglevel=WARNING --concurrency=1 --without-gossip \
  --without-mingle >"$WORK/worker.log" 2>&1 &
WORKER=$!
for _ in $(seq 100); do
  .venv/bin/celery -A config inspect ping --timeout 1 >/dev/null 2>&1 && break
  sleep 0.3
done
.venv/bin/celery -A config inspect ping --timeout 2 >/dev/null \
  || { echo "FAIL: the worker did not start" >&2; cat "$WORK/worker.log" >&2; exit 1; }
echo "== a Celery worker is consuming from $BROKER"
.venv/bin/python ops/celery_probe.py || { cat "$WORK/worker.log" >&2; exit 1; }
