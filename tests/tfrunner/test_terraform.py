"""Choosing a Terraform: PATH binary >= 1.10, else the embedded one; never a download."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from tfrunner.errors import TerraformError
from tfrunner.terraform import (
    ENV_VAR,
    MIN_VERSION,
    BinaryTerraform,
    EmbeddedTerraform,
    parse_version,
    select_terraform,
)


def _fake_terraform(folder: Path, version: str) -> Path:
    """An executable that answers `version -json` like a Terraform ``version`` would."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "terraform"
    payload = json.dumps({"terraform_version": version})
    path.write_text(f"#!/bin/sh\necho '{payload}'\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_parse_version() -> None:
    assert parse_version("1.11.4") == (1, 11, 4)
    assert parse_version("v1.10.0-beta1") == (1, 10, 0)
    with pytest.raises(ValueError):
        parse_version("banana")


def test_embedded_terraform_runs_for_real(embedded: EmbeddedTerraform, tmp_path: Path) -> None:
    assert embedded.version[:2] >= MIN_VERSION
    result = embedded.run(["version", "-json"], chdir=tmp_path, env={})
    assert result.returncode == 0
    assert json.loads(result.stdout)["terraform_version"].startswith("1.")
    assert "embedded Terraform 1." in embedded.description


def test_choice_embedded() -> None:
    assert isinstance(select_terraform("embedded"), EmbeddedTerraform)


def test_env_var_chooses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "embedded")
    assert isinstance(select_terraform(None), EmbeddedTerraform)


def test_auto_prefers_a_recent_binary_on_path(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_terraform(tmp_path / "bin", "1.12.0")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    chosen = select_terraform("auto")
    assert isinstance(chosen, BinaryTerraform)
    assert chosen.version == (1, 12, 0)


def test_auto_falls_back_to_embedded_when_path_terraform_is_old(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_terraform(tmp_path / "bin", "1.5.7")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert isinstance(select_terraform("auto"), EmbeddedTerraform)


def test_auto_falls_back_to_embedded_without_terraform(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert isinstance(select_terraform("auto"), EmbeddedTerraform)


def test_explicit_old_binary_is_refused(tmp_path: Path) -> None:
    old = _fake_terraform(tmp_path, "1.9.8")
    with pytest.raises(TerraformError, match=r"too old: Terraform >= 1.10 is required"):
        select_terraform(str(old))


def test_explicit_missing_binary(tmp_path: Path) -> None:
    with pytest.raises(TerraformError, match="does not exist or is not executable"):
        select_terraform(str(tmp_path / "nope"))


@pytest.mark.skipif(shutil.which("terraform") is None, reason="no terraform on PATH")
def test_real_path_binary_when_present() -> None:
    found = shutil.which("terraform")
    assert found is not None
    binary = BinaryTerraform(found)
    assert len(binary.version) >= 2
    if binary.version[:2] >= MIN_VERSION:
        assert isinstance(select_terraform("auto"), BinaryTerraform)
    assert os.path.basename(binary.path) == "terraform"
