"""The one list of report formats, read by the renderers, the CLI's ``--format`` choices and
the tests. Imports nothing, so the CLI can build its parser without loading a renderer."""

from __future__ import annotations

#: Formats of the gate's report (``check``, and the findings of ``plan``).
GATE_FORMATS: tuple[str, ...] = ("text", "json", "sarif", "junit", "markdown")
#: Formats of the other reports (``plan`` summaries, ``drift``, ``estimate``): the gate's
#: formats without the two that only describe findings (SARIF, JUnit).
SUMMARY_FORMATS: tuple[str, ...] = tuple(f for f in GATE_FORMATS if f not in ("sarif", "junit"))
