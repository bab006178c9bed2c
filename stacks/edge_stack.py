"""The global ``edge`` stack: CloudFront (+ OAC, origin group, policies), WAFv2
(CLOUDFRONT scope), the CloudFront certificate (us-east-1, DNS-validated), the
site's alias records, and the latency-routed API name with per-region health checks.

It runs after the app stacks and reads only what they and the ``global`` stack
export (cdktf cross-stack references: outputs + ``terraform_remote_state``); its own
state is in the us-east-1 bucket. The origin-verification values the API origin sends are
read from each region's secret by ARN (a provider per serving region), so they never
appear in the synthesized JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.data_aws_secretsmanager_secret_version import (
    DataAwsSecretsmanagerSecretVersion,
)
from constructs import Construct

from modules.edge.distribution import DistributionProps, EdgeDistribution, JurisdictionOrigin
from modules.edge.front_failover import FrontFailover, FrontFailoverProps
from modules.edge.geo_failover_routing import (
    FailoverPair,
    GeoFailoverRouting,
    GeoFailoverRoutingProps,
)
from modules.edge.latency_records import LatencyRecords, LatencyRecordsProps, RegionalEndpoint
from modules.edge.site_records import SiteRecords, SiteRecordsProps
from modules.edge.web_acl import EdgeWebAcl, WebAclProps
from modules.loadbalancing.certificate import CertificateProps, DnsValidatedCertificate
from regions import PlatformConfig
from stacks.base import PlatformStack, standard_tags
from stacks.serving import (
    ServingTierOutputs,
    api_host,
    jurisdiction_path,
    pair_host,
    site_names,
)


@dataclass(frozen=True)
class EdgeStackProps:
    """Props of :class:`EdgeStack`: config plus values exported by other stacks."""

    platform: PlatformConfig
    """Domain, naming, edge region."""
    zone_id: str
    """Hosted zone id (``global`` stack)."""
    endpoints: tuple[RegionalEndpoint, ...]
    """Each serving region's ALB (app stacks)."""
    assets_bucket_domains: tuple[str, ...]
    """The primary region's assets bucket, then its replica (the fallback origin), as
    regional domain names (app stacks)."""
    origin_secrets: tuple[ServingTierOutputs, ...]
    """Each serving region's tier: its origin header name and the secret ARN of its value."""
    log_bucket_domain: str
    """``<bucket>.s3.amazonaws.com`` of the CloudFront log bucket (an EU app stack)."""
    log_bucket_region: str
    """Region of that bucket (must be EU: the logs hold EU users' IPs)."""
    state_key: str = "edge/terraform.tfstate"
    """Object key of this stack's state in the edge region's bucket."""
    failover_pairs: tuple[FailoverPair, ...] = ()
    """Each jurisdiction's primary and standby; when every serving region has one, the API
    is geolocation-routed to them instead of latency-routed to ``endpoints``."""
    alarm_topic_arn: str = ""
    """Subscribed alerts topic in the edge region (health-check alarms)."""

    def __post_init__(self) -> None:
        keys = {r.key for r in self.platform.regions}
        if {e.key for e in self.endpoints} != keys:
            raise ValueError("the edge needs exactly one endpoint per serving region")
        if not keys <= {o.key for o in self.origin_secrets}:
            raise ValueError("the edge needs the origin secret of every serving region")
        paired = {e.key for f in self.failover_pairs for e in (f.primary, f.secondary)}
        if not paired <= {o.key for o in self.origin_secrets}:
            raise ValueError("the edge needs the origin secret of every failover endpoint")

    @property
    def geo_routed(self) -> bool:
        """Whether every serving region has a failover pair (then the API is
        geolocation-routed, and each jurisdiction has its own API path)."""
        return {f.key for f in self.failover_pairs} == {r.key for r in self.platform.regions}


class EdgeStack(PlatformStack):
    """Global edge services in us-east-1."""

    def __init__(self, scope: Construct, id: str, *, props: EdgeStackProps) -> None:
        super().__init__(scope, id)
        p = props.platform
        self.use_edge_region(p, state_key=props.state_key)
        name = f"{p.project}-{p.environment}"
        names = site_names(p.domain)
        cert = DnsValidatedCertificate(self, "certificate", props=CertificateProps(
            domain_name=p.domain, subject_alternative_names=names[1:],
            zone_id=props.zone_id))
        header_of = {o.key: (o.origin_header_name, self._origin_value(p, o))
                     for o in props.origin_secrets}
        headers = tuple(header_of.values())
        # Each jurisdiction's own API path goes to its failover pair only, with only that
        # pair's headers: no other region's ALB would accept it.
        jurisdictions = tuple(JurisdictionOrigin(
            key=f.key, domain=pair_host(p.domain, f.key), path=jurisdiction_path(f.key),
            headers=(header_of[f.primary.key], header_of[f.secondary.key]))
            for f in props.failover_pairs) if props.geo_routed else ()
        waf = EdgeWebAcl(self, "waf", props=WebAclProps(name=f"{name}-edge"))
        self.distribution = EdgeDistribution(self, "cdn", props=DistributionProps(
            name_prefix=name, aliases=names, certificate_arn=cert.arn,
            web_acl_arn=waf.arn, assets_bucket_domains=props.assets_bucket_domains,
            api_origin_domain=api_host(p.domain), api_origin_headers=headers,
            jurisdiction_origins=jurisdictions,
            log_bucket_domain=props.log_bucket_domain,
            log_bucket_region=props.log_bucket_region))
        if p.direct_fallback and props.geo_routed:
            # The second front path: the site names fail over to each jurisdiction's pair.
            FrontFailover(self, "site", props=FrontFailoverProps(
                zone_id=props.zone_id, names=names,
                distribution_domain=self.distribution.domain_name,
                distribution_zone_id=self.distribution.hosted_zone_id,
                fallback_name=api_host(p.domain), alarm_topic_arn=props.alarm_topic_arn))
        else:
            SiteRecords(self, "site", props=SiteRecordsProps(
                zone_id=props.zone_id, names=names,
                distribution_domain=self.distribution.domain_name,
                distribution_zone_id=self.distribution.hosted_zone_id))
        if props.geo_routed:
            self.api: LatencyRecords | GeoFailoverRouting = GeoFailoverRouting(
                self, "api", props=GeoFailoverRoutingProps(
                    zone_id=props.zone_id, record_name=api_host(p.domain),
                    pairs=props.failover_pairs, alarm_topic_arn=props.alarm_topic_arn))
        else:
            self.api = LatencyRecords(self, "api", props=LatencyRecordsProps(
                zone_id=props.zone_id, record_name=api_host(p.domain),
                endpoints=props.endpoints))

    def _origin_value(self, p: PlatformConfig, tier: ServingTierOutputs) -> str:
        """The current value of ``tier``'s origin secret, read in its own region."""
        provider = None
        if tier.aws_region != p.edge_region:
            provider = self.add_aws_provider(
                f"aws_{tier.key}", region=tier.aws_region, alias=tier.key, tags=standard_tags(
                    owner=p.owner, environment=p.environment, residency=tier.residency))
        return DataAwsSecretsmanagerSecretVersion(
            self, f"origin_secret_{tier.key}", secret_id=tier.origin_secret_arn,
            provider=provider).secret_string
