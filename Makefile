# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
PYTEST_ARGS ?=
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: demo test lint messages test-deps clean

demo: $(VENV)/.installed
	$(BIN)/tribune demo --port $(PORT)

test: $(VENV)/.installed-dev test-deps
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

# Refresh the catalogues from the code and templates, then compile them (both are committed).
LANGUAGES := fr de es ru ar
messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages $(addprefix -l ,$(LANGUAGES)) --no-location -v0 \
		--ignore=.venv --ignore=bench --ignore=var --ignore=scripts --ignore='*/tests/*'
	$(BIN)/python manage.py compilemessages -v0 --ignore=.venv

test-deps:
	@scripts/ensure-test-deps

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml requirements.lock
	$(PIP) -c requirements.lock -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/bin/python pyproject.toml requirements.lock
	$(PIP) -c requirements.lock -e '.[dev]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) var .pytest_cache
