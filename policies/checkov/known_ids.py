"""The Checkov check ids the installed Checkov knows, cached as data (``known_ids.txt``).

A waiver naming an id that is neither ours nor in this list is malformed (a typo must not
silently waive nothing). The list is read once from ``checkov --list`` of the pinned
``.venv-checkov`` install; a test re-reads the installed Checkov and compares. Refresh it after
upgrading Checkov with ``python -m policies.checkov.known_ids``.
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

from policies.checkov.runner import checkov_bin

IDS_FILE = Path(__file__).resolve().parent / "known_ids.txt"
#: Frameworks whose checks can name our resources (synth JSON, HCL, plan JSON share them).
FRAMEWORKS = ("terraform",)


@cache
def known_checkov_ids(path: Path = IDS_FILE) -> frozenset[str]:
    """Every check id in the cached list (``#`` lines are comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def cached_version(path: Path = IDS_FILE) -> str:
    """The Checkov version the cached list was read from (its ``# checkov X`` header)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# checkov "):
            return line.removeprefix("# checkov ").split(":", 1)[0].strip()
    return ""


def installed_version() -> str:
    """``checkov --version`` of the installed program."""
    out = subprocess.run([str(checkov_bin()), "--version"], capture_output=True, text=True,
                         check=True, timeout=120)
    return out.stdout.strip()


def installed_ids() -> frozenset[str]:
    """Check ids from the installed Checkov's ``--list`` table (second column)."""
    out = subprocess.run([str(checkov_bin()), "--list", "--framework", *FRAMEWORKS],
                         capture_output=True, text=True, check=True, timeout=300)
    ids = set()
    for line in out.stdout.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 2 and cells[2].startswith("CKV"):
            ids.add(cells[2])
    return frozenset(ids)


def write(path: Path = IDS_FILE) -> None:
    """Refresh the cached list from the installed Checkov."""
    body = "\n".join(sorted(installed_ids()))
    path.write_text(f"# checkov {installed_version()}: check ids of `checkov --list "
                    f"--framework {' '.join(FRAMEWORKS)}`\n{body}\n", encoding="utf-8")


if __name__ == "__main__":
    write()
    sys.stdout.write(f"{len(known_checkov_ids.__wrapped__(IDS_FILE))} ids written to "
                     f"{IDS_FILE}\n")
