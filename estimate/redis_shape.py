"""Redis replication groups as AWS runs them: a Global Datastore's secondary takes its node
type and shard count from the global group (its own settings, else its primary's), and only
its replica count from itself. Cost, capacity and recovery read Redis through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from estimate.topology import mentions, num, region_of
from policies.model import Model, Resource

GLOBAL = "aws_elasticache_global_replication_group"
GROUP = "aws_elasticache_replication_group"


@dataclass(frozen=True)
class RedisShape:
    """Node type and layout of one replication group."""

    node_type: str | None
    """Node type; None when a secondary's global group cannot be resolved."""
    shards: float
    """Node groups (1 when cluster mode is off)."""
    replicas: float
    """Replicas per shard."""


def global_group_of(model: Model, secondary: Resource) -> Resource | None:
    """The global group ``secondary`` joins (None: not a secondary, or not in the model)."""
    ref = secondary.values.get("global_replication_group_id")
    if ref is None:
        return None
    return next((g for g in model.of_type(GLOBAL)
                 if mentions(ref, g, secondary)), None)


def primary_of(model: Model, group: Resource) -> Resource | None:
    """The primary replication group of a global group."""
    ref = group.values.get("primary_replication_group_id")
    return next((r for r in model.of_type(GROUP) if mentions(ref, r, group)), None)


def datastore_of(model: Model, primary: Resource) -> Resource | None:
    """The global group whose primary is ``primary``."""
    return next((g for g in model.of_type(GLOBAL)
                 if mentions(g.values.get("primary_replication_group_id"), primary, g)), None)


def secondaries_of(model: Model, group: Resource) -> list[Resource]:
    """Replication groups that join ``group`` from another region."""
    return [r for r in model.of_type(GROUP) if region_of(r) != region_of(group)
            and mentions(r.values.get("global_replication_group_id"), group, r)]


def shape(model: Model, rg: Resource) -> RedisShape:
    """``rg``'s node type, shards and replicas, inherited through its global group."""
    replicas = num(rg.values.get("replicas_per_node_group"), 0.0) or 0.0
    if rg.values.get("global_replication_group_id") is None:
        return RedisShape(_text(rg.values.get("node_type")),
                          num(rg.values.get("num_node_groups"), 1.0) or 1.0, replicas)
    group = global_group_of(model, rg)
    primary = primary_of(model, group) if group is not None else None
    if group is None or primary is None:
        return RedisShape(None, 1.0, replicas)
    node = group.values.get("cache_node_type") or primary.values.get("node_type")
    shards = group.values.get("num_node_groups") or primary.values.get("num_node_groups")
    return RedisShape(_text(node), num(shards, 1.0) or 1.0, replicas)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
