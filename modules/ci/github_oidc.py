"""GitHub Actions' OIDC identity provider. It exists once per AWS account, so exactly
one stack creates it (the ``global`` stack); every CI role trusts its ARN."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.iam_openid_connect_provider import IamOpenidConnectProvider
from constructs import Construct

GITHUB_ISSUER = "token.actions.githubusercontent.com"


@dataclass(frozen=True)
class GithubOidcProps:
    """Inputs of :class:`GithubOidcProvider`."""

    audiences: tuple[str, ...] = ("sts.amazonaws.com",)
    """Accepted ``aud`` claims (the AWS credentials action uses sts.amazonaws.com)."""
    thumbprints: tuple[str, ...] = (
        "6938fd4d98bab03faadb97b34396831e3780aea1",
        "1c58a3a8518e8759bf075b76b750d4f2df264fcd",
    )
    """Issuer certificate thumbprints (IAM now trusts GitHub's CA; kept for older APIs)."""

    def __post_init__(self) -> None:
        if not self.audiences:
            raise ValueError("at least one audience is required")
        for t in self.thumbprints:
            if len(t) != 40:
                raise ValueError(f"thumbprint {t!r} is not a SHA-1 hex digest")


class GithubOidcProvider(Construct):
    """The account's GitHub OIDC provider."""

    def __init__(self, scope: Construct, id: str, *, props: GithubOidcProps) -> None:
        super().__init__(scope, id)
        self.provider = IamOpenidConnectProvider(
            self, "provider", url=f"https://{GITHUB_ISSUER}",
            client_id_list=list(props.audiences), thumbprint_list=list(props.thumbprints))

    @property
    def arn(self) -> str:
        """Provider ARN (the federated principal of CI roles)."""
        return self.provider.arn
