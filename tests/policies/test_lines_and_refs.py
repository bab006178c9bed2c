"""The one JSON line mapper and the one reference regex, checked against hand-written text."""

from __future__ import annotations

from policies.checkov.staging import block_lines
from policies.loaders.lines import json_block_lines, line_at, plan_address_lines
from policies.model import Model, Resource, Stack, Unknown
from policies.rules._base import Settings
from policies.rules._context import Context

# Hand-numbered: line 1 is "{".
FOUR_SPACE = """{
    "data": {
        "aws_caller_identity": {
            "me": {}
        }
    },
    "resource": {
        "aws_s3_bucket": {
            "logs": {
                "bucket": "x",
                "tags": {"a": "b"}
            },
            "data": {
                "bucket": "y"
            }
        }
    }
}
"""


def test_json_block_lines_reads_any_indentation() -> None:
    assert json_block_lines(FOUR_SPACE) == {
        ("data", "aws_caller_identity", "me"): 4,
        ("resource", "aws_s3_bucket", "logs"): 9,
        ("resource", "aws_s3_bucket", "data"): 13,
    }
    # The Checkov staging map is the same mapper keyed by address.
    assert block_lines(FOUR_SPACE) == {"data.aws_caller_identity.me": 4,
                                       "aws_s3_bucket.logs": 9, "aws_s3_bucket.data": 13}


def test_plan_address_lines_and_line_at() -> None:
    text = '{\n "resource_changes": [\n  {"address": "aws_s3_bucket.a"},\n' \
           '  {"address": "aws_s3_bucket.b"},\n  {"address": "aws_s3_bucket.a"}\n ]\n}\n'
    assert plan_address_lines(text) == {"aws_s3_bucket.a": 3, "aws_s3_bucket.b": 4}
    assert line_at("a\nb\nc", 0) == 1
    assert line_at("a\nb\nc", 4) == 3


def _resource(address: str, rtype: str, values: dict[str, object]) -> Resource:
    return Resource(address=address, type=rtype, name=address.rsplit(".", 1)[1], stack="s",
                    region="eu-west-1", provider="aws", values=values)


def test_context_follows_module_prefixed_references() -> None:
    key = _resource("module.db[0].aws_kms_key.k", "aws_kms_key", {})
    bucket = _resource("aws_s3_bucket.b", "aws_s3_bucket", {
        "kms": Unknown("ref", "${module.db[0].aws_kms_key.k.arn}")})
    model = Model(stacks=(Stack(name="s", region="eu-west-1", residency="eu", backend=None,
                                resources=(key, bucket)),), input_form="synth")
    ref = Context(model, Settings()).resolve(bucket, bucket.values["kms"], "aws_kms_key")
    assert ref.resource is key
