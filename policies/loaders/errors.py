"""The one error every loader raises for bad input (one line, naming the file and the problem)."""

from __future__ import annotations


class LoadError(Exception):
    """Input that cannot be loaded: missing path, malformed JSON/HCL, a plan with wrong types,
    an unrecognized file. The message is one line and names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
