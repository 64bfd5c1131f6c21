# Ground Truth. A new user needs two commands:
#   make run    set everything up and serve the site at http://127.0.0.1:8000
#   make test   install what the tests need and run the whole suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PYTHON := $(VENV)/bin/python
LANGUAGES := fr es sw fil ar hi pt_BR id bn
CATALOGS := $(foreach lang,$(LANGUAGES),locale/$(lang)/LC_MESSAGES/django.mo)
# axe-core, the accessibility checker the browser tests run in each page,
# from the npm registry's package (never a CDN); not committed.
AXE_VERSION := 4.14.1
AXE := tests/e2e/vendor/axe.min.js
# Local development only: make run turns DEBUG on; production never does.
DEV_ENV := DEBUG=1

.PHONY: help run test serve migrate messages format lint lock vendor-bootstrap css mutation clean

help:
	@echo "make run     set up (virtual environment, database, translations) and serve http://127.0.0.1:8000"
	@echo "make test    run the whole suite: SQLite, PostgreSQL, then the browser tests"
	@echo "make serve   production-style: nginx in front of gunicorn, with DATABASE_URL, SECRET_KEY and ALLOWED_HOSTS set"
	@echo "make messages  refresh the translation catalogs after changing text"
	@echo "make format  format the code with ruff"
	@echo "make lock    re-pin every dependency, with hashes, after changing pyproject.toml"
	@echo "make mutation  mutation testing of the modules that hold the rules (about half an hour; docs/testing.md)"

# --- environment ----------------------------------------------------------

$(VENV)/bin/python:
	@python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)
	@$(PYTHON) -m pip install --quiet --upgrade pip

# Every dependency comes from a lock file, pinned and checked against its
# hashes; the project itself is then installed without resolving anything
# (setuptools, its build backend, is in the lock too).
$(VENV)/.installed: requirements.lock pyproject.toml | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet --require-hashes -r requirements.lock
	$(PYTHON) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PYTHON) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@ $(VENV)/.installed

# Translation catalogs are compiled by the build, never committed.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@scripts/system-package msgfmt gettext
	msgfmt --check-format -o $@ $<

# --- the two commands -----------------------------------------------------

run: $(VENV)/.installed $(CATALOGS)
	$(DEV_ENV) $(PYTHON) manage.py migrate --noinput
	@# On the embedded SQLite database only: synthetic reports, bannered as such.
	@if [ -z "$$DATABASE_URL" ]; then $(DEV_ENV) $(PYTHON) manage.py generate_demo_data --reports 3000 --seed 1 --if-empty; fi
	@echo
	@$(DEV_ENV) $(PYTHON) manage.py add_moderator moderator --reset
	@echo "Moderation: http://127.0.0.1:8000/moderate/ (local: no second factor while DEBUG is on)"
	@echo "Ground Truth runs at http://127.0.0.1:8000 (Ctrl+C stops it)"
	$(DEV_ENV) $(PYTHON) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed-dev $(CATALOGS) $(AXE)
	@scripts/system-package "/usr/lib/postgresql/*/bin/initdb" postgresql
	@scripts/system-package chromium chromium
	@scripts/system-package /usr/sbin/nginx nginx
	scripts/test-all

$(AXE):
	@scripts/system-package npm npm
	@mkdir -p $(@D)
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
		&& tar xzf axe-core-$(AXE_VERSION).tgz) && cp $$tmp/package/axe.min.js $@ && rm -rf $$tmp
	@echo "axe-core $(AXE_VERSION) fetched for the browser tests"

# Not part of `make test`: mutmut changes the rules' code one thing at a time
# and checks that a test fails each time (docs/testing.md). Scores per module
# at the end; fails under 90 % or when a named bug goes unnoticed.
mutation: $(VENV)/.installed-dev $(CATALOGS)
	scripts/mutation

# --- production and maintenance -------------------------------------------

# Production-style serving on this machine: nginx (config/nginx.conf) on
# BIND, buffering slow clients, in front of gunicorn, whitenoise, DEBUG off.
# Needs SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL in the environment.
serve: $(VENV)/.installed $(CATALOGS)
	@scripts/system-package /usr/sbin/nginx nginx
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py collectstatic --noinput --verbosity 0
	scripts/serve

messages: $(VENV)/.installed
	@scripts/system-package xgettext gettext
	$(DEV_ENV) $(PYTHON) manage.py makemessages --no-location --no-obsolete \
		--ignore=tests --ignore=bench --ignore=static --ignore=staticfiles --ignore=scripts \
		$(foreach lang,$(LANGUAGES),--locale=$(lang))

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The lock files: every package and version the ranges in pyproject.toml
# resolve to today, for Python 3.12 and newer on any platform, with the
# hashes pip checks. uv resolves (pinned here, used for nothing else).
UV_VERSION := 0.13.9
LOCK_OPTIONS := --universal --python-version 3.12 --generate-hashes --quiet
lock: | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet uv==$(UV_VERSION)
	echo "setuptools>=77" | $(VENV)/bin/uv pip compile pyproject.toml - --extra redis $(LOCK_OPTIONS) -o requirements.lock
	echo "setuptools>=77" | $(VENV)/bin/uv pip compile pyproject.toml - --extra redis --extra dev $(LOCK_OPTIONS) -o requirements-dev.lock
	@echo "requirements.lock and requirements-dev.lock updated: commit both; make test reinstalls from them"

# Bootstrap's CSS comes from the npm registry's package, as published, into
# vendor/bootstrap/ (left to right and right to left, for Arabic); neither a
# run nor a deploy needs npm or a CDN. What the site serves is cut from it by
# `make css`: static/vendor/bootstrap/ keeps only the rules of the classes
# our templates, scripts and Python code name (PurgeCSS), a fifth of the
# weight on a first visit. Run `make css` after using a Bootstrap class that
# was not used before; tests/test_css.py fails until then.
BOOTSTRAP_VERSION := 5.3.9
PURGECSS_VERSION := 8.0.0
CSS_CONTENT := 'templates/**/*.html' 'static/js/*.js' \
	'{core,receipts,moderation,surveys,testimonies,incidents,stats}/**/*.py'
vendor-bootstrap:
	@scripts/system-package npm npm
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent bootstrap@$(BOOTSTRAP_VERSION) >/dev/null \
		&& tar xzf bootstrap-$(BOOTSTRAP_VERSION).tgz \
		&& for css in bootstrap.min.css bootstrap.rtl.min.css; do \
			sed '/sourceMappingURL/d' package/dist/css/$$css > $(CURDIR)/vendor/bootstrap/$$css; done \
		&& cp package/LICENSE $(CURDIR)/vendor/bootstrap/LICENSE && rm -rf $$tmp
	@echo "Bootstrap $(BOOTSTRAP_VERSION) copied to vendor/bootstrap/"
	@$(MAKE) --no-print-directory css

css:
	@scripts/system-package npm npm
	@tmp=$$(mktemp -d) && npm exec --yes --package=purgecss@$(PURGECSS_VERSION) -- purgecss \
		--css vendor/bootstrap/bootstrap.min.css vendor/bootstrap/bootstrap.rtl.min.css \
		--content $(CSS_CONTENT) --variables --keyframes --font-face --output $$tmp \
		&& cp $$tmp/bootstrap.min.css $$tmp/bootstrap.rtl.min.css static/vendor/bootstrap/ \
		&& cp vendor/bootstrap/LICENSE static/vendor/bootstrap/LICENSE && rm -rf $$tmp
	@echo "static/vendor/bootstrap/: $$(wc -c < static/vendor/bootstrap/bootstrap.min.css) and $$(wc -c < static/vendor/bootstrap/bootstrap.rtl.min.css) bytes (from $$(wc -c < vendor/bootstrap/bootstrap.min.css))"

clean:
	rm -rf $(VENV) staticfiles locale/*/LC_MESSAGES/*.mo
