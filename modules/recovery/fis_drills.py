"""DR drills as code: four AWS FIS experiment templates of one region.

- ``az-loss``: every subnet of one AZ (app and data tiers) loses connectivity;
- ``db-failover``: the PostgreSQL primary reboots with a forced Multi-AZ failover;
- ``task-stop``: a share of the service's tasks is stopped;
- ``evacuation``: the region's Route 53 health checks report unhealthy (inverted) for the
  drill, through the evacuation Automation document, so its users fail over.

Every template stops on the seed's alarms (5xx rate, p95 response time) of the region:
FIS stop conditions must be alarms of the experiment's own region. The runbooks
(``docs/runbooks/``) start them by their ``Name`` tag.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.fis_experiment_template import (
    FisExperimentTemplate,
    FisExperimentTemplateAction,
    FisExperimentTemplateActionParameter,
    FisExperimentTemplateActionTarget,
    FisExperimentTemplateExperimentOptions,
    FisExperimentTemplateStopCondition,
    FisExperimentTemplateTarget,
)
from constructs import Construct

from modules.recovery.drill_role import DrillRole, DrillRoleProps
from modules.recovery.evacuation_document import EvacuationDocument, EvacuationDocumentProps

#: Drill key -> construct id (Terraform name suffix), in runbook order.
DRILLS = {"az-loss": "az_loss", "db-failover": "db_failover", "task-stop": "task_stop",
          "evacuation": "evacuation"}


@dataclass(frozen=True)
class FisDrillsProps:
    """Inputs of :class:`FisDrills`."""

    name: str
    """Regional name prefix, e.g. ``webapp-prod-eu``."""
    region: str
    """AWS region of the drills (the stack's default provider)."""
    availability_zone: str
    """The AZ the AZ-loss drill takes out."""
    az_subnet_ids: tuple[str, ...]
    """Subnets of ``availability_zone`` that lose connectivity (app and data tiers)."""
    db_arn: str
    """ARN of the PostgreSQL primary."""
    cluster_name: str
    """ECS cluster of the service."""
    service_name: str
    """ECS service whose tasks are stopped."""
    alb_dns_name: str
    """DNS name of the region's load balancer (what the Route 53 health checks probe)."""
    stop_alarm_names: tuple[str, ...]
    """Alarms of this region that stop every drill (the seed's 5xx and p95 alarms)."""
    minutes: int = 10
    """Duration of the AZ-loss and evacuation drills."""
    stopped_task_percent: int = 25
    """Share of the running tasks the task-stop drill stops."""

    def __post_init__(self) -> None:
        if not self.stop_alarm_names:
            raise ValueError("every drill needs at least one stop-condition alarm")
        if not self.az_subnet_ids:
            raise ValueError("the AZ-loss drill needs the subnets of its AZ")
        if not self.availability_zone.startswith(self.region):
            raise ValueError(f"{self.availability_zone} is not an AZ of {self.region}")
        if not 1 <= self.minutes <= 60:
            raise ValueError("minutes must be 1..60")
        if not 1 <= self.stopped_task_percent <= 50:
            raise ValueError("stopped_task_percent must be 1..50 (the region keeps serving)")


class FisDrills(Construct):
    """The four experiment templates, their role and the evacuation document."""

    def __init__(self, scope: Construct, id: str, *, props: FisDrillsProps) -> None:
        super().__init__(scope, id)
        p, region = props, props.region
        account = DataAwsCallerIdentity(self, "account").account_id
        self.evacuation_document = EvacuationDocument(
            self, "evacuation_document", props=EvacuationDocumentProps(
                name=p.name, region=region, hold_minutes=p.minutes))
        doc = self.evacuation_document
        self.role = DrillRole(self, "role", props=DrillRoleProps(
            name=p.name, region=region, db_arn=p.db_arn, cluster_name=p.cluster_name,
            document_name=doc.document.name, automation_role_arn=doc.role.arn))
        stops = [FisExperimentTemplateStopCondition(
            source="aws:cloudwatch:alarm",
            value=f"arn:aws:cloudwatch:{region}:{account}:alarm:{alarm}")
            for alarm in p.stop_alarm_names]
        subnets = [f"arn:aws:ec2:{region}:{account}:subnet/{s}" for s in p.az_subnet_ids]
        duration = f"PT{p.minutes}M"
        specs = {
            "az-loss": (
                f"AZ loss: {p.availability_zone} app and data subnets lose connectivity",
                "aws:network:disrupt-connectivity", {"duration": duration, "scope": "all"},
                FisExperimentTemplateTarget(name="Subnets", resource_type="aws:ec2:subnet",
                                            selection_mode="ALL", resource_arns=subnets),
                "Subnets"),
            "db-failover": (
                "Database failover: the primary reboots with a forced Multi-AZ failover",
                "aws:rds:reboot-db-instances", {"forceFailover": "true"},
                FisExperimentTemplateTarget(name="Primary", resource_type="aws:rds:db",
                                            selection_mode="ALL", resource_arns=[p.db_arn]),
                "DBInstances"),
            "task-stop": (
                f"Task termination: {p.stopped_task_percent}% of {p.service_name}'s tasks stop",
                "aws:ecs:stop-task", {},
                FisExperimentTemplateTarget(
                    name="Tasks", resource_type="aws:ecs:task",
                    selection_mode=f"PERCENT({p.stopped_task_percent})",
                    parameters={"cluster": p.cluster_name, "service": p.service_name}),
                "Tasks"),
            "evacuation": (
                f"Regional evacuation: Route 53 health checks of {region} inverted "
                f"for {p.minutes} min",
                "aws:ssm:start-automation-execution", {
                    "documentArn": doc.document.arn, "maxDuration": f"PT{p.minutes + 10}M",
                    "documentParameters": json.dumps({
                        "AutomationAssumeRole": doc.role.arn, "TargetFqdn": p.alb_dns_name},
                        sort_keys=True)},
                None, None),
        }
        self.templates: dict[str, FisExperimentTemplate] = {}
        for drill, construct_id in DRILLS.items():
            description, action_id, parameters, target, target_key = specs[drill]
            self.templates[drill] = FisExperimentTemplate(
                self, construct_id, description=description, role_arn=self.role.role.arn,
                stop_condition=stops, target=[target] if target else None,
                experiment_options=FisExperimentTemplateExperimentOptions(
                    account_targeting="single-account", empty_target_resolution_mode="fail"),
                action=[FisExperimentTemplateAction(
                    name=construct_id, action_id=action_id,
                    parameter=[FisExperimentTemplateActionParameter(key=k, value=v)
                               for k, v in sorted(parameters.items())] or None,
                    target=FisExperimentTemplateActionTarget(key=target_key, value=target.name)
                    if target and target_key else None)],
                tags={"Name": f"{p.name}-drill-{drill}"})
