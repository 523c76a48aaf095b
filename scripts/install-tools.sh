#!/usr/bin/env bash
# Installs what building userdesk needs, skipping whatever is already there at the pinned
# version. Everything comes from crates.io or npm (the machines reach no other download).
# docs/toolchain.md says why these versions.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs rustc 1.96
WASM_BINDGEN_VERSION=0.2.130  # must equal the wasm-bindgen crate pinned in Cargo.toml
BINARYEN_NPM_VERSION=132      # binaryen >= 116: Debian's 108 breaks hydration
TOOLS=${USERDESK_TOOLS:-$HOME/.cache/userdesk/tools}

say() { printf 'tools: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(cargo leptos --version 2>/dev/null || true)" != *"$CARGO_LEPTOS_VERSION"* ]]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 16 minutes on 2 cores, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != *"$WASM_BINDGEN_VERSION"* ]]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile wants a webpki-roots version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

wasm_opt_version=$(wasm-opt --version 2>/dev/null | grep -oE 'version [0-9]+' | grep -oE '[0-9]+' || echo 0)
if (( wasm_opt_version < 116 )); then
  say "installing wasm-opt (binaryen $BINARYEN_NPM_VERSION from npm) into $TOOLS"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent "binaryen@$BINARYEN_NPM_VERSION"
fi

say "cargo-leptos $(cargo leptos --version | awk '{print $2}'), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | grep -oE 'version [0-9]+')"
