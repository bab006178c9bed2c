"""The region's alerts SNS topic, KMS-encrypted, with optional e-mail subscriptions."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription
from constructs import Construct


@dataclass(frozen=True)
class AlertsTopicProps:
    """Inputs of :class:`AlertsTopic`."""

    name: str
    """Topic name, unique in the region."""
    kms_key_arn: str
    """Region KMS key; its policy must let cloudwatch.amazonaws.com use it."""
    email_endpoints: tuple[str, ...] = ()
    """On-call addresses subscribed by e-mail (confirmed out of band)."""

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > 256:
            raise ValueError("topic name must be 1..256 characters")
        for address in self.email_endpoints:
            if "@" not in address:
                raise ValueError(f"not an e-mail address: {address!r}")


class AlertsTopic(Construct):
    """SNS topic receiving every alarm of the region."""

    def __init__(self, scope: Construct, id: str, *, props: AlertsTopicProps) -> None:
        super().__init__(scope, id)
        self.topic = SnsTopic(self, "topic", name=props.name,
                              kms_master_key_id=props.kms_key_arn)
        for i, address in enumerate(props.email_endpoints):
            SnsTopicSubscription(self, f"email_{i}", topic_arn=self.topic.arn,
                                 protocol="email", endpoint=address)

    @property
    def arn(self) -> str:
        """Topic ARN (alarm actions)."""
        return self.topic.arn
