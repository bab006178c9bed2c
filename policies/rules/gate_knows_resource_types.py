"""Every AWS resource type in the input is one the gate can judge."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ANY_TYPE, DNG, Rule, Verdict, failed, passed
from policies.rules._context import Context
from policies.rules._judged import judged_types


class GateKnowsResourceTypes(Rule):
    """An ``aws_*`` resource type that neither Checkov nor our policies check (the table in
    ``policies/rules/_judged_types.txt``) is a finding: nothing would notice it is unsafe."""

    id = "HAP_DNG_001"
    name = "Ensure every AWS resource type in the input is one the gate can judge"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = DNG
    explanation = (
        "Fail closed: a resource type no check knows passes every check vacuously; a waiver "
        "can allow one after review (issue 8.5)."
    )

    resource_types = ANY_TYPE

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        return _judge(r, r.type in judged_types()) if r.type.startswith("aws_") else None


def _judge(r: Resource, known: bool) -> Verdict:
    if known:
        return passed(r, "resource type judged by the gate")
    return failed(r, f"resource type {r.type} is judged by no check of the gate")
