"""Issue 10 (edge plan): the edge stack's CloudFront certificate (apex + ``www`` SAN) and its
DNS validation records plan with the real Terraform and the real hashicorp/aws 5.100.0 plugin.

A targeted plan: the certificate, its validation records and the waiter are copied verbatim
from the session synth's ``edge`` stack into a working folder whose only other content is a
provider that needs no account (nothing in this plan calls AWS). The zone id, a cross-stack
reference there, becomes a literal. Before the fix Terraform refused the plan with
"Invalid for_each" (for_each over the computed ``domain_validation_options``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from rehearsal.run import cli_config, plugin_mirror

PROVIDER = {
    "region": "us-east-1", "access_key": "rehearsal", "secret_key": "rehearsal",
    "skip_credentials_validation": True, "skip_requesting_account_id": True,
    "skip_metadata_api_check": True, "skip_region_validation": True,
}


def _certificate_config(edge: dict[str, Any]) -> dict[str, Any]:
    res = edge["resource"]
    records = {k: v for k, v in res["aws_route53_record"].items()
               if k.startswith("certificate_")}
    for record in records.values():
        record["zone_id"] = "Z0123456789ABC"
    return {
        "terraform": {"required_providers": edge["terraform"]["required_providers"]},
        "provider": {"aws": [PROVIDER]},
        "resource": {
            "aws_acm_certificate": res["aws_acm_certificate"],
            "aws_acm_certificate_validation": res["aws_acm_certificate_validation"],
            "aws_route53_record": records,
        },
    }


@pytest.mark.skipif(shutil.which("terraform") is None, reason="needs the terraform CLI")
def test_edge_certificate_validation_plans(synth_dir: Path, tmp_path: Path) -> None:
    edge = json.loads((synth_dir / "stacks/edge/cdk.tf.json").read_text())
    cert = next(iter(edge["resource"]["aws_acm_certificate"].values()))
    assert cert["subject_alternative_names"] == ["www.example-webapp.com"]
    (tmp_path / "main.tf.json").write_text(json.dumps(_certificate_config(edge)))
    env = {**os.environ, "TF_CLI_CONFIG_FILE": str(cli_config(tmp_path, plugin_mirror())),
           "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}

    def tf(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["terraform", f"-chdir={tmp_path}", *args, "-no-color"],
                              capture_output=True, text=True, env=env, timeout=300)

    assert tf("init", "-input=false", "-backend=false").returncode == 0
    plan = tf("plan", "-input=false", "-out=plan.bin")
    assert plan.returncode == 0, plan.stderr
    shown = subprocess.run(["terraform", f"-chdir={tmp_path}", "show", "-json", "plan.bin"],
                           capture_output=True, text=True, env=env, check=True)
    created = sorted(c["address"] for c in json.loads(shown.stdout)["resource_changes"]
                     if c["change"]["actions"] == ["create"])
    # One validation record per name on the certificate, keyed by that name.
    assert created == [
        "aws_acm_certificate.certificate_certificate",
        "aws_acm_certificate_validation.certificate_validated",
        'aws_route53_record.certificate_validation["example-webapp.com"]',
        'aws_route53_record.certificate_validation["www.example-webapp.com"]',
    ]
