# userdesk — the two commands are `make run` and `make test`; the rest are their parts.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Build outputs live outside the clone so a fresh clone (and CI) reuses the last build.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/userdesk/target
# Tools installed by scripts/install-tools.sh (wasm-opt from npm) come first on PATH.
export USERDESK_TOOLS ?= $(HOME)/.cache/userdesk/tools
export PATH := $(USERDESK_TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# The Python virtualenv (moto, boto3, awscli, pytest) is cached outside the clone too.
export USERDESK_VENV ?= $(HOME)/.cache/userdesk/venv
export USERDESK_MOTO_SERVER ?= $(USERDESK_VENV)/bin/moto_server
export LEPTOS_SITE_ROOT := $(CURDIR)/target/site

RELEASE_BIN := $(CARGO_TARGET_DIR)/release/userdesk
DEBUG_BIN := $(CARGO_TARGET_DIR)/debug/userdesk
# The boto3/CLI and Playwright suites run against the optimized release binary and bundle, what
# `make run` serves. For a quicker loop on a change: make test-e2e TEST_BUILD=build-debug TEST_BIN=$(DEBUG_BIN)
TEST_BUILD ?= build
TEST_BIN ?= $(RELEASE_BIN)

.PHONY: help run test tools test-deps build build-debug test-rust test-python test-e2e size bench fmt lint clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | column -t -s $$'\t'

run: tools build ## install what is missing, build, start the dashboard at http://127.0.0.1:3000 (sandbox mode)
	$(RELEASE_BIN)

TEST_LOGS := $(CARGO_TARGET_DIR)/test-logs

test: tools test-deps ## install what is missing and run every suite (Rust, moto cross-check, boto3/CLI, Playwright)
	@scripts/prune-cache.sh
	@mkdir -p $(TEST_LOGS)
	$(MAKE) test-rust 2>&1 | tee $(TEST_LOGS)/rust.log
	$(MAKE) $(TEST_BUILD) 2>&1 | tee $(TEST_LOGS)/build.log
	$(MAKE) test-python TEST_BUILD= 2>&1 | tee $(TEST_LOGS)/pytest.log
	$(MAKE) test-e2e TEST_BUILD= 2>&1 | tee $(TEST_LOGS)/e2e.log
	@scripts/test-summary.py $(TEST_LOGS)/rust.log $(TEST_LOGS)/pytest.log $(TEST_LOGS)/e2e.log

tools: ## the wasm target, vendor/tachys and cargo-leptos (both patched), wasm-bindgen, wasm-opt and terser at the pinned versions
	@scripts/install-tools.sh

test-deps: ## chromium, the Playwright packages, moto/boto3/awscli in a virtualenv
	@scripts/install-test-deps.sh

build: tools ## release build of the dashboard and its browser bundle
	# The bundle is built first (--precompress orders it so), then built into the binary.
	USERDESK_EMBED_SITE=1 cargo leptos build --release --precompress --split

build-debug: tools ## debug build (quicker to make; TEST_BUILD=build-debug TEST_BIN=… runs the suites on it)
	# The bundle first, then the binary that carries it (a parallel build could embed a stale one).
	cargo leptos build --frontend-only --split
	USERDESK_EMBED_SITE=1 cargo leptos build --server-only

test-rust: tools ## unit and integration tests of every crate, incl. the SDK-through-sandbox and moto suites
	# A hang must fail the run, not eat CI's 90 minutes: the suites take ~2 minutes once built.
	timeout 1800 cargo test -p app -p sandbox -p server --features app/ssr --lib --bins --tests

test-python: $(TEST_BUILD) ## boto3 and AWS CLI against `userdesk sandbox` (the release build)
	USERDESK_BIN=$(TEST_BIN) timeout 600 $(USERDESK_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/python

test-e2e: $(TEST_BUILD) ## Playwright in Debian's Chromium against the release build (on free loopback ports)
	# Five distinct free ports, from below the ephemeral range: the dev-mode dashboard's and
	# its embedded sandbox's; the test OpenID provider's; the oidc-mode dashboard's and its sandbox's.
	cd end2end && set -- $$(../scripts/free-ports.py 5) && \
	  USERDESK_BIN=$(TEST_BIN) USERDESK_E2E_PORT=$$1 USERDESK_E2E_SANDBOX_PORT=$$2 \
	  USERDESK_E2E_OIDC_PORT=$$3 USERDESK_E2E_OIDC_APP_PORT=$$4 USERDESK_E2E_OIDC_SANDBOX_PORT=$$5 \
	  npx playwright test

size: tools build ## print the release bundle's sizes (wasm, js, css: raw, gzip, brotli) and check it holds no AWS SDK
	scripts/size.sh

bench: tools test-deps build ## print the performance figures, each beside its budget (exits 1 when one is missed; not part of make test)
	@status=0; USERDESK_SIZE_BUDGET_KIB=200 scripts/size.sh || status=1; \
	  USERDESK_BIN=$(CARGO_TARGET_DIR)/release/userdesk cargo run --release -q -p bench || status=1; \
	  cd end2end && set -- $$(../scripts/free-ports.py 2) && \
	  USERDESK_BIN=$(CARGO_TARGET_DIR)/release/userdesk USERDESK_E2E_PORT=$$1 USERDESK_E2E_SANDBOX_PORT=$$2 \
	  npx playwright test -c bench.config.ts || status=1; \
	  exit $$status

fmt: tools ## format the Rust code
	cargo fmt --all
	# The slices are declared inside the `services!` macros, where cargo fmt does not look.
	rustfmt --edition 2024 app/src/services/*/mod.rs sandbox/src/*.rs

lint: tools ## clippy on the server and browser builds
	cargo clippy -p app -p sandbox -p server --features app/ssr --all-targets
	cargo clippy -p frontend --features hydrate --target wasm32-unknown-unknown

clean: ## remove the build outputs
	rm -rf target "$(CARGO_TARGET_DIR)"
