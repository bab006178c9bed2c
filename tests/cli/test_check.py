"""``python main.py check`` as a program: exit codes, one-line errors, report files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "gate"
CLEAN = FIXTURES / "unscanned" / "cdk.tf.json"
CUSTOM = FIXTURES / "databases" / "cdk.tf.json"


def check(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "check", *args], cwd=REPO,
                          capture_output=True, text=True, env={**os.environ, **(env or {})},
                          check=False)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], text: str) -> None:
    assert proc.returncode == 2
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1 and text in errors[0]
    assert "Traceback" not in proc.stderr


def test_clean_input_exits_0_and_writes_a_json_report(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "gate.json"
    proc = check("--input", str(CLEAN), "--format", "json", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    data = json.loads(out.read_text())
    assert data["result"] == "PASSED" and data["checkov"]["ran"] is True


def test_findings_exit_1_with_sarif_on_stdout() -> None:
    proc = check("--input", str(CUSTOM), "--format", "sarif")
    assert proc.returncode == 1, proc.stderr
    sarif = json.loads(proc.stdout)
    assert "CKV_AWS_16" in {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert "running Checkov" in proc.stderr  # progress goes to stderr


def test_missing_input_is_one_line_exit_2(tmp_path: Path) -> None:
    assert_one_line_error(check("--input", str(tmp_path / "nope")), "no such file")


def test_truncated_json_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "cut.tf.json"
    bad.write_text(CLEAN.read_text()[:40])
    assert_one_line_error(check("--input", str(bad)), "JSON at line")


def test_crashing_checkov_is_one_line_exit_2(tmp_path: Path) -> None:
    fake = tmp_path / "checkov"
    fake.write_text("#!/bin/sh\necho 'Segmentation fault' >&2\nexit 139\n")
    fake.chmod(0o755)
    proc = check("--input", str(CLEAN), env={"CHECKOV_BIN": str(fake)})
    assert_one_line_error(proc, "Checkov exited with status 139: Segmentation fault")


def test_output_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    assert_one_line_error(check("--input", str(CLEAN), "--output", str(tmp_path)),
                          "is a directory")


def test_malformed_waivers_exit_2(tmp_path: Path) -> None:
    waivers = tmp_path / "w.toml"
    waivers.write_text('[[waiver]]\npolicy_id = "CKV_AWS_1"\nresource = "*"\n')
    proc = check("--input", str(CLEAN), "--waivers", str(waivers))
    assert_one_line_error(proc, "malformed waiver file")
    assert "missing" in proc.stderr


def test_help_lists_the_options() -> None:
    proc = check("--help")
    assert proc.returncode == 0
    for option in ("--input", "--format", "--output", "--waivers", "--config"):
        assert option in proc.stdout
