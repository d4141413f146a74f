"""Test set-up: make src/ and vendor/ importable without installing the package."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in ("src", "vendor"):
    sys.path.insert(0, str(ROOT / folder))
