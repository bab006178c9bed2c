"""The emulator layer: an override file per stack that points the AWS provider and the S3
backend at a moto server on loopback. It is added to a *copy* of the synth output; the
synthesized files and the gate never see it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: Every AWS API our stacks call, by the provider's ``endpoints`` argument name.
SERVICES: tuple[str, ...] = (
    "acm", "applicationautoscaling", "backup", "cloudfront", "cloudtrail", "cloudwatch",
    "cloudwatchlogs", "cognitoidp", "ec2", "ecr", "ecs", "elasticache", "elbv2", "fis",
    "guardduty", "iam", "kms", "lambda", "rds", "route53", "s3", "secretsmanager", "sns", "sqs",
    "ssm", "sts", "wafv2", "xray",
)
OVERRIDE_FILE = "zz_rehearsal_override.tf.json"
CREDENTIALS = {"access_key": "rehearsal", "secret_key": "rehearsal"}


def provider_settings(endpoint: str) -> dict[str, Any]:
    """Provider arguments that send every call to the emulator."""
    return {
        **CREDENTIALS,
        "skip_credentials_validation": True,
        "skip_requesting_account_id": True,
        "skip_metadata_api_check": True,
        "skip_region_validation": True,
        "s3_use_path_style": True,
        "max_retries": 2,
        "endpoints": [{service: endpoint for service in SERVICES}],
    }


def backend_settings(original: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """The stack's S3 backend, pointed at the emulator (same bucket, key and region)."""
    return {
        **original,
        **CREDENTIALS,
        "endpoints": {"s3": endpoint, "sts": endpoint, "iam": endpoint},
        "use_path_style": True,
        "skip_credentials_validation": True,
        "skip_requesting_account_id": True,
        "skip_metadata_api_check": True,
        "skip_region_validation": True,
    }


def remote_state_settings(config: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """A ``terraform_remote_state`` config that reads through the emulator."""
    return backend_settings(config, endpoint)


def write_override(stack_dir: Path, endpoint: str) -> Path:
    """Write the emulator override next to ``cdk.tf.json`` in a copied stack folder."""
    doc = json.loads((stack_dir / "cdk.tf.json").read_text(encoding="utf-8"))
    override: dict[str, Any] = {"provider": {"aws": []}}
    for block in doc.get("provider", {}).get("aws", []):
        entry = provider_settings(endpoint)
        if "alias" in block:
            entry["alias"] = block["alias"]
        override["provider"]["aws"].append(entry)
    backend = doc.get("terraform", {}).get("backend", {})
    if "s3" in backend:
        override["terraform"] = {"backend": {"s3": backend_settings(backend["s3"], endpoint)}}
    remote = doc.get("data", {}).get("terraform_remote_state", {})
    if remote:
        override["data"] = {"terraform_remote_state": {
            name: {"config": remote_state_settings(block["config"], endpoint)}
            for name, block in remote.items()}}
    path = stack_dir / OVERRIDE_FILE
    path.write_text(json.dumps(override, indent=2, sort_keys=True), encoding="utf-8")
    return path
