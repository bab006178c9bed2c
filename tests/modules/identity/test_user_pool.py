"""UserPool: MFA available, advanced security enforced, protected, OAuth code client."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import only


def test_pool_is_lite_tier_and_offers_mfa(identity_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.cognito_user_pool import CognitoUserPool

    pool = only(identity_stack, CognitoUserPool.TF_RESOURCE_TYPE)
    assert pool["mfa_configuration"] == "OPTIONAL"
    assert pool["software_token_mfa_configuration"] == {"enabled": True}
    # LITE: PLUS at $0.02/MAU x 3M MAU = $60,000/month alone (docs/recovery.md).
    assert pool["user_pool_tier"] == "LITE"
    assert "user_pool_add_ons" not in pool
    assert pool["deletion_protection"] == "ACTIVE"
    assert pool["password_policy"]["minimum_length"] == 12


def test_client_uses_authorization_code_grant_only(identity_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.cognito_user_pool_client import CognitoUserPoolClient

    client = only(identity_stack, CognitoUserPoolClient.TF_RESOURCE_TYPE)
    assert client["allowed_oauth_flows"] == ["code"]
    assert client["allowed_oauth_flows_user_pool_client"] is True
    assert client["allowed_oauth_scopes"] == ["openid", "email", "profile"]
    assert client["callback_urls"] == ["https://example.com/auth/callback"]
    assert client["generate_secret"] is True
    assert client["prevent_user_existence_errors"] == "ENABLED"
    assert "client_secret" not in client


@pytest.mark.parametrize(("overrides", "message"), [
    ({"callback_urls": ("http://example.com/cb",)}, "HTTPS"),
    ({"callback_urls": ()}, "must not be empty"),
    ({"domain_prefix": "My_Prefix"}, "domain prefix"),
    ({"advanced_security": "ENFORCED"}, "needs the PLUS tier"),
    ({"tier": "FREE"}, "tier must be"),
    ({"mfa": "OFF"}, "OPTIONAL or ON"),
])
def test_conflicting_pool_props_fail(overrides: dict[str, Any], message: str) -> None:
    from modules.identity.user_pool import UserPoolProps

    base: dict[str, Any] = dict(name="p", domain_prefix="p-auth",
                                callback_urls=("https://e.com/cb",))
    base.update(overrides)
    with pytest.raises(ValueError, match=message):
        UserPoolProps(**base)
