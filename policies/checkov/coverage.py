"""Did Checkov check every resource it should have? Compare its resources with our model.

Checkov reports a resource only through the checks that ran on it, so a resource of a
type that no Checkov check (built-in or ours) reports on never appears in its output.
Those types are listed in :data:`UNSCANNED_TYPES`, measured on Checkov 3.3.30 (see
tests/policies/test_checkov_coverage.py, which runs real Checkov on one resource of each
and asserts it reports none of them). Every other resource of our model must appear in
Checkov's results, and Checkov must report no resource that our model lacks: anything
else means Checkov skipped or misread part of the input, and the gate fails closed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from policies.checkov.results import CheckResult
from policies.model import Model

#: Resource types that Checkov 3.3.30 runs no reporting check on (no Python check lists
#: them as a supported resource and no graph check reports them as its subject; graph
#: checks only use some of them as connected resources, e.g. CKV2_AWS_6 reads
#: aws_s3_bucket_public_access_block but reports on aws_s3_bucket).
UNSCANNED_TYPES: frozenset[str] = frozenset({
    "aws_route_table_association",
})


def _is_resource(address: str) -> bool:
    return not address.startswith(("data.", "provider."))


def coverage_errors(model: Model, results: Iterable[CheckResult]) -> list[str]:
    """One message per stack whose Checkov resources differ from ours (empty when equal)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for result in results:
        if _is_resource(result.address):
            seen[result.stack].add(result.address)
    errors = []
    for stack in model.stacks:
        expected = {r.address for r in stack.resources if r.type not in UNSCANNED_TYPES}
        got = seen.pop(stack.name, set())
        if got != expected:
            missing, extra = sorted(expected - got), sorted(got - expected)
            errors.append(
                f"Checkov checked {len(got)} resources of stack {stack.name}, expected "
                f"{len(expected)} ({len(stack.resources)} minus unscanned types)"
                + (f"; not checked: {_few(missing)}" if missing else "")
                + (f"; unknown to our model: {_few(extra)}" if extra else "")
            )
    for stack_name, addresses in sorted(seen.items()):
        errors.append(f"Checkov reported {_few(sorted(addresses))} in unknown stack {stack_name}")
    return errors


def _few(items: list[str], limit: int = 5) -> str:
    more = len(items) - limit
    return ", ".join(items[:limit]) + (f" and {more} more" if more > 0 else "")
