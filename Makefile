# Leitai: `make run` serves the demo event, `make test` runs every check.
# Both install what a fresh machine is missing and skip what is already there.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

NODE_BIN := $(CURDIR)/end2end/node_modules/.bin
export PATH := $(NODE_BIN):$(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -1)
DIST := leitai-$(VERSION)-x86_64-linux

DATA ?= ./data
ADDR ?= 127.0.0.1:3000

.PHONY: run test build site server-lib tools wasm-target browser lint fmt lint-wasm unit e2e weight lighthouse dist clean

run: build
	target/release/leitai serve --data $(DATA) --addr $(ADDR)

# Every crate of the project is linted as it is compiled, warnings refused: the browser code
# by the site's build (scripts/build-site.mjs, with LEITAI_LINT=deny), the host's by `make
# unit` (see there). So `make test` has no `cargo clippy` of its own, which would compile
# every dependency once more; `make lint` runs it for whoever wants the lint alone.
test: export LEITAI_LINT := deny
test: build browser fmt unit e2e

# The site (both browser bundles, styles, icons) and the server's library build side by
# side; then the binary, which carries the site inside itself, is linked.
build:
	@$(MAKE) --no-print-directory -j2 site server-lib
	cargo build --release --locked --package leitai --bin leitai

# The site and the server's library share the cores as equals: since the bundles build one
# after the other in one target dir, the site is the longer chain (docs/perf.md).
site: wasm-target end2end/node_modules/.installed
	node scripts/build-site.mjs

server-lib:
	cargo build --release --locked --package leitai --lib

## Toolchain pieces, each skipped when present. (wasm-bindgen's step is the project's own
## tools/bindgen, which scripts/build-site.mjs builds: no CLI to install.)
tools: wasm-target end2end/node_modules/.installed

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown

# npm packages: Playwright (no browser download) and wasm-opt from binaryen.
end2end/node_modules/.installed: end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	touch $@

# Debian's packages for the browser tests: Chromium, a Chinese font (the screen tests
# measure how Chinese names fit), and for the HTTPS tests openssl (a test certificate) and
# Caddy (the reverse proxy of docs/deploy.md).
browser:
	@missing=""; \
	for tool in chromium caddy openssl; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

lint: fmt lint-wasm
	cargo clippy --workspace --all-targets --locked -- -D warnings

fmt:
	cargo fmt --all -- --check
	cargo fmt --manifest-path tools/bindgen/Cargo.toml -- --check

# The browser code as each bundle compiles it.
lint-wasm: wasm-target
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown --locked -- -D warnings
	cargo clippy -p app --no-default-features --features judge-bundle --target wasm32-unknown-unknown --locked -- -D warnings

# The tests are compiled by clippy's driver, which lints the workspace's own crates (every
# target, benches included, warnings denied) as it compiles them: the same lints as `make
# lint`'s `cargo clippy`, without a second pass over every dependency (3 min 16 s on a fresh
# machine). Then cargo-nextest (on this kind of machine from the start) runs the tests of all
# binaries side by side; without it, cargo's own runner.
unit: export RUSTC_WORKSPACE_WRAPPER := $(shell command -v clippy-driver)
unit: export CLIPPY_ARGS := -Dwarnings
unit:
	cargo build --workspace --all-targets --locked
	@if command -v cargo-nextest >/dev/null; then \
	  cargo nextest run --workspace --locked --no-fail-fast; \
	else \
	  cargo test --workspace --locked; \
	fi

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

# A release archive for another machine: the one binary (the site is inside it), the README,
# the deploy guide, the Caddyfile, the systemd unit and their checksums.
dist: build
	rm -rf target/dist/$(DIST) target/dist/$(DIST).tar.gz
	mkdir -p target/dist/$(DIST)
	cp target/release/leitai README.md docs/deploy.md docs/deploy/Caddyfile docs/deploy/leitai.service \
	  target/dist/$(DIST)/
	cd target/dist/$(DIST) && sha256sum leitai README.md deploy.md Caddyfile leitai.service > SHA256SUMS
	tar -C target/dist -czf target/dist/$(DIST).tar.gz $(DIST)
	@echo "target/dist/$(DIST).tar.gz"

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results
