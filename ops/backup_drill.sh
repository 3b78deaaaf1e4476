#!/usr/bin/env bash
# Backup and restore drill: demo data in a scratch database -> pg_dump -Fc -> restore
# into a fresh database -> no pending migrations -> same row counts -> the restored
# site answers. Drops what it created. Fails loudly at the first difference.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PG=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432}
SOURCE=pf_backup_source RESTORED=pf_backup_restored
WORK=$(mktemp -d /tmp/pf-backup.XXXXXX)
cleanup() {
  set +e
  for db in $SOURCE $RESTORED; do psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; done
  rm -rf "$WORK"
}
trap cleanup EXIT

export DEBUG=0 SECRET_KEY="backup-drill-$(openssl rand -hex 24)" ALLOWED_HOSTS=127.0.0.1 \
  SECURE_SSL_REDIRECT=0 LOG_LEVEL=WARNING
for db in $SOURCE $RESTORED; do
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
done
psql "$PG/postgres" -qc "CREATE DATABASE $SOURCE" >/dev/null

DATABASE_URL="$PG/$SOURCE" $PY manage.py migrate --noinput -v0
DATABASE_URL="$PG/$SOURCE" $PY manage.py createcachetable
DATABASE_URL="$PG/$SOURCE" $PY manage.py loaddata fixtures/demo.json fixtures/demo_moderation.json -v0
DATABASE_URL="$PG/$SOURCE" $PY manage.py rerender_posts >/dev/null
DATABASE_URL="$PG/$SOURCE" $PY manage.py rebuild_counters >/dev/null

pg_dump -Fc --no-owner "$PG/$SOURCE" -f "$WORK/forum.dump"
echo "== dumped $(du -h "$WORK/forum.dump" | cut -f1) (custom format)"

psql "$PG/postgres" -qc "CREATE DATABASE $RESTORED" >/dev/null
pg_restore --no-owner --exit-on-error -d "$PG/$RESTORED" "$WORK/forum.dump"
echo "== restored into a fresh database"

DATABASE_URL="$PG/$RESTORED" $PY manage.py migrate --check --noinput \
  || { echo "FAIL: the restored database has pending migrations" >&2; exit 1; }
echo "  ok  no pending migrations"

count_rows() {
  psql "$PG/$1" -Atc "
    SELECT string_agg(format('%s=%s', t, (xpath('/row/c/text()',
             query_to_xml(format('SELECT count(*) AS c FROM %I', t), false, true, '')))[1]::text),
           ' ' ORDER BY t)
    FROM unnest(ARRAY['accounts_user','forum_community','forum_thread','forum_post',
                      'moderation_clinicianverification','moderation_moderationaction',
                      'django_migrations']) AS t"
}
before=$(count_rows $SOURCE)
after=$(count_rows $RESTORED)
echo "  source:   $before"
echo "  restored: $after"
[ "$before" = "$after" ] || { echo "FAIL: row counts differ after restore" >&2; exit 1; }
echo "  ok  row counts match"

sample() { psql "$PG/$1" -Atc "SELECT md5(string_agg(body_html, '' ORDER BY id)) FROM forum_post"; }
[ "$(sample $SOURCE)" = "$(sample $RESTORED)" ] || { echo "FAIL: post contents differ" >&2; exit 1; }
echo "  ok  every post's rendered text is identical"

DATABASE_URL="$PG/$RESTORED" $PY - <<'PY'
import os, sys
import django
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
for url in ["/", "/communities/multiple-sclerosis/", "/readyz"]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
page = client.get("/discussions/1/gene-therapy-for-autoimmune-disease/")
assert b"Gene therapy for autoimmune disease?" in page.content, "smoke: discussion missing"
print("  ok  smoke check: home, community, discussion and readiness answer from the restore")
PY
echo "backup drill passed"
