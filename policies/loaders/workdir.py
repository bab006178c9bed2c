"""A Terraform working directory: every ``*.tf`` and ``*.tf.json`` file of one folder, then
its override files (``override.tf(.json)``, ``*_override.tf(.json)``) merged by Terraform's
override rules, then local module calls loaded under ``module.<name>.``.

Override merge (Terraform's rules, on the ``.tf.json`` shape): a block in an override file
must exist in the primary files; each argument it sets replaces the original one, and each
nested block type it sets replaces all nested blocks of that type. ``locals`` merge by name,
``provider`` blocks by alias, ``terraform`` settings by key.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from policies.loaders.common import stack_from_doc
from policies.loaders.errors import LoadError
from policies.loaders.hcl import normalize, parse_file
from policies.loaders.synth import json_lines, parse_json, read_text, stack_name_of
from policies.loaders.tfvars import tfvars_for
from policies.model import Stack

Lines = dict[tuple[str, str, str], tuple[str | None, int | None]]
_LABELLED = ("resource", "data", "module", "variable", "output")


def is_override(path: Path) -> bool:
    """True for ``override.tf(.json)`` and ``*_override.tf(.json)``."""
    stem = path.name.removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


def config_files(folder: Path) -> list[Path]:
    """The ``.tf`` / ``.tf.json`` files Terraform reads in ``folder`` (sorted by name)."""
    return sorted(p for p in folder.iterdir()
                  if p.name.endswith((".tf", ".tf.json")) and not p.name.startswith("."))


def has_config(folder: Path) -> bool:
    """True when ``folder`` holds at least one Terraform configuration file."""
    return folder.is_dir() and bool(config_files(folder))


def _file_doc(path: Path, lines: Lines) -> dict[str, Any]:
    """One file as a ``.tf.json``-shaped document (its block lines added to ``lines``)."""
    if path.name.endswith(".tf.json"):
        text = read_text(path)
        doc = parse_json(text, path)
        if not isinstance(doc, dict):
            raise LoadError(f"{path}: expected a JSON object at the top level")
        for key, where in json_lines(text, str(path)).items():
            lines.setdefault(key, where)
        return arrays_to_objects(doc, path)
    from policies.loaders.hcl import block_lines

    out: dict[str, Any] = {}
    try:
        normalize(parse_file(path), out)
    except (AttributeError, TypeError, ValueError) as exc:
        raise LoadError(f"{path}: unexpected HCL structure ({exc})") from exc
    for key, where in block_lines(read_text(path), str(path)).items():
        lines.setdefault(key, where)
    return out


def arrays_to_objects(doc: dict[str, Any], path: Path) -> dict[str, Any]:
    """Terraform JSON allows a block body written as an array of objects: merge them
    (one labelled block per array, as Terraform reads it)."""
    for key in _LABELLED:
        section = doc.get(key)
        if isinstance(section, list):
            merged: dict[str, Any] = {}
            for item in section:
                if not isinstance(item, dict):
                    raise LoadError(f"{path}: {key} array holds a non-object")
                merged.update(item)
            doc[key] = section = merged
        if not isinstance(section, dict):
            continue
        for label, body in list(section.items()):
            if key in ("resource", "data") and isinstance(body, list):
                merged = {}
                for item in body:
                    if isinstance(item, dict):
                        merged.update(item)
                section[label] = body = merged
            if key in ("resource", "data") and isinstance(body, dict):
                for name, inner in list(body.items()):
                    if isinstance(inner, list) and len(inner) == 1 and isinstance(inner[0], dict):
                        body[name] = inner[0]
            elif key not in ("resource", "data") and isinstance(body, list) and len(body) == 1:
                section[label] = body[0]
    return doc


def _merge_primary(into: dict[str, Any], doc: dict[str, Any], path: Path) -> None:
    for key, value in doc.items():
        if key in ("resource", "data"):
            for rtype, by_name in (value or {}).items():
                target = into.setdefault(key, {}).setdefault(rtype, {})
                for name, body in (by_name or {}).items():
                    if name in target:
                        raise LoadError(f"{path}: {key} {rtype}.{name} is declared twice in "
                                        "this working directory")
                    target[name] = body
        elif key in ("module", "variable", "output", "locals"):
            target = into.setdefault(key, {})
            for label, body in (value or {}).items():
                if label in target:
                    raise LoadError(f"{path}: {key} {label} is declared twice in this "
                                    "working directory")
                target[label] = body
        elif key == "provider":
            for name, configs in (value or {}).items():
                listed = configs if isinstance(configs, list) else [configs]
                into.setdefault("provider", {}).setdefault(name, [])
                into["provider"][name] = _as_list(into["provider"][name]) + listed
        elif key == "terraform":
            into.setdefault("terraform", {}).update(value or {})
        else:
            into[key] = value


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _merge_override(into: dict[str, Any], doc: dict[str, Any], path: Path) -> None:
    for key, value in doc.items():
        if key in ("resource", "data"):
            for rtype, by_name in (value or {}).items():
                for name, body in (by_name or {}).items():
                    target = (into.get(key) or {}).get(rtype, {}).get(name)
                    if not isinstance(target, dict) or not isinstance(body, dict):
                        raise LoadError(f"{path}: override of {key} {rtype}.{name}, which "
                                        "no primary file declares")
                    target.update(body)
        elif key in ("module", "variable", "output"):
            for label, body in (value or {}).items():
                target = (into.get(key) or {}).get(label)
                if not isinstance(target, dict) or not isinstance(body, dict):
                    raise LoadError(f"{path}: override of {key} {label}, which no primary "
                                    "file declares")
                target.update(body)
        elif key == "locals":
            into.setdefault("locals", {}).update(value or {})
        elif key == "provider":
            for name, configs in (value or {}).items():
                existing = _as_list((into.get("provider") or {}).get(name) or [])
                for cfg in _as_list(configs):
                    alias = cfg.get("alias") if isinstance(cfg, dict) else None
                    match = [c for c in existing if isinstance(c, dict)
                             and c.get("alias") == alias]
                    if not match:
                        raise LoadError(f"{path}: override of provider {name}, which no "
                                        "primary file declares")
                    match[0].update(cfg)
                into.setdefault("provider", {})[name] = existing
        elif key == "terraform":
            into.setdefault("terraform", {}).update(value or {})
        else:
            into[key] = value


def read_workdir(folder: Path) -> tuple[dict[str, Any], Lines, list[Path]]:
    """The merged ``.tf.json``-shaped document of a working directory, block lines, files."""
    files = config_files(folder)
    if not files:
        raise LoadError(f"{folder}: no Terraform configuration (.tf or .tf.json) in it")
    doc: dict[str, Any] = {}
    lines: Lines = {}
    primary = [p for p in files if not is_override(p)]
    overrides = [p for p in files if is_override(p)]
    for path in primary:
        try:
            _merge_primary(doc, _file_doc(path, lines), path)
        except (AttributeError, TypeError) as exc:
            raise LoadError(f"{path}: unexpected structure ({exc})") from exc
    for path in overrides:
        try:
            _merge_override(doc, _file_doc(path, {}), path)
        except (AttributeError, TypeError) as exc:
            raise LoadError(f"{path}: unexpected structure ({exc})") from exc
    return doc, lines, files


def load_workdir(folder: Path, *, name: str | None = None) -> Stack:
    """One stack from a working directory (a synth stack folder or a folder of .tf files)."""
    from policies.loaders.modules import expand_modules

    doc, lines, files = read_workdir(folder)
    synth = (folder / "cdk.tf.json").is_file()
    if name is None:
        name = stack_name_of(doc, folder / "cdk.tf.json") if synth else folder.resolve().name
    tfvars = tfvars_for(folder)
    try:
        stack = stack_from_doc(doc, name=name, file=str(folder), lines=lines, tfvars=tfvars)
        stack = expand_modules(stack, doc, folder, depth=0)
        return replace(stack, document=doc, config_files=tuple(str(p) for p in files))
    except (AttributeError, TypeError, ValueError) as exc:
        raise LoadError(f"{folder}: unexpected configuration structure ({exc})") from exc
