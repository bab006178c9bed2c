"""Stack list and apply order derived from the config."""

from __future__ import annotations

from regions import load_config
from stacks.names import stack_specs


def test_stacks_are_listed_in_dependency_order() -> None:
    specs = stack_specs(load_config())
    order = [s.name for s in specs]
    for spec in specs:
        for dep in spec.depends_on:
            assert order.index(dep) < order.index(spec.name), (dep, spec.name)
    assert order[:3] == ["state-us-east-1", "state-eu-west-1", "state-eu-central-1"]
    eu = next(s for s in specs if s.name == "app-eu-west-1")
    assert eu.state_bucket == "webapp-prod-tfstate-eu-west-1"
    assert "app-us-east-1" not in eu.depends_on  # the US replica moved to the US standby


def test_each_jurisdiction_has_a_standby_whose_state_survives_its_primary_region() -> None:
    specs = {s.name: s for s in stack_specs(load_config())}
    eu = specs["standby-eu-eu-central-1"]
    assert (eu.kind, eu.region, eu.residency) == ("standby", "eu-central-1", "eu")
    assert eu.state_bucket == "webapp-prod-tfstate-eu-central-1"
    assert set(eu.depends_on) == {"state-eu-central-1", "global", "app-eu-west-1"}
    us = specs["standby-us-eu-west-1"]
    assert (us.region, us.residency, us.state_bucket) == (
        "eu-west-1", "us", "webapp-prod-tfstate-eu-west-1")
    assert "app-us-east-1" in us.depends_on
    # The edge aliases the standbys' ALBs: it comes after them.
    assert {"standby-eu-eu-central-1", "standby-us-eu-west-1"} <= set(specs["edge"].depends_on)
