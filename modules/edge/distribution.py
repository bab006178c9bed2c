"""The CloudFront distribution.

Origins: the primary region's assets bucket through origin access control, in an origin
group whose fallback (on 5xx/403/404) is that bucket's own replica in its DR region (the
same objects, replicated within 15 minutes), and the latency-routed API name
(``api.<domain>``: Route 53 answers with the nearest healthy region's ALB). API requests
carry each region's origin-verification header; each ALB forwards only with its own.
Each jurisdiction also has its own API origin (its failover pair's name, ``api-<key>.<domain>``)
for ``/api/<key>/*``, sending only that pair's headers: an account's API calls reach its
jurisdiction's regions whatever the viewer's or the edge location's position (geolocation
sees where CloudFront resolves, not where the data lives). ``/static/*`` is cached 24 h and
compressed; the API paths are not cached. HTTPS only
(TLSv1.2_2021), HTTP/2 and HTTP/3, WAF attached. Access logs hold client IPs of EU
users, so they go to a bucket in an EU region (checked here).
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.cloudfront_distribution import (
    CloudfrontDistribution,
    CloudfrontDistributionDefaultCacheBehavior,
    CloudfrontDistributionLoggingConfig,
    CloudfrontDistributionOrderedCacheBehavior,
    CloudfrontDistributionOrigin,
    CloudfrontDistributionOriginCustomHeader,
    CloudfrontDistributionOriginCustomOriginConfig,
    CloudfrontDistributionOriginGroup,
    CloudfrontDistributionOriginGroupFailoverCriteria,
    CloudfrontDistributionOriginGroupMember,
    CloudfrontDistributionRestrictions,
    CloudfrontDistributionRestrictionsGeoRestriction,
    CloudfrontDistributionViewerCertificate,
)
from cdktf_cdktf_provider_aws.cloudfront_origin_access_control import (
    CloudfrontOriginAccessControl,
)
from constructs import Construct

from modules.edge.cache_policies import EdgePolicies, EdgePoliciesProps
from regions.aws_regions import is_eu

#: AWS managed policies (fixed, documented ids).
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
ASSETS_GROUP = "assets"
API_ORIGIN = "api"
READ_METHODS = ["GET", "HEAD", "OPTIONS"]
ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]


@dataclass(frozen=True)
class JurisdictionOrigin:
    """One jurisdiction's API origin: only its failover pair answers its path."""

    key: str
    """Jurisdiction key (``us``/``eu``): origin id ``api-<key>``."""
    domain: str
    """Its failover pair's name (``api-<key>.<domain>``)."""
    path: str
    """The viewer path routed to it (``/api/<key>/*``)."""
    headers: tuple[tuple[str, str], ...]
    """The origin-verification headers of the pair's two ALBs (references, never literals)."""


@dataclass(frozen=True)
class DistributionProps:
    """Inputs of :class:`EdgeDistribution`."""

    name_prefix: str
    """Name prefix of the OAC and policies."""
    aliases: tuple[str, ...]
    """Viewer host names (covered by ``certificate_arn``)."""
    certificate_arn: str
    """Validated ACM certificate in us-east-1."""
    web_acl_arn: str
    """CLOUDFRONT-scope WAFv2 web ACL."""
    assets_bucket_domains: tuple[str, ...]
    """Regional domain names of the primary assets bucket, then of its replica (failover)."""
    api_origin_domain: str
    """Latency-routed API host the ALBs' certificates cover (``api.<domain>``)."""
    log_bucket_domain: str
    """``<bucket>.s3.amazonaws.com`` of the access-log bucket (ACLs enabled)."""
    log_bucket_region: str
    """Region of the log bucket; must be in the EU (logs hold EU users' IPs)."""
    api_origin_headers: tuple[tuple[str, str], ...] = ()
    """(header, value) pairs sent to the API origin: each region's origin-verification
    header; values are references to secrets, never literals."""
    jurisdiction_origins: tuple[JurisdictionOrigin, ...] = ()
    """Per-jurisdiction API origins, matched before ``api_path``."""
    static_path: str = "/static/*"
    """Path cached with the 24 h static policy."""
    api_path: str = "/api/*"
    """Path forwarded, uncached, to the API origin."""
    price_class: str = "PriceClass_100"
    """Edge locations (100: North America and Europe, where the users are)."""

    def __post_init__(self) -> None:
        if not self.aliases:
            raise ValueError("at least one alias is required (custom certificate)")
        if not 1 <= len(self.assets_bucket_domains) <= 2:
            raise ValueError("one or two assets bucket domains (primary, failover)")
        if not is_eu(self.log_bucket_region):
            raise ValueError(f"CloudFront logs hold EU users' IPs: log bucket region "
                             f"{self.log_bucket_region} is not in the EU")
        paths = [self.static_path, self.api_path, *(j.path for j in self.jurisdiction_origins)]
        if len(set(paths)) != len(paths):
            raise ValueError(f"cache behavior paths repeat: {paths}")


class EdgeDistribution(Construct):
    """OAC + policies + distribution."""

    def __init__(self, scope: Construct, id: str, *, props: DistributionProps) -> None:
        super().__init__(scope, id)
        policies = EdgePolicies(self, "policies",
                                props=EdgePoliciesProps(name_prefix=props.name_prefix))
        self.policies = policies
        self.oac = CloudfrontOriginAccessControl(
            self, "oac", name=f"{props.name_prefix}-assets",
            origin_access_control_origin_type="s3", signing_behavior="always",
            signing_protocol="sigv4")
        origins = [CloudfrontDistributionOrigin(
            origin_id=f"assets-{i}", domain_name=domain,
            origin_access_control_id=self.oac.id)
            for i, domain in enumerate(props.assets_bucket_domains)]
        origins.append(self._api_origin(API_ORIGIN, props.api_origin_domain,
                                        props.api_origin_headers))
        for j in props.jurisdiction_origins:
            origins.append(self._api_origin(f"{API_ORIGIN}-{j.key}", j.domain, j.headers))
        groups = []
        assets_target = "assets-0"
        if len(props.assets_bucket_domains) == 2:
            assets_target = ASSETS_GROUP
            groups.append(CloudfrontDistributionOriginGroup(
                origin_id=ASSETS_GROUP,
                failover_criteria=CloudfrontDistributionOriginGroupFailoverCriteria(
                    status_codes=[403, 404, 500, 502, 503, 504]),
                member=[CloudfrontDistributionOriginGroupMember(origin_id="assets-0"),
                        CloudfrontDistributionOriginGroupMember(origin_id="assets-1")]))
        headers = policies.security_headers.id
        self.distribution = CloudfrontDistribution(
            self, "distribution", enabled=True, comment=f"{props.name_prefix} web",
            aliases=list(props.aliases), http_version="http2and3", is_ipv6_enabled=True,
            price_class=props.price_class, default_root_object="index.html",
            web_acl_id=props.web_acl_arn, origin=origins, origin_group=groups or None,
            default_cache_behavior=CloudfrontDistributionDefaultCacheBehavior(
                target_origin_id=assets_target, viewer_protocol_policy="redirect-to-https",
                allowed_methods=READ_METHODS, cached_methods=["GET", "HEAD"],
                cache_policy_id=CACHING_OPTIMIZED, compress=True,
                response_headers_policy_id=headers),
            ordered_cache_behavior=[
                CloudfrontDistributionOrderedCacheBehavior(
                    path_pattern=props.static_path, target_origin_id=assets_target,
                    viewer_protocol_policy="redirect-to-https", allowed_methods=READ_METHODS,
                    cached_methods=["GET", "HEAD"], cache_policy_id=policies.static.id,
                    compress=True, response_headers_policy_id=headers),
                # First match wins: the jurisdictions' paths before the catch-all ``/api/*``.
                *(self._api_behavior(j.path, f"{API_ORIGIN}-{j.key}", headers)
                  for j in props.jurisdiction_origins),
                self._api_behavior(props.api_path, API_ORIGIN, headers),
            ],
            viewer_certificate=CloudfrontDistributionViewerCertificate(
                acm_certificate_arn=props.certificate_arn, ssl_support_method="sni-only",
                minimum_protocol_version="TLSv1.2_2021"),
            restrictions=CloudfrontDistributionRestrictions(
                geo_restriction=CloudfrontDistributionRestrictionsGeoRestriction(
                    restriction_type="none")),
            logging_config=CloudfrontDistributionLoggingConfig(
                bucket=props.log_bucket_domain, prefix="cloudfront/", include_cookies=False),
        )

    @staticmethod
    def _api_origin(origin_id: str, domain: str,
                    headers: tuple[tuple[str, str], ...]) -> CloudfrontDistributionOrigin:
        return CloudfrontDistributionOrigin(
            origin_id=origin_id, domain_name=domain,
            custom_header=[CloudfrontDistributionOriginCustomHeader(name=n, value=v)
                           for n, v in headers] or None,
            custom_origin_config=CloudfrontDistributionOriginCustomOriginConfig(
                http_port=80, https_port=443, origin_protocol_policy="https-only",
                origin_ssl_protocols=["TLSv1.2"], origin_read_timeout=30,
                origin_keepalive_timeout=5))

    @staticmethod
    def _api_behavior(path: str, origin_id: str,
                      headers_policy: str) -> CloudfrontDistributionOrderedCacheBehavior:
        return CloudfrontDistributionOrderedCacheBehavior(
            path_pattern=path, target_origin_id=origin_id, viewer_protocol_policy="https-only",
            allowed_methods=ALL_METHODS, cached_methods=["GET", "HEAD"],
            cache_policy_id=CACHING_DISABLED, origin_request_policy_id=ALL_VIEWER_EXCEPT_HOST,
            compress=True, response_headers_policy_id=headers_policy)

    @property
    def domain_name(self) -> str:
        """The distribution's domain (alias target)."""
        return self.distribution.domain_name

    @property
    def hosted_zone_id(self) -> str:
        """CloudFront's alias zone id."""
        return self.distribution.hosted_zone_id
