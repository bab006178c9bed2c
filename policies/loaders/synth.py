"""Synthesized JSON: a cdktf output folder (``manifest.json``), one stack folder
(``cdk.tf.json``) or one ``*.tf.json`` file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from policies.loaders.common import stack_from_doc
from policies.loaders.errors import LoadError
from policies.model import Stack

_KEY = re.compile(r'^(\s*)"((?:[^"\\]|\\.)*)"\s*:\s*[\{\[]')


def read_json(path: Path) -> Any:
    """Parsed JSON of ``path``; LoadError on missing, unreadable or malformed files."""
    text = read_text(path)
    return parse_json(text, path)


def read_text(path: Path) -> str:
    """UTF-8 text of ``path`` (LoadError when it cannot be read)."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LoadError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 text") from exc
    except OSError as exc:
        raise LoadError(f"{path}: cannot read ({exc.strerror})") from exc


def parse_json(text: str, path: Path) -> Any:
    """Parsed JSON; LoadError naming the line on truncated or malformed text."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        kind = "truncated JSON" if exc.pos >= len(text.rstrip()) else "malformed JSON"
        raise LoadError(f"{path}: {kind} at line {exc.lineno} column {exc.colno}: {exc.msg}") \
            from exc


def json_lines(text: str, file: str) -> dict[tuple[str, str, str], tuple[str | None, int | None]]:
    """``(mode, type, name)`` -> ``(file, line)`` of each resource key in pretty-printed JSON."""
    found: dict[tuple[str, str, str], tuple[str | None, int | None]] = {}
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
            found.setdefault((path[0][1], path[1][1], path[2][1]), (file, number))
    return found


def stack_name_of(doc: dict[str, Any], path: Path) -> str:
    """Stack name from ``//.metadata.stackName``, else the parent folder's name."""
    meta = doc.get("//")
    if isinstance(meta, dict):
        name = (meta.get("metadata") or {}).get("stackName")
        if isinstance(name, str) and name:
            return name
    return path.parent.name or path.stem


def load_tf_json(path: Path, *, name: str | None = None) -> Stack:
    """One stack from a ``cdk.tf.json`` / ``*.tf.json`` file."""
    text = read_text(path)
    doc = parse_json(text, path)
    if not isinstance(doc, dict):
        raise LoadError(f"{path}: expected a JSON object at the top level")
    return from_doc(doc, path, text, name)


def from_doc(doc: dict[str, Any], path: Path, text: str, name: str | None) -> Stack:
    """A stack from an already parsed ``.tf.json`` document."""
    try:
        return stack_from_doc(doc, name=name or stack_name_of(doc, path), file=str(path),
                              lines=json_lines(text, str(path)))
    except (AttributeError, TypeError, ValueError) as exc:
        raise LoadError(f"{path}: not a Terraform JSON configuration ({exc})") from exc


def load_synth_dir(folder: Path) -> list[Stack]:
    """Every stack listed in ``folder/manifest.json``, in manifest order."""
    manifest = read_json(folder / "manifest.json")
    entries = manifest.get("stacks") if isinstance(manifest, dict) else None
    if not isinstance(entries, dict):
        raise LoadError(f"{folder / 'manifest.json'}: no 'stacks' object")
    stacks: list[Stack] = []
    for name, entry in entries.items():
        rel = entry.get("synthesizedStackPath") if isinstance(entry, dict) else None
        if not isinstance(rel, str):
            raise LoadError(f"{folder / 'manifest.json'}: stack {name} has no synthesizedStackPath")
        stacks.append(load_tf_json(folder / rel, name=name))
    return stacks
