"""Redis in a Global Datastore: the secondary is costed at the primary's node type and shard
count, and the primary's RPO/RTO credit the secondary only when it is in another region.
Oracles computed by hand below (prices: estimate/prices, r6g.xlarge per node-hour)."""

from __future__ import annotations

from typing import Any

import pytest

from estimate.cost import cost_lines
from estimate.recovery import recovery
from policies.model import Stack, Unknown
from regions.demand import DemandModel
from tests.estimate._models import model, res

PRIMARY = "app-us-east-1/aws_elasticache_replication_group.redis"
GROUP_OUTPUT = ("${data.terraform_remote_state.cross_stack_reference_input_app_us_east_1."
                "outputs.cross_stack_output_aws_elasticache_global_replication_group_"
                "sessions_global_replication_group_id}")


def _primary_stack(*, with_group: bool = True) -> Stack:
    rs = [res("app-us-east-1", "us-east-1", "aws_elasticache_replication_group.redis", {
        "node_type": "cache.r6g.xlarge", "num_node_groups": 3, "replicas_per_node_group": 2,
        "multi_az_enabled": True, "automatic_failover_enabled": True})]
    if with_group:
        rs.append(res("app-us-east-1", "us-east-1",
                      "aws_elasticache_global_replication_group.sessions", {
                          "primary_replication_group_id": Unknown(
                              "ref", "${aws_elasticache_replication_group.redis.id}")}))
    return Stack("app-us-east-1", "us-east-1", "us", None, tuple(rs))


def _secondary(region: str = "eu-west-1", ref: str = GROUP_OUTPUT) -> Stack:
    name = f"standby-us-{region}"
    values: dict[str, Any] = {"global_replication_group_id": Unknown("ref", ref),
                              "replicas_per_node_group": 1, "multi_az_enabled": True,
                              "automatic_failover_enabled": True}
    return Stack(name, region, "us", None, (
        res(name, region, "aws_elasticache_replication_group.redis", values),))


def _figures(*stacks: Stack) -> dict[str, tuple[float, float]]:
    return {s.store: (s.rpo, s.rto) for s in recovery(model(*stacks))}


def test_a_secondary_in_another_region_meets_the_targets() -> None:
    # By hand: AZ failover 0.1 min / 1 min; region: the stated Global Datastore lag of
    # 1 minute and the 15-minute runbook promotion. Worst of both: (1, 15). The secondary
    # is a copy, recovered with its primary: not a store of its own.
    assert _figures(_primary_stack(), _secondary()) == {PRIMARY: (1.0, 15.0)}


def test_dropping_the_secondary_misses_the_rpo() -> None:
    # By hand: daily snapshots in-region (1440 min lost) and no copy to serve from.
    figures = _figures(_primary_stack())
    assert figures == {PRIMARY: (1440.0, 1440.0)}
    assert figures[PRIMARY][0] > DemandModel().rpo_minutes


def test_a_secondary_in_the_primarys_region_is_no_region_copy() -> None:
    figures = _figures(_primary_stack(), _secondary(region="us-east-1"))
    assert figures[PRIMARY] == (1440.0, 1440.0)


def test_a_secondary_whose_datastore_is_not_in_the_input_is_judged_alone() -> None:
    figures = _figures(_primary_stack(with_group=False), _secondary())
    assert figures["standby-us-eu-west-1/aws_elasticache_replication_group.redis"] == \
        (1440.0, 1440.0)


def _redis_lines(*stacks: Stack) -> dict[str, tuple[str, float, float | None]]:
    return {f"{x.stack}/{x.resource}": (x.item, x.quantity, x.unit_price)
            for x in cost_lines(model(*stacks), DemandModel(), {})
            if x.type == "aws_elasticache_replication_group"}


def test_the_secondary_is_costed_at_the_primarys_node_type_and_shards() -> None:
    lines = _redis_lines(_primary_stack(), _secondary())
    # By hand: primary 3 shards x (1 + 2) nodes x 730 h = 6570 node-hours at $0.411
    # (us-east-1); secondary 3 x (1 + 1) x 730 = 4380 at $0.452 (eu-west-1) = $1,979.76.
    assert lines[PRIMARY] == ("node-hours (cache.r6g.xlarge)", 6570.0, pytest.approx(0.411))
    item, hours, price = lines["standby-us-eu-west-1/aws_elasticache_replication_group.redis"]
    assert (item, hours) == ("node-hours (cache.r6g.xlarge)", 4380.0)
    assert price is not None and hours * price == pytest.approx(1979.76)


def test_a_secondary_without_its_datastore_is_unpriced_not_free() -> None:
    lines = _redis_lines(_primary_stack(with_group=False), _secondary())
    _, _, price = lines["standby-us-eu-west-1/aws_elasticache_replication_group.redis"]
    assert price is None


def test_the_datastore_prices_its_replicated_writes() -> None:
    from estimate.demand import region_load
    d = DemandModel()
    loads = {"app-us-east-1": region_load(d, "us", 1)}
    [line] = [x for x in cost_lines(model(_primary_stack(), _secondary()), d, loads)
              if x.type == "aws_elasticache_global_replication_group"]
    # By hand: 1M users x 50% US x 100 requests/day x 730/24 days = 1.5208e9 requests a
    # month; 20% reach the origin (80% CDN hits) = 3.0417e8; a write share of 1/(1+10);
    # 10 KB each: 3.0417e8 / 11 x 10 / 1e6 = 276.5 GB at $0.02 per GB between regions.
    assert line.quantity == pytest.approx(276.5, rel=1e-3)
    assert line.unit_price == pytest.approx(0.02)


