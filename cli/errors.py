"""Exit codes and the one error type the CLI turns into a one-line message."""

from __future__ import annotations

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_TROUBLE = 2


class UserError(Exception):
    """Trouble the user can fix (bad input, missing file, tool missing): exit 2, one line.

    Library code raises its own errors (``ConfigError``, loader errors, ...); commands
    translate them into ``UserError`` with a message naming the problem.
    """
