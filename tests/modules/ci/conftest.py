"""One synth per session of the GitHub OIDC provider and the CI roles."""

from __future__ import annotations

import json
from typing import Any

import pytest


@pytest.fixture(scope="session")
def ci_stack() -> dict[str, Any]:
    """Provider + plan/apply roles for example-org/ha-platform."""
    from cdktf import Testing

    from modules.ci.ci_roles import CiRoles, CiRolesProps
    from modules.ci.github_oidc import GithubOidcProps, GithubOidcProvider
    from stacks.base import PlatformStack

    stack = PlatformStack(Testing.app(), "ci")
    stack.add_aws_provider("aws", region="us-east-1", tags={"Owner": "t"})
    oidc = GithubOidcProvider(stack, "github_oidc", props=GithubOidcProps())
    CiRoles(stack, "ci", props=CiRolesProps(
        name_prefix="webapp-prod", oidc_provider_arn=oidc.arn,
        repository="example-org/ha-platform",
        state_buckets=(("state-us", "us-east-1"), ("state-eu", "eu-west-1"))))
    return json.loads(Testing.synth(stack))
