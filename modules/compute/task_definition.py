"""The Fargate task definition: a non-root, read-only application container with
secrets from Secrets Manager (``valueFrom`` only), an X-Ray daemon sidecar and a
KMS-encrypted log group with retention.

A secret that rotates (the RDS-managed database master secret, every 7 days) is not
injected: ECS resolves ``secrets`` once, at task start, and a running task would keep the
old password after a rotation. The application gets its ARN instead (``environment``) and
reads it with the task role when it opens a connection (and again on an authentication
failure), so credentials keep working across rotations without restarting tasks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from cdktf import Token
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.ecs_task_definition import (
    EcsTaskDefinition,
    EcsTaskDefinitionRuntimePlatform,
    EcsTaskDefinitionVolume,
)
from constructs import Construct

#: Fargate CPU units -> allowed memory (MiB) range.
_FARGATE_MEMORY = {256: (512, 2048), 512: (1024, 4096), 1024: (2048, 8192),
                   2048: (4096, 16384), 4096: (8192, 30720), 8192: (16384, 61440),
                   16384: (32768, 122880)}
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
APP_CONTAINER = "app"
XRAY_CONTAINER = "xray-daemon"


def log_group_name(family: str) -> str:
    """Name of the log group of task family ``family`` (roles are scoped to it)."""
    return f"/ecs/{family}"


def _is_arn_or_token(value: str) -> bool:
    return value.startswith("arn:") or Token.is_unresolved(value)


@dataclass(frozen=True)
class TaskDefinitionProps:
    """Inputs of :class:`AppTaskDefinition`."""

    family: str
    """Task family (and log group suffix), unique in the region."""
    aws_region: str
    """Region of the awslogs driver."""
    image: str
    """Application image (pin a digest in production)."""
    container_port: int
    """Port the application listens on."""
    execution_role_arn: str
    """Role ECS uses to pull the image, write logs and read secrets."""
    task_role_arn: str
    """Role the application code runs as."""
    kms_key_arn: str
    """Region KMS key encrypting the log group."""
    secrets: tuple[tuple[str, str], ...] = ()
    """(environment variable, Secrets Manager ARN[:json-key::]) pairs resolved at task start;
    never plain values, and never a secret that rotates (pass its ARN in ``environment``)."""
    environment: tuple[tuple[str, str], ...] = ()
    """Non-secret environment variables."""
    cpu: int = 1024
    """Task CPU units (Fargate sizes)."""
    memory_mb: int = 2048
    """Task memory in MiB, within Fargate's range for ``cpu``."""
    run_as_user: str = "1000:1000"
    """uid:gid of the application process (never root)."""
    xray_image: str = "public.ecr.aws/xray/aws-xray-daemon:3.x"
    """X-Ray daemon sidecar image."""
    log_retention_days: int = 365
    """Application log retention (days)."""
    cpu_architecture: str = "ARM64"
    """Fargate CPU architecture (Graviton is cheaper)."""

    def __post_init__(self) -> None:
        if self.cpu not in _FARGATE_MEMORY:
            raise ValueError(f"cpu {self.cpu} is not a Fargate size {sorted(_FARGATE_MEMORY)}")
        low, high = _FARGATE_MEMORY[self.cpu]
        if not low <= self.memory_mb <= high:
            raise ValueError(f"memory {self.memory_mb} MiB is outside {low}..{high} for cpu "
                             f"{self.cpu}")
        if self.run_as_user.split(":")[0] in ("0", "root", ""):
            raise ValueError("run_as_user must not be root")
        if not 1 <= self.container_port <= 65535:
            raise ValueError("container_port must be 1..65535")
        names = [n for n, _ in self.secrets] + [n for n, _ in self.environment]
        if len(set(names)) != len(names):
            raise ValueError(f"environment/secret names repeat: {names}")
        for name in names:
            if not _ENV_NAME.match(name):
                raise ValueError(f"invalid environment variable name {name!r}")
        for name, ref in self.secrets:
            if not _is_arn_or_token(ref):
                raise ValueError(f"secret {name} must be a Secrets Manager ARN (valueFrom), "
                                 "not a value")
        if self.cpu_architecture not in ("ARM64", "X86_64"):
            raise ValueError("cpu_architecture must be ARM64 or X86_64")


class AppTaskDefinition(Construct):
    """Task definition + its log group."""

    def __init__(self, scope: Construct, id: str, *, props: TaskDefinitionProps) -> None:
        super().__init__(scope, id)
        self.log_group = CloudwatchLogGroup(
            self, "logs", name=log_group_name(props.family),
            retention_in_days=props.log_retention_days, kms_key_id=props.kms_key_arn,
        )
        self.task_definition = EcsTaskDefinition(
            self, "task", family=props.family, network_mode="awsvpc",
            requires_compatibilities=["FARGATE"], cpu=str(props.cpu),
            memory=str(props.memory_mb), execution_role_arn=props.execution_role_arn,
            task_role_arn=props.task_role_arn,
            runtime_platform=EcsTaskDefinitionRuntimePlatform(
                operating_system_family="LINUX", cpu_architecture=props.cpu_architecture),
            volume=[EcsTaskDefinitionVolume(name="tmp")],
            container_definitions=json.dumps(self._containers(props)),
        )

    def _logging(self, props: TaskDefinitionProps, prefix: str) -> dict[str, Any]:
        return {"logDriver": "awslogs", "options": {
            "awslogs-group": self.log_group.name, "awslogs-region": props.aws_region,
            "awslogs-stream-prefix": prefix}}

    def _containers(self, props: TaskDefinitionProps) -> list[dict[str, Any]]:
        hardening = {"privileged": False, "readonlyRootFilesystem": True,
                     "linuxParameters": {"initProcessEnabled": True,
                                         "capabilities": {"drop": ["ALL"]}}}
        app = {
            "name": APP_CONTAINER, "image": props.image, "essential": True,
            "user": props.run_as_user, **hardening,
            "portMappings": [{"containerPort": props.container_port, "protocol": "tcp"}],
            "mountPoints": [{"sourceVolume": "tmp", "containerPath": "/tmp",
                             "readOnly": False}],
            "environment": [{"name": n, "value": v} for n, v in sorted(
                props.environment + (("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000"),))],
            "secrets": [{"name": n, "valueFrom": ref} for n, ref in sorted(props.secrets)],
            "dependsOn": [{"containerName": XRAY_CONTAINER, "condition": "START"}],
            "logConfiguration": self._logging(props, APP_CONTAINER),
        }
        xray = {
            "name": XRAY_CONTAINER, "image": props.xray_image, "essential": True,
            "user": "1337", **hardening, "cpu": 32, "memoryReservation": 64,
            "portMappings": [{"containerPort": 2000, "protocol": "udp"}],
            "logConfiguration": self._logging(props, XRAY_CONTAINER),
        }
        return [app, xray]

    @property
    def arn(self) -> str:
        """Task definition ARN (with revision)."""
        return self.task_definition.arn
