#!/usr/bin/env bash
# Prints the release bundle's sizes (raw, gzip -9, brotli -q 11) and fails if the wasm
# carries AWS SDK or other server-only code. Run after `make build` (or via `make size`).
set -euo pipefail
cd "$(dirname "$0")/.."
PKG=${LEPTOS_SITE_ROOT:-target/site}/pkg
PY=${USERDESK_VENV:-.venv}/bin/python
[[ -x $PY ]] || PY=python3

for f in userdesk.wasm userdesk.js userdesk.css; do
  [[ -f $PKG/$f ]] || { echo "size: $PKG/$f is missing: run 'make build' first" >&2; exit 1; }
done

"$PY" - "$PKG" <<'PY'
import gzip, pathlib, sys
try:
    import brotli
except ImportError:
    brotli = None
pkg = pathlib.Path(sys.argv[1])
import os
print(f"{'file':<16}{'raw':>12}{'gzip':>12}{'brotli':>12}")
totals = [0, 0, 0]
kib = lambda n: f"{n / 1024:,.1f} KiB" if n is not None else "n/a"
for name in ("userdesk.wasm", "userdesk.js", "userdesk.css"):
    data = (pkg / name).read_bytes()
    gz = len(gzip.compress(data, 9))
    br = len(brotli.compress(data, quality=11)) if brotli else None
    totals = [totals[0] + len(data), totals[1] + gz, totals[2] + (br or 0)]
    print(f"{name:<16}{kib(len(data)):>12}{kib(gz):>12}{kib(br):>12}")
import json
# With `--split`, a page loads the main files above plus the split loader and, for each lazy
# island it shows, that island's chunks (the manifest lists them).
split_js = sorted(pkg.glob("__wasm_split*.js"))
manifest = pkg / "__wasm_split_manifest.json"
sizes = {}
def size(path):
    if path not in sizes:
        data = path.read_bytes()
        sizes[path] = (len(data), len(gzip.compress(data, 9)), len(brotli.compress(data, quality=11)) if brotli else 0)
    return sizes[path]
for js in split_js:
    raw, gz, br = size(js)
    totals = [totals[0] + raw, totals[1] + gz, totals[2] + br]
print(f"{'every page':<16}{kib(totals[0]):>12}{kib(totals[1]):>12}{kib(totals[2] if brotli else None):>12}")
pages = [("every page", totals)]
if manifest.exists():
    for split, chunks in sorted(json.loads(manifest.read_text()).items()):
        t = list(totals)
        for chunk in chunks:
            raw, gz, br = size(pkg / f"{chunk}.wasm")
            t = [t[0] + raw, t[1] + gz, t[2] + br]
        name = split.rsplit("_loader_", 1)[0].removeprefix("__")
        pages.append((f"+ {name}", t))
        print(f"{'+ ' + name[:14]:<16}{kib(t[0]):>12}{kib(t[1]):>12}{kib(t[2] if brotli else None):>12}")
largest = max(pages, key=lambda p: p[1][2])
budget = os.environ.get("USERDESK_SIZE_BUDGET_KIB")
if budget and brotli:
    missed = [(n, t) for n, t in pages if t[2] > int(budget) * 1024]
    print(f"size: largest first load {kib(largest[1][2])} brotli ({largest[0]}), budget {budget} KiB: {'ok' if not missed else 'MISSED by ' + ', '.join(n for n, _ in missed)}")
    if missed:
        sys.exit(1)
PY

# The dependency graph of the browser build is the ground truth: no server-only crate in it.
server_only=$(cargo tree -p frontend --target wasm32-unknown-unknown --features hydrate -e normal --prefix none 2>/dev/null \
  | awk '{print $1}' | sort -u | grep -E '^(aws-|tokio$|hyper$|hyper-util$|tower-sessions|rustls$|axum$|leptos_axum$|sandbox$)' || true)
if [[ -n $server_only ]]; then
  echo "size: FAIL: the browser build depends on server-only crates: $server_only" >&2
  exit 1
fi
echo "size: the browser build's dependency graph has no AWS SDK, tokio, hyper, axum or rustls crate"

# Server-only crates leave their names in a wasm that links them (panic locations, type names).
forbidden='aws_sdk_|aws-sdk-|aws_smithy|aws-smithy|aws_config|tokio::|tower_sessions|hyper::|rustls'
if LC_ALL=C grep -aoE "$forbidden" "$PKG/userdesk.wasm" | sort -u | head -5 | grep -q .; then
  echo "size: FAIL: the wasm contains server-only code:" >&2
  LC_ALL=C grep -aoE "$forbidden" "$PKG/userdesk.wasm" | sort | uniq -c | head -10 >&2
  exit 1
fi
echo "size: the wasm contains no AWS SDK, smithy, tokio, hyper or rustls code"
