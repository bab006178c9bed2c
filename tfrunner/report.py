"""Shared report helpers: the jinja2 environment over ``templates/`` and findings as JSON."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from policies.findings import Finding

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def md_cell(value: object) -> str:
    """A value safe inside a Markdown table cell (pipes escaped, one line)."""
    return " ".join(str(value).split()).replace("|", "\\|")


@cache
def environment() -> jinja2.Environment:
    """Templates from ``templates/``; undefined names fail loudly, output is deterministic."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_cell
    return env


def render(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` with ``context``."""
    return environment().get_template(template).render(**context)


def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding in the contract's JSON shape (policy_id, source, resource, stack, ...)."""
    return {
        "policy_id": f.policy_id,
        "source": f.source,
        "resource": f.resource,
        "stack": f.stack,
        "severity": f.severity.value,
        "enforcement": f.enforcement.value,
        "outcome": f.outcome.value,
        "waived": f.waived,
        "blocks": f.blocks,
        "message": f.message,
    }
