"""The origin-verification secret: a value CloudFront sends to a region's ALB in a custom
header and the ALB requires on its API rule, so only our distribution (not any CloudFront
distribution, whose addresses the security group admits alike) reaches the service.

The value never appears in the synthesized JSON: Secrets Manager generates it
(``aws_secretsmanager_random_password``, read at plan time) and the secret version keeps
the first one (``ignore_changes``), so later plans neither change nor show it. It lives in
the state (encrypted, like every other secret there) and in the plan, marked sensitive.
To rotate it, replace the version (``terraform apply -replace``) and re-apply the edge stack.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.data_aws_secretsmanager_random_password import (
    DataAwsSecretsmanagerRandomPassword,
)
from cdktf_cdktf_provider_aws.secretsmanager_secret import SecretsmanagerSecret
from cdktf_cdktf_provider_aws.secretsmanager_secret_version import SecretsmanagerSecretVersion
from constructs import Construct


def origin_header_name(region_key: str) -> str:
    """The header carrying ``region_key``'s value (one header per region: the API origin is
    latency-routed, CloudFront sends every region's header and each ALB checks its own)."""
    return f"x-origin-verify-{region_key}"


@dataclass(frozen=True)
class OriginSecretProps:
    """Inputs of :class:`OriginSecret`."""

    name: str
    """Secret name, unique in the region (``<prefix>-origin-verify``)."""
    region_key: str
    """Region key (``us``/``eu``): names the header."""
    kms_key_arn: str
    """Key encrypting the secret (the region's data key)."""
    length: int = 48
    """Characters of the generated value (letters and digits only: ALB condition values
    treat ``*`` and ``?`` as wildcards)."""

    def __post_init__(self) -> None:
        if not 32 <= self.length <= 128:
            raise ValueError("origin secret length must be 32..128 (ALB header values <= 128)")


class OriginSecret(Construct):
    """Secret + generated first version; :attr:`value` is what the ALB rule compares."""

    def __init__(self, scope: Construct, id: str, *, props: OriginSecretProps) -> None:
        super().__init__(scope, id)
        self.header_name = origin_header_name(props.region_key)
        self.secret = SecretsmanagerSecret(
            self, "secret", name=props.name, kms_key_id=props.kms_key_arn,
            description="Header value CloudFront sends to this region's ALB",
            recovery_window_in_days=7)
        generated = DataAwsSecretsmanagerRandomPassword(
            self, "generated", password_length=props.length, exclude_punctuation=True,
            include_space=False, require_each_included_type=True)
        self.version = SecretsmanagerSecretVersion(
            self, "version", secret_id=self.secret.id, secret_string=generated.random_password,
            lifecycle=TerraformResourceLifecycle(ignore_changes=["secret_string"]))

    @property
    def arn(self) -> str:
        """Secret ARN (the edge stack reads the value by it)."""
        return self.secret.arn

    @property
    def value(self) -> str:
        """The kept value (sensitive; a reference, never a literal)."""
        return self.version.secret_string
