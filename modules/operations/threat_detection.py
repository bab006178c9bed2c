"""GuardDuty in one region: a detector publishing findings every 15 minutes.

GuardDuty is regional; each serving region enables its own detector, so EU findings are
produced and kept in the EU region (issue 11, point 4).
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.guardduty_detector import GuarddutyDetector
from constructs import Construct

_FREQUENCIES = ("FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS")


@dataclass(frozen=True)
class ThreatDetectionProps:
    """Inputs of :class:`ThreatDetection`."""

    name: str
    """Name tag of the detector, e.g. ``webapp-prod-eu``."""
    publishing_frequency: str = "FIFTEEN_MINUTES"
    """How often updated findings are exported (one of FIFTEEN_MINUTES/ONE_HOUR/SIX_HOURS)."""

    def __post_init__(self) -> None:
        if self.publishing_frequency not in _FREQUENCIES:
            raise ValueError(f"publishing_frequency must be one of {', '.join(_FREQUENCIES)}")


class ThreatDetection(Construct):
    """The region's GuardDuty detector."""

    def __init__(self, scope: Construct, id: str, *, props: ThreatDetectionProps) -> None:
        super().__init__(scope, id)
        self.detector = GuarddutyDetector(
            self, "detector", enable=True,
            finding_publishing_frequency=props.publishing_frequency,
            tags={"Name": f"{props.name}-guardduty"})
