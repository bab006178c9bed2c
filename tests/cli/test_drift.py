"""``main.py drift``: exit 0/1/2, one-line errors without tracebacks, real runner path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DRIFT = FIXTURES / "drift"


def test_drift_and_no_drift(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", "--plan", str(DRIFT / "clean.json")]) == 0
    assert "no drift in 1 stack(s): clean" in capsys.readouterr().out
    assert main(["drift", "--plan", str(DRIFT / "tags-only.json"), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["benign"] == 1 and data["drift"][0]["stack"] == "tags-only"


def test_stack_names_per_plan(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["drift", "--plan", str(DRIFT / "app-eu-west-1.json"), "--stack", "eu",
                 "--format", "markdown"])
    assert code == 1
    assert "| eu | `aws_db_instance.database_primary` | update | breaks policy |" \
        in capsys.readouterr().out


@pytest.mark.parametrize("args", [
    ["--plan", str(DRIFT / "truncated.json")],
    ["--plan", str(DRIFT / "wrong-types.json")],
    ["--plan", str(DRIFT / "wrong-after.json")],
    ["--plan", str(DRIFT / "not-a-plan.json")],
    ["--plan", str(DRIFT / "nope.json")],
    ["--plan", str(DRIFT / "clean.json"), "--stack", "a", "--stack", "b"],
    ["--synth-dir", "/nonexistent/synth"],
])
def test_bad_input_is_one_line_and_exit_2(args: list[str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")
    assert "Traceback" not in err[0]


def test_runner_path_refresh_only_for_real(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    synth = tmp_path / "synth"
    shutil.copytree(FIXTURES / "tfdata" / "synth", synth)
    args = ["--synth-dir", str(synth), "--stack", "base", "--terraform", "embedded",
            "--output", str(tmp_path / "work"), "--quiet"]
    assert main(["drift", *args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["drift"] == [] and data["sources"][0]["stack"] == "base"
    assert (tmp_path / "work" / "base" / "base.refresh.json").is_file()


def test_runner_path_unknown_stack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    synth = tmp_path / "synth"
    shutil.copytree(FIXTURES / "tfdata" / "synth", synth)
    assert main(["drift", "--synth-dir", str(synth), "--stack", "ghost", "--terraform",
                 "embedded", "--output", str(tmp_path / "w")]) == 2
    assert "error: unknown stack 'ghost'" in capsys.readouterr().err
