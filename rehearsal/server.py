"""Run moto's server on loopback, with the fixes the rehearsal needs to emulate our stacks.

``python -m rehearsal.server PORT`` serves until killed. Each fix below works around a
moto bug (not a difference in AWS's behaviour) and says which.
"""

from __future__ import annotations

import sys
from typing import Any


def _patch_s3_logging_policy_check() -> None:
    """moto 5.x reads every statement's ``Principal`` as a mapping when a bucket turns
    on server access logging, and crashes (HTTP 500) on ``"Principal": "*"``, which a
    TLS-only Deny statement uses; AWS accepts it. Skip such statements."""
    from moto.s3 import models

    original = models.FakeBucket._log_permissions_enabled_policy

    def tolerant(target_bucket: Any, target_prefix: Any) -> Any:
        policy = getattr(target_bucket, "policy", None)
        if not policy:
            return original(target_bucket=target_bucket, target_prefix=target_prefix)
        import json

        doc = json.loads(policy)
        statements = doc.get("Statement", [])
        kept = [s for s in (statements if isinstance(statements, list) else [statements])
                if isinstance(s.get("Principal"), dict)]
        saved = target_bucket.policy
        target_bucket.policy = json.dumps({**doc, "Statement": kept}).encode()
        try:
            return original(target_bucket=target_bucket, target_prefix=target_prefix)
        finally:
            target_bucket.policy = saved

    models.FakeBucket._log_permissions_enabled_policy = staticmethod(tolerant)  # type: ignore


def _patch_s3_policy_conditions() -> None:
    """moto evaluates bucket policies without their conditions (its docs say so), so the
    TLS-only statement (Deny when ``aws:SecureTransport`` is false) denies every request.
    Production traffic is HTTPS; the provider talks to the emulator over loopback HTTP only
    as a transport detail. Evaluate bucket policies as for a TLS request: drop the
    statements conditioned on ``aws:SecureTransport`` being false."""
    import json

    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3 import models

    def get_permission(self: Any, action: str, resource: str) -> Any:
        if self.policy is None:
            return PermissionResult.NEUTRAL
        doc = json.loads(self.policy.decode())
        statements = doc.get("Statement", [])
        kept = [s for s in (statements if isinstance(statements, list) else [statements])
                if str((s.get("Condition") or {}).get("Bool", {}).get("aws:SecureTransport",
                                                                      "")).lower() != "false"]
        return IAMPolicy(json.dumps({**doc, "Statement": kept})).is_action_permitted(
            action, resource)

    models.FakeBucket.get_permission = get_permission  # type: ignore[method-assign]


def _emulate_elasticache_user_groups() -> None:
    """moto 5.2.5 has ElastiCache users but no user groups (``NotImplementedError`` on
    CreateUserGroup), so every Redis cluster behind an access-control user group, and all that
    reads its endpoint, could not apply. Keep user groups in memory, per account and region:
    create (active at once), describe (all, or one by id), modify (add/remove users), delete."""
    from moto.core.responses import ActionResult
    from moto.elasticache.exceptions import ElastiCacheException
    from moto.elasticache.responses import ElastiCacheResponse

    class UserGroupNotFound(ElastiCacheException):
        code = "UserGroupNotFound"

        def __init__(self, group_id: str) -> None:
            super().__init__(f"User group {group_id} not found.")

    groups: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}

    def table(self: Any) -> dict[str, dict[str, Any]]:
        return groups.setdefault((self.current_account, self.region), {})

    def create_user_group(self: Any) -> Any:
        params = self._get_params()
        group_id = params["UserGroupId"]
        group = {"UserGroupId": group_id, "Status": "active",
                 "Engine": params.get("Engine", "redis").lower(),
                 "UserIds": list(params.get("UserIds") or []),
                 "MinimumEngineVersion": "6.0", "ReplicationGroups": [],
                 "Tags": list(params.get("Tags") or []),
                 "ARN": f"arn:aws:elasticache:{self.region}:{self.current_account}:"
                        f"usergroup:{group_id}"}
        table(self)[group_id] = group
        return ActionResult(group)

    def describe_user_groups(self: Any) -> Any:
        group_id = self._get_params().get("UserGroupId")
        found = table(self)
        if group_id is not None and group_id not in found:
            raise UserGroupNotFound(group_id)
        chosen = [found[group_id]] if group_id is not None else list(found.values())
        return ActionResult({"UserGroups": chosen})

    def modify_user_group(self: Any) -> Any:
        params = self._get_params()
        group = table(self).get(params["UserGroupId"])
        if group is None:
            raise UserGroupNotFound(params["UserGroupId"])
        remove = set(params.get("UserIdsToRemove") or [])
        group["UserIds"] = [u for u in group["UserIds"] if u not in remove] + [
            u for u in params.get("UserIdsToAdd") or [] if u not in group["UserIds"]]
        return ActionResult(group)

    def delete_user_group(self: Any) -> Any:
        group_id = self._get_params()["UserGroupId"]
        group = table(self).pop(group_id, None)
        if group is None:
            raise UserGroupNotFound(group_id)
        return ActionResult({**group, "Status": "deleting"})

    list_tags = ElastiCacheResponse.list_tags_for_resource

    def list_tags_for_resource(self: Any) -> Any:
        arn = str(self._get_params().get("ResourceName", ""))
        if ":usergroup:" in arn:  # the tags given at create (moto rejects the ARN kind)
            group = table(self).get(arn.rsplit(":", 1)[-1])
            return ActionResult({"TagList": list((group or {}).get("Tags") or [])})
        return list_tags(self)

    for fn in (create_user_group, describe_user_groups, modify_user_group, delete_user_group,
               list_tags_for_resource):
        setattr(ElastiCacheResponse, fn.__name__, fn)


def _emulate_replication_group_members() -> None:
    """moto 5.2.5 names a replication group's member clusters (``rg-001`` ...) but keeps no
    cache cluster for them, so the provider's read-back of a new group fails
    (``CacheClusterNotFound: rg-001``). Describe such a member as a Redis node of its group,
    with its group's node type, engine version and encryption (the provider reads those of a
    group from its first member)."""
    import inspect

    from moto.elasticache.models import CacheCluster, ElastiCacheBackend

    original = ElastiCacheBackend.describe_cache_clusters
    params = [n for n in inspect.signature(CacheCluster.__init__).parameters if n != "self"]

    def describe_cache_clusters(self: Any, cache_cluster_id: str | None = None) -> Any:
        if cache_cluster_id and cache_cluster_id not in self.cache_clusters:
            group = next((g for g in self.replication_groups.values()
                          if cache_cluster_id in g.member_clusters), None)
            if group is not None:
                args: dict[str, Any] = dict.fromkeys(params)
                args.update(account_id=self.account_id, region_name=self.region_name,
                            cache_cluster_id=cache_cluster_id,
                            cache_node_type=getattr(group, "cache_node_type", None),
                            replication_group_id=group.replication_group_id, engine="redis",
                            engine_version=getattr(group, "engine_version", None) or "7.1",
                            port=6379, log_delivery_configurations=[],
                            transit_encryption_enabled=group.transit_encryption_enabled)
                member: Any = CacheCluster(**args)
                # What AWS reports on each node: the group's encryption settings.
                member.at_rest_encryption_enabled = group.at_rest_encryption_enabled
                member.transit_encryption_mode = group.transit_encryption_mode
                self.cache_clusters[cache_cluster_id] = member
        return original(self, cache_cluster_id)

    ElastiCacheBackend.describe_cache_clusters = describe_cache_clusters  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    """Serve on 127.0.0.1:PORT."""
    port = int(argv[0]) if argv else 4599
    _patch_s3_logging_policy_check()
    _patch_s3_policy_conditions()
    _emulate_elasticache_user_groups()
    _emulate_replication_group_members()
    from rehearsal.global_datastore import emulate_global_datastores

    emulate_global_datastores()
    from rehearsal.moto_gaps import (
        emulate_autoscaling_tags,
        emulate_backup_selections,
        stable_read_backs,
    )

    emulate_autoscaling_tags()
    emulate_backup_selections()
    stable_read_backs()
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        import threading

        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
