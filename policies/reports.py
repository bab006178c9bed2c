"""Render a :class:`~policies.gate.GateResult` as text, JSON, SARIF 2.1.0, JUnit or Markdown.

Text, Markdown and JUnit come from jinja2 templates in ``templates/``; JSON and SARIF
are built as dicts and serialized with sorted keys. Output is deterministic.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from policies.findings import Finding
from policies.formats import GATE_FORMATS
from policies.gate import GateResult

FORMATS = GATE_FORMATS
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TOOL_NAME = "ha-platform-gate"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


@cache
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("xml", "xml.j2"),
                                     default_for_string=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )


def status(f: Finding) -> str:
    """``BLOCKS``, ``waived`` or ``advisory``."""
    return "waived" if f.waived else "BLOCKS" if f.blocks else "advisory"


def verdict(result: GateResult) -> str:
    """One word for the run: PASSED, FAILED or ERROR."""
    return {0: "PASSED", 1: "FAILED"}.get(result.exit_code, "ERROR")


def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding as JSON (the contract's fields plus file, line, outcome, blocks)."""
    return {"policy_id": f.policy_id, "source": f.source, "resource": f.resource,
            "stack": f.stack, "severity": f.severity.value, "enforcement": f.enforcement.value,
            "waived": f.waived, "waiver": f.waiver, "message": f.message, "file": f.file,
            "line": f.line, "outcome": f.outcome.value, "blocks": f.blocks}


def to_dict(result: GateResult) -> dict[str, Any]:
    """The whole run as plain data (the JSON report)."""
    return {
        "result": verdict(result), "exit_code": result.exit_code,
        "summary": result.counts(), "inputs": list(result.inputs),
        "stacks": list(result.stacks),
        "checkov": checkov_dict(result),
        "errors": list(result.errors),
        "waiver_issues": [{"kind": i.kind, "waiver": i.waiver, "message": i.message}
                          for i in result.waiver_issues],
        "findings": [finding_dict(f) for f in result.findings],
    }


#: One line per Checkov status, for the text and Markdown reports.
CHECKOV_TEXT = {
    "scanned": "Checkov checked the input",
    "scanned-nothing": "Checkov ran but the input held nothing it checks (0 checks)",
    "skipped": "Checkov was SKIPPED",
    "failed": "Checkov FAILED (see errors)",
    "not-run": "Checkov did not run (the gate stopped before it)",
}


def checkov_dict(result: GateResult) -> dict[str, Any]:
    """The JSON report's Checkov section: ``ran`` is true only when Checkov ran and results
    were read (never for a skipped, failed or never-started scan, nor one that checked
    nothing); ``status`` says which of those it was."""
    state = result.checkov_status
    return {"ran": state == "scanned", "skipped": state == "skipped", "status": state,
            "checks": result.checkov_checks}


def _groups(result: GateResult) -> list[tuple[str, list[Finding]]]:
    stacks: dict[str, list[Finding]] = {}
    for f in result.findings:  # already sorted by severity first
        stacks.setdefault(f.stack, []).append(f)
    return sorted(stacks.items())


def _context(result: GateResult) -> dict[str, Any]:
    return {"r": result, "verdict": verdict(result), "counts": result.counts(),
            "checkov_text": CHECKOV_TEXT[result.checkov_status],
            "groups": _groups(result), "status": status,
            "waivers": {w.id: w for w in result.waivers}}


def render_text(result: GateResult) -> str:
    """The terminal table: per stack, most severe first, then a summary line."""
    rows = [(f.severity.value, f.enforcement.value, status(f), f.policy_id, f.resource)
            for f in result.findings]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in
              enumerate(("SEVERITY", "ENFORCEMENT", "STATUS", "POLICY", "RESOURCE"))]
    return _env().get_template("report.text.j2").render(widths=widths, **_context(result))


def render_markdown(result: GateResult) -> str:
    """A pull-request comment."""
    return _env().get_template("report.markdown.j2").render(md=_md, **_context(result))


def render_junit(result: GateResult) -> str:
    """JUnit XML: a testsuite per stack, a testcase per policy x resource finding."""
    return _env().get_template("report.junit.xml.j2").render(**_context(result))


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _rule_text(finding: Finding) -> dict[str, Any]:
    """SARIF shortDescription/fullDescription/help of a rule: our policy's own metadata
    (name, explanation, category), or for a Checkov id what Checkov says (its check name)."""
    from policies.catalog import POLICIES

    ours = {p.id: p for p in POLICIES}.get(finding.policy_id)
    if ours is not None:
        short, full = ours.name, ours.explanation
        help_text = (f"{ours.name}. {ours.explanation} ({ours.category}; "
                     f"{ours.enforcement.value}; see docs/policies.md)")
    else:
        short = full = finding.message if finding.source == "checkov" else finding.policy_id
        help_text = f"Checkov check {finding.policy_id}: {short}"
    return {"shortDescription": {"text": short}, "fullDescription": {"text": full},
            "help": {"text": help_text}}


def render_sarif(result: GateResult) -> str:
    """SARIF 2.1.0: a rule per policy id, a result per finding, waivers as suppressions."""
    rule_ids = sorted({f.policy_id for f in result.findings})
    first = {rid: next(f for f in result.findings if f.policy_id == rid) for rid in rule_ids}
    rules = [{"id": rid, "name": rid, **_rule_text(first[rid]),
              "properties": {"source": first[rid].source,
                             "severity": first[rid].severity.value,
                             "enforcement": first[rid].enforcement.value}}
             for rid in rule_ids]
    waivers = {w.id: w for w in result.waivers}
    results = []
    for f in result.findings:
        item: dict[str, Any] = {
            "ruleId": f.policy_id, "ruleIndex": rule_ids.index(f.policy_id),
            "level": "error" if f.blocks else "note" if f.waived else "warning",
            "message": {"text": f"{f.resource} ({f.stack}): {f.message}"},
            "locations": [_location(f, result)],
            "properties": {"stack": f.stack, "severity": f.severity.value,
                           "enforcement": f.enforcement.value, "outcome": f.outcome.value},
        }
        if f.waived and f.waiver:
            w = waivers.get(f.waiver)
            reason = f"{w.reason} (owner {w.owner}, expires {w.expires})" if w else f.waiver
            item["suppressions"] = [{"kind": "external", "justification": reason}]
        results.append(item)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": TOOL_NAME, "rules": rules}},
        "results": results,
        "invocations": [{
            "executionSuccessful": not result.errors,
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": e}} for e in result.errors]
            + ([{"level": "warning", "message": {"text": "Checkov was skipped"}}]
               if result.checkov_skipped else []),
        }],
    }
    sarif = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, sort_keys=True) + "\n"


def _location(f: Finding, result: GateResult) -> dict[str, Any]:
    uri = f.file or (result.inputs[0] if result.inputs else f.stack)
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(uri)}}
    if f.line:
        physical["region"] = {"startLine": f.line}
    return {"physicalLocation": physical,
            "logicalLocations": [{"fullyQualifiedName": f"{f.stack}/{f.resource}",
                                  "kind": "resource"}]}


def _uri(path: str) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def render(result: GateResult, fmt: str) -> str:
    """The report in ``fmt`` (one of FORMATS)."""
    if fmt == "json":
        return json.dumps(to_dict(result), indent=2, sort_keys=True) + "\n"
    renderers = {"text": render_text, "markdown": render_markdown, "junit": render_junit,
                 "sarif": render_sarif}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return renderers[fmt](result)
