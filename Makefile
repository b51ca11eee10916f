# The two set-up commands: `make serve` and `make test`. Both install the Debian packages a fresh
# machine lacks (through sudo when not root), then build with SwiftPM.

SWIFT ?= swift
APT_PACKAGES := libgit2-dev libsqlite3-dev zlib1g-dev pkg-config git curl
# The tests also run every participation behaviour over a throwaway PostgreSQL cluster, validate
# Akoma Ntoso exports with xmllint and print the liasse to PDF with headless Chromium.
TEST_APT_PACKAGES := postgresql postgresql-client python3 libxml2-utils chromium
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve test deps test-deps build lint format bench

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

build: deps
	$(SWIFT) build --product hemicycle

serve: build
	$(SWIFT) run hemicycle serve --host $(HOST) --port $(PORT)

test: test-deps
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift
	$(SWIFT) build --build-tests
	bash Tests/postgres/with-cluster.sh timeout 1200 $(SWIFT) test --skip-build
	HEMICYCLE_TEST_STORE=postgres bash Tests/postgres/with-cluster.sh \
	  timeout 1200 $(SWIFT) test --skip-build --filter 'HemicycleTests|HemicycleWebTests'
	bash Tests/cli/run.sh .build/debug/hemicycle
	bash Tests/cli/crash.sh .build/debug/hemicycle 20
	bash Tests/cli/crash-adoption.sh .build/debug/hemicycle 20
	bash Tests/postgres/with-cluster.sh sh -c 'bash Tests/cli/crash.sh .build/debug/hemicycle 20 postgres && \
	  bash Tests/cli/two-nodes.sh .build/debug/hemicycle'

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

bench: deps
	$(SWIFT) run -c release hemicycle-bench import
