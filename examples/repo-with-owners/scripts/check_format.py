#!/usr/bin/env python3
"""Counts the files that fail the format check: a line with trailing whitespace or a tab.

Usage: check_format.py [--strict] [PATH ...]   (default paths: src tests)

Prints each failing file with the first offending line, then the count as the
last number of the output (Manybot's measurement takes the last number).
Exits 0, or 1 with --strict when a file fails.
"""

import sys
from pathlib import Path

CHECKED = {".py", ".html", ".css", ".js", ".md", ".toml", ".txt"}


def files(roots):
    for root in roots:
        path = Path(root)
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for candidate in candidates:
            if candidate.is_file() and candidate.suffix in CHECKED:
                yield candidate


def first_fault(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            return number, "tab"
        if line != line.rstrip():
            return number, "trailing whitespace"
    return None


def main(argv):
    strict = "--strict" in argv
    roots = [arg for arg in argv if arg != "--strict"] or ["src", "tests"]
    failing = 0
    for path in files(roots):
        fault = first_fault(path)
        if fault:
            failing += 1
            print(f"{path.as_posix()}:{fault[0]}: {fault[1]}")
    print(f"files failing the format check: {failing}")
    return 1 if strict and failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
