"""GeoFailoverRoutingProps refuses a topology that could break residency or routing."""

from __future__ import annotations

import pytest

from modules.edge.geo_failover_routing import FailoverPair, GeoFailoverRoutingProps
from modules.edge.latency_records import RegionalEndpoint


def _ep(key: str, region: str) -> RegionalEndpoint:
    return RegionalEndpoint(key=key, aws_region=region, alb_dns_name=f"{key}.elb",
                            alb_zone_id="Z", health_check_path="/healthz")


EU = FailoverPair("eu", "eu", _ep("eu", "eu-west-1"), _ep("eu-standby", "eu-central-1"))
US = FailoverPair("us", "us", _ep("us", "us-east-1"), _ep("us-standby", "eu-west-1"))


def test_pair_names_derive_from_the_record_name() -> None:
    props = GeoFailoverRoutingProps(zone_id="Z", record_name="api.example.com",
                                    pairs=(US, EU), alarm_topic_arn="t")
    assert [props.pair_name(p) for p in props.pairs] == [
        "api-us.example.com", "api-eu.example.com"]


@pytest.mark.parametrize(("pairs", "message"), [
    ((EU,), "one 'us' pair"),
    ((US,), "an 'eu' pair"),
    ((US, EU, FailoverPair("eu2", "eu", _ep("a", "eu-west-3"), _ep("b", "eu-north-1"))),
     "one 'eu' pair only"),
])
def test_pairs_must_be_one_default_and_one_europe(pairs: tuple[FailoverPair, ...],
                                                   message: str) -> None:
    with pytest.raises(ValueError, match=message):
        GeoFailoverRoutingProps(zone_id="Z", record_name="api.example.com", pairs=pairs,
                                alarm_topic_arn="t")


def test_a_pair_needs_two_regions() -> None:
    with pytest.raises(ValueError, match="share a region"):
        FailoverPair("eu", "eu", _ep("a", "eu-west-1"), _ep("b", "eu-west-1"))
