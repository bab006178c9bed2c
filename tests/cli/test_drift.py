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


@pytest.mark.parametrize(("name", "message"), [
    # Real `terraform show -json` of a state and `terraform providers schema -json` (1.11):
    # both carry format_version 1.0, so that key alone does not make a plan.
    ("state-show.json", "is a state (`terraform show -json` without a plan file), not a "
                        "Terraform JSON plan"),
    ("provider-schema.json", "is a provider schema (`terraform providers schema -json`), not "
                             "a Terraform JSON plan"),
    ("not-a-plan.json", "is a raw state file (terraform.tfstate), not a Terraform JSON plan"),
    # A real refresh-only plan with its format_version changed to 2.0.
    ("format-v2.json", "has plan format_version '2.0'; only format version 1.x is supported"),
])
def test_json_that_is_not_a_plan_is_exit_2(name: str, message: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", "--plan", str(DRIFT / name)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {DRIFT / name} {message}; use `terraform show -json PLANFILE`"
                   if "format_version" not in message else f"error: {DRIFT / name} {message}"]


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
