"""Copy every stack of a model into one folder that Checkov can scan in one run.

Layout: ``<root>/s000/cdk.tf.json`` (synthesized JSON), ``<root>/s001/*.tf`` (an HCL
folder), ``<root>/s002/plan.json`` (a plan); the folder name maps a Checkov result back
to its stack.

THE TRAP: Checkov 3.3.x's ``terraform_json`` parser turns every entry of the
``terraform`` block into an HCL block and raises on a scalar such as
``terraform.required_version`` (which our stacks need for the S3 lockfile); it then
reports ``parsing_errors: 1``, zero checks, and exits 0. The staged copy drops the
scalar settings of the ``terraform`` block (``required_version``; ``backend`` and
``required_providers`` are objects and stay). No Checkov check reads them. The scan
still fails closed on any remaining parse error and on a resource-count mismatch.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policies.loaders.errors import LoadError
from policies.loaders.lines import address_of, json_block_lines
from policies.loaders.modules import local_module_dirs
from policies.loaders.workdir import arrays_to_objects
from policies.model import Model, Stack

SYNTH_FILE = "cdk.tf.json"
PLAN_FILE = "plan.json"
#: Variable files Terraform reads in a root folder (Checkov reads them too).
TFVARS = ("terraform.tfvars", "terraform.tfvars.json", ".auto.tfvars", ".auto.tfvars.json")


class StagingError(Exception):
    """A stack's source cannot be read or is not in a form Checkov can scan."""


@dataclass(frozen=True)
class StagedStack:
    """One stack as Checkov sees it."""

    stack: str
    """Our stack name."""
    folder: str
    """Folder name under the staging root (``s000``)."""
    framework: str
    """``terraform_json``, ``terraform`` or ``terraform_plan``."""
    source: Path
    """The original file or folder."""
    staged_lines: dict[int, str] = field(default_factory=dict)
    """terraform_json: first line of each block in the staged copy -> address."""
    source_lines: dict[str, int] = field(default_factory=dict)
    """terraform_json: address -> first line in the original file."""
    tree: Path | None = None
    """terraform (a folder): the original folder the staged folder stands for, the common
    ancestor of the root and every local module it calls (``../../`` sources included)."""


def stage(model: Model, root: Path) -> list[StagedStack]:
    """Copy each stack of ``model`` under ``root``; returns how to map results back."""
    staged = []
    for index, stack in enumerate(model.stacks):
        folder = f"s{index:03d}"
        (root / folder).mkdir(parents=True)
        staged.extend(_stage_folder(stack, root / folder))
    return staged


def _stage_folder(stack: Stack, dest: Path) -> list[StagedStack]:
    """A folder of .tf files that also holds .tf.json files: Checkov's terraform framework
    skips the JSON ones, so they are merged into a sibling folder scanned as terraform_json."""
    src = Path(stack.file or "")
    json_files = sorted(src.glob("*.tf.json")) if src.is_dir() else []
    if not json_files or (src / SYNTH_FILE).is_file():
        return [_stage_one(stack, dest)]
    staged = []
    if any(src.glob("*.tf")):
        staged.append(_stage_one(stack, dest, with_json=False))
    merged: dict[str, Any] = {}
    for path in json_files:
        try:
            doc = arrays_to_objects(json.loads(path.read_text(encoding="utf-8")), path)
        except (OSError, ValueError, LoadError) as exc:
            raise StagingError(f"stack {stack.name}: cannot read {path} ({exc})") from None
        for key, value in (doc.items() if isinstance(doc, dict) else []):
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                for label, body in value.items():
                    if isinstance(body, dict) and isinstance(merged[key].get(label), dict):
                        merged[key][label] = {**merged[key][label], **body}
                    else:
                        merged[key][label] = body
            elif key not in merged:
                merged[key] = value
    jdest = dest.with_name(dest.name + "j")
    jdest.mkdir()
    text = json.dumps(merged, indent=2)
    staged.append(_stage_json(stack, jdest, json_files[0], text, merged))
    return staged


def _source(stack: Stack) -> Path:
    if not stack.file:
        raise StagingError(f"stack {stack.name} has no source file to give Checkov")
    path = Path(stack.file)
    if path.is_dir() and (path / SYNTH_FILE).is_file():
        return path / SYNTH_FILE
    if not path.exists():
        raise StagingError(f"stack {stack.name}: source {path} does not exist")
    return path


def _stage_one(stack: Stack, dest: Path, *, with_json: bool = True) -> StagedStack:
    src = _source(stack)
    suffixes = (".tf", ".tf.json") if with_json else (".tf",)
    if src.name == SYNTH_FILE and stack.document is not None and len(stack.config_files) > 1:
        # A stack folder holding more than cdk.tf.json (an extra file, an override): Checkov
        # is given the merged working directory, exactly what our policies judged.
        return _stage_json(stack, dest, src, json.dumps(stack.document, indent=2),
                           dict(stack.document))
    if src.is_dir():
        return _stage_tree(stack, dest, src, suffixes)
    if src.suffix == ".tf":
        shutil.copyfile(src, dest / src.name)
        return StagedStack(stack.name, dest.name, "terraform", src)
    text = src.read_text(encoding="utf-8")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StagingError(f"stack {stack.name}: {src} is not valid JSON ({exc.msg})") from None
    if not isinstance(doc, dict):
        raise StagingError(f"stack {stack.name}: {src} is not a JSON object")
    if "planned_values" in doc or "resource_changes" in doc:
        (dest / PLAN_FILE).write_text(text, encoding="utf-8")
        return StagedStack(stack.name, dest.name, "terraform_plan", src)
    return _stage_json(stack, dest, src, text, doc)


def _stage_tree(stack: Stack, dest: Path, src: Path, suffixes: tuple[str, ...]) -> StagedStack:
    """A root folder and every local module it calls, at the same relative places under
    ``dest`` (so ``source = "../../"`` reaches the same code for Checkov as for Terraform);
    nothing else of the tree is copied, so Checkov sees no root Terraform would not read."""
    try:
        folders = local_module_dirs(src)
    except LoadError as exc:
        raise StagingError(f"stack {stack.name}: {exc}") from None
    root = src.resolve()
    tree = Path(os.path.commonpath([str(f) for f in folders]))
    for folder in sorted(folders):
        target = dest / folder.relative_to(tree)
        target.mkdir(parents=True, exist_ok=True)
        wanted = suffixes + (TFVARS if folder == root else ())
        files = [p for p in sorted(folder.iterdir())
                 if p.is_file() and p.name.endswith(wanted) and not p.name.startswith(".")]
        if folder == root and not any(p.name.endswith(suffixes) for p in files):
            raise StagingError(f"stack {stack.name}: folder {src} holds no .tf file")
        for path in files:
            if path.name.endswith(".tf.json"):
                _copy_json(path, target / path.name)
            else:
                shutil.copyfile(path, target / path.name)
    return StagedStack(stack.name, dest.name, "terraform", src, tree=tree)


def _copy_json(path: Path, target: Path) -> None:
    """A module's ``.tf.json`` file without the ``terraform`` scalars (the trap above)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StagingError(f"cannot read {path} ({exc})") from None
    if not isinstance(doc, dict):
        raise StagingError(f"{path} is not a JSON object")
    target.write_text(json.dumps(without_terraform_scalars(doc), indent=2) + "\n",
                      encoding="utf-8")


def _stage_json(stack: Stack, dest: Path, src: Path, text: str,
                doc: dict[str, Any]) -> StagedStack:
    staged_text = json.dumps(without_terraform_scalars(doc), indent=2) + "\n"
    (dest / SYNTH_FILE).write_text(staged_text, encoding="utf-8")
    return StagedStack(
        stack.name, dest.name, "terraform_json", src,
        staged_lines={line: addr for addr, line in block_lines(staged_text).items()},
        source_lines=block_lines(text),
    )


def without_terraform_scalars(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` without the non-object settings of its ``terraform`` block (see module doc)."""
    block = doc.get("terraform")
    if not isinstance(block, dict):
        return doc
    return {**doc, "terraform": {k: v for k, v in block.items() if isinstance(v, dict)}}


def block_lines(text: str) -> dict[str, int]:
    """Address -> 1-based line of each resource/data block in pretty-printed JSON (the
    loaders' mapper, keyed by address); results then map by line between the staged copy
    and its source. Unindented JSON yields no lines (results map by ``type.name`` id)."""
    return {address_of(key): line for key, line in json_block_lines(text).items()}
