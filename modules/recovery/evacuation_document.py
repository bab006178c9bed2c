"""The regional-evacuation drill's SSM Automation document and the role it runs as.

Route 53 has no FIS action, so the drill is an Automation run that FIS starts: it inverts
every Route 53 health check probing the region's load balancer (the region then looks
unhealthy and DNS moves its users to their failover target), holds for the drill, and
restores the checks. Stopping the experiment (a stop condition or ``aws fis
stop-experiment``) cancels the run, and cancellation jumps to the restore step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.ssm_document import SsmDocument
from constructs import Construct

from modules.policy_documents import assume_role, document

#: Runs in SSM Automation (Python 3.11); ``events`` carries ``fqdn`` and ``inverted``.
SCRIPT = """def handler(events, context):
    import boto3
    r53 = boto3.client("route53")
    changed = []
    for page in r53.get_paginator("list_health_checks").paginate():
        for check in page["HealthChecks"]:
            if check["HealthCheckConfig"].get("FullyQualifiedDomainName") == events["fqdn"]:
                r53.update_health_check(HealthCheckId=check["Id"], Inverted=events["inverted"])
                changed.append(check["Id"])
    if not changed:
        raise RuntimeError("no Route 53 health check probes " + events["fqdn"])
    return {"health_checks": changed}
"""


@dataclass(frozen=True)
class EvacuationDocumentProps:
    """Inputs of :class:`EvacuationDocument`."""

    name: str
    """Regional name prefix, e.g. ``webapp-prod-eu``; the document is ``<name>-evacuate``."""
    region: str
    """AWS region (role names are global: the region is part of them)."""
    hold_minutes: int = 10
    """How long the region stays evacuated before the checks are restored."""

    def __post_init__(self) -> None:
        if not 1 <= self.hold_minutes <= 60:
            raise ValueError("hold_minutes must be 1..60")


def _step(name: str, inverted: bool, **extra: Any) -> dict[str, Any]:
    return {"name": name, "action": "aws:executeScript", **extra, "inputs": {
        "Runtime": "python3.11", "Handler": "handler", "Script": SCRIPT,
        "InputPayload": {"fqdn": "{{ TargetFqdn }}", "inverted": inverted}}}


def content(hold_minutes: int) -> str:
    """The Automation document (schema 0.3) as deterministic JSON."""
    restore = {"onFailure": "step:RestoreHealthChecks", "onCancel": "step:RestoreHealthChecks"}
    return json.dumps({
        "schemaVersion": "0.3",
        "description": "DR drill: make the region's Route 53 health checks report unhealthy, "
                       "hold, restore.",
        "assumeRole": "{{ AutomationAssumeRole }}",
        "parameters": {
            "AutomationAssumeRole": {"type": "String"},
            "TargetFqdn": {"type": "String",
                           "description": "Load balancer DNS name the health checks probe"}},
        "mainSteps": [
            _step("InvertHealthChecks", True, nextStep="Hold", **restore),
            {"name": "Hold", "action": "aws:sleep", "nextStep": "RestoreHealthChecks",
             **restore, "inputs": {"Duration": f"PT{hold_minutes}M"}},
            _step("RestoreHealthChecks", False, isEnd=True),
        ]}, sort_keys=True)


class EvacuationDocument(Construct):
    """``<name>-evacuate`` (Automation) and ``<name>-<region>-evacuate`` (its role)."""

    def __init__(self, scope: Construct, id: str, *, props: EvacuationDocumentProps) -> None:
        super().__init__(scope, id)
        self.document = SsmDocument(
            self, "document", name=f"{props.name}-evacuate", document_type="Automation",
            document_format="JSON", content=content(props.hold_minutes))
        self.role = IamRole(self, "role", name=f"{props.name}-{props.region}-evacuate",
                            assume_role_policy=assume_role("ssm.amazonaws.com"))
        IamRolePolicy(self, "role_policy", role=self.role.id, name="invert-health-checks",
                      policy=document(
            {"Sid": "FindHealthChecks", "Effect": "Allow", "Action": "route53:ListHealthChecks",
             "Resource": "*"},
            {"Sid": "FlipHealthChecks", "Effect": "Allow",
             "Action": ["route53:GetHealthCheck", "route53:UpdateHealthCheck"],
             "Resource": "arn:aws:route53:::healthcheck/*"}))
