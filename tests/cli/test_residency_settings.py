"""The residency marker is configuration (issue 8.4): ``[gate.residency]`` of the config and
``check --residency-tag-key/--residency-eu-value`` decide which tags mean EU data.

The fixture is hand-written HCL in us-east-1 whose table is tagged ``Jurisdiction = "EU"``
and replicates to us-west-2: with the default keys that tag means nothing (the gate passes);
with ``Jurisdiction`` configured it is EU data outside the EU (HAP_RES_001 and HAP_RES_005).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from policies.rules._base import Settings
from regions import load_config, load_gate_settings
from tests.cli.test_check import REPO, assert_one_line_error, check

FIXTURE = REPO / "tests" / "fixtures" / "issue8" / "residency_key"


@pytest.fixture()
def waivers(tmp_path: Path) -> Path:
    """DynamoDB has no price table: waive the budget finding so only residency decides."""
    expires = datetime.date.today() + datetime.timedelta(days=30)
    path = tmp_path / "waivers.toml"
    path.write_text(
        '[[waiver]]\npolicy_id = "HAP_COST_001"\nresource = "estimate.monthly_cost"\n'
        'reason = "DynamoDB has no price table; this fixture is about residency tags."\n'
        f'owner = "platform-team"\nexpires = {expires.isoformat()}\n', encoding="utf-8")
    return path


def _gate(waivers: Path, tmp_path: Path, *args: str) -> tuple[int, set[tuple[str, str]]]:
    report = tmp_path / "report.json"
    proc = check("--input", str(FIXTURE), "--waivers", str(waivers), "--format", "json",
                 "--output", str(report), "-q", *args)
    assert proc.returncode in (0, 1), proc.stderr
    found = json.loads(report.read_text())["findings"]
    return proc.returncode, {(f["policy_id"], f["resource"]) for f in found
                             if f["policy_id"].startswith("HAP_RES")}


def _config(tmp_path: Path, table: str) -> Path:
    path = tmp_path / "gate.toml"
    path.write_text(f"[gate.residency]\n{table}\n", encoding="utf-8")
    return path


EU_OUTSIDE = {("HAP_RES_001", "aws_dynamodb_table.orders"),
              ("HAP_RES_005", "aws_dynamodb_table.orders")}


def test_unknown_key_is_no_marker(waivers: Path, tmp_path: Path) -> None:
    assert _gate(waivers, tmp_path) == (0, set())


def test_key_from_the_cli_flag(waivers: Path, tmp_path: Path) -> None:
    assert _gate(waivers, tmp_path, "--residency-tag-key", "jurisdiction") == (1, EU_OUTSIDE)


def test_key_from_the_config(waivers: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, 'tag_keys = ["Jurisdiction"]')
    assert _gate(waivers, tmp_path, "--config", str(config)) == (1, EU_OUTSIDE)


def test_eu_values_are_a_setting_and_flags_override_the_config(
        waivers: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, 'tag_keys = ["Jurisdiction"]\neu_values = ["gdpr-eu"]')
    assert _gate(waivers, tmp_path, "--config", str(config)) == (0, set())
    assert _gate(waivers, tmp_path, "--config", str(config),
                 "--residency-eu-value", "EU") == (1, EU_OUTSIDE)
    assert _gate(waivers, tmp_path, "--config", str(config),
                 "--residency-tag-key", "DataResidency", "--residency-eu-value", "eu") == \
        (0, set())


@pytest.mark.parametrize(("table", "flags", "text"), [
    ("tag_keys = []", (), "gate.residency.tag_keys must be a non-empty list"),
    ("eu_values = [1]", (), "gate.residency.eu_values[0]: expected a string"),
    ('tag_keys = "DataResidency"', (), "gate.residency.tag_keys: expected a list"),
    ("colour = 1", (), "gate.residency: unknown key(s) colour"),
    ("", ("--residency-tag-key", ""), "gate.residency.tag_keys must hold non-empty strings"),
    ("", ("--residency-eu-value", "e\nu"), "is not a valid AWS tag key or value"),
])
def test_bad_settings_exit_2_with_one_line(tmp_path: Path, table: str,
                                           flags: tuple[str, ...], text: str) -> None:
    config = _config(tmp_path, table)
    proc = check("--input", str(FIXTURE), "--config", str(config), *flags)
    assert_one_line_error(proc, text)


def test_defaults_agree_everywhere() -> None:
    """The shipped platform.toml, the table's defaults and the policies' own defaults."""
    shipped = load_config().gate.residency
    default = load_gate_settings(REPO / "tests" / "fixtures" / "issue8" / "residency_key"
                                 / "no_gate.toml").residency
    expected_keys = ("DataResidency", "data-residency", "data_residency")
    assert shipped.tag_keys == default.tag_keys == Settings().residency_tag_keys == expected_keys
    assert shipped.eu_values == default.eu_values == Settings().eu_residency_values == ("eu",)
