"""Plain string stand-ins for the foundation's values, shared by the serving/edge tests."""

from __future__ import annotations

from typing import Any

from regions import RegionConfig


def serving_props(region: RegionConfig, *, zone_id: str = "Z123", **overrides: Any) -> Any:
    """ServingTierProps for ``region`` with fake ids/ARNs (tokens in the real app)."""
    from stacks.serving import ServingTierProps

    acct = f"arn:aws:kms:{region.region}:111122223333"
    name = f"webapp-prod-{region.key}"
    values: dict[str, Any] = dict(
        project="webapp", environment="prod", domain="example-webapp.com", region=region,
        zone_id=zone_id, vpc_id="vpc-123",
        public_subnet_ids=("subnet-p1", "subnet-p2", "subnet-p3"),
        private_app_subnet_ids=("subnet-a1", "subnet-a2", "subnet-a3"),
        alb_security_group_ids=("sg-alb", "sg-alb-checks"), tasks_security_group_id="sg-tasks",
        kms_key_arn=f"{acct}:key/data", logs_kms_key_arn=f"{acct}:key/logs",
        db_address="db.internal", db_port="5432", db_instance_id=f"{name}-primary",
        db_master_secret_arn=f"arn:aws:secretsmanager:{region.region}:111122223333:secret:rds",
        redis_endpoint="redis.internal", redis_replication_group_id=f"{name}-cache",
        assets_bucket_arn=f"arn:aws:s3:::{name}-assets",
        uploads_bucket_arn=f"arn:aws:s3:::{name}-uploads", access_log_bucket=f"{name}-logs",
        db_replica_ids=(f"{name}-reporting",))
    values.update(overrides)
    return ServingTierProps(**values)
