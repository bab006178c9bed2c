"""Hand-written Terraform (``.tf`` files) parsed with python-hcl2 8.x.

python-hcl2 8.x keeps string quotes and marks blocks by default; its SerializationOptions
give plain values (``strip_string_quotes``, no ``__is_block__`` markers, no comments). The
parsed files are normalized into the ``.tf.json`` shape and loaded like synthesized JSON.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import hcl2
from hcl2.utils import SerializationOptions
from lark.exceptions import LarkError, UnexpectedInput

from policies.loaders.common import as_list, stack_from_doc
from policies.loaders.errors import LoadError
from policies.loaders.synth import read_text
from policies.model import Stack

OPTIONS = SerializationOptions(
    with_comments=False, explicit_blocks=False, strip_string_quotes=True,
    preserve_heredocs=False,
)
_BLOCK = re.compile(r'^[ \t]*(resource|data)\s+"?([\w\-]+)"?\s+"?([\w\-]+)"?\s*\{', re.MULTILINE)
_LABELLED = ("resource", "data", "output", "variable", "module")


def parse_file(path: Path) -> dict[str, Any]:
    """python-hcl2's plain dict of one file; LoadError with the line on syntax errors."""
    text = read_text(path)
    try:
        parsed = hcl2.loads(text, serialization_options=OPTIONS)
    except UnexpectedInput as exc:
        raise LoadError(f"{path}: HCL syntax error at line {exc.line} column {exc.column}") \
            from exc
    except (LarkError, ValueError, TypeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise LoadError(f"{path}: HCL error: {first}") from exc
    return parsed


def normalize(parsed: dict[str, Any], into: dict[str, Any]) -> None:
    """Merge one file's python-hcl2 output into a ``.tf.json``-shaped document."""
    for key in _LABELLED:
        for block in as_list(parsed.get(key)):
            for label, body in block.items():
                target = into.setdefault(key, {})
                if key in ("resource", "data"):
                    target.setdefault(label, {}).update(body)
                else:
                    target[label] = body
    for block in as_list(parsed.get("provider")):
        for name, body in block.items():
            into.setdefault("provider", {}).setdefault(name, []).append(body)
    for block in as_list(parsed.get("terraform")):
        terraform = into.setdefault("terraform", {})
        for key, value in block.items():
            if key == "backend":
                for backend in as_list(value):
                    terraform["backend"] = backend
            else:
                terraform[key] = value


def load_hcl(target: Path) -> Stack:
    """One stack from a folder of ``.tf`` files (or one ``.tf`` file); stack = folder name."""
    files = sorted(target.glob("*.tf")) if target.is_dir() else [target]
    folder = target if target.is_dir() else target.parent
    doc: dict[str, Any] = {}
    lines: dict[tuple[str, str, str], tuple[str | None, int | None]] = {}
    for path in files:
        parsed = parse_file(path)
        try:
            normalize(parsed, doc)
        except (AttributeError, TypeError) as exc:
            raise LoadError(f"{path}: unexpected HCL structure ({exc})") from exc
        text = read_text(path)
        for match in _BLOCK.finditer(text):
            key = (match.group(1), match.group(2), match.group(3))
            lines.setdefault(key, (str(path), text.count("\n", 0, match.start()) + 1))
    try:
        return stack_from_doc(doc, name=folder.resolve().name, file=str(target), lines=lines)
    except (AttributeError, TypeError, ValueError) as exc:
        raise LoadError(f"{target}: unexpected HCL structure ({exc})") from exc
