"""CKV_HAP_3: a Redis replication group is encrypted both ways and survives a node loss.

Checkov checks each property on its own; the seed's session store needs all of them at
once: encryption at rest and in transit, automatic failover, Multi-AZ and at least two
cache nodes (a primary and a replica to fail over to).
"""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from hap_values import as_int, first, is_true

REQUIRED_TRUE = (
    "at_rest_encryption_enabled",
    "transit_encryption_enabled",
    "automatic_failover_enabled",
    "multi_az_enabled",
)


class ElastiCacheEncryptedWithFailover(BaseResourceCheck):
    """Fails unless every flag in REQUIRED_TRUE is true and there are 2+ nodes."""

    def __init__(self) -> None:
        super().__init__(
            name=(
                "Ensure ElastiCache replication groups encrypt at rest and in transit "
                "with Multi-AZ automatic failover"
            ),
            id="CKV_HAP_3",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("aws_elasticache_replication_group",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        if not all(is_true(first(conf, key)) for key in REQUIRED_TRUE):
            return CheckResult.FAILED
        nodes = as_int(first(conf, "num_cache_clusters"))
        if nodes is None:
            # Cluster mode: shards x (1 + replicas per shard).
            replicas = as_int(first(conf, "replicas_per_node_group"))
            nodes = 1 + replicas if replicas is not None else None
        return CheckResult.PASSED if nodes is not None and nodes >= 2 else CheckResult.FAILED

    def get_evaluated_keys(self) -> list[str]:
        return [*REQUIRED_TRUE, "num_cache_clusters", "replicas_per_node_group"]


check = ElastiCacheEncryptedWithFailover()
