"""The direct front path of a regional ALB: what lets it serve the site when CloudFront fails.

The edge fails the site names over (Route 53, health-checked) from CloudFront to the
regions' ALBs (:mod:`modules.edge.front_failover`). Here, the regional side: a REGIONAL
WAFv2 web ACL with the edge's rule set, scoped down to requests for the site names (the ones
that did not pass CloudFront's WAF), associated with the ALB, and logging to a KMS-encrypted
log group in the ALB's own region (EU users' IPs stay in the EU), with the credentials in
requests redacted. The ALB's listener forwards the site names
(:class:`modules.loadbalancing.alb.AlbProps` ``direct_hosts``) and its ``alb-direct``
security group admits 443 (:mod:`modules.network.security_groups`).
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.wafv2_web_acl_association import Wafv2WebAclAssociation
from cdktf_cdktf_provider_aws.wafv2_web_acl_logging_configuration import (
    Wafv2WebAclLoggingConfiguration,
    Wafv2WebAclLoggingConfigurationRedactedFields,
    Wafv2WebAclLoggingConfigurationRedactedFieldsSingleHeader,
)
from constructs import Construct

from modules.edge.web_acl import EdgeWebAcl, WebAclProps

#: Request headers never written to the WAF logs.
REDACTED_HEADERS = ("authorization", "cookie")


@dataclass(frozen=True)
class DirectAccessProps:
    """Inputs of :class:`DirectAccess`."""

    name: str
    """Web ACL name (``<name>-direct``) and log group suffix."""
    alb_arn: str
    """The ALB the web ACL protects."""
    site_names: tuple[str, ...]
    """Host names the direct path serves (the CloudFront aliases)."""
    logs_key_arn: str
    """The region's CloudWatch Logs KMS key."""
    log_retention_days: int = 365
    """Retention of the WAF logs."""
    rate_limit_per_5_min: int = 2000
    """Requests per client IP per 5 minutes on the direct path."""

    def __post_init__(self) -> None:
        if not self.site_names:
            raise ValueError("the direct path needs the site names it serves")


class DirectAccess(Construct):
    """Regional web ACL (site names only) + ALB association + in-region, redacted logs."""

    def __init__(self, scope: Construct, id: str, *, props: DirectAccessProps) -> None:
        super().__init__(scope, id)
        self.acl = EdgeWebAcl(self, "waf", props=WebAclProps(
            name=f"{props.name}-direct", scope="REGIONAL", inspect_hosts=props.site_names,
            rate_limit_per_5_min=props.rate_limit_per_5_min))
        Wafv2WebAclAssociation(self, "association", resource_arn=props.alb_arn,
                               web_acl_arn=self.acl.arn)
        # WAF delivers only to log groups named aws-waf-logs-*.
        logs = CloudwatchLogGroup(
            self, "logs", name=f"aws-waf-logs-{props.name}-direct",
            retention_in_days=props.log_retention_days, kms_key_id=props.logs_key_arn)
        Wafv2WebAclLoggingConfiguration(
            self, "logging", resource_arn=self.acl.arn, log_destination_configs=[logs.arn],
            redacted_fields=[Wafv2WebAclLoggingConfigurationRedactedFields(
                single_header=Wafv2WebAclLoggingConfigurationRedactedFieldsSingleHeader(
                    name=h)) for h in REDACTED_HEADERS])
