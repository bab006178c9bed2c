"""Real ``terraform show -json`` plans of foreign code (issue 9): a server-side-encryption
configuration written with ``dynamic "rule"`` is judged on what the plan says, never as a
false "sse_algorithm is None".

The fixtures are plans written by Terraform 1.11 with hashicorp/aws 5.100.0 from the
``*.tf.txt`` files beside them (``terraform plan -out`` + ``terraform show -json``).
"""

from __future__ import annotations

from pathlib import Path

from policies.catalog import get
from policies.engine import evaluate
from policies.findings import Outcome
from policies.loaders import load

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "foreign" / "plan_dynamic_rule"


def _enc_003(plan: Path) -> list[tuple[str, Outcome, str]]:
    results = evaluate(load(plan), policies=(get("HAP_ENC_003"),))
    return [(r.resource, r.outcome, r.message) for r in results]


def test_dynamic_rule_with_a_known_for_each_passes_on_its_planned_algorithm() -> None:
    # GIVEN dynamic "rule" over a variable whose one item says aws:kms (key ARN unknown)
    [(address, outcome, message)] = _enc_003(FIX / "known.json")
    # THEN the bucket passes: the plan carries sse_algorithm = "aws:kms"
    assert (address, outcome) == ("aws_s3_bucket.data", Outcome.PASSED), message


def test_nested_dynamic_with_an_unknown_for_each_is_unknown_not_none() -> None:
    # GIVEN a nested dynamic "apply_server_side_encryption_by_default" whose for_each
    # depends on a key created in the same plan (Terraform: the whole block is unknown)
    [(address, outcome, message)] = _enc_003(FIX / "unknown_nested.json")
    # THEN the verdict is unknown (fails closed), never "sse_algorithm is None"
    assert (address, outcome) == ("aws_s3_bucket.data", Outcome.UNKNOWN)
    assert "None" not in message
