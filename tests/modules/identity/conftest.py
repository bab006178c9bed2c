"""One synth per session of the Cognito user pool construct."""

from __future__ import annotations

import json
from typing import Any

import pytest


@pytest.fixture(scope="session")
def identity_stack() -> dict[str, Any]:
    """An EU user pool in eu-west-1."""
    from cdktf import Testing

    from modules.identity.user_pool import UserPool, UserPoolProps
    from stacks.base import PlatformStack

    stack = PlatformStack(Testing.app(), "identity")
    stack.add_aws_provider("aws", region="eu-west-1", tags={"Owner": "t"})
    UserPool(stack, "identity", props=UserPoolProps(
        name="webapp-prod-eu-users", domain_prefix="webapp-prod-eu-auth",
        callback_urls=("https://example.com/auth/callback",)))
    return json.loads(Testing.synth(stack))
