#!/usr/bin/env python3
"""Runs the shop's tests with the standard library only (pytest is optional here).

Usage: run_tests.py [PATH ...]   (default: tests)

Imports every tests/**/test_*.py (with tests/conftest.py's import paths), calls each
top-level test_* function, prints one line per failure and a count, exits 1 on failure.
"""

import importlib.util
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in ("src", "vendor"):
    sys.path.insert(0, str(ROOT / folder))


def test_files(roots):
    for root in roots:
        path = Path(root)
        yield from [path] if path.is_file() else sorted(path.rglob("test_*.py"))


def main(argv):
    passed, failed = 0, 0
    for file in test_files(argv or ["tests"]):
        spec = importlib.util.spec_from_file_location(file.stem, file)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, function in sorted(vars(module).items()):
            if name.startswith("test_") and callable(function):
                try:
                    function()
                    passed += 1
                except Exception:
                    failed += 1
                    print(f"FAILED {file.as_posix()}::{name}")
                    traceback.print_exc(limit=2)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
