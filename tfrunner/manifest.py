"""Read ``cdktf.out/manifest.json``: which stacks exist, where, and in which order to run.

Order is a topological sort of ``stacks.<name>.dependencies`` (:mod:`ordering`; ties keep
manifest order), so a stack always runs after the stacks it depends on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ordering import DependencyCycle, dependency_order
from tfrunner.errors import ManifestError


@dataclass(frozen=True)
class ManifestStack:
    """One synthesized stack."""

    name: str
    """Stack name."""
    directory: Path
    """Folder Terraform runs in (``workingDirectory``, resolved against the synth folder)."""
    config_file: Path
    """The stack's ``cdk.tf.json`` (``synthesizedStackPath``)."""
    dependencies: tuple[str, ...]
    """Stacks that must run first."""


def read_manifest(synth_dir: Path) -> list[ManifestStack]:
    """Every stack of the synth output in ``synth_dir``, in dependency order."""
    path = synth_dir / "manifest.json"
    if not path.is_file():
        raise ManifestError(f"no manifest.json in {synth_dir} (run `python main.py synth` first)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path} is not valid JSON: {exc}") from None
    entries = data.get("stacks") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise ManifestError(f"{path} has no 'stacks' object")
    stacks = [_stack(synth_dir, path, name, entry) for name, entry in entries.items()]
    return _ordered(stacks, path)


def _stack(root: Path, path: Path, name: str, entry: Any) -> ManifestStack:
    if not isinstance(entry, dict):
        raise ManifestError(f"{path}: stack {name!r} is not an object")
    synthesized = entry.get("synthesizedStackPath")
    if not isinstance(synthesized, str):
        raise ManifestError(f"{path}: stack {name!r} has no synthesizedStackPath")
    config_file = root / synthesized
    working = entry.get("workingDirectory")
    directory = root / working if isinstance(working, str) else config_file.parent
    deps = entry.get("dependencies", [])
    if not isinstance(deps, list) or not all(isinstance(d, str) for d in deps):
        raise ManifestError(f"{path}: stack {name!r} has malformed dependencies")
    if not config_file.is_file():
        raise ManifestError(f"{path}: stack {name!r} file {config_file} is missing")
    return ManifestStack(name, directory.resolve(), config_file.resolve(), tuple(deps))


def _ordered(stacks: list[ManifestStack], path: Path) -> list[ManifestStack]:
    by_name = {s.name: s for s in stacks}
    for s in stacks:
        for dep in s.dependencies:
            if dep not in by_name:
                raise ManifestError(f"{path}: stack {s.name!r} depends on unknown stack {dep!r}")
    try:
        return dependency_order(stacks, lambda s: s.name, lambda s: s.dependencies)
    except DependencyCycle as exc:
        raise ManifestError(f"{path}: dependency cycle between stacks: {exc}") from None


def select_stacks(stacks: Sequence[ManifestStack],
                  names: Sequence[str] | None) -> list[ManifestStack]:
    """The stacks named in ``names`` (all when empty), still in dependency order."""
    if not names:
        return list(stacks)
    known = {s.name for s in stacks}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ManifestError(f"unknown stack {unknown[0]!r}; "
                            f"known stacks: {', '.join(sorted(known))}")
    wanted = set(names)
    return [s for s in stacks if s.name in wanted]
