#!/usr/bin/env bash
# Creates or refreshes the Python venv the tests need (moto, boto3, the AWS CLI, pytest) from
# tests/python/requirements.txt. Idempotent: pip only runs when the requirements changed since
# the last successful install (a stamp in the venv holds their hash), so `make test` stays fast.
#
#   USERDESK_VENV  where the venv lives (default: <workspace>/.venv)
#   PYTHON         the interpreter that creates it (default: python3)
#
# Prints one line; pip's output goes to <venv>/pip-install.log and is shown only on failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${USERDESK_VENV:-$root/.venv}"
requirements="$root/tests/python/requirements.txt"
stamp="$venv/.userdesk-requirements.sha256"
log="$venv/pip-install.log"

want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "python-env: $venv is up to date"
  exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
# Dropped before pip runs, so an interrupted install is retried next time.
rm -f "$stamp"
if ! "$venv/bin/python" -m pip install --disable-pip-version-check --quiet \
  --requirement "$requirements" >"$log" 2>&1; then
  cat "$log" >&2
  echo "python-env: pip install into $venv failed (log above, also in $log)" >&2
  exit 1
fi
echo "$want" >"$stamp"
echo "python-env: $venv ready ($("$venv/bin/python" -c 'import boto3, moto; print(f"boto3 {boto3.__version__}, moto {moto.__version__}")'), $("$venv/bin/aws" --version 2>&1 | cut -d' ' -f1))"
