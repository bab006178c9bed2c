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
    assert order[:2] == ["state-us-east-1", "state-eu-west-1"]
    eu = next(s for s in specs if s.name == "app-eu-west-1")
    # The EU stack hosts the US primary's cross-region replica.
    assert "app-us-east-1" in eu.depends_on
    assert eu.state_bucket == "webapp-prod-tfstate-eu-west-1"
