"""Names meet AWS's length limits and naming rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._apply import limits, literal_or_bound
from policies.rules._base import APV, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context


class ResourceNamesValid(Rule):
    """Each name in the data table's rules (S3 buckets, load balancers, target groups, RDS,
    ElastiCache, IAM, Cognito domains, queues, topics, log groups, KMS aliases, ...) is within
    its length bounds, matches its pattern and avoids its forbidden forms. An interpolated name
    is judged when every interpolation has a known length (account id, region)."""

    id = "HAP_APV_003"
    name = "Ensure resource names meet AWS length limits and naming rules"
    severity = Severity.MEDIUM
    enforcement = Enforcement.SOFT_MANDATORY
    category = APV
    explanation = (
        "A load balancer name over 32 characters or a bucket name with capitals fails at apply, "
        "after earlier resources were already created."
    )

    resource_types = tuple(dict.fromkeys(str(rule["type"]) for rule in limits()["names"]))

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        for rule in limits()["names"]:
            value = r.values.get(rule["attribute"]) if rule["type"] == r.type else None
            if value is None:
                continue
            what = f"{rule['attribute']}"
            text, why = literal_or_bound(value)
            if text is None:
                yield unknown(r, f"{what} cannot be resolved", why)
                continue
            problem = _problem(text, rule)
            yield (failed(r, f"{what} {text!r} {problem}") if problem
                   else passed(r, f"{what} meets the naming rules"))


def _problem(text: str, rule: dict[str, object]) -> str | None:
    low, high = int(str(rule["min"])), int(str(rule["max"]))
    if not low <= len(text) <= high:
        return f"is {len(text)} characters (allowed {low}-{high})"
    if not re.fullmatch(str(rule["pattern"]), text):
        return f"does not match {rule['pattern']}"
    forbid = rule.get("forbid")
    for pattern in forbid if isinstance(forbid, list) else []:
        if re.search(str(pattern), text):
            return f"contains a forbidden form ({pattern})"
    return None
