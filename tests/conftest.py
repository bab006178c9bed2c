"""Shared fixtures. The whole app is synthesized once per test session (jsii loads the
AWS provider assembly in ~20-60 s and ~600 MB; never per test)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
# Every test exercises the real synth and the real Checkov: the content-addressed caches
# (cache/) are off unless a test turns them on in a folder of its own.
os.environ["HAP_NO_CACHE"] = "1"

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real synth of the default config (regions/platform.toml), done once."""
    from regions import load_config
    from stacks.synth import synthesize

    outdir = tmp_path_factory.mktemp("synth") / "cdktf.out"
    synthesize(load_config(), outdir)
    return outdir


@pytest.fixture(scope="session")
def stacks(synth_dir: Path) -> dict[str, dict[str, Any]]:
    """Stack name -> parsed cdk.tf.json of the session synth."""
    manifest = json.loads((synth_dir / "manifest.json").read_text())
    return {
        name: json.loads((synth_dir / entry["synthesizedStackPath"]).read_text())
        for name, entry in manifest["stacks"].items()
    }


def resources_of(stack: dict[str, Any], tf_type: str) -> dict[str, dict[str, Any]]:
    """Resources of ``tf_type`` in a synthesized stack, by name (empty when none)."""
    return dict(stack.get("resource", {}).get(tf_type, {}))


def only(stack: dict[str, Any], tf_type: str) -> dict[str, Any]:
    """The single resource of ``tf_type`` in ``stack`` (fails when there are 0 or 2+)."""
    found = resources_of(stack, tf_type)
    assert len(found) == 1, f"expected one {tf_type}, found {sorted(found)}"
    return next(iter(found.values()))
