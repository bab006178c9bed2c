"""SNS topics use a KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from policies.rules._base import Rule, Verdict, require_set
from policies.rules._context import Context


class SnsTopicEncrypted(Rule):
    """``kms_master_key_id`` is set on every ``aws_sns_topic``."""

    def rule(self, ctx: Context) -> Iterator[Verdict]:
        for r in ctx.of_type("aws_sns_topic"):
            yield require_set(r, r.values.get("kms_master_key_id"), "kms_master_key_id")
