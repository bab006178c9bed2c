"""AWS provider v6 lets a resource override its provider's region with ``region``: the
model (and so the residency policies) must follow it."""

from __future__ import annotations

import json
from pathlib import Path

from policies.engine import findings
from policies.loaders import load

STACK = {
    "//": {"metadata": {"stackName": "app-eu-west-1"}},
    "provider": {"aws": [{"region": "eu-west-1",
                          "default_tags": [{"tags": {"DataResidency": "eu"}}]}]},
    "resource": {"aws_sqs_queue": {
        "pass_in_provider_region": {"name": "a", "kms_master_key_id": "alias/x"},
        "fail_overridden_to_us": {"name": "b", "kms_master_key_id": "alias/x",
                                  "region": "us-east-1"},
    }},
}


def test_resource_level_region_overrides_the_provider(tmp_path: Path) -> None:
    file = tmp_path / "cdk.tf.json"
    file.write_text(json.dumps(STACK))
    model = load(file)
    regions = {r.address: r.region for r in model.resources()}
    assert regions == {"aws_sqs_queue.pass_in_provider_region": "eu-west-1",
                       "aws_sqs_queue.fail_overridden_to_us": "us-east-1"}
    residency = {(f.policy_id, f.resource) for f in findings(model)
                 if f.policy_id.startswith("HAP_RES")}
    assert residency == {("HAP_RES_001", "aws_sqs_queue.fail_overridden_to_us")}
