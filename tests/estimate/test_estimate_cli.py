"""``python main.py estimate`` on our synth output: every type priced or free, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from estimate.cost import PRICERS
from estimate.prices import regions_priced, table
from policies.loaders import load

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "estimate", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)


def test_every_type_in_our_synth_is_priced_or_free(synth_dir: Path) -> None:
    assert regions_priced() == ["eu-central-1", "eu-west-1", "us-east-1"]
    for r in load(synth_dir).resources():
        t = table(str(r.region))
        assert t is not None, f"{r.address}: no price table for {r.region}"
        assert r.type in PRICERS or r.type in t.free, f"{r.type} neither priced nor free"


def test_json_output_and_exit_code_follow_the_targets(synth_dir: Path, tmp_path: Path) -> None:
    proc = _run("--input", str(synth_dir), "--format", "json", "-q")
    data = json.loads(proc.stdout)
    assert proc.returncode in (0, 1) and set(data["targets"]) == {
        "budget", "capacity", "availability", "recovery"}
    # A budget of one dollar a month is missed by any platform: exit 1 naming it.
    text = (REPO / "regions" / "platform.toml").read_text(encoding="utf-8")
    poor = tmp_path / "poor.toml"
    poor.write_text(text.replace("budget_usd_per_month = 50_000.0", "budget_usd_per_month = 1.0"),
                    encoding="utf-8")
    missed = _run("--config", str(poor), "--input", str(synth_dir), "--format", "json", "-q")
    assert missed.returncode == 1
    assert json.loads(missed.stdout)["targets"]["budget"] is False
    assert data["cost"]["unpriced"] == []
    assert abs(sum(x["monthly"] for x in data["cost"]["lines"]) - data["cost"]["total"]) < 0.01


def test_base_equal_to_head_has_no_changed_lines(synth_dir: Path) -> None:
    proc = _run("--input", str(synth_dir), "--base", str(synth_dir), "-f", "markdown", "-q")
    assert "No cost line changed." in proc.stdout, proc.stderr


def test_ten_million_users_breaks_a_limit(synth_dir: Path) -> None:
    data = json.loads(_run("--input", str(synth_dir), "--users", "10000000", "-f", "json",
                           "-q").stdout)
    broken = [c for r in data["capacity"] for c in r["checks"] if c["ok"] is False]
    # 10M users, half per region: 10e6*0.5*100/86400*0.2*10 = 11,574 rps -> 116 tasks > 50
    assert any(c["limit"].startswith("max tasks") and c["need"] == 116 for c in broken)
    # first to break: 50 tasks x 100 rps = 5000 spike rps per region =
    # users x 0.5 x 100 / 86400 x 0.2 x 10  ->  users = 5000 x 86400 / 100 = 4,320,000
    first = data["first_limit"]
    assert first["limit"].startswith("max tasks") and first["broken"] is True
    assert first["breaks_at_users"] == pytest.approx(4_320_000, rel=1e-3)
    assert first["fix"] == "max_tasks >= 116"


def test_bad_demand_value_is_one_line_exit_2(tmp_path: Path) -> None:
    text = (REPO / "regions" / "platform.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("cdn_hit_ratio = 0.8", "cdn_hit_ratio = 1.5"), encoding="utf-8")
    proc = _run("--config", str(bad), "--input", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "error: invalid config: demand.cdn_hit_ratio must be 0..1"]
    assert _run("--help").returncode == 0
