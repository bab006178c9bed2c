"""The regional application load balancer.

Internet-facing in the public subnets; its security groups (owned by the network module)
admit only 443: from CloudFront's origin-facing prefix list, from the Route 53 health
checkers, and with the direct front path from anywhere. HTTPS with a TLS 1.3/1.2 policy; the
HTTP listener only redirects to HTTPS (and no group opens port 80 anyway); invalid headers
dropped; desync mitigation strictest; deletion protection; access logs; cross-zone.
``/api/*`` goes to the service only with the origin-verification header our CloudFront
distribution sends (:mod:`modules.loadbalancing.origin_secret`); the health path alone goes
without it (Route 53 health checkers cannot send headers, and it reveals nothing); anything
else gets a fixed 404. With ``direct_hosts`` (the direct front path when CloudFront fails),
requests for the site names are forwarded without the header: they come from the internet
through the regional WAF (:mod:`modules.loadbalancing.direct_access`). Another
jurisdiction's API paths (``/api/<key>/*`` of the other failover pairs) are fenced off with
a fixed 421 before the API and direct rules: a request meant for EU data never reaches a US
service, even when the origin header matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_aws.lb import Lb, LbAccessLogs
from cdktf_cdktf_provider_aws.lb_listener import (
    LbListener,
    LbListenerDefaultAction,
    LbListenerDefaultActionFixedResponse,
    LbListenerDefaultActionRedirect,
)
from cdktf_cdktf_provider_aws.lb_listener_rule import (
    LbListenerRule,
    LbListenerRuleAction,
    LbListenerRuleActionFixedResponse,
    LbListenerRuleCondition,
    LbListenerRuleConditionHostHeader,
    LbListenerRuleConditionHttpHeader,
    LbListenerRuleConditionPathPattern,
)
from cdktf_cdktf_provider_aws.lb_target_group import LbTargetGroup, LbTargetGroupHealthCheck
from constructs import Construct

TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
_ALB_NAME_MAX = 32 - len("-api")  # target group name = "<name>-api"


@dataclass(frozen=True)
class AlbProps:
    """Inputs of :class:`ApplicationLoadBalancer`."""

    name: str
    """ALB name (<= 28 characters; the target group appends ``-api``)."""
    vpc_id: str
    """VPC of the target group."""
    public_subnet_ids: tuple[str, ...]
    """Public subnets, one per AZ (at least 3)."""
    security_group_ids: tuple[str, ...]
    """The ALB security groups (443 from CloudFront's origin-facing prefix list; 443 from the
    Route 53 health checkers: separate groups to stay within the rules-per-group quota)."""
    certificate_arn: str
    """Validated ACM certificate for the HTTPS listener."""
    access_log_bucket: str
    """Bucket name receiving access logs (SSE-S3; ELB log delivery allowed by its policy)."""
    target_port: int
    """Port of the application containers."""
    origin_header_name: str
    """Header CloudFront adds to API requests (``x-origin-verify-<region>``)."""
    origin_header_value: str
    """Its secret value: a reference to :class:`OriginSecret`, never a literal."""
    health_check_path: str = "/healthz"
    """Target group health check path (from ``regions`` service sizing)."""
    api_path_patterns: tuple[str, ...] = ("/api/*",)
    """Paths forwarded to the service when the origin header matches."""
    fenced_path_patterns: tuple[str, ...] = ()
    """Paths answered with a fixed 421 (Misdirected Request) before the API rule: the other
    jurisdictions' API paths (``/api/<key>/*``)."""
    direct_hosts: tuple[str, ...] = ()
    """Site names forwarded without the origin header (the direct front path)."""
    health_check_interval_seconds: int = 30
    """Target health check interval (seed: 30 s)."""
    access_log_prefix: str = "alb"
    """Key prefix of the access logs."""
    access_log_grant: ITerraformDependable | None = None
    """The log bucket's policy granting ELB delivery: the ALB is created after it (ELB
    checks it can write there when access logs are enabled)."""
    deletion_protection: bool = True
    """Refuse deletion through the API (turn off only to tear down)."""
    idle_timeout_seconds: int = 60
    """Connection idle timeout."""
    deregistration_delay_seconds: int = 30
    """Draining time of deregistered targets."""

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > _ALB_NAME_MAX:
            raise ValueError(f"ALB name must be 1..{_ALB_NAME_MAX} characters: {self.name!r}")
        if len(self.public_subnet_ids) < 3:
            raise ValueError("the ALB needs at least 3 public subnets (3 AZs)")
        if not self.health_check_path.startswith("/"):
            raise ValueError("health_check_path must start with /")
        if not 5 <= self.health_check_interval_seconds <= 300:
            raise ValueError("health_check_interval_seconds must be 5..300")
        if not self.api_path_patterns:
            raise ValueError("api_path_patterns must not be empty")
        if len(self.api_path_patterns) > 4:
            raise ValueError("the API rule takes at most 4 path patterns (5 condition values "
                             "per rule, one is the origin header)")
        if len(self.direct_hosts) > 5:
            raise ValueError("the direct rule takes at most 5 host names")
        if len(self.fenced_path_patterns) > 5:
            raise ValueError("the fence rule takes at most 5 path patterns")
        if set(self.fenced_path_patterns) & set(self.api_path_patterns):
            raise ValueError("a path cannot be both forwarded and fenced off")
        if not self.origin_header_name.lower().startswith("x-"):
            raise ValueError("origin_header_name must be a custom x- header")


class ApplicationLoadBalancer(Construct):
    """ALB, target group, HTTPS and redirect-only HTTP listeners, ``/api/*`` rule."""

    def __init__(self, scope: Construct, id: str, *, props: AlbProps) -> None:
        super().__init__(scope, id)
        self.alb = Lb(
            self, "alb", name=props.name, load_balancer_type="application", internal=False,
            subnets=list(props.public_subnet_ids), security_groups=list(props.security_group_ids),
            drop_invalid_header_fields=True, enable_deletion_protection=props.deletion_protection,
            enable_cross_zone_load_balancing=True, desync_mitigation_mode="strictest",
            enable_http2=True, idle_timeout=props.idle_timeout_seconds,
            access_logs=LbAccessLogs(bucket=props.access_log_bucket,
                                     prefix=props.access_log_prefix, enabled=True),
            depends_on=[props.access_log_grant] if props.access_log_grant else None,
        )
        self.target_group = LbTargetGroup(
            self, "api", name=f"{props.name}-api", port=props.target_port, protocol="HTTP",
            target_type="ip", vpc_id=props.vpc_id,
            deregistration_delay=str(props.deregistration_delay_seconds),
            health_check=LbTargetGroupHealthCheck(
                enabled=True, path=props.health_check_path, protocol="HTTP", matcher="200",
                interval=props.health_check_interval_seconds, timeout=5,
                healthy_threshold=2, unhealthy_threshold=3),
        )
        self.https = LbListener(
            self, "https", load_balancer_arn=self.alb.arn, port=443, protocol="HTTPS",
            ssl_policy=TLS_POLICY, certificate_arn=props.certificate_arn,
            default_action=[LbListenerDefaultAction(
                type="fixed-response", fixed_response=LbListenerDefaultActionFixedResponse(
                    content_type="text/plain", message_body="not found", status_code="404"))],
        )
        self.http = LbListener(
            self, "http", load_balancer_arn=self.alb.arn, port=80, protocol="HTTP",
            default_action=[LbListenerDefaultAction(
                type="redirect", redirect=LbListenerDefaultActionRedirect(
                    port="443", protocol="HTTPS", status_code="HTTP_301"))],
        )
        forward = [LbListenerRuleAction(type="forward", target_group_arn=self.target_group.arn)]
        self.health_rule = LbListenerRule(
            self, "health_rule", listener_arn=self.https.arn, priority=10, action=forward,
            condition=[LbListenerRuleCondition(path_pattern=LbListenerRuleConditionPathPattern(
                values=[props.health_check_path]))],
        )
        self.fence_rule = LbListenerRule(
            self, "fence_rule", listener_arn=self.https.arn, priority=15,
            action=[LbListenerRuleAction(
                type="fixed-response", fixed_response=LbListenerRuleActionFixedResponse(
                    content_type="text/plain", message_body="misdirected request",
                    status_code="421"))],
            condition=[LbListenerRuleCondition(path_pattern=LbListenerRuleConditionPathPattern(
                values=list(props.fenced_path_patterns)))],
        ) if props.fenced_path_patterns else None
        self.api_rule = LbListenerRule(
            self, "api_rule", listener_arn=self.https.arn, priority=20, action=forward,
            condition=[
                LbListenerRuleCondition(path_pattern=LbListenerRuleConditionPathPattern(
                    values=list(props.api_path_patterns))),
                LbListenerRuleCondition(http_header=LbListenerRuleConditionHttpHeader(
                    http_header_name=props.origin_header_name,
                    values=[props.origin_header_value])),
            ],
        )

        self.direct_rule = LbListenerRule(
            self, "direct_rule", listener_arn=self.https.arn, priority=30, action=forward,
            condition=[LbListenerRuleCondition(host_header=LbListenerRuleConditionHostHeader(
                values=list(props.direct_hosts)))],
        ) if props.direct_hosts else None

    @property
    def dns_name(self) -> str:
        """The ALB's DNS name (origin / alias target)."""
        return self.alb.dns_name

    @property
    def zone_id(self) -> str:
        """The ALB's canonical hosted zone id (alias records)."""
        return self.alb.zone_id
