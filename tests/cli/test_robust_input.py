"""Issue 8.7 through ``main.py check`` as a program: a device or FIFO as input (no hang), an
unknown plan ``format_version``, ``--output`` problems found before anything is scanned, and
sensitive plan values never printed in any report format. Each is exit 2 with one line, or
(sensitive values) a normal verdict with the values masked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
CLEAN = FIXTURES / "gate" / "unscanned" / "cdk.tf.json"
SENSITIVE_PLAN = FIXTURES / "issue8" / "sensitive_plan" / "plan.json"
#: Every string the fixture plan marks sensitive (after_sensitive / sensitive_values).
SECRETS = ("Ident_Secret_4242!", "Plan-Secret-Pw-7731", "Tag-Secret-9911", "Sg-Secret-Name-5150",
           "Desc-Secret-6060", "Rule-Secret-3030", "bucket-secret-name-8080")


def check(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "check", "-q", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
                               **(env or {})})


def one_line_error(proc: subprocess.CompletedProcess[str], text: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], lines
    assert "Traceback" not in proc.stderr


def test_a_device_as_input_is_refused() -> None:
    one_line_error(check("--input", "/dev/null"), "is a device, not a regular file")


def test_a_fifo_as_input_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    one_line_error(check("--input", str(fifo)), "is a FIFO, not a regular file")


def test_an_unknown_plan_format_version_is_refused() -> None:
    # A real refresh-only plan whose format_version was changed to 2.0.
    one_line_error(check("--input", str(FIXTURES / "drift" / "format-v2.json")),
                   "plan format_version '2.0' is not supported")


@pytest.mark.parametrize("where", ["under-a-file", "fifo", "read-only-folder"])
def test_output_problems_are_found_before_the_scan(tmp_path: Path, where: str) -> None:
    marker = tmp_path / "checkov-ran"
    fake = tmp_path / "checkov"
    fake.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    fake.chmod(0o755)
    if where == "under-a-file":
        (tmp_path / "blocker").write_text("x")
        output, text = tmp_path / "blocker" / "reports" / "gate.json", "is not a folder"
    elif where == "fifo":
        output, text = tmp_path / "gate.json", "is not a regular file"
        os.mkfifo(output)
    else:
        if os.geteuid() == 0:
            pytest.skip("root may write anywhere")
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        output, text = locked / "gate.json", "cannot write in"
    proc = check("--input", str(CLEAN), "--output", str(output), env={"CHECKOV_BIN": str(fake)})
    one_line_error(proc, text)
    assert not marker.exists()  # refused before Checkov (or anything else) ran


@pytest.fixture(scope="module")
def sensitive_run() -> subprocess.CompletedProcess[str]:
    return check("--input", str(SENSITIVE_PLAN), "--format", "json")


def test_sensitive_plan_values_are_never_printed(
        sensitive_run: subprocess.CompletedProcess[str]) -> None:
    assert sensitive_run.returncode == 1, sensitive_run.stderr  # still judged, values masked
    printed = sensitive_run.stdout + sensitive_run.stderr
    assert "HAP_APV_003" in printed and "(sensitive value)" in printed
    for secret in SECRETS:
        assert secret not in printed, secret


@pytest.mark.parametrize("fmt", ["text", "sarif", "junit", "markdown"])
def test_sensitive_plan_values_are_in_no_report_format(fmt: str) -> None:
    from policies.gate import run_gate
    from policies.reports import render

    report = render(run_gate([SENSITIVE_PLAN], waivers=None, checkov=False), fmt)
    assert "(sensitive value)" in report
    for secret in SECRETS:
        assert secret not in report, secret
