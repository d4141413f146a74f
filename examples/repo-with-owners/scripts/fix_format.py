#!/usr/bin/env python3
"""Fixes what check_format.py counts: strips trailing whitespace, expands tabs to 4 spaces.

Usage: fix_format.py [PATH ...]   (default paths: src tests)

Deterministic and idempotent: the same input always gives the same output, and
a second run changes nothing. Prints each file it rewrote.
"""

import sys
from pathlib import Path

from check_format import files


def fixed(text):
    lines = text.splitlines()
    out = "\n".join(line.expandtabs(4).rstrip() for line in lines)
    return out + "\n" if text.endswith(("\n", "\r")) else out


def main(argv):
    roots = argv or ["src", "tests"]
    for path in files(roots):
        text = path.read_text(encoding="utf-8")
        new = fixed(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"fixed {path.as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
