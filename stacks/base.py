"""The stack base class: readable, stable Terraform addresses and the shared wiring
every stack needs (AWS providers with default tags, state backend)."""

from __future__ import annotations

import re
from typing import Any

import jsii
from cdktf import LocalBackend, S3Backend, TerraformElement, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider, AwsProviderDefaultTags
from constructs import Construct, Node

from regions import PlatformConfig
from stacks.names import state_key_alias

#: Terraform >= 1.10 for the S3 backend's native lockfile (``use_lockfile``).
REQUIRED_TERRAFORM = ">= 1.10"
_INVALID = re.compile(r"[^A-Za-z0-9_]")


class PlatformStack(TerraformStack):
    """A TerraformStack whose resource names are the construct path joined by ``_``.

    cdktf's default appends a hash (``database_primary_5A3B1C2D``); ours gives
    ``database_primary``, which waivers and reviews can name. Two paths that would
    collapse to one name fail the synth instead of silently overwriting each other.
    """

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self._logical_ids: dict[str, str] = {}

    @jsii.member(jsii_name="allocateLogicalId")
    def _allocate_logical_id(self, tf_element: Node | TerraformElement) -> str:
        node = tf_element if isinstance(tf_element, Node) else tf_element.node
        path = node.path
        parts = path.split("/")[1:]  # drop the stack id
        logical = _INVALID.sub("_", "_".join(parts))
        owner = self._logical_ids.setdefault(logical, path)
        if owner != path:
            raise ValueError(f"logical id {logical!r} of {path} collides with {owner}")
        return logical

    def add_aws_provider(
        self, id: str, *, region: str, tags: dict[str, str], alias: str | None = None
    ) -> AwsProvider:
        """An AWS provider whose default tags reach every resource it creates."""
        return AwsProvider(
            self,
            id,
            region=region,
            alias=alias,
            default_tags=[AwsProviderDefaultTags(tags=tags)],
        )

    def use_remote_state(self, *, bucket: str, region: str, key: str) -> None:
        """Keep this stack's state in ``bucket`` (in ``region``), encrypted and locked."""
        S3Backend(self, bucket=bucket, key=key, region=region, encrypt=True,
                  kms_key_id=f"alias/{state_key_alias(bucket)}")
        # cdktf 0.21's S3Backend has no use_lockfile: set it on the JSON directly.
        self.add_override("terraform.backend.s3.use_lockfile", True)
        self.add_override("terraform.required_version", REQUIRED_TERRAFORM)

    def use_edge_region(self, platform: PlatformConfig, *, state_key: str) -> None:
        """Default provider in the edge region (global services), state in that serving
        region's bucket: the setup of the global and edge stacks."""
        home = platform.serving_region_named(platform.edge_region)
        assert home is not None  # PlatformConfig requires the edge region to be serving
        self.add_aws_provider("aws", region=platform.edge_region, tags=standard_tags(
            owner=platform.owner, environment=platform.environment, residency=home.residency))
        self.use_remote_state(bucket=home.state_bucket, region=home.region, key=state_key)

    def use_local_state(self, path: str) -> None:
        """Local state for bootstrap stacks, at a path relative to the stack folder."""
        LocalBackend(self, path=path)
        self.add_override("terraform.required_version", REQUIRED_TERRAFORM)


def standard_tags(*, owner: str, environment: str, residency: str, **extra: Any) -> dict[str, str]:
    """Owner, Environment and DataResidency tags (plus any extra), as the policies read them."""
    tags = {"Owner": owner, "Environment": environment, "DataResidency": residency,
            "ManagedBy": "cdktf"}
    tags.update({k: str(v) for k, v in extra.items()})
    return tags
