"""Checkov's JSON reports -> one result per (check, resource), mapped to our addresses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from policies.checkov.runner import CheckovError
from policies.checkov.staging import StagedStack


@dataclass(frozen=True)
class CheckResult:
    """One Checkov check on one resource, in our terms."""

    check_id: str
    name: str
    passed: bool
    stack: str
    address: str
    """Terraform address (``aws_s3_bucket.data``, ``data.x.y``, ``provider.aws``)."""
    file: str | None
    line: int | None
    skipped_in_source: bool = False
    """Checkov skipped it because of a ``checkov:skip`` comment in HCL (counts as failed)."""


def parse_results(
    reports: Iterable[Mapping[str, Any]], staged: Mapping[str, StagedStack]
) -> list[CheckResult]:
    """Every passed, failed or source-skipped check in ``reports``; fails closed on parse errors.

    A check skipped by a ``#checkov:skip`` comment is reported as failed: waivers are data
    in waivers.toml (with owner and expiry), not comments that bypass the gate.
    """
    out: list[CheckResult] = []
    for report in reports:
        summary, results = report["summary"], report["results"]
        errors = int(summary.get("parsing_errors") or 0) + len(results.get("parsing_errors", []))
        if errors:
            files = ", ".join(_original(f, staged) for f in results.get("parsing_errors", []))
            raise CheckovError(
                f"Checkov could not parse {files or 'some files'} "
                f"({report.get('check_type', '?')}): a scan that did not run is not a pass"
            )
        for key, passed, skipped in (("passed_checks", True, False),
                                     ("failed_checks", False, False),
                                     ("skipped_checks", False, True)):
            for item in results.get(key, []):
                out.append(_result(item, passed, skipped, staged))
    out.sort(key=lambda r: (r.stack, r.address, r.check_id))
    return out


def _folder(file_path: str) -> str:
    parts = PurePosixPath(file_path).parts
    return parts[1] if parts and parts[0] == "/" and len(parts) > 1 else parts[0]


def _original(file_path: str, staged: Mapping[str, StagedStack]) -> str:
    found = staged.get(_folder(str(file_path)))
    return str(found.source) if found else str(file_path)


def _result(
    item: Mapping[str, Any], passed: bool, skipped: bool, staged: Mapping[str, StagedStack]
) -> CheckResult:
    check_id = str(item.get("check_id"))
    file_path = str(item.get("file_path", ""))
    stack = staged.get(_folder(file_path))
    if stack is None:
        raise CheckovError(f"Checkov reported {check_id} on an unknown file {file_path}")
    start = (item.get("file_line_range") or [0])[0]
    resource = str(item.get("resource", ""))
    file: str | None = str(stack.source)
    line: int | None = None
    address: str | None
    if ".checks.provider." in str(item.get("check_class", "")):
        # Provider checks (credentials in code): HCL names them ``aws.default``.
        name = resource.removeprefix("provider.").removesuffix(".default")
        address = f"provider.{name}"
    elif stack.framework == "terraform_json":
        # Checkov 3.3 names Python-check results ``resource.<name>`` (no type) in
        # terraform_json; the block's first line in our staged copy says which one.
        address = stack.staged_lines.get(start) or _typed(resource)
        line = stack.source_lines.get(address) if address else None
    elif stack.framework == "terraform":
        address = resource
        if stack.tree is not None:  # /s000/<path under the tree>
            parts = PurePosixPath(file_path).parts
            file = str(stack.tree.joinpath(*parts[2 if parts[:1] == ("/",) else 1:]))
        line = start or None
    else:  # terraform_plan: no lines; the address is the plan's own
        address = str(item.get("resource_address") or resource)
    if not address:
        raise CheckovError(
            f"cannot map Checkov result {check_id} on {resource!r} in {stack.source} "
            f"(line {start}) to a Terraform address"
        )
    return CheckResult(check_id, str(item.get("check_name", check_id)), passed, stack.stack,
                       address, file, line, skipped)


def _typed(resource: str) -> str | None:
    """``resource`` when it is already an address (``type.name``, ``provider.x``)."""
    head = resource.split(".", 1)[0]
    return None if head in ("resource", "data", "") else resource
