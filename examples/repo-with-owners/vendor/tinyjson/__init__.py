"""tinyjson 1.2.0 (vendored from upstream, MIT licence): JSON helpers.

Do not edit: update by copying a new release over this directory.
"""

import json


def dumps_compact(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def loads(text):
    return json.loads(text)
