"""The ``global`` stack: account-wide, region-less things every other stack needs first.

It holds the public hosted zone (app stacks validate their ALB certificates in it; the
edge stack adds CloudFront and latency records) and the CI identity (the account's one
GitHub OIDC provider and the plan/apply roles). Applied right after the state stacks,
before the app stacks: CI roles exist before CI plans anything, and no cycle arises
between ALB certificates (app) and ALB DNS names (edge).
"""

from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from modules.ci.ci_roles import CiRoles, CiRolesProps
from modules.ci.github_oidc import GithubOidcProps, GithubOidcProvider
from modules.edge.hosted_zone import HostedZone, HostedZoneProps
from regions import PlatformConfig
from stacks.base import PlatformStack


@dataclass(frozen=True)
class GlobalStackProps:
    """Props of :class:`GlobalStack`."""

    platform: PlatformConfig
    """Domain, repository, state buckets."""
    state_key: str = "global/terraform.tfstate"
    """Object key of this stack's state in the edge region's state bucket."""



class GlobalStack(PlatformStack):
    """Hosted zone + GitHub OIDC provider + CI roles (us-east-1 provider and state)."""

    def __init__(self, scope: Construct, id: str, *, props: GlobalStackProps) -> None:
        super().__init__(scope, id)
        p = props.platform
        self.use_edge_region(p, state_key=props.state_key)
        self.zone = HostedZone(self, "dns", props=HostedZoneProps(
            domain=p.domain, existing_zone_id=p.dns.zone_id, delegated=p.dns.delegated))
        oidc = GithubOidcProvider(self, "github_oidc", props=GithubOidcProps())
        self.ci = CiRoles(self, "ci", props=CiRolesProps(
            name_prefix=f"{p.project}-{p.environment}", oidc_provider_arn=oidc.arn,
            repository=p.github_repository,
            state_buckets=tuple((r.state_bucket, r.region) for r in p.regions)))

    @property
    def zone_id(self) -> str:
        """Hosted zone id (a cross-stack reference when used elsewhere)."""
        return self.zone.zone_id
