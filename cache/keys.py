"""What a cached result depends on: the keys of the synth and of a Checkov run.

A key covers everything that can change the result. For the synth: every source file of the
generator (``main.py``, ``stacks/``, ``modules/``, ``regions/``), the config it reads, the lock
files (``requirements.txt``, ``package-lock.json``, ``cdktf.json``), the installed versions of
cdktf, the AWS provider bindings, jsii and constructs, and the Python and Node versions. For
Checkov: the staged files, the command line (less the temporary folder), the executable and
the installed Checkov version.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from collections.abc import Sequence
from functools import cache
from importlib import metadata
from pathlib import Path

from cache.store import REPO, Hasher

#: Folders and files whose content the synth depends on.
SYNTH_SOURCES: tuple[str, ...] = ("main.py", "stacks", "modules", "regions")
SYNTH_LOCKS: tuple[str, ...] = ("requirements.txt", "package-lock.json", "cdktf.json")
SYNTH_PACKAGES: tuple[str, ...] = ("cdktf", "cdktf-cdktf-provider-aws", "jsii", "constructs")


def _source_files(repo: Path) -> list[Path]:
    files: list[Path] = []
    for name in SYNTH_SOURCES:
        p = repo / name
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files += [f for f in p.rglob("*") if f.is_file() and f.suffix in (".py", ".toml",
                                                                                ".json")
                      and "__pycache__" not in f.parts]
    return files


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "<not installed>"


@cache
def node_version() -> str:
    """``node --version`` (jsii runs the provider bindings on it), or ``<none>``."""
    node = shutil.which("node")
    if node is None:
        return "<none>"
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30,
                             check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "<unknown>"
    return out.stdout.strip() or "<unknown>"


def synth_key(config_text: str, repo: Path = REPO) -> str:
    """The key of a synth of ``config_text`` with this checkout's generator and tools."""
    h = Hasher("synth").text("config", config_text)
    h.tree(repo, _source_files(repo))
    for name in SYNTH_LOCKS:
        h.file(f"lock:{name}", repo / name)
    for package in SYNTH_PACKAGES:
        h.text(f"pkg:{package}", _version(package))
    h.text("python", f"{sys.version} {platform.machine()}").text("node", node_version())
    return h.hexdigest()


def checkov_key(staged_root: Path, args: Sequence[str], executable: Path) -> str:
    """The key of one Checkov run over the staged folder ``staged_root``."""
    h = Hasher("checkov")
    h.text("args", "\0".join(a.replace(str(staged_root), "<ROOT>") for a in args))
    h.file("executable", executable)
    h.text("version", _checkov_version(executable))
    for arg in args:  # e.g. --external-checks-dir: its checks change the results
        folder = Path(arg)
        if arg.startswith("/") and folder.is_dir() and folder != staged_root:
            h.tree(folder, [p for p in folder.rglob("*.py") if "__pycache__" not in p.parts])
    h.tree(staged_root, [p for p in staged_root.rglob("*") if p.is_file()])
    return h.hexdigest()


def _checkov_version(executable: Path) -> str:
    """The installed Checkov's version, read from its environment's package metadata."""
    venv = executable.resolve().parent.parent
    found = sorted(venv.glob("lib/python*/site-packages/checkov-*.dist-info"))
    return found[-1].name if found else f"<no metadata beside {executable}>"
