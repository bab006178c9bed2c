"""``python -m tfrunner apply`` runs only plans with a passing gate verdict for exactly that
file: real plans from the embedded Terraform on terraform_data stacks, verdicts tampered
with the way an attacker with write access to the plan artifact would."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tfrunner.__main__ import main as tfrunner_main
from tfrunner.manifest import read_manifest
from tfrunner.runner import StackRunner
from tfrunner.terraform import EmbeddedTerraform
from tfrunner.verdict import KEY_ENV, write_verdict


@pytest.fixture
def planned(synth_copy: Path, embedded: EmbeddedTerraform, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Path:
    """Saved plans of `base` and `app` under tmp_path/plans (no verdicts yet)."""
    monkeypatch.delenv(KEY_ENV, raising=False)
    runner = StackRunner(embedded, tmp_path / "plans")
    for stack in read_manifest(synth_copy):
        if stack.name in ("base", "app"):
            runner.init(stack)
            runner.plan(stack)
    return tmp_path / "plans"


def _apply(synth: Path, plans: Path, *extra: str) -> int:
    return tfrunner_main(["apply", "--synth-dir", str(synth), "--terraform", "embedded",
                          "--output", str(plans), "--quiet", *extra])


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def _state(synth: Path) -> Path:
    return synth / "stacks" / "app" / "terraform.tfstate"


def test_a_passing_verdict_for_exactly_that_file_applies(
        synth_copy: Path, planned: Path) -> None:
    plan = planned / "app" / "app.tfplan"
    path = write_verdict("app", plan, 0, "c0ffee")
    record = json.loads(path.read_text())
    assert path == planned / "app" / "app.verdict.json"
    assert record["plan_sha256"] == hashlib.sha256(plan.read_bytes()).hexdigest()
    assert (record["stack"], record["commit"], record["passed"]) == ("app", "c0ffee", True)
    assert _apply(synth_copy, planned, "--stack", "app", "--expect-commit", "c0ffee") == 0
    names = sorted(r["name"] for r in json.loads(_state(synth_copy).read_text())["resources"])
    assert names == ["database_primary", "service"]


def test_no_verdict_is_refused(synth_copy: Path, planned: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert _apply(synth_copy, planned, "--stack", "app") == 2
    assert _one_line_error(capsys).startswith("error: refusing to apply: no gate verdict "
                                              "app.verdict.json")
    assert not _state(synth_copy).exists()


def test_one_changed_byte_is_refused(synth_copy: Path, planned: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    plan = planned / "app" / "app.tfplan"
    write_verdict("app", plan, 0, "c0ffee")
    data = bytearray(plan.read_bytes())
    data[-1] ^= 0x01
    plan.write_bytes(bytes(data))
    assert _apply(synth_copy, planned, "--stack", "app") == 2
    assert _one_line_error(capsys) == ("error: refusing to apply app: app.tfplan changed since "
                                       "the gate judged it (SHA-256 differs)")
    assert not _state(synth_copy).exists()


def test_a_verdict_for_another_stack_is_refused(synth_copy: Path, planned: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    # The base plan passed; its verdict and plan are copied over app's.
    write_verdict("base", planned / "base" / "base.tfplan", 0, "c0ffee")
    shutil.copy(planned / "base" / "base.verdict.json", planned / "app" / "app.verdict.json")
    assert _apply(synth_copy, planned, "--stack", "app") == 2
    assert _one_line_error(capsys) == ("error: refusing to apply app: the verdict is for "
                                       "stack 'base'")


@pytest.mark.parametrize("code", [1, 2])
def test_a_failing_verdict_is_refused(synth_copy: Path, planned: Path, code: int,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    write_verdict("app", planned / "app" / "app.tfplan", code, "c0ffee")
    assert _apply(synth_copy, planned, "--stack", "app") == 2
    assert _one_line_error(capsys) == ("error: refusing to apply app: the gate did not pass "
                                       f"this plan (gate exit {code})")


def test_an_edited_verdict_is_refused(synth_copy: Path, planned: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = write_verdict("app", planned / "app" / "app.tfplan", 1, "c0ffee")
    record = json.loads(path.read_text())
    record["passed"] = True  # the attacker flips the flag but not the exit code
    path.write_text(json.dumps(record))
    assert _apply(synth_copy, planned, "--stack", "app") == 2
    assert "the gate did not pass this plan (gate exit 1)" in _one_line_error(capsys)


def test_a_plan_from_another_commit_is_refused(synth_copy: Path, planned: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    write_verdict("app", planned / "app" / "app.tfplan", 0, "feature-branch-sha")
    assert _apply(synth_copy, planned, "--stack", "app", "--expect-commit", "main-sha") == 2
    assert _one_line_error(capsys) == ("error: refusing to apply app: the plan was made from "
                                       "commit feature-branch-sha, expected main-sha")


def test_with_a_key_a_forged_verdict_is_refused(synth_copy: Path, planned: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    plan = planned / "app" / "app.tfplan"
    write_verdict("app", plan, 0, "c0ffee")  # written without the key: no signature
    monkeypatch.setenv(KEY_ENV, "ci-secret")
    assert _apply(synth_copy, planned, "--stack", "app") == 2
    assert _one_line_error(capsys).startswith("error: refusing to apply app: the verdict's "
                                              "signature does not match")
    write_verdict("app", plan, 0, "c0ffee")  # signed with the key
    assert _apply(synth_copy, planned, "--stack", "app") == 0


def test_apply_all_checks_every_stack_before_applying_it(
        synth_copy: Path, planned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_verdict("base", planned / "base" / "base.tfplan", 0, "c0ffee")
    write_verdict("app", planned / "app" / "app.tfplan", 0, "c0ffee")
    # needs-aws has no saved plan: --all stops there, after base and app were applied.
    assert _apply(synth_copy, planned, "--all") == 2
    assert "no saved plan for stack needs-aws" in _one_line_error(capsys)
    assert _state(synth_copy).is_file()
