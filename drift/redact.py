"""Redact a ``terraform show -json`` plan before it leaves the runner (CI artifacts).

Every value Terraform marks sensitive is replaced by :data:`drift.diff.MASK`: resource
changes and drift (``before``/``after`` with ``before_sensitive``/``after_sensitive``),
planned and prior state (``sensitive_values``), output changes, and variables declared
``sensitive`` in the configuration. When a value's shape does not match its marks (a
sensitive map that became a list, a bool that became an object), the whole value is masked:
redaction fails closed. Terraform does not always carry marks over (``terraform_data``'s
``output`` copies a sensitive ``input`` unmarked), so every string found under a mark is then
scrubbed wherever else it occurs in the document. ``python -m tfrunner redact IN OUT`` runs
it on a file.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from drift.diff import MASK, any_marked

#: Strings shorter than this are not scrubbed by value (too likely to be ordinary words).
MIN_SCRUB = 4


def _strings(value: Any, found: set[str]) -> None:
    if isinstance(value, str):
        if len(value) >= MIN_SCRUB and value != MASK:
            found.add(value)
    elif isinstance(value, dict):
        for v in value.values():
            _strings(v, found)
    elif isinstance(value, list):
        for v in value:
            _strings(v, found)


def mask(value: Any, marks: Any, found: set[str] | None = None) -> Any:
    """``value`` with every part that ``marks`` calls sensitive replaced by MASK.

    The strings masked are added to ``found`` (for scrubbing them elsewhere).
    """
    if value is None or not any_marked(marks):
        return value
    if isinstance(marks, dict) and isinstance(value, dict):
        return {k: mask(v, marks.get(k, False), found) for k, v in value.items()}
    if isinstance(marks, list) and isinstance(value, list) and len(marks) == len(value):
        return [mask(v, m, found) for v, m in zip(value, marks, strict=True)]
    # Marked as a whole, or the shape differs from the marks: mask it all.
    if found is not None:
        _strings(value, found)
    return MASK


def scrub(value: Any, secrets: frozenset[str] | set[str]) -> Any:
    """``value`` with every string that contains one of ``secrets`` replaced by MASK."""
    if isinstance(value, str):
        return MASK if any(secret in value for secret in secrets) else value
    if isinstance(value, dict):
        return {k: scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, secrets) for v in value]
    return value


def _change(change: Any, found: set[str]) -> None:
    if not isinstance(change, dict):
        return
    for side in ("before", "after"):
        marks = change.get(f"{side}_sensitive", False)
        if side in change:
            change[side] = mask(change[side], marks, found)
    # Unknown values (after_unknown) are booleans only; nothing to redact there.


def _module(module: Any, found: set[str]) -> None:
    if not isinstance(module, dict):
        return
    for resource in module.get("resources", []) or []:
        if isinstance(resource, dict) and "values" in resource:
            resource["values"] = mask(resource["values"], resource.get("sensitive_values", {}),
                                      found)
    for child in module.get("child_modules", []) or []:
        _module(child, found)


def _values(values: Any, found: set[str]) -> None:
    if not isinstance(values, dict):
        return
    _module(values.get("root_module"), found)
    outputs = values.get("outputs")
    if isinstance(outputs, dict):
        for output in outputs.values():
            if isinstance(output, dict) and output.get("sensitive") is not False \
                    and "value" in output:
                output["value"] = mask(output["value"], True, found)


def _sensitive_variables(plan: dict[str, Any]) -> set[str]:
    declared = ((plan.get("configuration") or {}).get("root_module") or {}).get("variables")
    if not isinstance(declared, dict):
        return set()
    return {name for name, spec in declared.items()
            if isinstance(spec, dict) and spec.get("sensitive") is True}


def _masked(plan: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
    out = copy.deepcopy(dict(plan))
    found: set[str] = set()
    for key in ("resource_changes", "resource_drift"):
        for entry in out.get(key, []) or []:
            if isinstance(entry, dict):
                _change(entry.get("change"), found)
    outputs = out.get("output_changes")
    if isinstance(outputs, dict):
        for change in outputs.values():
            _change(change, found)
    _values(out.get("planned_values"), found)
    prior = out.get("prior_state")
    if isinstance(prior, dict):
        _values(prior.get("values"), found)
    secret = _sensitive_variables(out)
    declared = ((out.get("configuration") or {}).get("root_module") or {}).get("variables")
    for name in secret:
        spec = declared[name] if isinstance(declared, dict) else None
        if isinstance(spec, dict) and "default" in spec:
            spec["default"] = mask(spec["default"], True, found)
    variables = out.get("variables")
    if isinstance(variables, dict):
        for name, var in variables.items():
            if name in secret and isinstance(var, dict) and "value" in var:
                var["value"] = mask(var["value"], True, found)
    return out, found


def sensitive_strings(plan: Mapping[str, Any]) -> frozenset[str]:
    """Every string (of MIN_SCRUB characters or more) that the plan marks sensitive."""
    return frozenset(_masked(plan)[1])


def redact_plan(plan: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``plan`` with every sensitive value masked (the input is not changed)."""
    out, found = _masked(plan)
    result = scrub(out, found) if found else out
    assert isinstance(result, dict)
    return result
