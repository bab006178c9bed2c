"""A small content-addressed cache on disk: a key is the SHA-256 of everything that can change
a result, a value is a file (or folder) stored under that key.

Used for the synth output (keyed by the generator's sources, the config, the lock files and the
tool versions) and for Checkov's reports (keyed by the staged input, Checkov's command line,
version and executable). A changed input gives another key, so it always re-runs; nothing is
ever invalidated in place. ``$HAP_CACHE_DIR`` moves the cache (default ``.cache/`` at the repo
root), ``HAP_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def enabled() -> bool:
    """False when ``HAP_NO_CACHE`` is set to a true value."""
    return os.environ.get("HAP_NO_CACHE", "").lower() not in ("1", "true", "yes")


def root(kind: str) -> Path:
    """The cache folder for ``kind`` (``synth``, ``checkov``)."""
    base = Path(os.environ.get("HAP_CACHE_DIR") or REPO / ".cache")
    return base / kind


class Hasher:
    """SHA-256 over labelled parts, so that moving bytes between parts changes the key."""

    def __init__(self, purpose: str) -> None:
        self._h = hashlib.sha256(f"hap-cache-v1:{purpose}\n".encode())

    def text(self, label: str, value: str) -> Hasher:
        """Add a labelled string."""
        return self.bytes(label, value.encode())

    def bytes(self, label: str, value: bytes) -> Hasher:
        """Add labelled bytes (length-prefixed)."""
        self._h.update(f"{label}\0{len(value)}\0".encode())
        self._h.update(value)
        return self

    def file(self, label: str, path: Path) -> Hasher:
        """Add a file's content (a missing file is hashed as missing, not skipped)."""
        try:
            return self.bytes(label, path.read_bytes())
        except FileNotFoundError:
            return self.text(label, "<missing>")

    def tree(self, base: Path, paths: Iterable[Path]) -> Hasher:
        """Add files, labelled by their path relative to ``base``, in sorted order."""
        for p in sorted(paths, key=lambda q: q.relative_to(base).as_posix()):
            self.file(p.relative_to(base).as_posix(), p)
        return self

    def hexdigest(self) -> str:
        """The key."""
        return self._h.hexdigest()


def load_json(kind: str, key: str) -> Any | None:
    """The JSON value stored under ``key``, or None (missing, unreadable or disabled)."""
    if not enabled():
        return None
    try:
        return json.loads((root(kind) / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store_json(kind: str, key: str, value: Any) -> None:
    """Store ``value`` under ``key`` atomically; a cache that cannot be written is skipped."""
    if not enabled():
        return
    folder = root(kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, sort_keys=True)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        return


def load_tree(kind: str, key: str, dest: Path) -> bool:
    """Copy the folder stored under ``key`` into ``dest``; False when there is none."""
    src = root(kind) / key
    if not enabled() or not (src / ".complete").is_file():
        return False
    for item in src.iterdir():
        if item.name == ".complete":
            continue
        target = dest / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target)
    return True


def store_tree(kind: str, key: str, src: Path) -> None:
    """Store a copy of folder ``src`` under ``key`` (complete only once fully copied)."""
    if not enabled():
        return
    folder = root(kind)
    final = folder / key
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder, prefix=".tmp-"))
        shutil.copytree(src, tmp, dirs_exist_ok=True)
        (tmp / ".complete").write_text(key, encoding="utf-8")
        if final.exists():
            shutil.rmtree(tmp)
            return
        os.replace(tmp, final)
    except OSError:
        return
