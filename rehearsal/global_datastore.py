"""ElastiCache Global Datastore (global replication groups) for the rehearsal's server, which
moto 5.2.5 lacks: ``CreateGlobalReplicationGroup``, ``DescribeGlobalReplicationGroups``,
``ModifyGlobalReplicationGroup``, ``DeleteGlobalReplicationGroup``,
``DisassociateGlobalReplicationGroup`` and ``FailoverGlobalReplicationGroup`` answer
``NotImplementedError`` (HTTP 500); ``CreateReplicationGroup`` with a
``GlobalReplicationGroupId`` keeps the id but inherits nothing from the primary; a primary
reports no ``GlobalReplicationGroupInfo``.

As on AWS, a Global Datastore's id is global: it is created in the primary's region, and every
region of the account describes it (the provider adds the secondary, and waits for it, from the
secondary's region). Groups are kept in memory per account; what members share (node type,
engine and version, shard count, encryption) is read from the primary's replication group at
each describe, so a member never disagrees with its group.
"""

from __future__ import annotations

import hashlib
from typing import Any

PRIMARY, SECONDARY = "PRIMARY", "SECONDARY"
#: Account -> Global Datastore id -> {id, description, arn, members: [{id, region, role}]}.
_GROUPS: dict[str, dict[str, dict[str, Any]]] = {}


def region_prefix(region: str) -> str:
    """The five letters AWS puts before a Global Datastore's suffix for the region it is
    created in (AWS's table is not published: a stable stand-in per region)."""
    digest = hashlib.sha256(region.encode()).digest()
    return "".join(chr(ord("a") + b % 26) for b in digest[:5])


def _errors() -> dict[str, type[Exception]]:
    from moto.elasticache.exceptions import ElastiCacheException

    def fault(code: str) -> type[Exception]:
        return type(code, (ElastiCacheException,), {"code": code})

    return {name: fault(name) for name in (
        "GlobalReplicationGroupNotFoundFault", "GlobalReplicationGroupAlreadyExistsFault",
        "InvalidGlobalReplicationGroupState", "InvalidReplicationGroupState",
        "InvalidParameterValue")}


def _replication_group(account: str, region: str, group_id: str) -> Any:
    from moto.elasticache.exceptions import ReplicationGroupNotFound
    from moto.elasticache.models import elasticache_backends

    found = elasticache_backends[account][region].replication_groups.get(group_id)
    if found is None or found.status == "deleting":
        raise ReplicationGroupNotFound(group_id)
    return found


def membership(account: str, region: str, group_id: str) -> tuple[str, str] | None:
    """``(Global Datastore id, role)`` of a replication group, or None."""
    for gid, group in _GROUPS.get(account, {}).items():
        for m in group["members"]:
            if (m["region"], m["id"]) == (region, group_id):
                return gid, m["role"]
    return None


def _view(account: str, group: dict[str, Any], members: bool,
          status: str = "available") -> dict[str, Any]:
    """The group in the shape of AWS's ``GlobalReplicationGroup``."""
    primary_member = next(m for m in group["members"] if m["role"] == PRIMARY)
    primary = _replication_group(account, primary_member["region"], primary_member["id"])
    out: dict[str, Any] = {
        "GlobalReplicationGroupId": group["id"],
        "GlobalReplicationGroupDescription": group["description"], "Status": status,
        "CacheNodeType": primary.cache_node_type, "Engine": primary.engine,
        "EngineVersion": primary.engine_version, "ClusterEnabled": primary.cluster_enabled,
        "AuthTokenEnabled": primary.auth_token_enabled,
        "TransitEncryptionEnabled": primary.transit_encryption_enabled,
        "AtRestEncryptionEnabled": primary.at_rest_encryption_enabled, "ARN": group["arn"]}
    if members:
        rows = []
        for m in group["members"]:
            rg = _replication_group(account, m["region"], m["id"])
            rows.append({"ReplicationGroupId": m["id"], "ReplicationGroupRegion": m["region"],
                         "Role": m["role"], "AutomaticFailover": rg.automatic_failover,
                         "Status": "associated"})
        out["Members"] = rows
        out["GlobalNodeGroups"] = [
            {"GlobalNodeGroupId": f"{group['id']}-{ng['node_group_id']}",
             "Slots": ng.get("slots", "0-16383")} for ng in primary.node_groups]
    return out


def emulate_global_datastores() -> None:
    """Patch moto's ElastiCache responses and models with Global Datastores."""
    from moto.core.responses import ActionResult
    from moto.elasticache.models import ElastiCacheBackend, ReplicationGroup
    from moto.elasticache.responses import ElastiCacheResponse

    err = _errors()

    def groups(self: Any) -> dict[str, dict[str, Any]]:
        return _GROUPS.setdefault(self.current_account, {})

    def find(self: Any, gid: str) -> dict[str, Any]:
        group = groups(self).get(gid)
        if group is None:
            raise err["GlobalReplicationGroupNotFoundFault"](
                f"GlobalReplicationGroup {gid} not found.")
        return group

    def create_global_replication_group(self: Any) -> Any:
        params = self._get_params()
        primary_id = params["PrimaryReplicationGroupId"]
        _replication_group(self.current_account, self.region, primary_id)
        if membership(self.current_account, self.region, primary_id):
            raise err["InvalidReplicationGroupState"](
                f"Replication group {primary_id} is already a member of a Global Datastore.")
        gid = f"{region_prefix(self.region)}-{params['GlobalReplicationGroupIdSuffix']}"
        if gid in groups(self):
            raise err["GlobalReplicationGroupAlreadyExistsFault"](
                f"GlobalReplicationGroup {gid} already exists.")
        groups(self)[gid] = {
            "id": gid, "description": params.get("GlobalReplicationGroupDescription") or "",
            "arn": f"arn:aws:elasticache::{self.current_account}:globalreplicationgroup:{gid}",
            "members": [{"id": primary_id, "region": self.region, "role": PRIMARY}]}
        return ActionResult({"GlobalReplicationGroup": _view(
            self.current_account, groups(self)[gid], True, status="creating")})

    def describe_global_replication_groups(self: Any) -> Any:
        params = self._get_params()
        gid = params.get("GlobalReplicationGroupId")
        chosen = [find(self, gid)] if gid else [groups(self)[k] for k in sorted(groups(self))]
        show = str(params.get("ShowMemberInfo", "false")).lower() == "true"
        return ActionResult({"GlobalReplicationGroups": [
            _view(self.current_account, g, show) for g in chosen]})

    def modify_global_replication_group(self: Any) -> Any:
        params = self._get_params()
        group = find(self, params["GlobalReplicationGroupId"])
        if "GlobalReplicationGroupDescription" in params:
            group["description"] = params["GlobalReplicationGroupDescription"]
        for m in group["members"]:  # what members share changes on every member
            rg = _replication_group(self.current_account, m["region"], m["id"])
            if params.get("CacheNodeType"):
                rg.cache_node_type = params["CacheNodeType"]
            if params.get("EngineVersion"):
                rg.engine_version = params["EngineVersion"]
            if "AutomaticFailoverEnabled" in params:
                on = str(params["AutomaticFailoverEnabled"]).lower() == "true"
                rg.automatic_failover = "enabled" if on else "disabled"
        return ActionResult({"GlobalReplicationGroup": _view(self.current_account, group, True)})

    def delete_global_replication_group(self: Any) -> Any:
        params = self._get_params()
        group = find(self, params["GlobalReplicationGroupId"])
        if str(params.get("RetainPrimaryReplicationGroup", "")).lower() != "true":
            raise err["InvalidParameterValue"](
                "RetainPrimaryReplicationGroup must be true.")
        if len(group["members"]) > 1:
            raise err["InvalidGlobalReplicationGroupState"](
                f"GlobalReplicationGroup {group['id']} has secondary members: "
                "disassociate them first.")
        view = _view(self.current_account, group, False, status="deleting")
        del groups(self)[group["id"]]
        return ActionResult({"GlobalReplicationGroup": view})

    def disassociate_global_replication_group(self: Any) -> Any:
        params = self._get_params()
        group = find(self, params["GlobalReplicationGroupId"])
        key = (params.get("ReplicationGroupRegion"), params["ReplicationGroupId"])
        member = next((m for m in group["members"] if (m["region"], m["id"]) == key), None)
        if member is None:
            raise err["InvalidParameterValue"](
                f"Replication group {key[1]} is not associated with Global Replication "
                f"Group {group['id']}.")
        if member["role"] == PRIMARY:
            raise err["InvalidParameterValue"](
                f"Replication group {key[1]} is the primary of Global Replication Group "
                f"{group['id']}: fail over first, or delete the Global Replication Group.")
        group["members"].remove(member)
        return ActionResult({"GlobalReplicationGroup": _view(self.current_account, group, True)})

    def failover_global_replication_group(self: Any) -> Any:
        params = self._get_params()
        group = find(self, params["GlobalReplicationGroupId"])
        key = (params.get("PrimaryRegion"), params.get("PrimaryReplicationGroupId"))
        target = next((m for m in group["members"] if (m["region"], m["id"]) == key), None)
        if target is None or target["role"] != SECONDARY:
            raise err["InvalidParameterValue"](
                f"Replication group {key[1]} in {key[0]} is not a secondary of Global "
                f"Replication Group {group['id']}.")
        for m in group["members"]:
            m["role"] = PRIMARY if m is target else SECONDARY
        return ActionResult({"GlobalReplicationGroup": _view(self.current_account, group, True)})

    for fn in (create_global_replication_group, describe_global_replication_groups,
               modify_global_replication_group, delete_global_replication_group,
               disassociate_global_replication_group, failover_global_replication_group):
        setattr(ElastiCacheResponse, fn.__name__, fn)

    create = ElastiCacheBackend.create_replication_group

    def create_replication_group(self: Any, **kwargs: Any) -> Any:
        gid = kwargs.get("global_replication_group_id")
        if not gid:
            return create(self, **kwargs)
        group = _GROUPS.get(self.account_id, {}).get(gid)
        if group is None:
            raise err["GlobalReplicationGroupNotFoundFault"](
                f"GlobalReplicationGroup {gid} not found.")
        if any(m["region"] == self.region_name for m in group["members"]):
            raise err["InvalidParameterValue"](
                f"GlobalReplicationGroup {gid} already has a member in {self.region_name}.")
        p = next(m for m in group["members"] if m["role"] == PRIMARY)
        primary = _replication_group(self.account_id, p["region"], p["id"])
        # What every member shares comes from the primary; replicas, key, users are its own.
        # Automatic failover is the group's (the provider does not send it for a secondary).
        kwargs.update(
            cache_node_type=primary.cache_node_type, engine=primary.engine,
            engine_version=primary.engine_version, num_node_groups=len(primary.node_groups),
            cluster_mode=primary.cluster_mode,
            at_rest_encryption_enabled=primary.at_rest_encryption_enabled,
            transit_encryption_enabled=primary.transit_encryption_enabled,
            transit_encryption_mode=primary.transit_encryption_mode,
            auth_token=None, data_tiering_enabled=primary.data_tiering == "enabled")
        if kwargs.get("automatic_failover_enabled") is None:  # the group's, as on AWS
            kwargs["automatic_failover_enabled"] = primary.automatic_failover == "enabled"
        secondary = create(self, **kwargs)
        group["members"].append(
            {"id": secondary.replication_group_id, "region": self.region_name,
             "role": SECONDARY})
        return secondary

    delete = ElastiCacheBackend.delete_replication_group

    def delete_replication_group(self: Any, replication_group_id: str,
                                 retain_primary_cluster: bool | None) -> Any:
        member = membership(self.account_id, self.region_name, replication_group_id)
        if member is not None:
            raise err["InvalidReplicationGroupState"](
                f"Replication group {replication_group_id} is a member of Global Replication "
                f"Group {member[0]}: disassociate it (or delete the group) first.")
        return delete(self, replication_group_id, retain_primary_cluster)

    ElastiCacheBackend.create_replication_group = create_replication_group  # type: ignore[method-assign,assignment]
    ElastiCacheBackend.delete_replication_group = delete_replication_group  # type: ignore[method-assign]

    def info(self: Any) -> dict[str, str] | None:
        _, _, _, region, account, _, group_id = self.arn.split(":", 6)
        found = membership(account, region, group_id)
        if found is None:
            return None
        return {"GlobalReplicationGroupId": found[0],
                "GlobalReplicationGroupMemberRole": found[1]}

    ReplicationGroup.global_replication_group_info = property(info)  # type: ignore[method-assign,assignment]
