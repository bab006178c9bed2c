"""HAP_RES_007's allow-list is configuration (issue 8.4: "accounts outside a configured
allow-list"): ``[gate] allowed_accounts`` of the config, or ``check --allowed-account``.

The input is hand-written HCL written by the test: an EU bucket whose policy lets account
999999999999 read its objects (a data action: fails unless that account is allowed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_check import assert_one_line_error, check

READ_GRANT = "aws_s3_bucket_policy.grant"
HCL = """
provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "data" {
  bucket = "eu-data-example"
}

resource "aws_s3_bucket_policy" "grant" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::999999999999:root" }
      Action    = ["s3:GetObject"]
      Resource  = "arn:aws:s3:::eu-data-example/*"
    }]
  })
}
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "tf"
    root.mkdir()
    (root / "main.tf").write_text(HCL, encoding="utf-8")
    return root


def _res_007(folder: Path, *args: str) -> dict[str, str]:
    report = folder.parent / "report.json"
    proc = check("--input", str(folder), "--format", "json", "--output", str(report),
                 "-q", *args)
    assert proc.returncode in (0, 1), proc.stderr
    return {f["resource"]: f["outcome"] for f in json.loads(report.read_text())["findings"]
            if f["policy_id"] == "HAP_RES_007"}


def _config(tmp_path: Path, accounts: str) -> Path:
    path = tmp_path / "gate.toml"
    path.write_text(f"[gate]\nallowed_accounts = {accounts}\n", encoding="utf-8")
    return path


def test_a_grant_to_another_account_fails_by_default(folder: Path) -> None:
    assert _res_007(folder)[READ_GRANT] == "failed"


def test_the_config_allows_an_account(folder: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, '["999999999999"]')
    assert _res_007(folder, "--config", str(config)).get(READ_GRANT) in (None, "passed")


def test_the_flag_replaces_the_config(folder: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, '["999999999999"]')
    got = _res_007(folder, "--config", str(config), "--allowed-account", "111111111111")
    assert got[READ_GRANT] == "failed"
    assert _res_007(folder, "--allowed-account", "999999999999").get(READ_GRANT) in (
        None, "passed")


@pytest.mark.parametrize(("accounts", "flags", "text"), [
    ('["12345"]', (), "gate.allowed_accounts: '12345' is not a 12-digit AWS account id"),
    ('"999999999999"', (), "allowed_accounts"),
    ("[]", ("--allowed-account", "abc"), "--allowed-account: 'abc' is not a 12-digit"),
])
def test_a_bad_account_is_one_line_and_exit_2(
        folder: Path, tmp_path: Path, accounts: str, flags: tuple[str, ...], text: str) -> None:
    proc = check("--input", str(folder), "--config", str(_config(tmp_path, accounts)),
                 "-q", *flags)
    assert_one_line_error(proc, text)
