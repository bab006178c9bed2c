"""Redis fails over automatically across AZs."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import HA, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._global_datastore import setting
from policies.rules._support import as_int, is_true


class RedisFailover(Rule):
    """``automatic_failover_enabled`` and ``multi_az_enabled`` are true, with replicas
    (``num_cache_clusters`` >= 2 or ``replicas_per_node_group`` >= 1). A Global Datastore's
    own ``automatic_failover_enabled`` holds for every member (a member that sets another value
    is unknown); a secondary that sets none runs with its primary's (unknown when the chain to
    it cannot be followed)."""

    id = "HAP_HA_003"
    name = "Ensure Redis fails over automatically across AZs"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = HA
    explanation = (
        "The seed runs Redis Multi-AZ with replicas."
    )

    resource_types = ("aws_elasticache_replication_group",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        failover = setting(ctx, r, "automatic_failover_enabled")
        flags = {failover.label("automatic_failover_enabled"): failover.value,
                 "multi_az_enabled": r.values.get("multi_az_enabled")}
        clusters = r.values.get("num_cache_clusters")
        replicas = r.values.get("replicas_per_node_group")
        off = [k for k, v in flags.items() if not isinstance(v, Unknown) and not is_true(v)]
        has_replicas = (as_int(clusters) or 0) >= 2 or (as_int(replicas) or 0) >= 1
        flag_unsure = next((v for v in flags.values() if isinstance(v, Unknown)), None)
        unsure = next((v for v in (clusters, replicas) if isinstance(v, Unknown)), None)
        if off:
            yield failed(r, f"{off[0]} is not enabled")
        elif flag_unsure is not None:
            yield unknown(r, "failover settings cannot be resolved", flag_unsure)
        elif has_replicas:
            yield passed(r, "automatic Multi-AZ failover to replicas")
        elif unsure is not None:
            yield unknown(r, "replica count cannot be resolved", unsure)
        else:
            yield failed(r, "no replicas to fail over to")
