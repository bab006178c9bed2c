"""A Cognito user pool per serving region (EU identities stay in the EU) with optional
TOTP MFA, deletion protection, a hosted-UI domain, and an OAuth 2.0 authorization-code
app client issuing JWTs for the web app.

Feature plan: LITE by default (docs/recovery.md, "Cognito feature plan"): at 1M daily users
the PLUS plan's per-MAU price alone can exceed the $50,000/month budget. Threat protection
(``advanced_security``) exists only on PLUS and is refused on the other plans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from cdktf_cdktf_provider_aws.cognito_user_pool import (
    CognitoUserPool,
    CognitoUserPoolAccountRecoverySetting,
    CognitoUserPoolAccountRecoverySettingRecoveryMechanism,
    CognitoUserPoolAdminCreateUserConfig,
    CognitoUserPoolPasswordPolicy,
    CognitoUserPoolSoftwareTokenMfaConfiguration,
    CognitoUserPoolUserPoolAddOns,
)
from cdktf_cdktf_provider_aws.cognito_user_pool_client import (
    CognitoUserPoolClient,
    CognitoUserPoolClientTokenValidityUnits,
)
from cdktf_cdktf_provider_aws.cognito_user_pool_domain import CognitoUserPoolDomain
from constructs import Construct

_DOMAIN_PREFIX = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


@dataclass(frozen=True)
class UserPoolProps:
    """Inputs of :class:`UserPool`."""

    name: str
    """User pool name, e.g. ``webapp-prod-eu-users``."""
    domain_prefix: str
    """Hosted UI prefix (``<prefix>.auth.<region>.amazoncognito.com``), globally unique."""
    callback_urls: tuple[str, ...]
    """HTTPS URLs the authorization code is returned to."""
    logout_urls: tuple[str, ...] = ()
    """HTTPS URLs allowed after sign-out."""
    mfa: Literal["OPTIONAL", "ON"] = "OPTIONAL"
    """MFA (TOTP): available to every user (OPTIONAL) or required (ON)."""
    tier: Literal["LITE", "ESSENTIALS", "PLUS"] = "LITE"
    """Cognito feature plan (billed per monthly active user; see docs/recovery.md)."""
    advanced_security: Literal["OFF", "ENFORCED", "AUDIT"] = "OFF"
    """Threat protection (compromised credentials, adaptive authentication): PLUS only."""
    deletion_protection: bool = True
    """Refuse deleting the pool (it holds every identity of the region)."""
    password_min_length: int = 12
    """Minimum password length."""
    access_token_minutes: int = 60
    """Access/ID token (JWT) lifetime."""
    refresh_token_days: int = 30
    """Refresh token lifetime."""

    def __post_init__(self) -> None:
        if not _DOMAIN_PREFIX.match(self.domain_prefix) or "aws" in self.domain_prefix:
            raise ValueError(f"invalid Cognito domain prefix {self.domain_prefix!r}")
        if not self.callback_urls:
            raise ValueError("callback_urls must not be empty for the authorization code grant")
        for url in self.callback_urls + self.logout_urls:
            if not url.startswith("https://"):
                raise ValueError(f"OAuth URLs must use HTTPS: {url}")
        if self.mfa not in ("OPTIONAL", "ON"):
            raise ValueError("mfa must be OPTIONAL or ON")
        if self.tier not in ("LITE", "ESSENTIALS", "PLUS"):
            raise ValueError("tier must be LITE, ESSENTIALS or PLUS")
        if self.advanced_security not in ("OFF", "ENFORCED", "AUDIT"):
            raise ValueError("advanced_security must be OFF, ENFORCED or AUDIT")
        if self.advanced_security != "OFF" and self.tier != "PLUS":
            raise ValueError("advanced_security (threat protection) needs the PLUS tier")
        if self.password_min_length < 8:
            raise ValueError("password_min_length must be at least 8")
        if not 5 <= self.access_token_minutes <= 1440:
            raise ValueError("access_token_minutes must be 5..1440")


class UserPool(Construct):
    """User pool, hosted UI domain and web app client."""

    def __init__(self, scope: Construct, id: str, *, props: UserPoolProps) -> None:
        super().__init__(scope, id)
        self.pool = CognitoUserPool(
            self, "pool", name=props.name, user_pool_tier=props.tier,
            deletion_protection="ACTIVE" if props.deletion_protection else "INACTIVE",
            username_attributes=["email"], auto_verified_attributes=["email"],
            mfa_configuration=props.mfa,
            software_token_mfa_configuration=CognitoUserPoolSoftwareTokenMfaConfiguration(
                enabled=True),
            user_pool_add_ons=CognitoUserPoolUserPoolAddOns(
                advanced_security_mode=props.advanced_security)
            if props.advanced_security != "OFF" else None,
            password_policy=CognitoUserPoolPasswordPolicy(
                minimum_length=props.password_min_length, require_lowercase=True,
                require_numbers=True, require_symbols=True, require_uppercase=True,
                temporary_password_validity_days=3, password_history_size=5),
            admin_create_user_config=CognitoUserPoolAdminCreateUserConfig(
                allow_admin_create_user_only=False),
            account_recovery_setting=CognitoUserPoolAccountRecoverySetting(
                recovery_mechanism=[CognitoUserPoolAccountRecoverySettingRecoveryMechanism(
                    name="verified_email", priority=1)]),
        )
        self.domain = CognitoUserPoolDomain(
            self, "domain", domain=props.domain_prefix, user_pool_id=self.pool.id)
        self.client = CognitoUserPoolClient(
            self, "web_client", name=f"{props.name}-web", user_pool_id=self.pool.id,
            generate_secret=True, allowed_oauth_flows_user_pool_client=True,
            allowed_oauth_flows=["code"], allowed_oauth_scopes=["openid", "email", "profile"],
            supported_identity_providers=["COGNITO"],
            callback_urls=list(props.callback_urls),
            logout_urls=list(props.logout_urls) or None,
            explicit_auth_flows=["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
            prevent_user_existence_errors="ENABLED", enable_token_revocation=True,
            access_token_validity=props.access_token_minutes,
            id_token_validity=props.access_token_minutes,
            refresh_token_validity=props.refresh_token_days,
            token_validity_units=[CognitoUserPoolClientTokenValidityUnits(
                access_token="minutes", id_token="minutes", refresh_token="days")],
        )

    @property
    def pool_id(self) -> str:
        """User pool id."""
        return self.pool.id

    @property
    def client_id(self) -> str:
        """App client id (public; the secret stays in state only)."""
        return self.client.id
