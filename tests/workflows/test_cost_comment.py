"""Issue 12.5: the pull-request workflow's cost-of-change steps, run as GitHub would run them.

The script of the workflow's estimate step is taken from the rendered YAML and executed by
bash in a scratch checkout (symlinks to this repository) whose ``cdktf.out`` is the session
synth and whose ``base.out`` lacks one GuardDuty detector. The expected delta is computed by
hand from the detector's documented usage: 5M CloudTrail events at $4/M, 200 GB of flow/DNS
logs at $1/GB and 100M S3 data events at $0.80/M.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from ci.render import REPO

DETECTOR_MONTHLY = 5 * 4.0 + 200 * 1.0 + 100 * 0.80  # = 300.00 USD


def _gate_steps() -> dict[str, dict[str, Any]]:
    wf = YAML(typ="safe").load((REPO / ".github/workflows/pull-request.yml").read_text())
    return {step["name"]: step for step in wf["jobs"]["gate"]["steps"]}


@pytest.fixture
def checkout(synth_dir: Path, tmp_path: Path) -> Path:
    """A scratch checkout: the repository by symlinks, head and base synth output as files."""
    for entry in REPO.iterdir():
        if entry.name not in ("cdktf.out", "base.out", "pr-comment", ".git"):
            (tmp_path / entry.name).symlink_to(entry)
    shutil.copytree(synth_dir, tmp_path / "cdktf.out")
    shutil.copytree(synth_dir, tmp_path / "base.out")
    app = tmp_path / "base.out/stacks/app-eu-west-1/cdk.tf.json"
    doc = json.loads(app.read_text())
    assert len(doc["resource"].pop("aws_guardduty_detector")) == 1
    app.write_text(json.dumps(doc))
    (tmp_path / "pr-comment").mkdir()
    return tmp_path


def _run_cost_step(checkout: Path, base_outcome: str) -> tuple[int, str]:
    step = _gate_steps()["Cost of this change (estimate of the head against the base)"]
    assert step["env"] == {"BASE_SYNTH": "${{ steps.base-synth.outcome }}"}
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=checkout, text=True,
                          capture_output=True, env={"BASE_SYNTH": base_outcome,
                                                    "PATH": "/usr/bin:/bin",
                                                    "HAP_NO_CACHE": "1"}, check=False)
    return proc.returncode, (checkout / "pr-comment/cost.md").read_text()


def test_the_base_is_synthesized_from_the_base_checkout() -> None:
    steps = _gate_steps()
    assert steps["Check out the base branch"]["with"]["ref"] == (
        "${{ github.event.pull_request.base.sha }}")
    base = steps["Synthesize the base branch (for the cost of this change)"]
    assert base["working-directory"] == "base" and base["id"] == "base-synth"
    assert "--output ../base.out" in base["run"]
    names = list(steps)
    assert names.index("Cost of this change (estimate of the head against the base)") < (
        names.index("Keep the pull-request comment sections"))


def test_the_cost_comment_shows_the_change_against_the_base(checkout: Path) -> None:
    rc, md = _run_cost_step(checkout, "success")
    assert rc == 0, md
    assert "**Cost of this change:**" in md
    assert f"(+{DETECTOR_MONTHLY:,.2f} USD / month)" in md
    assert "`aws_guardduty_detector.guardduty_detector`" in md


def test_a_base_that_did_not_synthesize_still_gets_the_heads_estimate(checkout: Path) -> None:
    rc, md = _run_cost_step(checkout, "failure")
    assert rc == 0, md
    assert md.startswith("### Platform estimate: $") and "Cost of this change" not in md


def test_trouble_fails_the_step(checkout: Path) -> None:
    (checkout / "base.out/stacks/app-eu-west-1/cdk.tf.json").write_text("{ not json")
    rc, _ = _run_cost_step(checkout, "success")
    assert rc == 1  # `test "$rc" -le 1` fails on estimate's exit 2
