"""One synth per session of every compute construct, wired to plain string inputs."""

from __future__ import annotations

import json
from typing import Any

import pytest

ACCOUNT_KEY = "arn:aws:kms:us-east-1:111122223333:key/logs"
DATA_KEY = "arn:aws:kms:us-east-1:111122223333:key/data"
SECRET = "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds-master"
ROTATING = "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-0123"
ECR_REPO = "arn:aws:ecr:us-east-1:111122223333:repository/webapp"
ASSETS = "arn:aws:s3:::webapp-prod-us-assets"
UPLOADS = "arn:aws:s3:::webapp-prod-us-uploads"
REDIS = "arn:aws:elasticache:us-east-1:111122223333:replicationgroup:webapp-prod-us-cache"


@pytest.fixture(scope="session")
def compute_stack() -> dict[str, Any]:
    """Cluster, roles, task definition, service and both autoscaling modes in one stack."""
    from cdktf import Testing

    from modules.compute.autoscaling import ServiceAutoscaling, ServiceAutoscalingProps
    from modules.compute.cluster import EcsClusterProps, FargateCluster
    from modules.compute.service import FargateService, FargateServiceProps
    from modules.compute.task_definition import AppTaskDefinition, TaskDefinitionProps
    from modules.compute.task_roles import TaskRoles, TaskRolesProps
    from stacks.base import PlatformStack

    stack = PlatformStack(Testing.app(), "compute")
    stack.add_aws_provider("aws", region="us-east-1", tags={"Owner": "t"})
    FargateCluster(stack, "cluster", props=EcsClusterProps(name="webapp-prod-us",
                                                           kms_key_arn=ACCOUNT_KEY))
    TaskRoles(stack, "roles", props=TaskRolesProps(
        name_prefix="webapp-prod", aws_region="us-east-1", log_group_name="/ecs/webapp-prod-us",
        kms_key_arn=DATA_KEY, secret_arns=(SECRET,), runtime_secret_arns=(ROTATING,),
        ecr_repository_arns=(ECR_REPO,), read_bucket_arns=(ASSETS,),
        write_bucket_arns=(UPLOADS,), elasticache_arns=(REDIS,)))
    AppTaskDefinition(stack, "task", props=TaskDefinitionProps(
        family="webapp-prod-us", aws_region="us-east-1", image="example/app:1",
        container_port=8080, execution_role_arn="arn:aws:iam::111122223333:role/exec",
        task_role_arn="arn:aws:iam::111122223333:role/task", kms_key_arn=ACCOUNT_KEY,
        secrets=(("DB_PASSWORD", f"{SECRET}:password::"),),
        environment=(("DB_HOST", "db.internal"),)))
    FargateService(stack, "service", props=FargateServiceProps(
        name="webapp-prod-us-app", cluster_arn="arn:cluster", task_definition_arn="arn:task",
        subnet_ids=("subnet-a", "subnet-b", "subnet-c"), security_group_ids=("sg-tasks",),
        target_group_arn="arn:tg", container_name="app", container_port=8080))
    ServiceAutoscaling(stack, "scaling", props=ServiceAutoscalingProps(
        cluster_name="webapp-prod-us", service_name="webapp-prod-us-app"))
    ServiceAutoscaling(stack, "step_scaling", props=ServiceAutoscalingProps(
        cluster_name="webapp-prod-us", service_name="webapp-prod-us-step", mode="step"))
    return json.loads(Testing.synth(stack))
