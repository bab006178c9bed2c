"""Head vs base cost lines; nothing to judge is never a pass; README matches the code."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from estimate.report import diff, estimate, to_dict
from policies.model import Stack
from regions.demand import DemandModel
from tests.estimate._models import model, res

REPO = Path(__file__).resolve().parents[2]


def _stack(*extra: str) -> Stack:
    rs = [res("s", "us-east-1", "aws_kms_key.a", {})]
    rs += [res("s", "us-east-1", address, {}) for address in extra]
    return Stack("s", "us-east-1", "us", None, tuple(rs))


def test_diff_lists_added_lines_with_their_cost() -> None:
    base = to_dict(estimate(model(_stack()), DemandModel()))
    head = to_dict(estimate(model(_stack("aws_nat_gateway.n")), DemandModel()))
    rows = diff(head, base)
    # a NAT gateway: 730 h x $0.045 = $32.85 and 100 GB x $0.045 = $4.50 processing
    assert [(r["resource"], r["item"], r["base"]) for r in rows] == [
        ("aws_nat_gateway.n", "GB processed", None), ("aws_nat_gateway.n", "hours", None)]
    assert sum(r["delta"] for r in rows) == pytest.approx(32.85 + 4.50)
    assert diff(base, base) == []


def test_a_model_without_serving_regions_meets_no_target() -> None:
    e = estimate(model(_stack()), DemandModel())
    assert e.targets() == {"budget": True, "capacity": False, "availability": False,
                           "recovery": False}


def test_readme_lists_every_demand_key() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for f in dataclasses.fields(DemandModel):
        assert f"| `{f.name}` |" in readme, f.name
