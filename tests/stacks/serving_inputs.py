"""Plain string stand-ins for the foundation's typed outputs, shared by the serving tests."""

from __future__ import annotations

import dataclasses
from typing import Any

from regions import PlatformConfig, RegionConfig


def serving_props(platform: PlatformConfig, region: RegionConfig, *, zone_id: str = "Z123",
                  **overrides: Any) -> Any:
    """ServingTierProps for ``region`` with fake ids/ARNs (tokens in the real app).

    ``overrides`` replace fields of the nested outputs by name (``tasks_id``,
    ``uploads_bucket_arn``, ...) or of the props themselves."""
    from modules.data.postgres import DatabaseOutputs
    from modules.data.redis import RedisOutputs
    from modules.network.security_groups import SecurityGroupOutputs
    from modules.network.vpc import NetworkOutputs
    from modules.storage.regional_storage import StorageOutputs
    from stacks.serving import ServingTierProps

    acct = f"arn:aws:kms:{region.region}:111122223333"
    name = f"webapp-prod-{region.key}"
    parts: dict[str, Any] = {
        "network": NetworkOutputs(
            vpc_id="vpc-123", public_subnet_ids=("subnet-p1", "subnet-p2", "subnet-p3"),
            app_subnet_ids=("subnet-a1", "subnet-a2", "subnet-a3"),
            data_subnet_ids=("subnet-d1", "subnet-d2", "subnet-d3")),
        "security_groups": SecurityGroupOutputs(
            alb_ids=("sg-alb", "sg-alb-checks"), tasks_id="sg-tasks", database_id="sg-db",
            redis_id="sg-redis", endpoints_id="sg-endpoints"),
        "database": DatabaseOutputs(
            arn=f"arn:aws:rds:{region.region}:111122223333:db:{name}-primary",
            address="db.internal", port="5432", instance_id=f"{name}-primary",
            master_secret_arn=f"arn:aws:secretsmanager:{region.region}:111122223333:secret:rds",
            replica_ids=(f"{name}-reporting",), parameter_group_name=f"{name}-pg",
            monitoring_role_arn="arn:aws:iam::111122223333:role/monitoring"),
        "redis": RedisOutputs(
            endpoint="redis.internal", replication_group_id=f"{name}-cache",
            connect_arns=(f"arn:aws:elasticache:{region.region}:111122223333:"
                          f"replicationgroup:{name}-cache",),
            user_name="app"),
        "storage": StorageOutputs(
            assets_bucket_arn=f"arn:aws:s3:::{name}-assets",
            uploads_bucket_arn=f"arn:aws:s3:::{name}-uploads",
            assets_origin_domain=f"{name}-assets.s3.{region.region}.amazonaws.com",
            assets_replica_origin_domain=f"{name}-assets-dr.s3.{region.dr_region}.amazonaws.com",
            access_log_bucket=f"{name}-logs"),
    }
    for key, part in list(parts.items()):
        mine = {k: v for k, v in overrides.items()
                if k in {f.name for f in dataclasses.fields(part)}}
        parts[key] = dataclasses.replace(part, **mine)
        for k in mine:
            del overrides[k]
    values: dict[str, Any] = dict(
        platform=platform, region=region, zone_id=zone_id,
        data_key_arn=f"{acct}:key/data", logs_key_arn=f"{acct}:key/logs", **parts)
    values.update(overrides)
    return ServingTierProps(**values)
