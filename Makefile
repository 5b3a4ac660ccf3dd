# copkit — the two commands a newcomer needs are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup lint clean-db

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_content
	$(PY) manage.py seed_demo

# The worker beside the dev server: charts and files are made by it (copkit/core/prebuild.py),
# so without it pages would say "being prepared" and downloads wait for ever. Ctrl-C stops both.
run: setup
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	scripts/test.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

clean-db:
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
