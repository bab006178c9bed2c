"""Line numbers of blocks in the texts the gate reads: the one place that maps a block
(``resource``/``data`` in a ``.tf.json``, a resource in a plan, an HCL block) to the
1-based line a finding points at.
"""

from __future__ import annotations

import re

#: A JSON key whose value opens an object or array: ``<indent>"key": {`` / ``[``.
_KEY = re.compile(r'^(\s*)"((?:[^"\\]|\\.)*)"\s*:\s*[\{\[]')
#: ``"address": "..."`` entries of a ``terraform show -json`` plan.
_PLAN_ADDRESS = re.compile(r'"address"\s*:\s*"([^"]+)"')

BlockKey = tuple[str, str, str]
"""``(mode, type, name)``: mode is ``resource`` or ``data``."""


def line_at(text: str, offset: int) -> int:
    """1-based line of character ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1


def json_block_lines(text: str) -> dict[BlockKey, int]:
    """``(mode, type, name)`` -> line of each resource/data block in pretty-printed
    Terraform JSON (any consistent indentation; the first occurrence wins)."""
    found: dict[BlockKey, int] = {}
    path: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _KEY.match(line)
        if not match:
            continue
        indent = len(match.group(1))
        while path and path[-1][0] >= indent:
            path.pop()
        path.append((indent, match.group(2)))
        if len(path) == 3 and path[0][1] in ("resource", "data"):
            found.setdefault((path[0][1], path[1][1], path[2][1]), number)
    return found


def address_of(key: BlockKey) -> str:
    """The Terraform address of a block key (``data.`` prefixed for data sources)."""
    mode, rtype, name = key
    return f"{'data.' if mode == 'data' else ''}{rtype}.{name}"


def plan_address_lines(text: str) -> dict[str, int]:
    """Address -> line of its first ``"address"`` entry in a plan's JSON text."""
    lines: dict[str, int] = {}
    for match in _PLAN_ADDRESS.finditer(text):
        lines.setdefault(match.group(1), line_at(text, match.start()))
    return lines
