"""SQS queues encrypt messages at rest."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import ENC, Rule, Verdict, failed, require_set, require_true
from policies.rules._context import Context


class SqsQueueEncrypted(Rule):
    """``kms_master_key_id`` is set, or ``sqs_managed_sse_enabled`` is true."""

    id = "HAP_ENC_006"
    name = "Ensure SQS queues encrypt messages at rest"
    severity = Severity.MEDIUM
    enforcement = Enforcement.HARD_MANDATORY
    category = ENC
    explanation = (
        "The seed requires data encrypted at rest (GDPR, PCI DSS)."
    )

    resource_types = ("aws_sqs_queue",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        if r.values.get("kms_master_key_id") is not None:
            yield require_set(r, r.values.get("kms_master_key_id"), "kms_master_key_id")
        elif r.values.get("sqs_managed_sse_enabled") is not None:
            yield require_true(r, r.values.get("sqs_managed_sse_enabled"),
                               "sqs_managed_sse_enabled")
        else:
            yield failed(r, "neither kms_master_key_id nor sqs_managed_sse_enabled is set")
