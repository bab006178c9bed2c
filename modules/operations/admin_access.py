"""Admin access without an open port: SSM Session Manager / ECS Exec, or AWS Client VPN.

Default (``ssm``): no ingress rule anywhere. Admins assume the region's admin role (MFA
required) and open ECS Exec sessions into the service's tasks (``aws ecs execute-command``);
the sessions travel over SSM through the VPC's interface endpoints, are encrypted with the
logs key and logged to CloudWatch Logs by the Session Manager preferences document.

``client_vpn`` (the seed's "VPN for admin access"): additionally an AWS Client VPN endpoint
with mutual-TLS client certificates, split tunnel, connection logging, associated with the
private app subnets; its security group reaches only PostgreSQL and Redis.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.ec2_client_vpn_authorization_rule import (
    Ec2ClientVpnAuthorizationRule,
)
from cdktf_cdktf_provider_aws.ec2_client_vpn_endpoint import (
    Ec2ClientVpnEndpoint,
    Ec2ClientVpnEndpointAuthenticationOptions,
    Ec2ClientVpnEndpointConnectionLogOptions,
)
from cdktf_cdktf_provider_aws.ec2_client_vpn_network_association import (
    Ec2ClientVpnNetworkAssociation,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.ssm_document import SsmDocument
from cdktf_cdktf_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import (
    VpcSecurityGroupIngressRule,
)
from constructs import Construct

from modules.policy_documents import document

MODES = ("ssm", "client_vpn")


@dataclass(frozen=True)
class AdminAccessProps:
    """Inputs of :class:`AdminAccess`."""

    name: str
    """Regional name prefix, e.g. ``webapp-prod-eu``."""
    region: str
    """AWS region (the stack's default provider)."""
    cluster_name: str
    """ECS cluster whose tasks admins may exec into."""
    logs_kms_key_arn: str
    """Key of the session log group and of the session data."""
    mode: str = "ssm"
    """``ssm`` (no open port) or ``client_vpn`` (also a Client VPN endpoint)."""
    vpc_id: str = ""
    """Client VPN: the VPC."""
    subnet_ids: tuple[str, ...] = ()
    """Client VPN: private subnets the endpoint is associated with (one per AZ)."""
    vpc_cidr: str = ""
    """Client VPN: the VPC CIDR admins are authorised to reach."""
    client_cidr: str = ""
    """Client VPN: address pool of connected admins."""
    server_certificate_arn: str = ""
    """Client VPN: ACM certificate of the endpoint."""
    client_root_certificate_arn: str = ""
    """Client VPN: ACM certificate of the CA signing the admins' certificates."""
    reachable_groups: tuple[tuple[str, int], ...] = ()
    """Client VPN: (security group id, port) pairs admins may reach (database, Redis)."""

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {self.mode!r}")
        if self.mode == "client_vpn":
            missing = [k for k in ("vpc_id", "vpc_cidr", "client_cidr", "server_certificate_arn",
                                   "client_root_certificate_arn") if not getattr(self, k)]
            if missing or not self.subnet_ids:
                raise ValueError("client_vpn needs " + ", ".join(missing or ["subnet_ids"]))


class AdminAccess(Construct):
    """Session Manager preferences, the MFA-only admin role and, optionally, Client VPN."""

    def __init__(self, scope: Construct, id: str, *, props: AdminAccessProps) -> None:
        super().__init__(scope, id)
        n, region = props.name, props.region
        account = DataAwsCallerIdentity(self, "account").account_id
        self.session_logs = CloudwatchLogGroup(
            self, "session_logs", name=f"/ssm/{n}/sessions", kms_key_id=props.logs_kms_key_arn,
            retention_in_days=365)
        # Session Manager's regional preferences: this document name is what the service reads.
        SsmDocument(self, "session_preferences", name="SSM-SessionManagerRunShell",
                    document_type="Session", document_format="JSON", content=json.dumps({
                        "schemaVersion": "1.0",
                        "description": f"Session Manager preferences of {n}",
                        "sessionType": "Standard_Stream",
                        "inputs": {"cloudWatchLogGroupName": self.session_logs.name,
                                   "cloudWatchEncryptionEnabled": True,
                                   "cloudWatchStreamingEnabled": True,
                                   "kmsKeyId": props.logs_kms_key_arn,
                                   "idleSessionTimeout": "20", "maxSessionDuration": "60",
                                   "runAsEnabled": False, "s3EncryptionEnabled": True}},
                        sort_keys=True))
        self.role = IamRole(self, "role", name=f"{n}-{region}-admin", max_session_duration=3600,
                            assume_role_policy=document({
                                "Effect": "Allow",
                                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                                "Action": "sts:AssumeRole",
                                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}))
        cluster = f"arn:aws:ecs:{region}:{account}:cluster/{props.cluster_name}"
        IamRolePolicy(self, "role_policy", role=self.role.id, name="ecs-exec", policy=document(
            {"Sid": "ExecIntoServiceTasks", "Effect": "Allow", "Action": "ecs:ExecuteCommand",
             "Resource": [cluster,
                          f"arn:aws:ecs:{region}:{account}:task/{props.cluster_name}/*"]},
            {"Sid": "FindTasks", "Effect": "Allow",
             "Action": ["ecs:ListTasks", "ecs:DescribeTasks"],
             "Resource": [f"arn:aws:ecs:{region}:{account}:container-instance/"
                          f"{props.cluster_name}/*",
                          f"arn:aws:ecs:{region}:{account}:task/{props.cluster_name}/*"]},
            {"Sid": "OwnSessionsOnly", "Effect": "Allow",
             "Action": ["ssm:TerminateSession", "ssm:ResumeSession"],
             "Resource": f"arn:aws:ssm:{region}:{account}:session/$${{aws:userid}}-*"},
            {"Sid": "SessionKey", "Effect": "Allow", "Action": "kms:GenerateDataKey",
             "Resource": props.logs_kms_key_arn}))
        self.vpn: Ec2ClientVpnEndpoint | None = None
        if props.mode == "client_vpn":
            self._client_vpn(props)

    def _client_vpn(self, props: AdminAccessProps) -> None:
        n = props.name
        logs = CloudwatchLogGroup(self, "vpn_logs", name=f"/vpn/{n}/connections",
                                  kms_key_id=props.logs_kms_key_arn, retention_in_days=365)
        group = SecurityGroup(self, "vpn_group", name=f"{n}-admin-vpn", vpc_id=props.vpc_id,
                              description="Client VPN admins: database and Redis only",
                              tags={"Name": f"{n}-admin-vpn"})
        for i, (target, port) in enumerate(props.reachable_groups):
            VpcSecurityGroupEgressRule(
                self, f"vpn_egress_{i}", security_group_id=group.id, ip_protocol="tcp",
                from_port=port, to_port=port, referenced_security_group_id=target,
                description=f"Admins to port {port}")
            VpcSecurityGroupIngressRule(
                self, f"vpn_ingress_{i}", security_group_id=target, ip_protocol="tcp",
                from_port=port, to_port=port, referenced_security_group_id=group.id,
                description=f"Port {port} from Client VPN admins")
        self.vpn = Ec2ClientVpnEndpoint(
            self, "vpn", description=f"{n} admin access", vpc_id=props.vpc_id,
            server_certificate_arn=props.server_certificate_arn,
            client_cidr_block=props.client_cidr, split_tunnel=True, transport_protocol="udp",
            session_timeout_hours=8, security_group_ids=[group.id],
            authentication_options=[Ec2ClientVpnEndpointAuthenticationOptions(
                type="certificate-authentication",
                root_certificate_chain_arn=props.client_root_certificate_arn)],
            connection_log_options=Ec2ClientVpnEndpointConnectionLogOptions(
                enabled=True, cloudwatch_log_group=logs.name),
            tags={"Name": f"{n}-admin-vpn"})
        for i, subnet in enumerate(props.subnet_ids):
            Ec2ClientVpnNetworkAssociation(self, f"vpn_subnet_{i}", subnet_id=subnet,
                                           client_vpn_endpoint_id=self.vpn.id)
        Ec2ClientVpnAuthorizationRule(self, "vpn_authorization", authorize_all_groups=True,
                                      client_vpn_endpoint_id=self.vpn.id,
                                      target_network_cidr=props.vpc_cidr)
