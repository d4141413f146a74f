#!/usr/bin/env python3
"""Finds API endpoints without a test and writes a smoke test for each.

Usage: api_test_stubs.py [--count]

An endpoint (a handler in src/api/app.py ROUTES) counts as tested when a test
function named test_<handler> exists under tests/api/. With --count, prints the
number of tested endpoints as the last number and changes nothing; otherwise
appends a smoke test (the endpoint answers, without a server error) for each
untested endpoint to tests/api/test_<module>.py.
"""

import ast
import sys
from pathlib import Path

APP = Path("src/api/app.py")
TESTS = Path("tests/api")


def routes():
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "ROUTES" for t in node.targets):
            for key, value in zip(node.value.keys, node.value.values):
                method, path = (element.value for element in key.elts)
                yield method, path, value.value.id, value.attr


def tested_names():
    names = set()
    for test_file in sorted(TESTS.glob("test_*.py")):
        for node in ast.walk(ast.parse(test_file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                names.add(node.name[len("test_"):])
    return names


def smoke_test(method, path, handler):
    concrete = path.replace("<id>", "does-not-exist")
    return (f"\n\ndef test_{handler}():\n"
            f"    status, _ = dispatch(\"{method}\", \"{concrete}\")\n"
            f"    assert status < 500\n")


def main(argv):
    endpoints = list(routes())
    tested = tested_names()
    if "--count" in argv:
        done = sum(1 for _, _, _, handler in endpoints if handler in tested)
        print(f"endpoints: {len(endpoints)}; endpoints with tests: {done}")
        return 0
    for method, path, module, handler in endpoints:
        if handler in tested:
            continue
        target = TESTS / f"test_{module}.py"
        existing = target.read_text(encoding="utf-8") if target.exists() else "from api.app import dispatch\n"
        target.write_text(existing + smoke_test(method, path, handler), encoding="utf-8")
        print(f"added test_{handler} to {target.as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
