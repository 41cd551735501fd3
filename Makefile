# Leitai: `make run` serves the demo event, `make test` runs every check.
# Both install what a fresh machine is missing and skip what is already there.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

CARGO_LEPTOS_VERSION := 0.3.8
# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock)
NODE_BIN := $(CURDIR)/end2end/node_modules/.bin
export PATH := $(NODE_BIN):$(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

DATA ?= ./data
ADDR ?= 127.0.0.1:3000

.PHONY: run test build tools browser lint unit e2e weight lighthouse clean

run: build
	target/release/leitai serve --data $(DATA) --addr $(ADDR)

test: build browser lint unit e2e

build: tools
	cargo leptos build --release --precompress
	node scripts/judge-bundle.mjs

## Toolchain pieces, each skipped when present.
tools: end2end/node_modules/.installed
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -qF "$(CARGO_LEPTOS_VERSION)" \
	  || cargo install cargo-leptos@$(CARGO_LEPTOS_VERSION) --locked --features no_downloads
	@wasm-bindgen --version 2>/dev/null | grep -qF "$(WASM_BINDGEN_VERSION)" \
	  || cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION)

# npm packages: Playwright (no browser download) and wasm-opt from binaryen.
end2end/node_modules/.installed: end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	touch $@

# Debian's packages for the browser tests: Chromium, and for the HTTPS tests openssl (a
# test certificate) and Caddy (the reverse proxy of docs/deploy.md).
browser:
	@missing=""; \
	for tool in chromium caddy openssl; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown --locked -- -D warnings
	cargo clippy -p app --no-default-features --features judge-bundle --target wasm32-unknown-unknown --locked -- -D warnings

unit:
	cargo test --workspace --locked

e2e: build browser
	cd end2end && npx playwright test

# The judge's first-visit bytes, per file and in total; fails above the 200 KiB budget.
# (Also part of `make e2e`.)
weight: build browser
	cd end2end && npx playwright test judge-weight

# A Lighthouse performance run of the judge's page under mobile throttling (fetches the
# pinned lighthouse from npm on first use; a measurement, not part of `make test`).
lighthouse: build browser
	node scripts/lighthouse.mjs

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results
