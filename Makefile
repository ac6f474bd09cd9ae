# planbook — the two commands an analyst needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-browser bench lab app setup fonts clean-processed

# The environment: a venv with Python 3.11, the pinned requirements and the package (editable).
$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP) fonts

# A CJK font for charts (Noto Sans CJK, SIL OFL 1.1, from Debian's fonts-noto-cjk).
fonts:
	@bash tools/ensure_fonts.sh

run: setup
	$(PY) -m planbook build

test: setup
	$(PY) -m pytest -q

test-browser: setup
	@bash tools/ensure_browser.sh
	$(PY) -m pytest -q -m browser tests/browser

bench: setup
	$(PY) bench/run_bench.py

# JupyterLab on the project root (exports/ and exports/notebooks/ reachable from the browser),
# opening the first notebook; export links in the notebooks download through /files/.
lab: setup
	env -u MPLBACKEND $(VENV)/bin/jupyter lab --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks/01_ingestion.ipynb $(if $(filter 0,$(shell id -u)),--allow-root,)

# The workbook as one app without code (Voilà): the four notebooks as four tabs, offline (the page
# template app/jupyter/voila/templates/planbook is Voilà's lab template without its CDN links).
# Export links download through Voilà's file route (exports/ only).
APP_PORT ?= 8866
app: setup
	env -u MPLBACKEND PLANBOOK_FILES_URL=/voila/files/ JUPYTER_PATH=$(CURDIR)/app/jupyter \
	  $(VENV)/bin/voila app/planbook_app.ipynb --template=planbook \
	  --Voila.root_dir=. --port=$(APP_PORT) --no-browser \
	  --VoilaConfiguration.file_allowlist="['exports/.*[.]xlsx']" --VoilaConfiguration.file_denylist="[]"

