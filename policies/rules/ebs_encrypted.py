"""EBS volumes, launch-template, launch-configuration and instance block devices are encrypted."""

from __future__ import annotations

from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import ENC, Rule, Verdict, failed, passed, require_true, unknown
from policies.rules._context import Context
from policies.rules._support import blocks, is_true


class EbsEncrypted(Rule):
    """``encrypted`` is true on volumes and on every block device of launch templates,
    launch configurations and instances."""

    id = "HAP_ENC_004"
    name = "Ensure EBS volumes and block devices are encrypted"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = ENC
    explanation = (
        "The seed requires data encrypted at rest (GDPR, PCI DSS)."
    )

    resource_types = ("aws_ebs_volume", "aws_launch_template", "aws_instance",
                      "aws_launch_configuration")

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        if r.type == "aws_ebs_volume":
            return require_true(r, r.values.get("encrypted"), "encrypted")
        devices: list[Any] = []
        for m in blocks(r.values, "block_device_mappings"):
            devices += blocks(m, "ebs")
        devices += blocks(r.values, "root_block_device")
        devices += blocks(r.values, "ebs_block_device")
        flags = [d.get("encrypted") if isinstance(d, dict) else d for d in devices]
        if not flags:
            # A launch template without block devices takes the AMI's: not a subject.
            return failed(r, "root_block_device does not set encrypted") \
                if r.type != "aws_launch_template" else None
        unresolved = next((f for f in flags if isinstance(f, Unknown)), None)
        if unresolved is not None:
            return unknown(r, "a block device's encrypted cannot be resolved", unresolved)
        if all(is_true(f) for f in flags):
            return passed(r, "every block device is encrypted")
        return failed(r, "a block device is not encrypted")
