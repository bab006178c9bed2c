"""Stack list and apply order derived from the config."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from regions import ConfigError, load_config
from stacks.names import stack_specs
from tests.conftest import REPO


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


_LOOP = """
[[regions]]
key = "west"
region = "us-west-2"
residency = "us"
availability_zones = ["us-west-2a", "us-west-2b", "us-west-2c"]
vpc_cidr = "10.50.0.0/16"
dr_region = "us-east-2"
state_bucket = "webapp-prod-tfstate-us-west-2"

[[regions]]
key = "ohio"
region = "us-east-2"
residency = "us"
availability_zones = ["us-east-2a", "us-east-2b", "us-east-2c"]
vpc_cidr = "10.60.0.0/16"
dr_region = "us-east-1"
state_bucket = "webapp-prod-tfstate-us-east-2"
"""


def test_a_loop_of_dr_regions_is_one_line_and_exit_2(tmp_path: Path) -> None:
    # us-east-1 -> us-west-2 -> us-east-2 -> us-east-1: no two are each other's DR region,
    # but each app stack must run after the one whose copies it holds: a loop.
    text = (REPO / "regions" / "platform.toml").read_text()
    text = text.replace('dr_region = "eu-west-1"', 'dr_region = "us-west-2"', 1)
    # The US region's standby table (in eu-west-1) would not fit a us-west-2 DR region.
    start = text.index("[regions.standby]")
    text = text[:start] + text[text.index("[[regions]]", start):]
    text = text.replace("\n[demand]", _LOOP + "\n[demand]", 1)
    config = tmp_path / "platform.toml"
    config.write_text(text)
    with pytest.raises(ConfigError, match="stack dependency cycle: app-"):
        stack_specs(load_config(config))
    proc = subprocess.run([sys.executable, "main.py", "synth", "--config", str(config),
                           "--output", str(tmp_path / "out")],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "error: invalid config: stack dependency cycle: app-"), proc.stderr
    for name in ("app-us-east-1", "app-us-west-2", "app-us-east-2"):
        assert name in lines[0]


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
