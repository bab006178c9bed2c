"""Progress lines on stderr, so stdout stays machine-readable (shared by cli and tfrunner)."""

from __future__ import annotations

import sys
import time


class Progress:
    """Prints ``[  3.2s] message`` lines to stderr; silent when ``quiet``."""

    def __init__(self, quiet: bool = False) -> None:
        self._start = time.monotonic()
        self._quiet = quiet

    def __call__(self, message: str) -> None:
        if not self._quiet:
            elapsed = time.monotonic() - self._start
            print(f"[{elapsed:5.1f}s] {message}", file=sys.stderr, flush=True)
