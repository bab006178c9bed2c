"""Synthesize the app into a folder, safely and reproducibly.

The output folder is either new, empty, or an earlier synth output (it has a
``manifest.json``); anything else is refused so that nothing the user wrote is lost.
Stale stack folders from an earlier synth are removed first, so the folder holds
exactly what this config produces.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from regions import PlatformConfig


def default_outdir() -> Path:
    """``$CDKTF_OUTDIR`` (set by the cdktf CLI) or ``cdktf.out``: where synth writes and
    where check, plan and drift look by default."""
    return Path(os.environ.get("CDKTF_OUTDIR") or "cdktf.out")


class OutputDirError(ValueError):
    """The output folder holds something that is not ours to overwrite."""


def prepare_outdir(outdir: Path) -> None:
    """Create ``outdir`` or clear an earlier synth output in it; refuse anything else."""
    if outdir.exists() and not outdir.is_dir():
        raise OutputDirError(f"output path {outdir} exists and is not a folder")
    if outdir.is_dir() and any(outdir.iterdir()):
        if not (outdir / "manifest.json").is_file():
            raise OutputDirError(
                f"refusing to write into {outdir}: it is not empty and holds no manifest.json "
                "(not a synth output)"
            )
        (outdir / "manifest.json").unlink()
        shutil.rmtree(outdir / "stacks", ignore_errors=True)
    outdir.mkdir(parents=True, exist_ok=True)


def synthesize(
    config: PlatformConfig,
    outdir: Path,
    progress: Callable[[str], None] = lambda _msg: None,
) -> list[str]:
    """Synthesize every stack of ``config`` into ``outdir``; returns the stack names.

    The output is also kept in a content-addressed cache keyed by everything that can change
    it (:func:`cache.keys.synth_key`): the same config, sources, lock files and tool versions
    give the cached, byte-identical output in well under a second instead of a 30-60 s synth.
    """
    from cache.keys import synth_key
    from cache.store import load_tree, store_tree

    prepare_outdir(outdir)
    key = synth_key(repr(config))
    if load_tree("synth", key, outdir):
        progress(f"sources, config and tools unchanged: synth output from the cache ({key[:12]})")
        return _stack_names(outdir)
    progress("loading cdktf and the AWS provider (jsii; takes 20-60 s)")
    from cdktf import TerraformStack

    from stacks.boundary import bound_workload_roles
    from stacks.composition import compose

    app = compose(config, str(outdir))
    # Every role without a boundary of its own gets the workload boundary (issue 8.6).
    bound_workload_roles([c for c in app.node.children if isinstance(c, TerraformStack)],
                         f"{config.project}-{config.environment}")
    progress("synthesizing stacks")
    app.synth()
    store_tree("synth", key, outdir)
    return _stack_names(outdir)


def _stack_names(outdir: Path) -> list[str]:
    manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    return sorted(manifest["stacks"])
