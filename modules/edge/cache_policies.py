"""CloudFront policies: the seed's 24 h static-asset cache policy (compressed with
gzip and Brotli) and a security-headers response policy (HSTS, nosniff, DENY framing)."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.cloudfront_cache_policy import (
    CloudfrontCachePolicy,
)
from cdktf_cdktf_provider_aws.cloudfront_cache_policy import (
    CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOrigin as KeyParams,
)
from cdktf_cdktf_provider_aws.cloudfront_cache_policy import (
    CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOriginCookiesConfig as Cookies,
)
from cdktf_cdktf_provider_aws.cloudfront_cache_policy import (
    CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfig as Headers,
)
from cdktf_cdktf_provider_aws.cloudfront_cache_policy import (
    CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOriginQueryStringsConfig as Queries,
)
from cdktf_cdktf_provider_aws.cloudfront_response_headers_policy import (
    CloudfrontResponseHeadersPolicy,
)
from cdktf_cdktf_provider_aws.cloudfront_response_headers_policy import (
    CloudfrontResponseHeadersPolicySecurityHeadersConfig as Security,
)
from cdktf_cdktf_provider_aws.cloudfront_response_headers_policy import (
    CloudfrontResponseHeadersPolicySecurityHeadersConfigContentTypeOptions as NoSniff,
)
from cdktf_cdktf_provider_aws.cloudfront_response_headers_policy import (
    CloudfrontResponseHeadersPolicySecurityHeadersConfigFrameOptions as FrameOptions,
)
from cdktf_cdktf_provider_aws.cloudfront_response_headers_policy import (
    CloudfrontResponseHeadersPolicySecurityHeadersConfigReferrerPolicy as Referrer,
)
from cdktf_cdktf_provider_aws.cloudfront_response_headers_policy import (
    CloudfrontResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurity as Hsts,
)
from constructs import Construct

DAY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class EdgePoliciesProps:
    """Inputs of :class:`EdgePolicies`."""

    name_prefix: str
    """Policy name prefix (policies are account-global)."""
    static_ttl_seconds: int = DAY_SECONDS
    """Default and maximum TTL of static assets (seed: 24 h)."""
    hsts_max_age_seconds: int = 2 * 365 * DAY_SECONDS
    """Strict-Transport-Security max-age (two years, preload-eligible)."""

    def __post_init__(self) -> None:
        if self.static_ttl_seconds <= 0:
            raise ValueError("static_ttl_seconds must be positive")
        if self.hsts_max_age_seconds < 365 * DAY_SECONDS:
            raise ValueError("hsts_max_age_seconds must be at least one year")


class EdgePolicies(Construct):
    """The static cache policy and the security headers policy."""

    def __init__(self, scope: Construct, id: str, *, props: EdgePoliciesProps) -> None:
        super().__init__(scope, id)
        self.static = CloudfrontCachePolicy(
            self, "static", name=f"{props.name_prefix}-static-24h",
            comment="static assets: 24 h, compressed", min_ttl=0,
            default_ttl=props.static_ttl_seconds, max_ttl=props.static_ttl_seconds,
            parameters_in_cache_key_and_forwarded_to_origin=KeyParams(
                enable_accept_encoding_gzip=True, enable_accept_encoding_brotli=True,
                cookies_config=Cookies(cookie_behavior="none"),
                headers_config=Headers(header_behavior="none"),
                query_strings_config=Queries(query_string_behavior="none")),
        )
        self.security_headers = CloudfrontResponseHeadersPolicy(
            self, "security_headers", name=f"{props.name_prefix}-security-headers",
            security_headers_config=Security(
                strict_transport_security=Hsts(
                    access_control_max_age_sec=props.hsts_max_age_seconds,
                    include_subdomains=True, preload=True, override=True),
                content_type_options=NoSniff(override=True),
                frame_options=FrameOptions(frame_option="DENY", override=True),
                referrer_policy=Referrer(referrer_policy="strict-origin-when-cross-origin",
                                         override=True)),
        )
