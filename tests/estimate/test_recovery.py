"""RPO/RTO: a cross-region replica meets 15 min / 1 h; dropping it makes the check fail."""

from __future__ import annotations

from estimate.recovery import recovery
from policies.model import Stack, Unknown
from tests.estimate._models import model, res

REF = "${data.terraform_remote_state.cross_stack_reference_input_app_us.outputs." \
      "cross_stack_output_aws_db_instance_db_arn}"


def _stacks(with_replica: bool) -> tuple[Stack, Stack]:
    us = Stack("app-us", "us-east-1", "us", None,
               (res("app-us", "us-east-1", "aws_db_instance.db", {"multi_az": True}),))
    eu = (res("app-eu", "eu-west-1", "aws_db_instance.us_replica",
              {"replicate_source_db": Unknown("cross-stack", REF)}),) if with_replica else ()
    return us, Stack("app-eu", "eu-west-1", "eu", None, eu)


def test_cross_region_replica_meets_targets_and_its_removal_fails() -> None:
    (with_replica,) = recovery(model(*_stacks(True)))
    # replica lag 5 min, promote 30 min (facts.toml); Multi-AZ 0 / 2 min is the lesser mode
    assert (with_replica.rpo, with_replica.rto) == (5.0, 30.0)
    assert "cross-region replica in eu-west-1" in with_replica.mechanism
    (without,) = recovery(model(*_stacks(False)))
    assert without.rpo == 1440.0 and without.rpo > 15  # daily snapshots only: RPO missed
