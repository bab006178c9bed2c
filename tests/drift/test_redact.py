"""Sensitive plan values never leave the runner: real plans from the embedded Terraform with
sensitive inputs, a sensitive variable and output, and values whose shape changes between
state and plan (sensitive map -> list, bool -> nested object, a whole block sensitive)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drift.diff import attribute_changes
from drift.redact import redact_plan, sensitive_strings
from tfrunner.__main__ import main as tfrunner_main
from tfrunner.terraform import EmbeddedTerraform

CONFIG = """
variable "db_password" {
  type      = string
  sensitive = true
  default   = "%(var)s"
}
resource "terraform_data" "shape" {
  input = %(shape)s
}
resource "terraform_data" "whole" {
  input = sensitive({ token = "%(whole)s", nested = { deep = "x" } })
}
resource "terraform_data" "pw" {
  input = var.db_password
}
output "conn" {
  value     = "postgres://u:${var.db_password}@db"
  sensitive = true
}
"""


def _tf(embedded: EmbeddedTerraform, folder: Path, *args: str) -> str:
    result = embedded.run(list(args), chdir=folder, env={"TF_DATA_DIR": str(folder / ".tf")})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def shape_change_plan(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Apply a sensitive map and bool, then plan them as a list and a nested object."""
    embedded = EmbeddedTerraform()
    folder = tmp_path_factory.mktemp("redact")
    main_tf = folder / "main.tf"
    main_tf.write_text(CONFIG % {"var": "SECRET-VAR-1", "whole": "SECRET-WHOLE-1",
                                 "shape": 'sensitive({ k = "SECRET-MAP-1" })'})
    _tf(embedded, folder, "init", "-no-color", "-input=false")
    _tf(embedded, folder, "apply", "-no-color", "-input=false", "-auto-approve")
    main_tf.write_text(CONFIG % {"var": "SECRET-VAR-2", "whole": "SECRET-WHOLE-2",
                                 "shape": '[sensitive("SECRET-LIST-2"), { on = sensitive(true) '
                                          '}]'})
    _tf(embedded, folder, "plan", "-no-color", "-input=false", "-out=p.tfplan")
    plan = json.loads(_tf(embedded, folder, "show", "-json", "p.tfplan"))
    assert isinstance(plan, dict)
    return plan


SECRETS = ("SECRET-VAR-1", "SECRET-VAR-2", "SECRET-WHOLE-1", "SECRET-WHOLE-2", "SECRET-MAP-1",
           "SECRET-LIST-2")


def test_the_raw_plan_does_hold_the_secrets(shape_change_plan: dict[str, object]) -> None:
    # The oracle: Terraform itself writes them in clear, so redaction has work to do.
    raw = json.dumps(shape_change_plan)
    assert all(secret in raw for secret in SECRETS)


def test_redacted_plan_holds_none_and_keeps_the_rest(
        shape_change_plan: dict[str, object]) -> None:
    redacted = redact_plan(shape_change_plan)
    text = json.dumps(redacted)
    assert [s for s in SECRETS if s in text] == []
    assert "SECRET" not in text
    changes = {rc["address"]: rc["change"]["actions"]
               for rc in redacted["resource_changes"]}  # type: ignore[index]
    assert changes["terraform_data.shape"] == ["update"]
    assert shape_change_plan != redacted  # the input was not modified in place
    assert "SECRET-MAP-1" in json.dumps(shape_change_plan)


def test_drift_diff_never_prints_them_when_the_shape_changes(
        shape_change_plan: dict[str, object]) -> None:
    for rc in shape_change_plan["resource_changes"]:  # type: ignore[attr-defined]
        change = rc["change"]
        if change["before"] is None or change["after"] is None:
            continue
        shown = repr(attribute_changes(change["before"], change["after"],
                                       change.get("before_sensitive", False),
                                       change.get("after_sensitive", False),
                                       sensitive_strings(shape_change_plan)))
        assert "SECRET" not in shown, rc["address"]


@pytest.mark.parametrize(("before", "after", "bmark", "amark"), [
    ({"m": {"k": "SECRET-A"}}, {"m": ["SECRET-B"]}, {"m": {"k": True}}, {"m": [True]}),
    ({"b": False}, {"b": {"inner": {"x": "SECRET-B"}}}, {}, {"b": {"inner": {"x": True}}}),
    ({"blk": [{"p": "SECRET-A"}]}, {"blk": [{"p": "SECRET-B"}]}, True, True),
])
def test_hand_made_shape_changes_are_masked(before: dict[str, object], after: dict[str, object],
                                            bmark: object, amark: object) -> None:
    change = {"before": before, "after": after, "before_sensitive": bmark,
              "after_sensitive": amark}
    plan = {"format_version": "1.2", "resource_changes": [
        {"address": "x.y", "type": "x", "change": change}]}
    assert "SECRET" not in json.dumps(redact_plan(plan))
    assert "SECRET" not in repr(attribute_changes(before, after, bmark, amark))


def test_redact_command(shape_change_plan: dict[str, object], tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "app.json", tmp_path / "app.redacted.json"
    source.write_text(json.dumps(shape_change_plan))
    assert tfrunner_main(["redact", str(source), str(target)]) == 0
    assert "SECRET" not in target.read_text()
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"format_version": "1.0", "values": {}}))
    assert tfrunner_main(["redact", str(state), str(target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is a state" in err[0]


def test_drift_reports_never_print_them(shape_change_plan: dict[str, object]) -> None:
    from drift.detect import detect
    from drift.report import to_json, to_markdown, to_text

    # The real changes, presented as drift (same change objects and marks).
    plan = dict(shape_change_plan, resource_drift=shape_change_plan["resource_changes"])
    report = detect([("s", "s.json", plan)])
    assert report.exit_code == 1
    for render in (to_text, to_json, to_markdown):
        out = render(report)
        assert "terraform_data.shape" in out and "SECRET" not in out
