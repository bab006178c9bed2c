"""Stack order through graphlib: hand-drawn graphs, their expected order, cycles named."""

from __future__ import annotations

import pytest

from ordering import DependencyCycle, dependency_order

Graph = list[tuple[str, tuple[str, ...]]]


def order(graph: Graph) -> list[str]:
    return [n for n, _ in dependency_order(graph, lambda i: i[0], lambda i: i[1])]


def test_each_item_comes_after_what_it_needs_and_ties_keep_input_order() -> None:
    # d needs c, c needs a; b needs nothing: b stays where it was relative to a.
    graph: Graph = [("d", ("c",)), ("a", ()), ("c", ("a",)), ("b", ())]
    assert order(graph) == ["a", "c", "d", "b"]
    assert order([("x", ()), ("y", ()), ("z", ())]) == ["x", "y", "z"]


def test_names_outside_the_items_are_ignored() -> None:
    assert order([("a", ("elsewhere",)), ("b", ("a",))]) == ["a", "b"]


def test_a_cycle_is_named_as_a_loop() -> None:
    with pytest.raises(DependencyCycle) as excinfo:
        order([("a", ("c",)), ("b", ("a",)), ("c", ("b",)), ("d", ())])
    loop = str(excinfo.value).split(" -> ")
    assert loop[0] == loop[-1] and sorted(loop[:-1]) == ["a", "b", "c"]
    with pytest.raises(DependencyCycle, match="^a -> a$"):
        order([("a", ("a",))])
