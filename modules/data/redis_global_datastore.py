"""ElastiCache Global Datastore: the session cache copied to the jurisdiction's standby.

The primary replication group (:class:`modules.data.redis.RedisCluster` in the app stack)
replicates asynchronously (typically under a second behind) to one secondary in the standby
region, created by the standby stack with ``global_datastore_id`` set. The secondary has the
primary's node type, engine version, shard count and encryption (they are the global group's,
not the member's); cross-region failover is manual (runbook: ``aws elasticache
failover-global-replication-group``, or ``disassociate-global-replication-group`` while the
primary region is down). Only a region of the same jurisdiction may hold a secondary: the
standby is the only one the generator creates, and the residency rules check it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.elasticache_global_replication_group import (
    ElasticacheGlobalReplicationGroup,
)
from constructs import Construct


@dataclass(frozen=True)
class RedisGlobalDatastoreProps:
    """Props of :class:`RedisGlobalDatastore`."""

    name: str
    """Id suffix (AWS prepends a region prefix): unique per account."""
    primary_replication_group_id: str
    """The primary replication group (cluster mode, Multi-AZ, encrypted)."""

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > 40:
            raise ValueError(f"global datastore name {self.name!r} must be 1..40 characters")


class RedisGlobalDatastore(Construct):
    """The global replication group around an existing primary."""

    def __init__(self, scope: Construct, id: str, *,
                 props: RedisGlobalDatastoreProps) -> None:
        super().__init__(scope, id)
        self.group = ElasticacheGlobalReplicationGroup(
            self, "datastore", global_replication_group_id_suffix=props.name,
            global_replication_group_description=(
                "Sessions, hot data and rate limits, copied to the standby of the same "
                "jurisdiction"),
            primary_replication_group_id=props.primary_replication_group_id)

    @property
    def global_id(self) -> str:
        """The Global Datastore's id (a token), which a secondary joins."""
        return self.group.global_replication_group_id
