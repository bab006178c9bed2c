"""Dependency order of named things (stacks), with :mod:`graphlib`: shared by the stack
list derived from the config (``stacks/names.py``) and the runner's reading of cdktf's
manifest (``tfrunner/manifest.py``), so both order and report cycles the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from graphlib import CycleError, TopologicalSorter
from typing import TypeVar

T = TypeVar("T")


class DependencyCycle(ValueError):
    """Items that depend on each other in a loop; the message names the loop."""


def dependency_order(items: Sequence[T], name: Callable[[T], str],
                     needs: Callable[[T], Iterable[str]]) -> list[T]:
    """``items`` reordered so each comes after the items it needs; ties keep input order.
    Names that are not among ``items`` are ignored (the caller decides whether that is an
    error). DependencyCycle naming the loop (``a -> b -> a``) when there is one."""
    index = {name(item): i for i, item in enumerate(items)}
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for item in items:
        sorter.add(name(item), *(d for d in needs(item) if d in index))
    try:
        sorter.prepare()
    except CycleError as exc:
        loop = list(exc.args[1])
        raise DependencyCycle(" -> ".join(loop)) from None
    done: list[T] = []
    ready: list[str] = []
    while sorter.is_active():
        ready = sorted({*ready, *sorter.get_ready()}, key=index.__getitem__)
        first = ready.pop(0)
        done.append(items[index[first]])
        sorter.done(first)
    return done
