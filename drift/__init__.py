"""Drift detection: what changed outside Terraform, and whether it now breaks a policy.

refresh-only plan JSON -> :mod:`drift.planfile` (validated ``resource_drift`` entries)
-> :mod:`drift.diff` (attribute changes, sensitive values masked)
-> :mod:`drift.evaluate` (our policies on the drifted values)
-> :mod:`drift.report` (text / JSON / Markdown, exit code 0 none, 1 drift).
"""

from drift.diff import MASK, AttributeChange, attribute_changes
from drift.planfile import DriftEntry, PlanFileError, drift_entries, read_plan_json

__all__ = [
    "MASK",
    "AttributeChange",
    "DriftEntry",
    "PlanFileError",
    "attribute_changes",
    "drift_entries",
    "read_plan_json",
]
