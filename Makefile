# The two set-up commands: `make serve` and `make test`. Both install the Debian packages a fresh
# machine lacks (through sudo when not root), then build with SwiftPM.

SWIFT ?= swift
APT_PACKAGES := libgit2-dev libsqlite3-dev zlib1g-dev pkg-config git curl
# The tests also run every participation behaviour over a throwaway PostgreSQL cluster, validate
# Akoma Ntoso exports with xmllint, print the liasse to PDF with headless Chromium, and drive the
# pages in Chromium with Selenium (axe-core, schemathesis) from a Python virtual environment.
TEST_APT_PACKAGES := postgresql postgresql-client python3 python3-venv libxml2-utils chromium chromium-driver
VENV := .build/venv
# Pinned, so the suite is the same on every machine. axe-playwright-python is installed without its
# dependencies, only for the axe-core 4 script it carries (axe-selenium-python bundles axe-core 3.1).
PYTHON_PACKAGES := selenium==4.51.0 axe-selenium-python==2.1.6 schemathesis==4.32.5
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve test deps test-deps build lint format bench browser

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(APT_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(APT_PACKAGES) $(TEST_APT_PACKAGES)"

install-packages:
	@missing=""; \
	for package in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  echo "installing:$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet $(PYTHON_PACKAGES)
	$(VENV)/bin/pip install --quiet --no-deps axe-playwright-python==0.1.8

build: deps
	$(SWIFT) build --product hemicycle

serve: build
	$(SWIFT) run hemicycle serve --host $(HOST) --port $(PORT)

test: test-deps
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift
	$(SWIFT) build --build-tests
	bash Tests/postgres/with-cluster.sh timeout 1200 $(SWIFT) test --skip-build
	# One test at a time: each opens its own engine, database and connection pool, and forty of
	# them at once on two cores starve one another's connections until a client times out.
	HEMICYCLE_TEST_STORE=postgres bash Tests/postgres/with-cluster.sh \
	  timeout 1200 $(SWIFT) test --skip-build --no-parallel --filter 'HemicycleTests|HemicycleWebTests'
	$(MAKE) --no-print-directory $(VENV)/bin/python
	timeout 900 bash Tests/browser/run.sh .build/debug/hemicycle $(VENV)/bin/python
	bash Tests/cli/run.sh .build/debug/hemicycle
	bash Tests/cli/public.sh .build/debug/hemicycle
	bash Tests/cli/crash.sh .build/debug/hemicycle 20
	bash Tests/cli/crash-adoption.sh .build/debug/hemicycle 20
	bash Tests/postgres/with-cluster.sh sh -c 'bash Tests/cli/crash.sh .build/debug/hemicycle 20 postgres && \
	  bash Tests/cli/two-nodes.sh .build/debug/hemicycle'

# The browser journey, axe-core and schemathesis alone (after a build): screenshots in .build/screenshots.
browser: test-deps $(VENV)/bin/python
	$(SWIFT) build --product hemicycle
	bash Tests/browser/run.sh .build/debug/hemicycle $(VENV)/bin/python

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

bench: deps
	$(SWIFT) run -c release hemicycle-bench import
