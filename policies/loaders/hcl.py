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
from policies.loaders.lines import line_at
from policies.loaders.synth import read_text
from policies.model import Stack

OPTIONS = SerializationOptions(
    with_comments=False, explicit_blocks=False, strip_string_quotes=True,
    preserve_heredocs=False,
)
_BLOCK = re.compile(r'^[ \t]*(resource|data)\s+"?([\w\-]+)"?\s+"?([\w\-]+)"?\s*\{', re.MULTILINE)
_LABELLED = ("resource", "data", "output", "variable", "module")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)


def parse_file(path: Path) -> dict[str, Any]:
    """python-hcl2's plain dict of one file; LoadError with the line on syntax errors."""
    return parse_text(read_text(path), path, OPTIONS)


def parse_text(text: str, path: Path, options: SerializationOptions) -> dict[str, Any]:
    """python-hcl2's plain dict of ``text``. Trailing blanks are dropped first: Terraform
    accepts a heredoc closing marker followed by spaces, python-hcl2 does not."""
    text = _TRAILING.sub("", text)
    try:
        parsed = hcl2.loads(text, serialization_options=options)
    except UnexpectedInput as exc:
        raise LoadError(f"{path}: HCL syntax error at line {exc.line} column {exc.column}") \
            from exc
    except (LarkError, ValueError, TypeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise LoadError(f"{path}: HCL error: {first}") from exc
    except RecursionError as exc:
        raise LoadError(f"{path}: HCL nested too deeply") from exc
    return parsed


def normalize(parsed: dict[str, Any], into: dict[str, Any]) -> None:
    """Merge one file's python-hcl2 output into a ``.tf.json``-shaped document."""
    for key in _LABELLED:
        for block in as_list(parsed.get(key)):
            for label, body in block.items():
                target = into.setdefault(key, {})
                if key in ("resource", "data"):
                    for name in body:
                        if name in target.get(label, {}):
                            raise ValueError(f"{key} {label}.{name} is declared twice")
                    target.setdefault(label, {}).update(body)
                else:
                    target[label] = body
    for block in as_list(parsed.get("locals")):
        into.setdefault("locals", {}).update(block)
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


def block_lines(text: str, file: str) -> dict[tuple[str, str, str], tuple[str | None, int | None]]:
    """``(mode, type, name)`` -> ``(file, line)`` of each resource/data block of a .tf text."""
    lines: dict[tuple[str, str, str], tuple[str | None, int | None]] = {}
    for match in _BLOCK.finditer(text):
        key = (match.group(1), match.group(2), match.group(3))
        lines.setdefault(key, (file, line_at(text, match.start())))
    return lines


def load_hcl(target: Path) -> Stack:
    """One stack from a folder of ``.tf`` files (the whole working directory) or one file."""
    from policies.loaders.workdir import load_workdir

    if target.is_dir():
        return load_workdir(target)
    doc: dict[str, Any] = {}
    try:
        normalize(parse_file(target), doc)
        return stack_from_doc(doc, name=target.resolve().parent.name, file=str(target),
                              lines=block_lines(read_text(target), str(target)))
    except (AttributeError, TypeError, ValueError) as exc:
        raise LoadError(f"{target}: unexpected HCL structure ({exc})") from exc
