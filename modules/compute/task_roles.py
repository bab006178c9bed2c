"""The ECS task execution role and task role, least privilege.

No ``*`` actions; resources are this region's log group, secrets, KMS key and buckets.
The only ``Resource: *`` statements are for actions that have no resource-level
permissions (X-Ray trace upload, ECR token). IAM is global: role names carry the
AWS region so the two app stacks never collide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from modules.policy_documents import assume_role, document

_MAX_ROLE_NAME = 64
_ECR_IMAGE = re.compile(
    r"^(?P<account>\d{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.amazonaws\.com/"
    r"(?P<repository>[^:@]+)")


def ecr_repository_arn(image: str) -> str | None:
    """The private ECR repository an image is pulled from, or None (a public registry)."""
    m = _ECR_IMAGE.match(image)
    if m is None:
        return None
    return f"arn:aws:ecr:{m['region']}:{m['account']}:repository/{m['repository']}"


@dataclass(frozen=True)
class TaskRolesProps:
    """Inputs of :class:`TaskRoles`."""

    name_prefix: str
    """Name prefix, e.g. ``webapp-prod``; the AWS region is appended (IAM is global)."""
    aws_region: str
    """Region of the service; part of role names and of the trust condition."""
    log_group_name: str
    """Application log group the execution role writes to (see ``log_group_name``)."""
    kms_key_arn: str
    """Region KMS key (secrets, logs, bucket objects)."""
    secret_arns: tuple[str, ...] = ()
    """Secrets Manager secrets injected into containers at start (``valueFrom``): the
    execution role reads them."""
    runtime_secret_arns: tuple[str, ...] = ()
    """Secrets the application reads itself, by ARN, whenever it needs them (rotating
    secrets such as the database master secret): the task role reads them."""
    read_bucket_arns: tuple[str, ...] = ()
    """Buckets the application reads (e.g. assets)."""
    write_bucket_arns: tuple[str, ...] = ()
    """Buckets the application reads and writes (e.g. uploads)."""
    ecr_repository_arns: tuple[str, ...] = ()
    """Private ECR repositories to pull from; empty for public images."""
    elasticache_arns: tuple[str, ...] = ()
    """ElastiCache replication group / user ARNs for IAM authentication (optional)."""
    object_key_arns: tuple[str, ...] = ()
    """Further keys the bucket objects are encrypted with (a standby reads and writes the
    primary's replica buckets, encrypted with the primary stack's DR key): decrypt and
    generate data keys."""
    exec_log_group_name: str | None = None
    """ECS Exec audit log group of the cluster; set, the task role gets what ECS Exec needs
    (Session Manager channels, writing that group, the session key)."""
    exec_kms_key_arn: str | None = None
    """Key of the cluster's ECS Exec sessions and log group (required with
    ``exec_log_group_name``)."""

    def __post_init__(self) -> None:
        longest = f"{self.name_prefix}-{self.aws_region}-ecs-exec"
        if len(longest) > _MAX_ROLE_NAME:
            raise ValueError(f"role name {longest!r} exceeds {_MAX_ROLE_NAME} characters")
        overlap = set(self.read_bucket_arns) & set(self.write_bucket_arns)
        if overlap:
            raise ValueError(f"bucket listed as both read and write: {sorted(overlap)}")
        if (self.exec_log_group_name is None) != (self.exec_kms_key_arn is None):
            raise ValueError("ECS Exec needs both exec_log_group_name and exec_kms_key_arn")


def _trust(account_id: str, region: str) -> str:
    """ECS tasks of this account and region only (confused-deputy conditions)."""
    return assume_role(
        "ecs-tasks.amazonaws.com",
        StringEquals={"aws:SourceAccount": account_id},
        ArnLike={"aws:SourceArn": f"arn:aws:ecs:{region}:{account_id}:*"},
    )


class TaskRoles(Construct):
    """Execution role (pull image, write logs, read secrets) and task role (app)."""

    def __init__(self, scope: Construct, id: str, *, props: TaskRolesProps) -> None:
        super().__init__(scope, id)
        me = DataAwsCallerIdentity(self, "account")
        self._log_group_arn = (f"arn:aws:logs:{props.aws_region}:{me.account_id}:log-group:"
                               f"{props.log_group_name}")
        base = f"{props.name_prefix}-{props.aws_region}"
        trust = _trust(me.account_id, props.aws_region)
        self.execution_role = IamRole(self, "execution", name=f"{base}-ecs-exec",
                                      assume_role_policy=trust)
        self.task_role = IamRole(self, "task", name=f"{base}-ecs-task",
                                 assume_role_policy=trust)
        IamRolePolicy(self, "execution_policy", name="execution", role=self.execution_role.id,
                      policy=document(*self._execution_statements(props, self._log_group_arn)))
        exec_log_group_arn = (f"arn:aws:logs:{props.aws_region}:{me.account_id}:log-group:"
                              f"{props.exec_log_group_name}" if props.exec_log_group_name
                              else None)
        IamRolePolicy(self, "task_policy", name="application", role=self.task_role.id,
                      policy=document(*self._task_statements(props),
                                      *self._exec_statements(props, exec_log_group_arn)))

    @staticmethod
    def _execution_statements(props: TaskRolesProps, log_group_arn: str) -> list[dict[str, Any]]:
        stmts: list[dict[str, Any]] = [
            {"Sid": "WriteLogs", "Effect": "Allow",
             "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
             "Resource": f"{log_group_arn}:*"},
        ]
        if props.secret_arns:
            stmts += [
                {"Sid": "ReadSecrets", "Effect": "Allow",
                 "Action": ["secretsmanager:GetSecretValue"],
                 "Resource": list(props.secret_arns)},
                {"Sid": "DecryptSecrets", "Effect": "Allow", "Action": ["kms:Decrypt"],
                 "Resource": props.kms_key_arn},
            ]
        if props.ecr_repository_arns:
            stmts += [
                {"Sid": "EcrToken", "Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"],
                 "Resource": "*"},
                {"Sid": "EcrPull", "Effect": "Allow",
                 "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                 "Resource": list(props.ecr_repository_arns)},
            ]
        return stmts

    @staticmethod
    def _exec_statements(props: TaskRolesProps,
                         log_group_arn: str | None) -> list[dict[str, Any]]:
        """ECS Exec (admin shell without an open port): the SSM agent's message channels
        (no resource-level permissions), the cluster's audit log group, its session key."""
        if log_group_arn is None or props.exec_kms_key_arn is None:
            return []
        return [
            {"Sid": "EcsExecChannels", "Effect": "Allow",
             "Action": ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                        "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
             "Resource": "*"},
            {"Sid": "EcsExecLogs", "Effect": "Allow",
             "Action": ["logs:CreateLogStream", "logs:DescribeLogStreams",
                        "logs:PutLogEvents"],
             "Resource": [log_group_arn, f"{log_group_arn}:*"]},
            {"Sid": "EcsExecSessionKey", "Effect": "Allow", "Action": ["kms:Decrypt"],
             "Resource": props.exec_kms_key_arn},
        ]

    @staticmethod
    def _task_statements(props: TaskRolesProps) -> list[dict[str, Any]]:
        stmts: list[dict[str, Any]] = [
            {"Sid": "Tracing", "Effect": "Allow",
             "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords",
                        "xray:GetSamplingRules", "xray:GetSamplingTargets"],
             "Resource": "*"},
            {"Sid": "UseRegionKey", "Effect": "Allow",
             "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
             "Resource": props.kms_key_arn},
        ]
        if props.object_key_arns:
            stmts.append({"Sid": "UseObjectKeys", "Effect": "Allow",
                          "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                          "Resource": list(props.object_key_arns)})
        if props.runtime_secret_arns:
            stmts.append({"Sid": "ReadRotatingSecrets", "Effect": "Allow",
                          "Action": ["secretsmanager:GetSecretValue",
                                     "secretsmanager:DescribeSecret"],
                          "Resource": list(props.runtime_secret_arns)})
        buckets = props.read_bucket_arns + props.write_bucket_arns
        if buckets:
            stmts.append({"Sid": "ListBuckets", "Effect": "Allow", "Action": ["s3:ListBucket"],
                          "Resource": list(buckets)})
        if props.read_bucket_arns:
            stmts.append({"Sid": "ReadObjects", "Effect": "Allow", "Action": ["s3:GetObject"],
                          "Resource": [f"{b}/*" for b in props.read_bucket_arns]})
        if props.write_bucket_arns:
            stmts.append({"Sid": "ReadWriteObjects", "Effect": "Allow",
                          "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                          "Resource": [f"{b}/*" for b in props.write_bucket_arns]})
        if props.elasticache_arns:
            stmts.append({"Sid": "RedisIamAuth", "Effect": "Allow",
                          "Action": ["elasticache:Connect"],
                          "Resource": list(props.elasticache_arns)})
        return stmts
