"""No back-imports: the module import graph (lazy imports included, type-only ones not) has
no cycle that crosses a package boundary, and the light entry points load alone."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from tests.conftest import REPO

_SKIP = {".venv", ".venv-checkov", "node_modules", "tests", "cdktf.out", "cache"}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in REPO.rglob("*.py"):
        rel = path.relative_to(REPO)
        if rel.parts[0] in _SKIP or rel.parts[0].startswith("."):
            continue
        name = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
        found[name] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> our modules it imports anywhere in its body (not under TYPE_CHECKING)."""
    modules = _modules()
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(node) for n in ast.walk(tree)
                       if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
                       for stmt in n.body for node in ast.walk(stmt)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            edges[name] |= {t for t in targets if t in modules and t != name}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            v, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[v] = min(low[v], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp: set[str] = set()
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.add(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(comp)
    return out


def test_the_cycle_finder_finds_a_hand_made_cycle() -> None:
    edges = {"a.x": {"b.y"}, "b.y": {"c.z"}, "c.z": {"a.x"}, "d": {"a.x"}}
    assert cycles(edges) == [{"a.x", "b.y", "c.z"}]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_crosses_a_package() -> None:
    crossing = [sorted(c) for c in cycles(import_graph())
                if len({m.split(".")[0] for m in c}) > 1]
    assert crossing == []


def test_the_named_back_imports_are_gone() -> None:
    edges = import_graph()
    # stacks/synth.py -> main -> stacks, and cli <-> tfrunner (issue 13, point 5)
    for module, targets in edges.items():
        if module.startswith("stacks"):
            assert not {t for t in targets if t == "main" or t.startswith("cli")}, module
        if module.startswith("tfrunner"):
            assert not {t for t in targets if t.startswith("cli")}, module
    assert any(t.startswith("tfrunner") for m, ts in edges.items() if m.startswith("cli")
               for t in ts)  # the one direction that remains


def test_light_entry_points_load_alone_without_cdktf() -> None:
    code = ("import sys, cli, cli.check, tfrunner, tfrunner.manifest, stacks.names, regions; "
            "heavy = sorted(m for m in ('main', 'cdktf', 'stacks.composition') "
            "if m in sys.modules); print(heavy)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
