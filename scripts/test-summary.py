#!/usr/bin/env python3
"""Adds up what every suite of `make test` reported and prints one closing line.

Reads the logs the Makefile tees: cargo's "test result: ok. N passed; M failed", pytest's
"N passed" / "M failed", Playwright's "N passed (…)" / "M failed".
"""
import pathlib
import re
import sys

passed = failed = 0
for log in sys.argv[1:]:
    text = pathlib.Path(log).read_text(errors="replace")
    for m in re.finditer(r"test result: \w+\. (\d+) passed; (\d+) failed", text):
        passed += int(m.group(1))
        failed += int(m.group(2))
    if "pytest" in log or "e2e" in log:
        # The last summary line of the run.
        for line in reversed(text.splitlines()):
            p = re.search(r"(\d+) passed", line)
            f = re.search(r"(\d+) failed", line)
            if p or f:
                passed += int(p.group(1)) if p else 0
                failed += int(f.group(1)) if f else 0
                break
print(f"make test: {passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
