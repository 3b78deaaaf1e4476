# Two commands: `make run` (the demo on http://127.0.0.1:8000) and `make test` (the suite).
# Both need only Python 3.11+; everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test deps test-deps migrate demo demo-code lint clean bench messages

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.deps: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: pyproject.toml $(VENV)/.deps
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

deps: $(VENV)/.deps
test-deps: $(VENV)/.test-deps

migrate: deps
	DEBUG=1 $(PY) manage.py migrate --noinput

# Links in emails and the printed admin address follow HOST and PORT, unless SITE_URL
# is set: `make run PORT=8080`.
SITE_URL ?= http://$(HOST):$(PORT)

demo: migrate
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py load_demo_conversations

# The current two-factor code of a demo staff account: make demo-code EMAIL=moderator@example.org
demo-code: deps
	@DEBUG=1 $(PY) manage.py demo_code $(EMAIL)

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

test: test-deps
	@$(PY) -m pytest; status=$$?; \
	echo "Screenshots of the main pages (desktop and phone): $(CURDIR)/test-artifacts/screenshots/"; \
	exit $$status

# Load benchmark on PostgreSQL (seeds pf_bench once); BENCH_WRITE=1 updates docs/benchmarks.md.
bench: test-deps
	bash ops/bench.sh

# Translations: collect new strings into locale/<lang>/LC_MESSAGES/django.po, then compile
# the .mo (both are committed). Needs GNU gettext (Debian package `gettext`).
messages: deps
	DEBUG=1 $(PY) manage.py makemessages --all --add-location=file --no-obsolete \
		--ignore=tests --ignore=static --ignore=staticfiles --ignore=ops --ignore=deploy --ignore=docs
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

# ruff: the checks in pyproject.toml, and the formatting (nothing may need reformatting).
lint: test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm .demo-credentials staticfiles .pytest_cache
