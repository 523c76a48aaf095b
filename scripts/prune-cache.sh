#!/usr/bin/env bash
# Keeps the shared build cache (~/.cache/userdesk/target) from filling the disk: every
# dependency or feature change leaves old artifacts behind, and one session once took it to
# 75 GB. When less than 15 GiB (USERDESK_PRUNE_BELOW_GIB) is free on its filesystem, drops the incremental caches and
# artifacts untouched for a day; the next build recompiles what it still needs.
set -euo pipefail

target=${CARGO_TARGET_DIR:-$HOME/.cache/userdesk/target}
[[ -d "$target" ]] || exit 0
# Our own crates' artifacts pile up fastest (every feature or flag change leaves a copy of
# app, server and the test binaries, hundreds of MB each): those untouched for three hours go
# whatever the free space; the next build relinks what it needs in a minute or two.
find "$target" -path '*/deps/*' -type f -mmin +180 \( -name 'libapp-*' -o -name 'it-*' \
  -o -name 'userdesk-*' -o -name 'libsandbox-*' -o -name 'libserver-*' -o -name 'bench-*' \
  -o -name 'libtest_support-*' -o -name 'libfrontend-*' -o -name 'app-*' -o -name 'sandbox-*' \) \
  -delete 2>/dev/null || true
free_kib=$(df -Pk "$target" | awk 'NR == 2 {print $4}')
below_gib=${USERDESK_PRUNE_BELOW_GIB:-15}
if (( free_kib >= below_gib * 1024 * 1024 )); then
  exit 0
fi
before=$(du -sh "$target" | cut -f1)
find "$target" -maxdepth 3 -type d -name incremental -prune -exec rm -rf {} +
find "$target" -path '*/deps/*' -type f -mtime +0 -delete
find "$target" -mindepth 3 -maxdepth 3 -path '*/build/*' -type d -mtime +0 -prune -exec rm -rf {} +
echo "prune-cache: less than ${below_gib} GiB free; $target went from $before to $(du -sh "$target" | cut -f1)"
