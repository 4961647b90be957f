# CadreFlow — two commands do everything on a fresh clone:
#   make demo   install, compile translations, migrate, seed the demo province, serve http://127.0.0.1:8000/
#   make test   install, lint, run the whole suite (SQLite, tasks in-process, browser tests in Debian's chromium)
# More:
#   make test-postgres   the suite on PostgreSQL, including the tests marked `postgres` (races, triggers)
#   make celery-stage    a real Celery worker and beat on Redis + PostgreSQL and the tests marked `celery_worker`
#   make bench           the benchmark scripts in bench/ (each prints its figures)
#   make check-deploy    `manage.py check --deploy` with a production-like environment
#   make deploy-stage    production on loopback (nginx, 2 gunicorns, 2 workers, beat), used over HTTP (.ci/deploy-stage)
#   make requirements    regenerate the hashed locks requirements/runtime.txt and dev.txt from pyproject.toml
#   make lint / format / migrate / messages / seed / serve / clean
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# pytest-xdist workers for the suite (these machines have 2 cores); PYTEST_WORKERS=0 runs in one process
PYTEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -p no:cacheprovider $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS))
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cadreflow_test

.PHONY: demo test install lint format migrate messages seed serve test-postgres celery-stage bench \
	check-deploy deploy-stage requirements clean

# The virtual environment, from the hashed pins of requirements/ (runtime and dev), then the project without deps.
$(STAMP): pyproject.toml requirements/runtime.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements/runtime.txt -r requirements/dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The Vietnamese catalogue: locale/build_catalogue.py merges the strings of Viewflow & co. (locale/vi/third_party.po)
# into locale/vi/LC_MESSAGES/django.po (makemessages --no-obsolete drops them), then the .mo files are compiled
# (built, never committed). New strings: `$(PY) locale/build_catalogue.py --update`, translate, check_translations.
messages: install
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install gettext (apt-get install gettext)"; exit 1; }
	$(PY) locale/build_catalogue.py
	DJANGO_SETTINGS_MODULE=config.settings $(PY) manage.py compilemessages --ignore=.venv -v 0

migrate: install
	$(PY) manage.py migrate --no-input -v 0

seed: migrate
	$(PY) manage.py seed_demo

serve: install
	$(PY) manage.py runserver 127.0.0.1:8000

demo: install messages migrate seed serve

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports  # the layers between apps (pyproject.toml [tool.importlinter])
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(PY) manage.py check
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(PY) manage.py check_translations

# Lint and the suite both run (a lint error does not hide test failures); fails if either failed.
test: install messages
	@status=0; \
	$(MAKE) --no-print-directory lint || { status=1; echo "*** lint failed"; }; \
	$(PYTEST) || { status=1; echo "*** tests failed"; }; \
	exit $$status

test-postgres: install messages
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PYTEST)

celery-stage: install
	bash .ci/celery-stage

# (its own virtualenv from requirements/runtime.txt only, as the image has)
deploy-stage:
	bash .ci/deploy-stage

check-deploy: install
	DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=cadreflow.example.vn \
	DJANGO_SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(48)[:50])") \
	CADREFLOW_AUDIT_HMAC_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(48))") \
	$(PY) manage.py check --deploy --fail-level WARNING

# every benchmark (bench/all.py), ending with ONE line RESULT {json}; QUICK=1 for the quick sizes
bench: install
	@mkdir -p bench/out
	$(PY) bench/all.py

# The hashed locks from pyproject.toml (pip-tools in a throw-away virtualenv, PyPI's hashes); existing pins are kept,
# UPGRADE="--upgrade-package X" moves one. dev.txt is constrained by runtime.txt: one version of each package.
PIP_COMPILE_FLAGS := --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
	--index-url https://pypi.org/simple
requirements:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && $(PYTHON) -m venv "$$tmp" \
	&& "$$tmp/bin/pip" install --quiet --disable-pip-version-check pip-tools==7.7.0 \
	&& export CUSTOM_COMPILE_COMMAND="make requirements" \
	&& "$$tmp/bin/pip-compile" $(PIP_COMPILE_FLAGS) $(UPGRADE) -o requirements/runtime.txt pyproject.toml \
	&& "$$tmp/bin/pip-compile" $(PIP_COMPILE_FLAGS) $(UPGRADE) -c requirements/runtime.txt --extra dev \
		-o requirements/dev.txt pyproject.toml

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts bench/out
