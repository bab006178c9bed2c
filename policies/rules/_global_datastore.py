"""ElastiCache Global Datastores: what a secondary replication group inherits, and from whom.

A replication group that sets ``global_replication_group_id`` joins a Global Datastore
(``aws_elasticache_global_replication_group``). A secondary cannot set its engine, engine
version, node type, shard count, parameter group or encryption (hashicorp/aws lists them as
ConflictsWith ``global_replication_group_id``; Create does not send automatic failover either):
it runs with its primary's, except where the global group sets one itself (for every member,
the primary too). Rules read those attributes through :func:`setting`, which follows
``global_replication_group_id`` -> the global group (same or another stack, through
``terraform_remote_state``) -> ``primary_replication_group_id`` -> the primary. A chain that
cannot be followed makes the inherited value :class:`Unknown`, never a pass. A value a
secondary sets itself (foreign input; a refreshed plan) is judged as set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from policies.loaders.plan_values import COMPUTED
from policies.model import Resource, Unknown
from policies.rules._context import Context

RG = "aws_elasticache_replication_group"
GLOBAL = "aws_elasticache_global_replication_group"

#: Replication-group attribute -> the global group's attribute that sets it for every member
#: (overriding the primary's).
GLOBAL_SETTINGS: Mapping[str, str] = {
    "node_type": "cache_node_type", "engine_version": "engine_version",
    "num_node_groups": "num_node_groups", "parameter_group_name": "parameter_group_name",
    "automatic_failover_enabled": "automatic_failover_enabled",
}

#: Attributes a secondary takes from its Global Datastore.
INHERITED = frozenset({"engine", "at_rest_encryption_enabled", "transit_encryption_enabled",
                       "transit_encryption_mode", *GLOBAL_SETTINGS})


@dataclass(frozen=True)
class Chain:
    """A secondary's way to its primary: as far as it could be followed."""

    group: Resource | None
    """The global group its ``global_replication_group_id`` points at, when in the model."""
    primary: Resource | None
    """The global group's primary replication group, when in the model."""
    why: Unknown | None
    """Why the chain stops before the primary (None when it reaches it)."""


@dataclass(frozen=True)
class Setting:
    """The value of one attribute a replication group runs with, and where it comes from."""

    value: Any
    """The value (None: not set; :class:`Unknown`: cannot be resolved)."""
    source: str | None = None
    """The resource it is inherited from ("primary ... in stack ..."); None: its own."""

    def label(self, attr: str) -> str:
        """``attr``, naming where the value is inherited from."""
        return attr if self.source is None else f"{attr} (inherited from {self.source})"


def configured(value: Any) -> bool:
    """True when the configuration sets ``value``: not absent, and not a plan's value the
    provider computes at apply (an ``after_unknown`` leaf with no expression)."""
    if value is None or value == "":
        return False
    return not (isinstance(value, Unknown) and value.expression is None
                and value.reason == COMPUTED)


def chain(ctx: Context, r: Resource) -> Chain | None:
    """``r``'s chain to its primary; None when ``r`` is no secondary (it sets no
    ``global_replication_group_id``, or it is the datastore's primary)."""
    return ctx.once(("global-datastore-chain", r.stack, r.address), lambda: _follow(ctx, r))


def _follow(ctx: Context, r: Resource) -> Chain | None:
    value = r.values.get("global_replication_group_id")
    if not configured(value):
        return None
    ref = ctx.resolve(r, value, GLOBAL)
    group = ref.resource
    if group is None:
        return Chain(None, None, ref.unknown or Unknown(
            f"global datastore {value!r} is not in the checked input"))
    primary_id = group.values.get("primary_replication_group_id")
    found = ctx.resolve(group, primary_id, RG)
    if found.resource is r:
        return None  # r is the primary (a refreshed primary carries the global id too)
    if found.resource is None:
        return Chain(group, None, found.unknown or Unknown(
            f"primary replication group {primary_id!r} of {where(group)} is not in the "
            "checked input"))
    return Chain(group, found.resource, None)


def _same(a: Any, b: Any) -> bool:
    """Equal as Terraform compares them (``true`` == ``"true"``, ``3`` == ``"3"``)."""
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return a == b
    return str(a).lower() == str(b).lower()


def where(r: Resource) -> str:
    """``address in stack name``, for messages."""
    return f"{r.address} in stack {r.stack}"


def _datastores(ctx: Context) -> dict[tuple[str, str], Resource]:
    """Primary replication group (stack, address) -> its global group."""
    out: dict[tuple[str, str], Resource] = {}
    for group in ctx.of_type(GLOBAL):
        found = ctx.resolve(group, group.values.get("primary_replication_group_id"), RG)
        if found.resource is not None:
            out.setdefault((found.resource.stack, found.resource.address), group)
    return out


def setting(ctx: Context, r: Resource, attr: str) -> Setting:
    """The value of ``attr`` that replication group ``r`` runs with.

    A setting the global group makes (:data:`GLOBAL_SETTINGS`) applies to every member, the
    primary included; a member that sets another value itself is :class:`Unknown` (which one
    AWS ends with depends on the order of applies). Otherwise ``r``'s own value, and for a
    secondary that does not set it, its primary's; :class:`Unknown` when the chain to the
    primary cannot be followed."""
    own = r.values.get(attr)
    if attr not in INHERITED:
        return Setting(own)
    link = chain(ctx, r)
    group = link.group if link is not None else ctx.once(
        "global-datastores", lambda: _datastores(ctx)).get((r.stack, r.address))
    if group is not None and attr in GLOBAL_SETTINGS:
        value = group.values.get(GLOBAL_SETTINGS[attr])
        if configured(value):
            if configured(own) and not _same(own, value):
                return Setting(Unknown(
                    f"{attr} is {own!r} here but {value!r} on global datastore "
                    f"{where(group)}, which sets it for every member"))
            return Setting(own) if configured(own) else Setting(
                value, f"global datastore {where(group)}")
    if configured(own) or link is None:
        return Setting(own)
    if link.primary is None:
        why = link.why or Unknown("global datastore chain cannot be followed")
        return Setting(Unknown(f"inherited through the global datastore, {why.reason}",
                               why.expression))
    return Setting(link.primary.values.get(attr), f"primary {where(link.primary)}")
