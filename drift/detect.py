"""From plan JSON documents to a :class:`~drift.report.DriftReport`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from drift.diff import attribute_changes
from drift.evaluate import PolicyError, new_findings
from drift.planfile import PlanFileError, drift_entries
from drift.redact import sensitive_strings
from drift.report import DriftItem, DriftReport, build_items
from policies.rules._base import Settings


class DriftError(ValueError):
    """A plan could not be analysed (malformed, or the policies could not run)."""


def detect(plans: Sequence[tuple[str, str, Mapping[str, Any]]],
           settings: Settings | None = None) -> DriftReport:
    """Drift of each ``(stack, source file, plan)``; stacks keep the given order. The policies
    judge the drifted values with ``settings`` (the ``[gate]`` table; defaults when None)."""
    items: list[DriftItem] = []
    for stack, source, plan in plans:
        try:
            entries = drift_entries(plan, source)
            secrets = sensitive_strings(plan)
            changes = {e.address: attribute_changes(e.before, e.after, e.before_sensitive,
                                                    e.after_sensitive, secrets)
                       for e in entries}
            findings = new_findings(plan, entries, stack=stack, file=source,
                                    settings=settings) if entries else {}
        except (PlanFileError, PolicyError) as exc:
            raise DriftError(str(exc)) from None
        items += build_items(stack, entries, changes, findings)
    return DriftReport(tuple(items), tuple((s, src) for s, src, _ in plans))
