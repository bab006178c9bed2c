"""Drift reports: one item per drifted resource, its attribute changes and new findings.

A drift is *breaking* when our policies find, on the drifted values, a violation they did
not find on the values Terraform recorded; otherwise it is *benign* (tags edited by hand,
say). A resource deleted outside Terraform is never benign. Rendered as text and Markdown
(``templates/drift.*.j2``) or JSON (the contract's shape).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from drift.diff import MASK, AttributeChange
from policies.findings import Finding
from tfrunner.report import finding_dict, render


@dataclass(frozen=True)
class DriftItem:
    """One drifted resource of one stack."""

    stack: str
    """Stack (or plan file stem) it belongs to."""
    resource: str
    """Terraform address."""
    type: str
    """Resource type."""
    actions: tuple[str, ...]
    """``update`` or ``delete``."""
    changes: tuple[AttributeChange, ...]
    """Changed attributes (sensitive values masked)."""
    findings: tuple[Finding, ...]
    """Policy findings the drift introduced."""

    @property
    def benign(self) -> bool:
        """True when the drift breaks no policy and the resource still exists."""
        return not self.findings and "delete" not in self.actions


@dataclass(frozen=True)
class DriftReport:
    """Drift of every stack looked at."""

    items: tuple[DriftItem, ...]
    """Drifted resources, by stack then address."""
    sources: tuple[tuple[str, str], ...]
    """(stack, plan file) for every stack looked at, drifted or not."""

    @property
    def breaking(self) -> tuple[DriftItem, ...]:
        """Drifts that break a policy (carry findings)."""
        return tuple(i for i in self.items if i.findings)

    @property
    def deleted(self) -> tuple[DriftItem, ...]:
        """Resources deleted outside Terraform that break no policy (still not benign)."""
        return tuple(i for i in self.items if not i.findings and "delete" in i.actions)

    @property
    def exit_code(self) -> int:
        """0 no drift, 1 drift (benign or not)."""
        return 1 if self.items else 0

    def summary(self) -> dict[str, int]:
        """Counts for the report header and the JSON ``summary``."""
        return {
            "stacks": len(self.sources),
            "drifted": len(self.items),
            "breaking": len(self.breaking),
            "deleted": len(self.deleted),
            "benign": sum(1 for i in self.items if i.benign),
            "findings": sum(len(i.findings) for i in self.items),
        }


def _value(value: Any) -> str:
    if value == MASK:
        return MASK
    return "null" if value is None else json.dumps(value, sort_keys=True)


def to_json(report: DriftReport) -> str:
    """``{"drift": [...], "summary": {...}, "sources": [...]}``, deterministic."""
    data = {
        "drift": [
            {
                "stack": i.stack,
                "resource": i.resource,
                "type": i.type,
                "actions": list(i.actions),
                "changes": [{"attribute": c.attribute, "before": c.before, "after": c.after}
                            for c in i.changes],
                "findings": [finding_dict(f) for f in i.findings],
                "benign": i.benign,
            }
            for i in report.items
        ],
        "summary": report.summary(),
        "sources": [{"stack": s, "plan": p} for s, p in report.sources],
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def _context(report: DriftReport) -> dict[str, Any]:
    return {"report": report, "summary": report.summary(), "value": _value}


def to_text(report: DriftReport) -> str:
    """Plain text for terminals and CI logs."""
    return render("drift.text.j2", **_context(report))


def to_markdown(report: DriftReport) -> str:
    """Markdown for an issue body or a job summary."""
    return render("drift.md.j2", **_context(report))


def build_items(stack: str, entries: Sequence[Any], changes: dict[str, list[AttributeChange]],
                findings: dict[str, tuple[Finding, ...]]) -> list[DriftItem]:
    """DriftItems for ``stack`` from its entries, their changes and their new findings."""
    return [
        DriftItem(stack, e.address, e.type, tuple(e.actions), tuple(changes.get(e.address, [])),
                  tuple(sorted(findings.get(e.address, ()), key=lambda f: f.policy_id)))
        for e in entries
    ]
