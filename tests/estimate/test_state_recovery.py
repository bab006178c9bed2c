"""RPO/RTO of Terraform state: a state bucket replicated from a bootstrap stack of its own
(named by literal bucket name, not referenced) is credited; the mutual EU pair lists both
buckets; dropping the replication misses the targets. Oracles computed by hand below."""

from __future__ import annotations

from typing import Any

from estimate.recovery import recovery
from policies.model import Stack
from tests.estimate._models import model, res

STATE = {"DataClass": "state"}
# By hand: RTC's 15-minute bound is the RPO; the RTO is the stated assumption of re-pointing
# the backends at the replica, 30 minutes. Without a copy: daily (1440) / rebuilt by import
# (1440).
REPLICATED = (15.0, 30.0)
UNREPLICATED = (1440.0, 1440.0)


def _bucket(region: str) -> str:
    return f"webapp-prod-tfstate-{region}"


def _state(region: str) -> Stack:
    return Stack(f"state-{region}", region, "eu", None, (
        res(f"state-{region}", region, "aws_s3_bucket.state_bucket",
            {"bucket": _bucket(region)}, tags=STATE),))


def _copy(source: str, dest: str, *, rtc: bool = True) -> Stack:
    name = f"state-replication-{source}"
    rule: dict[str, Any] = {"destination": [{
        "bucket": f"arn:aws:s3:::{_bucket(dest)}",
        "replication_time": [{"status": "Enabled" if rtc else "Disabled"}]}]}
    return Stack(name, source, "eu", None, (
        res(name, source, "aws_s3_bucket_replication_configuration.state_replication",
            {"bucket": _bucket(source), "rule": [rule]}),))


def _figures(*stacks: Stack) -> dict[str, tuple[float, float]]:
    return {s.store: (s.rpo, s.rto) for s in recovery(model(*stacks))}


def test_mutual_state_copies_credit_both_buckets() -> None:
    figures = _figures(_state("eu-west-1"), _state("eu-central-1"),
                       _copy("eu-west-1", "eu-central-1"), _copy("eu-central-1", "eu-west-1"))
    assert figures == {"state-eu-west-1/aws_s3_bucket.state_bucket": REPLICATED,
                       "state-eu-central-1/aws_s3_bucket.state_bucket": REPLICATED}


def test_a_destination_that_is_not_itself_copied_is_listed_as_missing_its_copy() -> None:
    # us -> eu-west-1 only: eu-west-1 holds its own state too and has no copy of it.
    figures = _figures(_state("us-east-1"), _state("eu-west-1"),
                       _copy("us-east-1", "eu-west-1"))
    assert figures == {"state-us-east-1/aws_s3_bucket.state_bucket": REPLICATED,
                       "state-eu-west-1/aws_s3_bucket.state_bucket": UNREPLICATED}


def test_without_rtc_the_rpo_has_no_bound_and_without_a_copy_both_miss() -> None:
    figures = _figures(_state("eu-west-1"), _copy("eu-west-1", "eu-central-1", rtc=False))
    # CRR without RTC: the assumed 60 minutes (facts.toml s3_crr_rpo), above the 15 target.
    assert figures == {"state-eu-west-1/aws_s3_bucket.state_bucket": (60.0, 30.0)}
    assert _figures(_state("eu-west-1")) == {
        "state-eu-west-1/aws_s3_bucket.state_bucket": UNREPLICATED}


def test_a_rule_naming_another_bucket_is_no_credit() -> None:
    other = Stack("state-replication-x", "eu-west-1", "eu", None, (
        res("state-replication-x", "eu-west-1",
            "aws_s3_bucket_replication_configuration.state_replication",
            {"bucket": _bucket("eu-west-1") + "-logs",
             "rule": [{"destination": [{"bucket": "arn:aws:s3:::elsewhere"}]}]}),))
    assert _figures(_state("eu-west-1"), other) == {
        "state-eu-west-1/aws_s3_bucket.state_bucket": UNREPLICATED}
