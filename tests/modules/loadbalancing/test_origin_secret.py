"""OriginSecret: a generated header value that never appears in the synthesized JSON."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import only


def test_the_value_is_generated_by_secrets_manager_and_kept(lb_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.data_aws_secretsmanager_random_password import (
        DataAwsSecretsmanagerRandomPassword,
    )
    from cdktf_cdktf_provider_aws.secretsmanager_secret import SecretsmanagerSecret
    from cdktf_cdktf_provider_aws.secretsmanager_secret_version import (
        SecretsmanagerSecretVersion,
    )

    secret = only(lb_stack, SecretsmanagerSecret.TF_RESOURCE_TYPE)
    assert secret["name"] == "webapp-prod-eu-origin-verify"
    assert secret["kms_key_id"] == "arn:aws:kms:eu-west-1:111122223333:key/data"
    generated = lb_stack["data"][DataAwsSecretsmanagerRandomPassword.TF_RESOURCE_TYPE][
        "origin_generated"]
    # Letters and digits only: ALB condition values read * and ? as wildcards.
    assert generated["password_length"] == 48
    assert generated["exclude_punctuation"] is True and generated["include_space"] is False
    version = only(lb_stack, SecretsmanagerSecretVersion.TF_RESOURCE_TYPE)
    assert version["secret_string"] == \
        "${data.aws_secretsmanager_random_password.origin_generated.random_password}"
    # The first value is kept: later plans (a new random value each) change nothing.
    assert version["lifecycle"] == {"ignore_changes": ["secret_string"]}
    # No string in the JSON could be a value: none has 32+ letters and digits in a row.
    assert re.findall(r"[A-Za-z0-9]{32,}", json.dumps(lb_stack)) == []


@pytest.mark.parametrize("length", [31, 129])
def test_origin_secret_length_is_bounded(length: int) -> None:
    from modules.loadbalancing.origin_secret import OriginSecretProps

    with pytest.raises(ValueError, match="32..128"):
        OriginSecretProps(name="n", region_key="us", kms_key_arn="k", length=length)
