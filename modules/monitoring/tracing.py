"""X-Ray for the region: a sampling rule for the service, a group (with Insights)
filtering its traces, and KMS encryption of trace data."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.xray_encryption_config import XrayEncryptionConfig
from cdktf_cdktf_provider_aws.xray_group import XrayGroup, XrayGroupInsightsConfiguration
from cdktf_cdktf_provider_aws.xray_sampling_rule import XraySamplingRule
from constructs import Construct


@dataclass(frozen=True)
class TracingProps:
    """Inputs of :class:`Tracing`."""

    service_name: str
    """X-Ray service name the application reports (<= 32 characters: also the rule name)."""
    kms_key_arn: str
    """Region KMS key encrypting trace data."""
    fixed_rate: float = 0.05
    """Share of requests traced beyond the reservoir."""
    reservoir_per_second: int = 5
    """Requests per second always traced."""
    priority: int = 100
    """Rule priority (lower wins; the default rule is 10000)."""

    def __post_init__(self) -> None:
        if not self.service_name or len(self.service_name) > 32:
            raise ValueError("service_name must be 1..32 characters (X-Ray rule name limit)")
        if not 0.0 <= self.fixed_rate <= 1.0:
            raise ValueError("fixed_rate must be within 0..1")
        if self.reservoir_per_second < 0:
            raise ValueError("reservoir_per_second must not be negative")
        if not 1 <= self.priority <= 9999:
            raise ValueError("priority must be 1..9999")


class Tracing(Construct):
    """Sampling rule + group + encryption config."""

    def __init__(self, scope: Construct, id: str, *, props: TracingProps) -> None:
        super().__init__(scope, id)
        self.sampling_rule = XraySamplingRule(
            self, "sampling", rule_name=props.service_name, priority=props.priority,
            fixed_rate=props.fixed_rate, reservoir_size=props.reservoir_per_second,
            service_name=props.service_name, service_type="*", host="*", http_method="*",
            url_path="*", resource_arn="*", version=1,
        )
        self.group = XrayGroup(
            self, "group", group_name=props.service_name,
            filter_expression=f'service("{props.service_name}")',
            insights_configuration=XrayGroupInsightsConfiguration(
                insights_enabled=True, notifications_enabled=True),
        )
        self.encryption = XrayEncryptionConfig(self, "encryption", type="KMS",
                                               key_id=props.kms_key_arn)
