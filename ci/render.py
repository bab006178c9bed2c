"""Render ``.github/workflows/*.yml``, ``.github/CODEOWNERS`` and ``docs/runbooks/<region>.md``
from the config.

``python -m ci.render`` rewrites the committed files (only those it owns);
``python -m ci.render --check`` writes nothing and exits 1 listing the stale ones.
Bad config: one line, exit 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import jinja2

from ci.context import workflow_context
from ci.runbook import runbook_context
from regions import ConfigError, PlatformConfig, load_config

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
WORKFLOWS = ("pull-request", "apply", "drift")


@cache
def _workflow_env() -> jinja2.Environment:
    """GitHub's ``${{ }}`` stays literal: our delimiters are ``<< >>`` and ``<% %>``."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        variable_start_string="<<", variable_end_string=">>",
        block_start_string="<%", block_end_string="%>",
        comment_start_string="<#", comment_end_string="#>",
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, autoescape=False,
    )


@cache
def _doc_env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
    )


def rendered(config: PlatformConfig) -> dict[Path, str]:
    """Path (relative to the repository) -> content, for every file this module owns."""
    out: dict[Path, str] = {}
    ctx = workflow_context(config)
    for name in WORKFLOWS:
        template = _workflow_env().get_template(f"workflows/{name}.yml.j2")
        out[Path(".github/workflows") / f"{name}.yml"] = template.render(**ctx)
    codeowners = _workflow_env().get_template("CODEOWNERS.j2")
    out[Path(".github/CODEOWNERS")] = codeowners.render(team=config.platform_team_handle)
    runbook = _doc_env().get_template("runbook.md.j2")
    for region in config.regions:
        out[Path("docs/runbooks") / f"{region.region}.md"] = runbook.render(
            **runbook_context(config, region))
    return out


def stale(config: PlatformConfig, root: Path = REPO) -> list[Path]:
    """Owned files whose committed content differs from the rendering."""
    result = []
    for rel, text in rendered(config).items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            result.append(rel)
    return result


def write(config: PlatformConfig, root: Path = REPO) -> list[Path]:
    """Write every owned file; returns the paths written."""
    written = []
    for rel, text in rendered(config).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(rel)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: render, or ``--check``."""
    parser = argparse.ArgumentParser(prog="python -m ci.render", description=__doc__)
    parser.add_argument("--config", type=Path, default=None, help="platform config TOML")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if stale")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"error: invalid config: {exc}", file=sys.stderr)
        return 2
    if args.check:
        old = stale(config)
        for rel in old:
            print(f"stale: {rel} (run `python -m ci.render`)", file=sys.stderr)
        return 1 if old else 0
    for rel in write(config):
        print(f"wrote {rel}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
