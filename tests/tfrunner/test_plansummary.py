"""Plan summaries from plan JSON: counts, replacements and their reasons, bad shapes."""

from __future__ import annotations

import pytest

from tfrunner.plansummary import PlanFormatError, path_text, summarize


def _rc(address: str, actions: list[str], **extra: object) -> dict[str, object]:
    return {"address": address, "mode": "managed", "change": {"actions": actions, **extra}}


def test_counts_like_terraform() -> None:
    plan = {"format_version": "1.2", "resource_changes": [
        _rc("a.x", ["create"]), _rc("b.y", ["update"]), _rc("c.z", ["delete"]),
        _rc("d.w", ["no-op"]),
        {**_rc("e.v", ["create", "delete"], replace_paths=[["tags", "Name"], ["rule", 0]]),
         "action_reason": "replace_by_request"},
    ], "resource_drift": [_rc("b.y", ["update"])]}
    s = summarize("st", plan)
    assert (s.adds, s.changes, s.destroys, s.drifted) == (2, 1, 2, 1)
    assert [(r.address, r.order, r.reason, r.paths) for r in s.replacements] == [
        ("e.v", "create, delete", "replacement was requested (-replace)",
         ("tags.Name", "rule[0]"))]
    assert dict(s.changed)["e.v"] == "replace" and "d.w" not in dict(s.changed)


def test_path_text() -> None:
    assert path_text(["tags", "kubernetes.io/role"]) == 'tags["kubernetes.io/role"]'
    assert path_text([]) == "(root)"


@pytest.mark.parametrize("plan", [{}, {"format_version": "1.2", "resource_changes": {}},
                                  {"format_version": "1.2", "resource_changes": [{"x": 1}]}])
def test_bad_shapes(plan: dict[str, object]) -> None:
    with pytest.raises(PlanFormatError):
        summarize("st", plan)


def test_an_unknown_plan_format_major_version_is_refused() -> None:
    plan = {"format_version": "2.0", "resource_changes": [], "planned_values": {}}
    with pytest.raises(PlanFormatError) as info:
        summarize("app", plan)
    assert str(info.value) == ("plan of stack app has plan format_version '2.0'; only format "
                               "version 1.x is supported")
