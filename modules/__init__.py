"""Constructs: one per file, each ``(scope, id, *, props: XProps)`` with frozen, secure,
highly available default props. Constructs read no environment or files; every value
arrives through props (config flows one way: regions -> main.py -> stacks -> here)."""

import os

# jsii prints a large banner on Node 20; silence it before cdktf is imported.
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
