"""ThreatDetection on the real synth: one GuardDuty detector in every serving region."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import only


@pytest.mark.parametrize("stack_name", ["app-us-east-1", "app-eu-west-1"])
def test_each_serving_region_has_an_enabled_detector(
        stacks: dict[str, dict[str, Any]], stack_name: str) -> None:
    stack = stacks[stack_name]
    detector = only(stack, "aws_guardduty_detector")
    assert detector["enable"] is True
    assert detector["finding_publishing_frequency"] == "FIFTEEN_MINUTES"
    # No provider alias: the detector lives in the stack's own region (EU findings stay in EU).
    assert "provider" not in detector
    region = stack_name.removeprefix("app-")
    assert any(p.get("region") == region and "alias" not in p
               for p in stack["provider"]["aws"])


def test_detector_props_reject_unknown_frequency() -> None:
    from modules.operations.threat_detection import ThreatDetectionProps

    with pytest.raises(ValueError, match="publishing_frequency"):
        ThreatDetectionProps(name="x", publishing_frequency="HOURLY")
