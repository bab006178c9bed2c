"""Our policies on drifted values: which drifts now break a policy.

The whole stack is loaded from the plan (``policies.loaders.model_from_plan``) so that
policies spanning resources (a bucket and its versioning resource, a database and its
security group, a Redis group and its Global Datastore) see their neighbours, with every
drifted resource at its real values (``change.after``). A refresh-only plan from Terraform
has no planned resources (``planned_values.root_module`` is empty): its neighbours are the
managed resources of ``prior_state``, the state as refreshed. Each drift is then judged by a
counterfactual: the same model with only that resource put back to the values Terraform
recorded (``change.before``). The findings present with the real values and absent from the
counterfactual are the ones this drift caused, whichever resource they land on (a suspended
``aws_s3_bucket_versioning`` is reported against its bucket). Violations that were already
there are not blamed on a drift.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from drift.planfile import DriftEntry
from policies.findings import Finding
from policies.model import Model, Resource
from policies.rules._base import Settings


class PolicyError(ValueError):
    """The plan could not be loaded into the policy model."""


def _entry(e: DriftEntry, values: Mapping[str, Any] | None) -> dict[str, Any]:
    return {"address": e.address, "type": e.type, "name": e.address.rsplit(".", 1)[-1],
            "mode": "managed", "change": {"after": values, "after_unknown": {}}}


def _state_resources(module: Mapping[str, Any]) -> list[tuple[DriftEntry, Mapping[str, Any]]]:
    """Managed resources of a plan's ``prior_state`` module (and its child modules), each
    with its values."""
    out: list[tuple[DriftEntry, Mapping[str, Any]]] = []
    for r in module.get("resources") or []:
        if isinstance(r, dict) and r.get("mode") == "managed" and isinstance(
                r.get("values"), dict) and isinstance(r.get("address"), str):
            out.append((DriftEntry(r["address"], str(r.get("type")), ("no-op",), None, None,
                                   False, False), r["values"]))
    for child in module.get("child_modules") or []:
        if isinstance(child, dict):
            out += _state_resources(child)
    return out


def _with_values(model: Model, plan: Mapping[str, Any],
                 chosen: Sequence[tuple[DriftEntry, Mapping[str, Any] | None]], *,
                 stack: str, file: str) -> Model:
    """``model`` with each chosen resource set to the given values (None: absent)."""
    from policies.loaders import resources_from_changes

    built = resources_from_changes([_entry(e, v) for e, v in chosen], stack=stack,
                                   plan=plan, file=file)
    replacement: dict[str, Resource] = {r.address: r for r in built}
    touched = {e.address for e, _ in chosen}
    stacks = []
    for s in model.stacks:
        present = {r.address for r in s.resources}
        kept = [replacement.get(r.address, r) for r in s.resources
                if r.address not in touched or r.address in replacement]
        kept += [r for a, r in sorted(replacement.items()) if a not in present]
        stacks.append(dataclasses.replace(s, resources=tuple(kept)))
    return dataclasses.replace(model, stacks=tuple(stacks))


def _key(f: Finding) -> tuple[str, str, str]:
    return (f.policy_id, f.resource, f.message)


def new_findings(plan: Mapping[str, Any], entries: Sequence[DriftEntry], *, stack: str,
                 file: str, settings: Settings | None = None) -> dict[str, tuple[Finding, ...]]:
    """Drifted address -> the findings that drift causes (on any resource), judged with
    ``settings`` (defaults when None)."""
    from policies.engine import findings
    from policies.loaders import LoadError, model_from_plan

    try:
        base = model_from_plan(plan, stack, file)
        if not any(s.resources for s in base.stacks):  # a refresh-only plan: see above
            prior = ((plan.get("prior_state") or {}).get("values") or {}).get("root_module")
            if isinstance(prior, dict):
                base = _with_values(base, plan, _state_resources(prior), stack=stack,
                                    file=file)
        real = _with_values(base, plan, [(e, e.after) for e in entries], stack=stack, file=file)
        now = {_key(f): f for f in findings(real, settings)}
        out: dict[str, tuple[Finding, ...]] = {}
        for e in entries:
            undone = _with_values(real, plan, [(e, e.before)], stack=stack, file=file)
            before = {_key(f) for f in findings(undone, settings)}
            caused = [f for k, f in sorted(now.items()) if k not in before]
            if caused:
                out[e.address] = tuple(caused)
    except LoadError as exc:
        raise PolicyError(str(exc)) from None
    return out
