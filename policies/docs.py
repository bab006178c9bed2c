"""Renders ``docs/policies.md`` from the policy table (``python -m policies.docs``).

The committed file must equal :func:`render` (a test checks it), so the docs never drift
from the rule classes :mod:`policies.catalog` discovers.
"""

from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2

from policies.catalog import POLICIES, Policy
from policies.rules._base import CATEGORIES

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = "policies.md.j2"
OUTPUT = REPO / "docs" / "policies.md"


@dataclass(frozen=True)
class _Row:
    id: str
    name: str
    severity: object
    enforcement: object
    explanation: str
    rule: type
    module: str
    check: str


def _row(p: Policy) -> _Row:
    doc = inspect.getdoc(p) or ""
    return _Row(p.id, p.name, p.severity, p.enforcement, p.explanation, p,
                p.__module__.rsplit(".", 1)[1], " ".join(doc.split()).replace("``", "`"))


def render() -> str:
    """The Markdown policy list."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO / "templates"),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             autoescape=False)
    rows = [_row(p) for p in POLICIES]
    categories: dict[str, list[_Row]] = {c: [] for c in CATEGORIES}
    for p, row in zip(POLICIES, rows, strict=True):
        categories.setdefault(p.category, []).append(row)
    categories = {c: rs for c, rs in categories.items() if rs}
    return env.get_template(TEMPLATE).render(policies=rows, categories=list(categories.items()))


def main() -> int:
    """Write docs/policies.md."""
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(REPO)} ({len(POLICIES)} policies)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
