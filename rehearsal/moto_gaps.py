"""APIs moto 5.2.5 lacks that resources our stacks create call, emulated in memory for the
rehearsal's server (:mod:`rehearsal.server`). Each one keeps only what the provider writes and
reads back, per account and region, and answers in the shape of AWS's API reference.

Why they matter beyond their own resource: a resource whose read-back fails makes every later
``terraform plan -refresh-only`` of its stack fail as a whole, so the drift checks would see
nothing (they fail closed: not flagged).
"""

from __future__ import annotations

import json
import uuid
from typing import Any


def emulate_autoscaling_tags() -> None:
    """Application Auto Scaling's ``TagResource``, ``UntagResource`` and
    ``ListTagsForResource`` (moto: ``NotImplementedError``, HTTP 500): the provider reads a
    scalable target's tags back after creating it and on every refresh. The tags given to
    ``RegisterScalableTarget`` are kept too (moto drops them)."""
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    tags: dict[tuple[str, str, str], dict[str, str]] = {}

    def table(self: Any, arn: str) -> dict[str, str]:
        return tags.setdefault((self.current_account, self.region, arn), {})

    register = ApplicationAutoScalingResponse.register_scalable_target

    def register_scalable_target(self: Any) -> str:
        body = register(self)
        given = self._get_param("Tags") or {}
        table(self, json.loads(body)["ScalableTargetARN"]).update(given)
        return body

    def tag_resource(self: Any) -> str:
        table(self, self._get_param("ResourceARN")).update(self._get_param("Tags") or {})
        return "{}"

    def untag_resource(self: Any) -> str:
        found = table(self, self._get_param("ResourceARN"))
        for key in self._get_param("TagKeys") or []:
            found.pop(key, None)
        return "{}"

    def list_tags_for_resource(self: Any) -> str:
        return json.dumps({"Tags": dict(table(self, self._get_param("ResourceARN")))})

    for fn in (register_scalable_target, tag_resource, untag_resource, list_tags_for_resource):
        setattr(ApplicationAutoScalingResponse, fn.__name__, fn)


def emulate_backup_selections() -> None:
    """AWS Backup's ``CreateBackupSelection``, ``GetBackupSelection``,
    ``ListBackupSelections`` and ``DeleteBackupSelection`` (moto: ``NotImplementedError``,
    HTTP 500) for the plans moto keeps (``/backup/plans/{plan}/selections/{selection}``)."""
    from moto.backup.exceptions import ResourceNotFoundException
    from moto.backup.responses import BackupResponse

    selections: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}

    def ids(self: Any) -> tuple[str, str]:
        parts = self.path.split("?")[0].rstrip("/").split("/")
        at = parts.index("selections")
        return parts[at - 1], (parts[at + 1] if len(parts) > at + 1 else "")

    def table(self: Any, plan_id: str) -> dict[str, dict[str, Any]]:
        return selections.setdefault((self.current_account, self.region, plan_id), {})

    def create_backup_selection(self: Any) -> str:
        plan_id, _ = ids(self)
        params = json.loads(self.body or "{}")
        selection_id = str(uuid.uuid4())
        table(self, plan_id)[selection_id] = {
            "BackupSelection": params.get("BackupSelection") or {}, "SelectionId": selection_id,
            "BackupPlanId": plan_id, "CreationDate": 0,
            "CreatorRequestId": params.get("CreatorRequestId") or ""}
        return json.dumps({"SelectionId": selection_id, "BackupPlanId": plan_id,
                           "CreationDate": 0})

    def get_backup_selection(self: Any) -> str:
        plan_id, selection_id = ids(self)
        found = table(self, plan_id).get(selection_id)
        if found is None:
            raise ResourceNotFoundException(f"Backup selection {selection_id} not found")
        return json.dumps(found)

    def list_backup_selections(self: Any) -> str:
        plan_id, _ = ids(self)
        return json.dumps({"BackupSelectionsList": [
            {"SelectionId": s["SelectionId"], "BackupPlanId": plan_id,
             "SelectionName": s["BackupSelection"].get("SelectionName", ""),
             "IamRoleArn": s["BackupSelection"].get("IamRoleArn", ""), "CreationDate": 0}
            for s in table(self, plan_id).values()]})

    def delete_backup_selection(self: Any) -> str:
        plan_id, selection_id = ids(self)
        if table(self, plan_id).pop(selection_id, None) is None:
            raise ResourceNotFoundException(f"Backup selection {selection_id} not found")
        return "{}"

    for fn in (create_backup_selection, get_backup_selection, list_backup_selections,
               delete_backup_selection):
        setattr(BackupResponse, fn.__name__, fn)


def stable_read_backs() -> None:
    """Values moto makes up anew on every read, which a refresh-only plan right after apply
    would report as drift although nothing changed: a Cognito domain's ``AWSAccountId`` (moto:
    a random UUID per call; AWS: the owning account) and a DB instance's or cluster's
    ``LatestRestorableTime`` (moto: the current time per call; AWS: advances every ~5 minutes
    while backups run). Answer the account id, and the time of the first read."""
    from moto.cognitoidp.models import CognitoIdpUserPoolDomain
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.rds.models import DBCluster, DBInstance

    to_json = CognitoIdpUserPoolDomain.to_json

    def domain_json(self: Any, extended: bool = True) -> dict[str, Any]:
        out = to_json(self, extended)
        if "AWSAccountId" in out:
            out["AWSAccountId"] = DEFAULT_ACCOUNT_ID
        return out

    CognitoIdpUserPoolDomain.to_json = domain_json  # type: ignore[method-assign]

    for cls in (DBInstance, DBCluster):
        moving = cls.latest_restorable_time

        def first_read(self: Any, _moving: Any = moving) -> Any:
            if not hasattr(self, "_rehearsal_restorable"):
                self._rehearsal_restorable = _moving.fget(self)
            return self._rehearsal_restorable

        cls.latest_restorable_time = property(first_read)  # type: ignore[method-assign,assignment]
