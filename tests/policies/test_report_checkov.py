"""Issue 8.1: the reports never say Checkov ran when it did not (real Checkov, real loaders).

The JSON report's ``checkov.ran`` is true only when Checkov ran and its results were read;
an input holding nothing Checkov checks, a skipped, a failed and a never-started scan each
say so by ``status``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policies.gate import GateResult, run_gate
from policies.reports import render

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NOTHING = FIXTURES / "issue8" / "checkov_nothing"
CLEAN = FIXTURES / "gate" / "unscanned" / "cdk.tf.json"


def _checkov(result: GateResult) -> dict[str, object]:
    section = json.loads(render(result, "json"))["checkov"]
    assert isinstance(section, dict)
    return section


def test_checkov_that_read_checks_is_the_only_run_reported_as_ran() -> None:
    section = _checkov(run_gate([CLEAN], waivers=None))
    assert section["ran"] is True and section["status"] == "scanned"
    assert isinstance(section["checks"], int) and section["checks"] > 0


def test_input_with_nothing_checkov_checks_is_not_reported_as_ran() -> None:
    result = run_gate([NOTHING], waivers=None)
    assert result.errors == () and result.resources == 1
    assert _checkov(result) == {"ran": False, "skipped": False, "status": "scanned-nothing",
                                "checks": 0}
    assert "Checkov scanned nothing (0 checks)" in render(result, "text")
    assert "held nothing it checks" in render(result, "markdown")


def test_skipped_checkov_is_not_reported_as_ran() -> None:
    result = run_gate([CLEAN], waivers=None, checkov=False)
    assert _checkov(result) == {"ran": False, "skipped": True, "status": "skipped",
                                "checks": 0}


def test_failed_checkov_is_not_reported_as_ran(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setenv("CHECKOV_BIN", str(tmp_path / "no-checkov-here"))
    result = run_gate([CLEAN], waivers=None)
    assert result.exit_code == 2
    assert _checkov(result) == {"ran": False, "skipped": False, "status": "failed",
                                "checks": 0}
    assert "Checkov failed" in render(result, "text")


def test_checkov_never_started_on_bad_input_is_not_reported_as_ran(tmp_path: Path) -> None:
    result = run_gate([tmp_path / "missing.tf.json"], waivers=None)
    assert result.exit_code == 2
    assert _checkov(result) == {"ran": False, "skipped": False, "status": "not-run",
                                "checks": 0}
    assert "Checkov did not run" in render(result, "text")
