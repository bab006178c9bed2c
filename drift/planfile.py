"""Read a refresh-only plan JSON (``terraform show -json``) and validate what drift uses.

Anything that is not in Terraform's documented JSON plan shape (truncated file, wrong
types, a plan that errored) is a :class:`PlanFileError` with one line naming the file and
the problem; the CLI turns it into exit code 2.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class PlanFileError(ValueError):
    """A plan file that cannot be used (missing, truncated, malformed)."""


@dataclass(frozen=True)
class DriftEntry:
    """One ``resource_drift`` entry: a resource whose real object changed outside Terraform."""

    address: str
    """Terraform address."""
    type: str
    """Resource type."""
    actions: tuple[str, ...]
    """``update`` (changed) or ``delete`` (gone)."""
    before: Mapping[str, Any] | None
    """Values recorded in state."""
    after: Mapping[str, Any] | None
    """Values read from the real object (None when it was deleted)."""
    before_sensitive: Any
    """Sensitivity marks of ``before`` (bool, or the same shape with bools)."""
    after_sensitive: Any
    """Sensitivity marks of ``after``."""


#: Top-level keys that only other Terraform JSON documents have.
_NOT_PLAN_KEYS = {
    "values": "a state (`terraform show -json` without a plan file)",
    "provider_schemas": "a provider schema (`terraform providers schema -json`)",
    "resources": "a raw state file (terraform.tfstate)",
}
#: Keys every `terraform show -json PLANFILE` output has (Terraform 1.x).
_PLAN_KEYS = ("planned_values", "resource_changes", "resource_drift", "prior_state",
              "configuration")


def plan_shape_problem(plan: Any) -> str | None:
    """Why ``plan`` is not a JSON plan this tool reads (``None`` when it is one).

    Refuses state files, provider schemas and anything without a ``format_version`` of
    major version 1 (Terraform's JSON plan format; another major may mean other things).
    """
    if not isinstance(plan, dict):
        return "is not a Terraform JSON plan (not an object); use `terraform show -json PLANFILE`"
    for key, what in _NOT_PLAN_KEYS.items():
        if key in plan:
            return (f"is {what}, not a Terraform JSON plan; use `terraform show -json "
                    "PLANFILE`")
    version = plan.get("format_version")
    if not isinstance(version, str):
        return ("is not a Terraform JSON plan (no format_version); use `terraform show "
                "-json PLANFILE`")
    if version.split(".")[0] != "1":
        return (f"has plan format_version {version!r}; only format version 1.x is "
                "supported")
    if not any(key in plan for key in _PLAN_KEYS):
        return ("is not a Terraform JSON plan (none of " + ", ".join(_PLAN_KEYS)
                + "); use `terraform show -json PLANFILE`")
    return None


def read_plan_json(path: Path) -> dict[str, Any]:
    """The parsed ``terraform show -json`` document at ``path`` (a plain dict, for drift
    detection; the gate builds its model with policies.loaders.plan.load_plan); raises
    PlanFileError naming the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanFileError(f"plan file {path} does not exist") from None
    except IsADirectoryError:
        raise PlanFileError(f"plan file {path} is a folder") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanFileError(f"cannot read plan file {path}: {exc}") from None
    if not text.strip():
        raise PlanFileError(f"plan file {path} is empty")
    try:
        plan = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"plan file {path} is truncated or not valid JSON "
                            f"(line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    problem = plan_shape_problem(plan)
    if problem:
        raise PlanFileError(f"{path} {problem}")
    if plan.get("errored") is True:
        raise PlanFileError(f"{path} is the plan of a run that errored; its drift is incomplete")
    return plan


def _mapping_or_none(value: Any, what: str) -> Mapping[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    raise PlanFileError(f"{what} must be an object or null, got {type(value).__name__}")


def drift_entries(plan: Mapping[str, Any], source: str) -> list[DriftEntry]:
    """The managed-resource ``resource_drift`` entries of ``plan``, sorted by address."""
    raw = plan.get("resource_drift", [])
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PlanFileError(f"{source}: resource_drift must be a list, got {type(raw).__name__}")
    entries: list[DriftEntry] = []
    for i, item in enumerate(raw):
        where = f"{source}: resource_drift[{i}]"
        if not isinstance(item, dict):
            raise PlanFileError(f"{where} is not an object")
        address, rtype, change = item.get("address"), item.get("type"), item.get("change")
        if not isinstance(address, str) or not isinstance(rtype, str):
            raise PlanFileError(f"{where} has no string address/type")
        if not isinstance(change, dict):
            raise PlanFileError(f"{where} ({address}) has no change object")
        actions = change.get("actions")
        if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
            raise PlanFileError(f"{where} ({address}): change.actions must be a list of strings")
        if item.get("mode", "managed") != "managed" or actions == ["no-op"]:
            continue
        entries.append(DriftEntry(
            address=address, type=rtype, actions=tuple(actions),
            before=_mapping_or_none(change.get("before"), f"{where} ({address}) change.before"),
            after=_mapping_or_none(change.get("after"), f"{where} ({address}) change.after"),
            before_sensitive=change.get("before_sensitive", False),
            after_sensitive=change.get("after_sensitive", False),
        ))
    return sorted(entries, key=lambda e: e.address)
