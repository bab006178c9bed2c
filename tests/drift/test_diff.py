"""Attribute changes: nested paths, lists, and sensitive values never shown."""

from __future__ import annotations

from drift.diff import AttributeChange, attribute_changes

MASK = "(sensitive)"  # the drift report contract's mask, written out (not drift.diff.MASK)


def test_scalar_nested_and_list_changes() -> None:
    before = {"a": 1, "cfg": [{"status": "Enabled"}], "cidrs": ["10.0.0.0/16"], "same": "x"}
    after = {"a": 0, "cfg": [{"status": "Suspended"}], "cidrs": ["10.0.0.0/16", "0.0.0.0/0"],
             "same": "x"}
    assert attribute_changes(before, after) == [
        AttributeChange("a", 1, 0),
        AttributeChange("cfg[0].status", "Enabled", "Suspended"),
        AttributeChange("cidrs[1]", None, "0.0.0.0/0"),
    ]


def test_marked_sensitive_values_are_masked_on_both_sides() -> None:
    changes = attribute_changes({"token": "t1", "conf": {"k": "old"}},
                                {"token": "t2", "conf": {"k": "new"}},
                                {"conf": {"k": True}}, {"conf": True})
    assert changes == [AttributeChange("conf.k", MASK, MASK),
                       AttributeChange("token", MASK, MASK)]


def test_secret_looking_names_are_masked_even_unmarked() -> None:
    changes = attribute_changes({"master_password": "hunter2"}, {"master_password": "hunter3"})
    assert changes == [AttributeChange("master_password", MASK, MASK)]
    assert "hunter" not in repr(changes)


def test_deleted_or_created_objects_list_no_values() -> None:
    assert attribute_changes({"password": "x"}, None) == []
    assert attribute_changes(None, {"a": 1}) == []
