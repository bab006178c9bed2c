"""The facts a region's disaster-recovery runbook is rendered from.

Names follow the stacks' conventions (``stacks/app_stack.py``): prefix
``<project>-<environment>-<key>``, database ``<prefix>-primary``, the cross-region replica of
a region's database ``<project>-<environment>-<key>-dr`` in its DR region, ECS cluster
``<prefix>`` and service ``<prefix>-app``, DR key ``alias/<prefix>-dr``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from regions import PlatformConfig, RegionConfig
from regions.aws_regions import is_eu

#: The seed's objectives (architecture-exercise.txt, "Disaster Recovery Plan").
RTO_MINUTES = 60
RPO_MINUTES = 15


@dataclass(frozen=True)
class Names:
    """Resource names of one serving region."""

    prefix: str
    """``<project>-<environment>-<key>``."""
    db_primary: str
    """RDS identifier of the primary."""
    db_replica: str
    """RDS identifier of its cross-region replica (in the DR region, when that serves)."""
    cluster: str
    """ECS cluster."""
    service: str
    """ECS service."""
    dr_key_alias: str
    """KMS alias of the DR copies' key."""


def names_of(config: PlatformConfig, region: RegionConfig) -> Names:
    """Resource names of ``region``."""
    prefix = f"{config.project}-{config.environment}-{region.key}"
    return Names(prefix, f"{prefix}-primary", f"{prefix}-dr", prefix, f"{prefix}-app",
                 f"alias/{prefix}-dr")


def standby_names(config: PlatformConfig, region: RegionConfig) -> Names:
    """Resource names of ``region``'s warm standby (``<project>-<env>-standby-<key>``)."""
    prefix = f"{config.project}-{config.environment}-standby-{region.key}"
    dr = f"{config.project}-{config.environment}-{region.key}-dr"
    return Names(prefix, dr, dr, prefix, f"{prefix}-app", f"alias/{prefix}-data")


#: Drill key -> (Terraform name of its FIS template, what it rehearses); mirrors
#: ``modules.recovery.fis_drills.DRILLS`` under the ``operations/drills`` construct path.
DRILLS = {
    "az-loss": ("operations_drills_az_loss", "Scenario 2 at AZ scale: one AZ's subnets cut off"),
    "db-failover": ("operations_drills_db_failover", "Scenario 1: Multi-AZ database failover"),
    "task-stop": ("operations_drills_task_stop", "Scenario 1 for the service: tasks replaced"),
    "evacuation": ("operations_drills_evacuation",
                   "Scenario 2: the region's health checks inverted, DNS moves its users"),
}

#: A resource reference in a rendered runbook: `` `<stack>:<type>.<name>` ``.
REFERENCE = re.compile(r"`([a-z0-9-]+):(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)`")


def addresses(config: PlatformConfig, region: RegionConfig) -> dict[str, str]:
    """Runbook key -> ``<stack>:<Terraform address>`` of the resources its steps act on."""
    stack = f"app-{region.region}"
    refs = {
        "db_primary": "aws_db_instance.database_primary",
        "cluster": "aws_ecs_cluster.serving_cluster_cluster",
        "service": "aws_ecs_service.serving_service_service",
        "redis": "aws_elasticache_replication_group.redis_replication_group",
        "user_pool": "aws_cognito_user_pool.serving_identity_pool",
        "trail": "aws_cloudtrail.operations_trail_trail",
        "vault": "aws_backup_vault.operations_backup_vault",
        "dr_vault": "aws_backup_vault.operations_backup_dr_vault",
        "evacuation_document": "aws_ssm_document.operations_drills_evacuation_document_document",
        **{f"drill_{k}": f"aws_fis_experiment_template.{v[0]}" for k, v in DRILLS.items()},
    }
    out = {k: f"{stack}:{v}" for k, v in refs.items()}
    if region.standby is not None:
        # The replica, the copied credentials and the warm serving tier live in the
        # jurisdiction's standby stack (stacks/standby_stack.py).
        standby = f"standby-{region.key}-{region.dr_region}"
        out["redis_global"] = (f"{stack}:aws_elasticache_global_replication_group."
                               "redis_global_datastore")
        out.update({k: f"{standby}:{v}" for k, v in {
            "dr_replica": "aws_db_instance.replica_replica",
            "dr_subnet_group": "aws_db_subnet_group.replica_subnet_group",
            "dr_db_group": "aws_security_group.sg_database",
            "dr_data_key": "aws_kms_key.data_key_key",
            "dr_secret": "aws_secretsmanager_secret.db_credentials",
            "dr_cluster": "aws_ecs_cluster.serving_cluster_cluster",
            "dr_service": "aws_ecs_service.serving_service_service",
            "dr_scaling": "aws_appautoscaling_target.serving_autoscaling_target",
            "dr_user_pool": "aws_cognito_user_pool.serving_identity_pool",
            "dr_redis": "aws_elasticache_replication_group.redis_replication_group",
            **{f"dr_drill_{k}": f"aws_fis_experiment_template.{v[0]}" for k, v in DRILLS.items()},
        }.items()})
    elif config.serving_region_named(region.dr_region):
        out["dr_replica"] = (f"app-{region.dr_region}:aws_db_instance."
                             f"replica_of_{region.key}_replica")
    return out


def walk(text: str, stacks: dict[str, dict[str, Any]]) -> list[str]:
    """Every reference in a rendered runbook ``text`` that names no synthesized resource
    (``stacks``: stack name -> parsed ``cdk.tf.json``). Empty when every step resolves;
    a runbook with no reference at all is a problem too (nothing was checked)."""
    problems = []
    found = REFERENCE.findall(text)
    if not found:
        return ["the runbook names no resource"]
    for stack, tf_type, name in found:
        resources = stacks.get(stack, {}).get("resource", {}).get(tf_type, {})
        if stack not in stacks:
            problems.append(f"{stack}:{tf_type}.{name}: no stack {stack}")
        elif name not in resources:
            problems.append(f"{stack}:{tf_type}.{name}: no such resource in {stack}")
    return problems


def runbook_context(config: PlatformConfig, region: RegionConfig) -> dict[str, Any]:
    """Template context for ``templates/runbook.md.j2``."""
    serving = {r.region: r for r in config.regions}
    takeover = serving.get(region.dr_region)
    others = [r for r in config.regions if r is not region]
    # Which serving region's users absorb this region's traffic while it is down:
    # EU users stay on EU infrastructure only.
    traffic_to = [r for r in others if region.residency != "eu" or is_eu(r.region)]
    return {
        "config": config,
        "r": region,
        "n": names_of(config, region),
        "takeover": takeover,
        # A standby stack of this region in its DR region (promote its replica there).
        "standby": region.standby is not None,
        "dr": region.dr_region,
        # With a standby, its own cluster takes the users (not the DR region's serving tier).
        "takeover_names": (standby_names(config, region) if region.standby is not None
                           else names_of(config, takeover) if takeover else None),
        "traffic_to": traffic_to,
        "others": others,
        "eu": region.residency == "eu",
        "rto": RTO_MINUTES,
        "rpo": RPO_MINUTES,
        "db": region.database,
        "svc": region.service,
        "scaled_min": min(region.service.max_tasks, region.service.min_tasks * 2),
        "a": addresses(config, region),
        "drills": {k: (f"{names_of(config, region).prefix}-drill-{k}", v[1])
                   for k, v in DRILLS.items()},
        "ops": config.operations,
        "active_sessions": _active_sessions(config, region),
    }


def _active_sessions(config: PlatformConfig, region: RegionConfig) -> int:
    """Sessions open at average load in ``region`` (the sessions a region loss ends)."""
    d = config.demand
    share = d.us_share if region.residency == "us" else 1 - d.us_share
    users = d.daily_active_users * share / sum(1 for r in config.regions
                                                if r.residency == region.residency)
    return round(users * d.sessions_per_user_per_day * d.session_minutes / (24 * 60))
