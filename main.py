"""Composition root and entry point.

``python main.py`` (what ``cdktf synth`` runs, see cdktf.json) synthesizes every stack
into ``$CDKTF_OUTDIR`` or ``cdktf.out/``; ``python main.py COMMAND --help`` lists the rest.
Config flows one way: ``regions/`` -> :func:`build_app` -> stacks -> ``modules/``.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

# jsii prints a large banner on Node 20; silence it before anything imports cdktf.
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")

if TYPE_CHECKING:
    from cdktf import App

    from regions import PlatformConfig


def build_app(config: PlatformConfig, outdir: str) -> App:
    """Create the CDKTF app with every stack for ``config``; call ``.synth()`` on it."""
    from stacks.composition import compose

    return compose(config, outdir)


if __name__ == "__main__":
    from cli import main

    sys.exit(main())
