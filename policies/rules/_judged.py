"""The resource types the gate can judge: Checkov's checks plus our policies.

The table lives in ``_judged_types.txt`` (one type a line, ``#`` comments). Refresh it after
upgrading Checkov or adding a policy for a new type::

    .venv/bin/python -m policies.rules._judged --refresh

which asks the Checkov program for its Terraform checks (``checkov --list``) and adds the types
our rules name. A test checks our rules' types are all in the table.
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("_judged_types.txt")
_TYPE = re.compile(r'"(aws_[a-z0-9_]+)"')


@cache
def judged_types() -> frozenset[str]:
    """Types in the table."""
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return frozenset(s.strip() for s in lines if s.strip() and not s.startswith("#"))


def ours() -> set[str]:
    """``aws_*`` type names our rule files mention (their subjects and what they resolve)."""
    found: set[str] = set()
    for path in Path(__file__).parent.glob("*.py"):
        found.update(_TYPE.findall(path.read_text(encoding="utf-8")))
    return found


def refresh(checkov: str) -> None:
    """Rewrite the table from ``checkov --list`` and our rules."""
    out = subprocess.run([checkov, "--list", "--framework", "terraform"], check=True,
                         capture_output=True, text=True).stdout
    version = subprocess.run([checkov, "--version"], check=True, capture_output=True,
                             text=True).stdout.strip()
    types = set(ours())
    for row in out.splitlines():
        cells = [c.strip() for c in row.split("|")]
        if len(cells) > 4 and cells[3] == "resource" and cells[4].startswith("aws_"):
            types.add(cells[4])
    header = f"# Resource types the gate judges: Checkov {version} checks + our policies.\n"
    TABLE.write_text(header + "".join(f"{t}\n" for t in sorted(types)), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] != ["--refresh"]:
        sys.exit("usage: python -m policies.rules._judged --refresh [CHECKOV]")
    refresh(sys.argv[2] if len(sys.argv) > 2 else ".venv-checkov/bin/checkov")
