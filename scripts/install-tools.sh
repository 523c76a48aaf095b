#!/usr/bin/env bash
# Installs what building userdesk needs, skipping whatever is already there at the pinned
# version. Everything comes from crates.io or npm (the machines reach no other download).
# docs/toolchain.md says why these versions.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs rustc 1.96
# Built from its own lockfile with scripts/cargo-leptos.patch: wasm_split_cli_support 0.2.4
# (0.2.3 moves the whole data segment into the main wasm whenever re-laying it out per chunk
# makes it longer, which unrelated code changes trigger), and without cargo-generate (its `new`
# command compiles OpenSSL and libgit2 from C; userdesk never runs it). docs/toolchain.md.
CARGO_LEPTOS_BUILD="wasm_split_cli_support 0.2.4, no cargo-generate"
WASM_BINDGEN_VERSION=0.2.130  # must equal the wasm-bindgen crate pinned in Cargo.toml
BINARYEN_NPM_VERSION=132      # binaryen >= 116: Debian's 108 breaks hydration
TOOLS=${USERDESK_TOOLS:-$HOME/.cache/userdesk/tools}

say() { printf 'tools: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# How the installed cargo-leptos was built (its --version cannot tell).
LEPTOS_STAMP=$TOOLS/cargo-leptos.built
if [[ "$(cargo leptos --version 2>/dev/null || true)" != *"$CARGO_LEPTOS_VERSION"* ||
      "$(cat "$LEPTOS_STAMP" 2>/dev/null || true)" != "$CARGO_LEPTOS_VERSION $CARGO_LEPTOS_BUILD" ]]; then
  say "building cargo-leptos $CARGO_LEPTOS_VERSION ($CARGO_LEPTOS_BUILD; about 17 minutes on 2 cores, once)"
  registry=${CARGO_HOME:-$HOME/.cargo}/registry/src
  source_dir() { find "$registry" -mindepth 2 -maxdepth 2 -type d -name "cargo-leptos-$CARGO_LEPTOS_VERSION" 2>/dev/null | head -1; }
  # `cargo info` downloads the one crate (with its published Cargo.lock) into the registry.
  [[ -n "$(source_dir)" ]] || cargo info -q "cargo-leptos@$CARGO_LEPTOS_VERSION" >/dev/null
  src=$(source_dir)
  [[ -n $src ]] || { say "cargo-leptos $CARGO_LEPTOS_VERSION's source is not in $registry"; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r "$src" "$work/cargo-leptos"
  chmod -R u+w "$work/cargo-leptos"
  patch=$(cd "$(dirname "$0")" && pwd)/cargo-leptos.patch
  (cd "$work/cargo-leptos" && git apply "$patch")
  CARGO_TARGET_DIR="$work/target" cargo install --path "$work/cargo-leptos" --locked --force
  mkdir -p "$TOOLS"
  echo "$CARGO_LEPTOS_VERSION $CARGO_LEPTOS_BUILD" >"$LEPTOS_STAMP"
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
