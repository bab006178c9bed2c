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
from policies.model import Model, Stack

#: Resource types that Checkov 3.3.30 runs no reporting check on, measured on our topology
#: and on one resource of each (tests/policies/test_checkov.py). ``checkov --list`` names
#: some of them only as *connected* resources of graph checks, which report on another
#: resource: CKV_AWS_21/19/145/144 read the S3 versioning / encryption / replication
#: configurations but report on aws_s3_bucket; CKV2_AWS_30/69 read the parameter group but
#: report on aws_db_instance; CKV2_AWS_12 reads the default security group but reports on
#: aws_vpc. CKV2_AWS_37/75 list every type but report on none of these.
UNSCANNED_TYPES: frozenset[str] = frozenset({
    "aws_acm_certificate_validation",
    "aws_appautoscaling_policy",
    "aws_appautoscaling_target",
    "aws_cloudfront_cache_policy",
    "aws_cloudfront_origin_access_control",
    "aws_cloudwatch_dashboard",
    "aws_cognito_user_pool",
    "aws_cognito_user_pool_client",
    "aws_cognito_user_pool_domain",
    "aws_db_parameter_group",
    "aws_db_subnet_group",
    "aws_default_security_group",
    "aws_ecs_cluster_capacity_providers",
    "aws_elasticache_subnet_group",
    "aws_elasticache_user",
    "aws_elasticache_user_group",
    "aws_flow_log",
    "aws_iam_openid_connect_provider",
    "aws_internet_gateway",
    "aws_kms_alias",
    "aws_lb_listener_rule",
    "aws_nat_gateway",
    "aws_route53_health_check",
    "aws_route_table_association",
    "aws_s3_bucket_logging",
    "aws_s3_bucket_replication_configuration",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_vpc_endpoint",
    "aws_xray_encryption_config",
    "aws_xray_group",
    "aws_xray_sampling_rule",
    "terraform_data",
})


#: Types Checkov reports on only for some resources (a check that applies to one record
#: type or shape): they may appear in its results but need not. Measured on Checkov
#: 3.3.30: CKV2_AWS_23 reports plain A records of aws_route53_record, not CNAME
#: (certificate validation), AAAA or latency-routed alias records.
PARTLY_SCANNED_TYPES: frozenset[str] = frozenset({"aws_route53_record"})


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
        ours = {r.address for r in stack.resources}
        expected = {r.address for r in stack.resources
                    if r.type not in UNSCANNED_TYPES | PARTLY_SCANNED_TYPES}
        got = seen.pop(stack.name, set()) - _not_resources(stack)
        # Every scannable resource checked, nothing checked that we do not know. (A
        # future Checkov that starts reporting an unscanned type is not an error.)
        missing, extra = sorted(expected - got), sorted(got - ours)
        if missing or extra:
            errors.append(
                f"Checkov checked {len(got)} resources of stack {stack.name}, expected "
                f"{len(expected)} ({len(stack.resources)} minus unscanned types)"
                + (f"; not checked: {_few(missing)}" if missing else "")
                + (f"; unknown to our model: {_few(extra)}" if extra else "")
            )
    for stack_name, addresses in sorted(seen.items()):
        errors.append(f"Checkov reported {_few(sorted(addresses))} in unknown stack {stack_name}")
    return errors


def _not_resources(stack: Stack) -> set[str]:
    """Addresses Checkov reports that are not managed resources: module blocks (``vpc`` or
    ``module.vpc``, reported by its module checks) and data sources, which Checkov names
    without the ``data.`` prefix."""
    modules = (stack.document or {}).get("module") or {}
    names = {n for n in modules} | {f"module.{n}" for n in modules}
    names |= {d.address.removeprefix("data.") for d in stack.data_sources}
    return names - {r.address for r in stack.resources}


def _few(items: list[str], limit: int = 5) -> str:
    more = len(items) - limit
    return ", ".join(items[:limit]) + (f" and {more} more" if more > 0 else "")
