#!/usr/bin/env bash
# `make bench`: seed the benchmark database once (PostgreSQL), then serve it with
# gunicorn in production mode and drive it with wrk (ops/bench.py). Results go to the
# terminal and, with BENCH_WRITE=1, into docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PG=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432}
DB=${BENCH_DB:-pf_bench}
if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian package) for the load benchmark"
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
    || { echo "FAIL: wrk is not installed and apt-get could not install it" >&2; exit 1; }
fi
pg_isready -h 127.0.0.1 -p 5432 -t 5 >/dev/null || { echo "FAIL: PostgreSQL unreachable" >&2; exit 1; }

export DEBUG=0 SECRET_KEY="bench-$(openssl rand -hex 24)" ALLOWED_HOSTS=127.0.0.1 \
  SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING \
  DATABASE_URL="$PG/$DB" REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/8}" \
  RATE_LIMIT_REPLY="1000000/60/user,1000000/60/ip" \
  CELERY_TASK_ALWAYS_EAGER=0 CELERY_BROKER_URL="${BENCH_BROKER_URL:-redis://127.0.0.1:6379/13}" \
  EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend

if ! psql "$PG/$DB" -qtAc "SELECT 1" >/dev/null 2>&1; then
  psql "$PG/postgres" -qc "CREATE DATABASE $DB"
fi
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py createcachetable
if [ "$(psql "$PG/$DB" -qtAc 'SELECT count(*) FROM forum_thread')" = "0" ]; then
  .venv/bin/python manage.py seed_bench ${SEED_ARGS:-}
fi
if [ "$(psql "$PG/$DB" -qtAc 'SELECT count(*) FROM conversations_conversation')" = "0" ]; then
  .venv/bin/python manage.py seed_bench_conversations
fi
.venv/bin/python manage.py collectstatic --noinput -v0
redis-cli -u "$REDIS_URL" flushdb >/dev/null
redis-cli -u "$CELERY_BROKER_URL" flushdb >/dev/null
.venv/bin/python ops/bench.py ${BENCH_WRITE:+--write} "$@"
