"""``--stack``: one stack and what it depends on, in manifest order; the drifted attributes
of a refresh-only plan entry. Fast: no Terraform, no emulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from rehearsal.process import RehearsalError
from rehearsal.run import _selected
from rehearsal.tf_output import changed_attributes
from tfrunner.manifest import ManifestStack


def _stack(name: str, *deps: str) -> ManifestStack:
    return ManifestStack(name, Path(name), Path(name) / "cdk.tf.json", deps)


MANIFEST = [_stack("state-a"), _stack("state-b"), _stack("global", "state-a"),
            _stack("app-b", "state-b", "global"), _stack("edge", "global", "app-b")]


def test_a_stack_runs_with_what_it_depends_on_transitively_in_manifest_order() -> None:
    assert [s.name for s in _selected(MANIFEST, ("app-b",))] == [
        "state-a", "state-b", "global", "app-b"]
    assert [s.name for s in _selected(MANIFEST, ("state-b", "global"))] == [
        "state-a", "state-b", "global"]
    assert [s.name for s in _selected(MANIFEST, ())] == [s.name for s in MANIFEST]


def test_an_unknown_stack_is_an_error_naming_it() -> None:
    with pytest.raises(RehearsalError, match="no stack named nope"):
        _selected(MANIFEST, ("nope",))


def test_changed_attributes_are_the_top_level_keys_whose_value_differs() -> None:
    change = {"before": {"a": 1, "b": [1], "c": None}, "after": {"a": 1, "b": [2], "d": "x"}}
    assert changed_attributes(change) == ["b", "d"]
    assert changed_attributes({"before": {"a": 1}, "after": None}) == ["(deleted)"]
