"""Progress lines on stderr: lives in the neutral top-level :mod:`progress` (tfrunner uses it
too, and tfrunner must not import cli); re-exported here for the CLI commands."""

from progress import Progress

__all__ = ["Progress"]
