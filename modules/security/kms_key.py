"""A customer-managed KMS key with rotation, an alias and a least-privilege key policy."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import TerraformProvider
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey as TfKmsKey
from constructs import Construct

from modules.policy_documents import document


@dataclass(frozen=True)
class KmsKeyProps:
    """Props of :class:`KmsKey`."""

    alias: str
    """Alias name without the ``alias/`` prefix, unique in the region."""
    description: str
    """What the key protects."""
    region: str
    """Region the key lives in (for the CloudWatch Logs service principal)."""
    allow_cloudwatch_logs: bool = False
    """Let CloudWatch Logs in ``region`` use the key for log groups of this account."""
    allow_services: tuple[str, ...] = ()
    """Service principals (e.g. ``cloudwatch.amazonaws.com``, ``cloudfront.amazonaws.com``)
    allowed to decrypt and generate data keys on behalf of this account only."""
    deletion_window_days: int = 30
    """Waiting period before deletion (7..30); the maximum by default."""
    provider: TerraformProvider | None = None
    """Provider (region) to create the key with; the stack default when None."""

    def __post_init__(self) -> None:
        if not 7 <= self.deletion_window_days <= 30:
            raise ValueError("deletion_window_days must be 7..30")
        if any(not s.endswith(".amazonaws.com") for s in self.allow_services):
            raise ValueError("allow_services takes service principals (*.amazonaws.com)")
        if self.alias.startswith("alias/"):
            raise ValueError("alias must not start with 'alias/'")


class KmsKey(Construct):
    """Customer-managed symmetric key: rotation on, deletion window 30 days."""

    def __init__(self, scope: Construct, id: str, *, props: KmsKeyProps) -> None:
        super().__init__(scope, id)
        account = DataAwsCallerIdentity(self, "account", provider=props.provider)
        root = f"arn:aws:iam::{account.account_id}:root"
        statements = [
            {
                "Sid": "AccountAdministration",
                "Effect": "Allow",
                "Principal": {"AWS": root},
                "Action": "kms:*",
                "Resource": "*",
            }
        ]
        if props.allow_cloudwatch_logs:
            statements.append({
                "Sid": "CloudWatchLogs",
                "Effect": "Allow",
                "Principal": {"Service": f"logs.{props.region}.amazonaws.com"},
                "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*",
                           "kms:GenerateDataKey*", "kms:Describe*"],
                "Resource": "*",
                "Condition": {"ArnLike": {
                    "kms:EncryptionContext:aws:logs:arn":
                        f"arn:aws:logs:{props.region}:{account.account_id}:*"}},
            })
        for service in props.allow_services:
            statements.append({
                "Sid": "Service" + service.split(".")[0].replace("-", "").capitalize(),
                "Effect": "Allow",
                "Principal": {"Service": service},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": account.account_id}},
            })
        self.key = TfKmsKey(
            self,
            "key",
            description=props.description,
            enable_key_rotation=True,
            deletion_window_in_days=props.deletion_window_days,
            policy=document(*statements),
            provider=props.provider,
        )
        KmsAlias(self, "alias", name=f"alias/{props.alias}", target_key_id=self.key.key_id,
                 provider=props.provider)

    @property
    def arn(self) -> str:
        """ARN of the key."""
        return self.key.arn
