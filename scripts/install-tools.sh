#!/usr/bin/env bash
# Installs what building userdesk needs, skipping whatever is already there at the pinned
# version. Everything comes from crates.io or npm (the machines reach no other download).
# docs/toolchain.md says why these versions.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs rustc 1.96
# Built from its own lockfile with scripts/cargo-leptos.patch: wasm_split_cli_support 0.2.4
# (0.2.3 moves the whole data segment into the main wasm whenever re-laying it out per chunk
# makes it longer, which unrelated code changes trigger), and without what userdesk never runs:
# cargo-generate (its `new` command; OpenSSL and libgit2 compiled from C), the downloader of
# missing tools (reqwest, rustls, aws-lc compiled from C; downloads fail here anyway) and swc
# (its JS minifier: terser from npm does that job). 564 locked packages -> 380. docs/toolchain.md.
CARGO_LEPTOS_BUILD="wasm_split_cli_support 0.2.4, no cargo-generate, no downloader, terser for swc"
WASM_BINDGEN_VERSION=0.2.130  # must equal the wasm-bindgen crate pinned in Cargo.toml
BINARYEN_NPM_VERSION=132      # binaryen >= 116: Debian's 108 breaks hydration
TERSER_NPM_VERSION=5.51.2     # cargo-leptos (patched) minifies the release JS with it
TOOLS=${USERDESK_TOOLS:-$HOME/.cache/userdesk/tools}
# Leptos's renderer, built from vendor/tachys (Cargo.toml's [patch.crates-io]) with
# scripts/tachys.patch: type-erased views no longer keep the async and template hydration
# code of every view, which islands never run (docs/architecture.md, "The browser bundle").
TACHYS_VERSION=0.2.19         # must equal the tachys version Cargo.lock's leptos takes
ROOT=$(cd "$(dirname "$0")/.." && pwd)

say() { printf 'tools: %s\n' "$*"; }

# The registry's copy of a crate's published source, downloaded if missing. `cargo info` runs
# outside the workspace, whose manifest needs vendor/tachys before cargo can read it.
crate_source() {
  local registry=${CARGO_HOME:-$HOME/.cargo}/registry/src
  found() { find "$registry" -mindepth 2 -maxdepth 2 -type d -name "$1-$2" 2>/dev/null | head -1; }
  [[ -n "$(found "$1" "$2")" ]] || (cd "${TMPDIR:-/tmp}" && cargo info -q "$1@$2" >/dev/null)
  [[ -n "$(found "$1" "$2")" ]] || { say "$1 $2's source is not in $registry"; exit 1; }
  found "$1" "$2"
}

# Before any cargo command in the workspace: it cannot even be read without vendor/tachys.
tachys_stamp="$TACHYS_VERSION $(sha256sum "$ROOT/scripts/tachys.patch" | cut -d' ' -f1)"
if [[ "$(cat "$ROOT/vendor/tachys/.userdesk-patch" 2>/dev/null || true)" != "$tachys_stamp" ]]; then
  say "vendor/tachys: tachys $TACHYS_VERSION with scripts/tachys.patch"
  src=$(crate_source tachys "$TACHYS_VERSION")
  staging=$(mktemp -d)
  cp -r "$src" "$staging/tachys"
  chmod -R u+w "$staging/tachys"
  (cd "$staging/tachys" && git apply "$ROOT/scripts/tachys.patch")
  echo "$tachys_stamp" >"$staging/tachys/.userdesk-patch"
  rm -rf "$ROOT/vendor/tachys"
  mkdir -p "$ROOT/vendor"
  mv "$staging/tachys" "$ROOT/vendor/tachys"
  rm -rf "$staging"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# How the installed cargo-leptos was built (its --version cannot tell).
LEPTOS_STAMP=$TOOLS/cargo-leptos.built
if [[ "$(cargo leptos --version 2>/dev/null || true)" != *"$CARGO_LEPTOS_VERSION"* ||
      "$(cat "$LEPTOS_STAMP" 2>/dev/null || true)" != "$CARGO_LEPTOS_VERSION $CARGO_LEPTOS_BUILD" ]]; then
  say "building cargo-leptos $CARGO_LEPTOS_VERSION ($CARGO_LEPTOS_BUILD; about 10 minutes on 2 cores, once)"
  # `cargo info` downloads the one crate (with its published Cargo.lock) into the registry.
  src=$(crate_source cargo-leptos "$CARGO_LEPTOS_VERSION")
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

if [[ "$(terser --version 2>/dev/null || true)" != *"$TERSER_NPM_VERSION"* ]]; then
  say "installing terser $TERSER_NPM_VERSION from npm into $TOOLS"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent "terser@$TERSER_NPM_VERSION"
fi

say "cargo-leptos $(cargo leptos --version | awk '{print $2}'), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | grep -oE 'version [0-9]+'), $(terser --version)"
