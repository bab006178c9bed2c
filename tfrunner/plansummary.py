"""What a plan does, read from its JSON (never from ``-detailed-exitcode``).

Counts adds / changes / destroys the way Terraform does (a replacement counts as one add
and one destroy), lists replacements with their reason (``action_reason``) and the
attributes that force them (``replace_paths``), and renders the per-stack Markdown summary
(``templates/plan_summary.md.j2``) posted on pull requests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from drift.planfile import plan_shape_problem
from policies.findings import Finding
from tfrunner.report import render

REASONS: Mapping[str, str] = {
    "replace_because_cannot_update": "an attribute that cannot be updated in place changed",
    "replace_because_tainted": "the object is tainted",
    "replace_by_request": "replacement was requested (-replace)",
    "replace_by_triggers": "replace_triggered_by / triggers_replace changed",
    "delete_because_no_resource_config": "removed from the configuration",
    "delete_because_no_module": "its module was removed",
    "delete_because_wrong_repetition": "count/for_each changed shape",
    "delete_because_count_index": "count index out of range",
    "delete_because_each_key": "for_each key removed",
    "read_because_config_unknown": "configuration unknown until apply",
    "read_because_dependency_pending": "a dependency has pending changes",
}


class PlanFormatError(ValueError):
    """The plan JSON is not in Terraform's documented shape."""


@dataclass(frozen=True)
class Replacement:
    """A resource Terraform will destroy and re-create."""

    address: str
    """Terraform address."""
    order: str
    """``delete, create`` or ``create, delete`` (create_before_destroy)."""
    reason: str
    """Human-readable ``action_reason``."""
    paths: tuple[str, ...]
    """Attributes that force the replacement (``replace_paths``)."""


@dataclass(frozen=True)
class PlanSummary:
    """One stack's plan, summarized."""

    stack: str
    """Stack name."""
    adds: int
    """Resources created (replacements included)."""
    changes: int
    """Resources updated in place."""
    destroys: int
    """Resources destroyed (replacements included)."""
    replacements: tuple[Replacement, ...]
    """Replaced resources, by address."""
    changed: tuple[tuple[str, str], ...]
    """(address, action) for every resource with an action, by address."""
    drifted: int = 0
    """Resources changed outside Terraform (``resource_drift``)."""
    findings: tuple[Finding, ...] = field(default=())
    """Gate findings on the plan JSON."""

    @property
    def has_changes(self) -> bool:
        """True when applying the plan would change anything."""
        return bool(self.adds or self.changes or self.destroys)


def path_text(path: Sequence[Any]) -> str:
    """``["tags", "Name"]`` -> ``tags["Name"]``; ``["rule", 0, "port"]`` -> ``rule[0].port``."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        elif out and not str(step).isidentifier():
            out += f'["{step}"]'
        else:
            out += ("." if out else "") + str(step)
    return out or "(root)"


def _list(plan: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = plan.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise PlanFormatError(f"'{key}' must be a list of objects")
    return value


def summarize(stack: str, plan: Mapping[str, Any], findings: Sequence[Finding] = ()) -> PlanSummary:
    """Summarize ``plan`` (``terraform show -json`` output) for ``stack``."""
    problem = plan_shape_problem(plan)
    if problem:
        raise PlanFormatError(f"plan of stack {stack} {problem}")
    adds = changes = destroys = 0
    replacements: list[Replacement] = []
    changed: list[tuple[str, str]] = []
    for rc in _list(plan, "resource_changes"):
        change = rc.get("change")
        address = rc.get("address")
        actions = change.get("actions") if isinstance(change, dict) else None
        if not isinstance(address, str) or not isinstance(actions, list):
            raise PlanFormatError("resource_changes entry without address or change.actions")
        if rc.get("mode") == "data" or actions in (["no-op"], ["read"]):
            continue
        if sorted(actions) == ["create", "delete"]:
            adds, destroys = adds + 1, destroys + 1
            paths = change.get("replace_paths") or [] if isinstance(change, dict) else []
            reason = str(rc.get("action_reason") or "unknown")
            replacements.append(Replacement(
                address, ", ".join(actions), REASONS.get(reason, reason),
                tuple(path_text(p) for p in paths if isinstance(p, list)),
            ))
            changed.append((address, "replace"))
            continue
        adds += actions.count("create")
        changes += actions.count("update")
        destroys += actions.count("delete")
        changed.append((address, "/".join(actions)))
    return PlanSummary(
        stack=stack, adds=adds, changes=changes, destroys=destroys,
        replacements=tuple(sorted(replacements, key=lambda r: r.address)),
        changed=tuple(sorted(changed)),
        drifted=len(_list(plan, "resource_drift")),
        findings=tuple(sorted(findings, key=lambda f: (f.resource, f.policy_id))),
    )


def render_markdown(summary: PlanSummary, gate_errors: Sequence[str] = (),
                    checkov_ran: bool = True) -> str:
    """The pull-request comment for one stack (``templates/plan_summary.md.j2``)."""
    blocking = [f for f in summary.findings if f.blocks]
    return render("plan_summary.md.j2", s=summary, blocking=blocking,
                  errors=list(gate_errors), checkov_ran=checkov_ran)
