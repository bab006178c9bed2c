"""``main.py plan`` for real, offline, with the embedded Terraform on terraform_data stacks:
plan, gate, summary; apply the saved plan; a change that replaces a resource; bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli import main
from tfrunner.__main__ import main as tfrunner_main

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tfdata" / "synth"


@pytest.fixture
def synth(tmp_path: Path) -> Path:
    target = tmp_path / "synth"
    shutil.copytree(FIXTURE, target)
    return target


def _args(synth: Path, tmp_path: Path, *extra: str) -> list[str]:
    return ["--synth-dir", str(synth), "--terraform", "embedded", "--output",
            str(tmp_path / "plans"), "--quiet", *extra]


def test_plan_apply_change_replace(synth: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["plan", *_args(synth, tmp_path, "--stack", "app",
                                "--format", "json")])
    assert code == 0
    plan = json.loads(capsys.readouterr().out)["plans"][0]
    assert (plan["stack"], plan["add"], plan["change"], plan["destroy"]) == ("app", 2, 0, 0)
    summary = (tmp_path / "plans" / "app" / "summary.md").read_text()
    assert summary.startswith("<!-- plan-summary:app -->\n### Plan for `app`: gate passed")
    assert "| 2 | 0 | 0 | 0 | 0 |" in summary
    assert "Checkov did not run" not in summary  # the full gate ran

    # Apply exactly the saved plan, as the apply workflow does.
    assert tfrunner_main(["apply", *_args(synth, tmp_path, "--stack", "app")]) == 0

    config_file = synth / "stacks" / "app" / "cdk.tf.json"
    config = json.loads(config_file.read_text())
    config["resource"]["terraform_data"]["service"]["triggers_replace"] = ["image-v2"]
    config["resource"]["terraform_data"]["database_primary"]["input"]["multi_az"] = False
    config_file.write_text(json.dumps(config))
    assert main(["plan", *_args(synth, tmp_path, "--stack", "app",
                                "--format", "markdown")]) == 0
    md = capsys.readouterr().out
    assert "| 1 | 1 | 1 | 1 | 0 |" in md
    assert ("| `terraform_data.service` | delete, create | an attribute that cannot be updated "
            "in place changed | `triggers_replace` |") in md
    assert "- `terraform_data.database_primary`: update" in md


def test_the_full_gate_with_checkov_passes_a_clean_plan(
        synth: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Real Checkov on the plan JSON (terraform_data is a type it never reports on, which
    # policies/checkov/coverage.py records), plus our policies: nothing to find.
    assert main(["plan", *_args(synth, tmp_path, "--stack", "base")]) == 0
    captured = capsys.readouterr()
    assert "base: 1 to add, 0 to change, 0 to destroy" in captured.out
    summary = (tmp_path / "plans" / "base" / "summary.md").read_text()
    assert "gate passed" in summary and "Checkov did not run" not in summary


@pytest.mark.parametrize(("extra", "message"), [
    (["--stack", "needs-aws"], "error: terraform init failed for stack needs-aws: "),
    (["--stack", "needs-aws", "--local-state"],
     "error: terraform init failed for stack needs-aws: Failed to query available provider "
     "packages"),
    (["--stack", "ghost"], "error: unknown stack 'ghost'"),
    (["--terraform", "/no/such/terraform"], "error: terraform binary /no/such/terraform does "),
])
def test_trouble_is_one_line_and_exit_2(synth: Path, tmp_path: Path, extra: list[str],
                                        message: str, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    assert main(["plan", *_args(synth, tmp_path), *extra]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(message)


def test_missing_manifest_and_foreign_output(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--synth-dir", str(tmp_path / "none"), "--quiet"]) == 2
    assert capsys.readouterr().err.startswith("error: no manifest.json in ")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("x")
    assert main(["plan", "--synth-dir", str(FIXTURE), "--output", str(mine), "--terraform",
                 "embedded", "--quiet"]) == 2
    assert "refusing to write into" in capsys.readouterr().err
    assert (mine / "keep.txt").read_text() == "x"


def test_several_stacks_are_gated_in_one_run_and_summarized_each(
        synth: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["plan", *_args(synth, tmp_path, "--stack", "base", "--stack", "app",
                                "--format", "json")])
    assert code == 0
    plans = json.loads(capsys.readouterr().out)["plans"]
    assert [(p["stack"], p["gate_exit_code"], p["add"]) for p in plans] == [
        ("base", 0, 1), ("app", 0, 2)]
    for stack in ("base", "app"):
        summary = (tmp_path / "plans" / stack / "summary.md").read_text()
        header = f"<!-- plan-summary:{stack} -->\n### Plan for `{stack}`: gate passed"
        assert summary.startswith(header)


@pytest.mark.parametrize("make", ["file", "under-a-file"])
def test_output_problems_are_found_before_terraform_runs(
        synth: Path, tmp_path: Path, make: str, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    output = blocker if make == "file" else blocker / "plans"
    assert main(["plan", "--synth-dir", str(synth), "--terraform", "embedded", "--output",
                 str(output), "--quiet", "--stack", "app"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    expected = (f"error: output path {output} exists and is not a folder" if make == "file"
                else f"error: cannot use output folder {output}: Not a directory")
    assert err == [expected]
    # Nothing ran: no Terraform data anywhere in the synth folder.
    assert not list(synth.rglob(".terraform*")) and not list(synth.rglob("*.tfplan"))
