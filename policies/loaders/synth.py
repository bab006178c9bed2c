"""Synthesized JSON: a cdktf output folder (``manifest.json``), one stack folder
(``cdk.tf.json``) or one ``*.tf.json`` file.

JSON is parsed strictly: a duplicate object key is refused (Python keeps the last one,
Terraform refuses the file), and a path that is not a regular file (a FIFO, a device) is
refused before it is opened, so the gate never hangs on it.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from policies.loaders.common import stack_from_doc
from policies.loaders.errors import LoadError
from policies.loaders.lines import json_block_lines
from policies.model import Stack


class DuplicateKey(ValueError):
    """A JSON object holds the same key twice."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


def read_json(path: Path) -> Any:
    """Parsed JSON of ``path``; LoadError on missing, unreadable or malformed files."""
    text = read_text(path)
    return parse_json(text, path)


def check_regular(path: Path) -> None:
    """LoadError unless ``path`` is a regular file (checked without opening it)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as exc:
        raise LoadError(f"{path}: no such file") from exc
    except OSError as exc:
        raise LoadError(f"{path}: cannot read ({exc.strerror})") from exc
    if not stat.S_ISREG(mode):
        kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a device"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket"
                if stat.S_ISSOCK(mode) else "not a regular file")
        raise LoadError(f"{path}: is {kind}, not a regular file")


def read_text(path: Path) -> str:
    """UTF-8 text of ``path`` (LoadError when it cannot be read or is not a regular file)."""
    check_regular(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LoadError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 text") from exc
    except OSError as exc:
        raise LoadError(f"{path}: cannot read ({exc.strerror})") from exc


def parse_json(text: str, path: Path) -> Any:
    """Parsed JSON; LoadError naming the line on truncated or malformed text, the key on a
    duplicate key, and the file on nesting too deep to parse."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except DuplicateKey as exc:
        raise LoadError(f"{path}: duplicate JSON object key {str(exc)!r} (Terraform refuses "
                        "it; Python would keep only the last)") from exc
    except json.JSONDecodeError as exc:
        kind = "truncated JSON" if exc.pos >= len(text.rstrip()) else "malformed JSON"
        raise LoadError(f"{path}: {kind} at line {exc.lineno} column {exc.colno}: {exc.msg}") \
            from exc
    except RecursionError as exc:
        raise LoadError(f"{path}: JSON nested too deeply") from exc


def json_lines(text: str, file: str) -> dict[tuple[str, str, str], tuple[str | None, int | None]]:
    """``(mode, type, name)`` -> ``(file, line)`` of each resource key in pretty-printed JSON."""
    return {key: (file, line) for key, line in json_block_lines(text).items()}


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
    """Every stack listed in ``folder/manifest.json``, in manifest order: each one is its
    ``workingDirectory`` loaded as a whole Terraform working directory (every ``.tf`` /
    ``.tf.json`` file and override file in it), which is what the runner applies."""
    from policies.loaders.workdir import load_workdir

    manifest_path = folder / "manifest.json"
    manifest = read_json(manifest_path)
    entries = manifest.get("stacks") if isinstance(manifest, dict) else None
    if not isinstance(entries, dict):
        raise LoadError(f"{manifest_path}: no 'stacks' object")
    if not entries:
        raise LoadError(f"{manifest_path}: lists no stacks: nothing to check")
    root = folder.resolve()
    stacks: list[Stack] = []
    for name, entry in entries.items():
        rel = entry.get("synthesizedStackPath") if isinstance(entry, dict) else None
        if not isinstance(rel, str):
            raise LoadError(f"{manifest_path}: stack {name} has no synthesizedStackPath")
        work = entry.get("workingDirectory") or str(Path(rel).parent)
        if not isinstance(work, str):
            raise LoadError(f"{manifest_path}: stack {name} has a non-string workingDirectory")
        workdir = (folder / work).resolve()
        stack_file = (folder / rel).resolve()
        if not workdir.is_relative_to(root):
            raise LoadError(f"{manifest_path}: stack {name} workingDirectory {work} lies "
                            "outside the synth folder")
        if stack_file.parent != workdir:
            raise LoadError(f"{manifest_path}: stack {name} file {rel} lies outside its "
                            f"workingDirectory {work}")
        if not workdir.is_dir():
            raise LoadError(f"{manifest_path}: stack {name} workingDirectory {work} "
                            "does not exist")
        stacks.append(load_workdir(workdir, name=name))
    return stacks
