#!/usr/bin/env bash
# Installs what the test suites need: Debian's Chromium and PostgreSQL 15 (the shared-session
# tests start their own cluster), the Playwright packages (no browser download), and the
# Python virtualenv with moto, boto3 and the AWS CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'test-deps: %s\n' "$*"; }

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/lib/postgresql/15/bin/postgres ]] || missing+=(postgresql-15)
if (( ${#missing[@]} )); then
  say "installing Debian's ${missing[*]}"
  SUDO=$([[ $(id -u) -eq 0 ]] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ ! -d end2end/node_modules/@playwright/test ]] || [[ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]]; then
  say "installing the Playwright packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
fi

scripts/python-env.sh
