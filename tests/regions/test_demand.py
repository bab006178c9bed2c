"""The [demand] table: seed defaults, every key documented, bad values rejected in one line."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from regions import ConfigError, load_config
from regions.demand import DemandModel

CONFIG = Path(__file__).resolve().parents[2] / "regions" / "platform.toml"


def test_defaults_are_the_seeds_numbers() -> None:
    d = load_config().demand
    assert (d.daily_active_users, d.peak_factor, d.spike_factor, d.request_kb) == \
        (1_000_000, 3.0, 10.0, 10.0)
    assert (d.session_minutes, d.database_gb, d.database_growth_gb_per_month) == (30, 500, 10)
    assert (d.static_assets_gb, d.cdn_hit_ratio, d.availability_target) == (100, 0.8, 0.9999)
    assert (d.rpo_minutes, d.rto_minutes, d.budget_usd_per_month) == (15, 60, 50_000)
    assert load_config().demand == DemandModel()  # the file states the code's defaults


def test_every_field_has_a_docstring() -> None:
    tree = ast.parse((CONFIG.parent / "demand.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "DemandModel")
    body = cls.body
    for i, node in enumerate(body):
        if isinstance(node, ast.AnnAssign):
            nxt = body[i + 1]
            assert isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant), \
                ast.unparse(node.target)


@pytest.mark.parametrize(("key", "value", "message"), [
    ("us_share", 1.5, "demand.us_share must be 0..1"),
    ("spike_factor", 2.0, "demand.spike_factor must be at least peak_factor"),
    ("daily_active_users", 1.5, "demand.daily_active_users: expected an integer, got 1.5"),
    ("rps_per_task", "fast", "demand.rps_per_task: expected a number, got 'fast'"),
    ("rpo_minutes", 0, "demand.rpo_minutes must be positive"),
])
def test_bad_values_are_config_errors(key: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        dataclasses.replace(DemandModel(), **{key: value})  # type: ignore[arg-type]
    assert str(err.value) == message


def test_unknown_demand_key_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "p.toml"
    bad.write_text(CONFIG.read_text(encoding="utf-8") + "users_per_bot = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config.demand: unknown key\(s\) users_per_bot"):
        load_config(bad)
