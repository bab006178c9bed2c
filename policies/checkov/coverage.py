"""Did Checkov check every resource it should have? Compare its resources with our model.

Checkov reports a resource only through the checks that ran on it, so a resource of a
type that no Checkov check reports on never appears in its output (we run Checkov's
built-in checks only: our own policies are Python rules, not Checkov checks).
Those types are listed in the data table ``coverage_types.toml`` (:data:`UNSCANNED_TYPES`),
measured on Checkov 3.3.30 (tests/policies/test_checkov.py runs real Checkov on one resource
of each and asserts it reports none of them). Every other resource of our model must appear in
Checkov's results, and Checkov must report no resource that our model lacks: anything
else means Checkov skipped or misread part of the input, and the gate fails closed.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from policies.checkov.results import CheckResult
from policies.model import Model, Resource, Stack, Unknown

#: The maintained data table: which types Checkov never (or only partly) reports, and which
#: type prefixes can hold a policy-relevant setting.
TYPES_FILE = Path(__file__).resolve().parent / "coverage_types.toml"


class CoverageTableError(ValueError):
    """The coverage data table cannot be read."""


def _table() -> dict[str, Any]:
    try:
        raw = tomllib.loads(TYPES_FILE.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CoverageTableError(f"{TYPES_FILE}: cannot read the coverage table ({exc})") \
            from None
    for key in ("unscanned", "partly_scanned", "policy_relevant_prefixes"):
        if not isinstance(raw.get(key), list) or not all(isinstance(t, str) for t in raw[key]):
            raise CoverageTableError(f"{TYPES_FILE}: '{key}' must be a list of strings")
    return raw


_TABLE = _table()
UNSCANNED_TYPES: frozenset[str] = frozenset(_TABLE["unscanned"])
PARTLY_SCANNED_TYPES: frozenset[str] = frozenset(_TABLE["partly_scanned"])
RELEVANT_PREFIXES: tuple[str, ...] = tuple(_TABLE["policy_relevant_prefixes"])
_INDEX = re.compile(r"\[[^\]]*\]")
#: The ``data.`` segment of a data source address (``module.m.data.t.n`` -> ``module.m.t.n``):
#: Checkov names data sources without it.
_DATA = re.compile(r"(?:^|(?<=\.))data\.(?=[^.]+\.[^.]+$)")


def is_relevant(rtype: str) -> bool:
    """True when a resource of ``rtype`` could hold a setting a policy judges."""
    return rtype.startswith(RELEVANT_PREFIXES)


def _canonical(address: str) -> str:
    """An address without instance keys (``x[0]``, ``module.m["k"].x`` -> ``x``, ...):
    Checkov names HCL resources without them and plan resources with them."""
    return _INDEX.sub("", address)


def _is_resource(address: str) -> bool:
    return not address.startswith(("data.", "provider."))


def coverage_errors(model: Model, results: Iterable[CheckResult]) -> list[str]:
    """One message per stack whose Checkov resources differ from ours (empty when equal)."""
    return _compare(model, results)[0]


def coverage_notes(model: Model, results: Iterable[CheckResult]) -> list[str]:
    """One line per resource type that Checkov did not report, that the data table does not
    list and that holds no policy-relevant setting (tolerated, but named)."""
    return _compare(model, results)[1]


def _compare(model: Model, results: Iterable[CheckResult]) -> tuple[list[str], list[str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for result in results:
        if _is_resource(result.address):
            seen[result.stack].add(result.address)
    errors: list[str] = []
    notes: set[str] = set()
    for stack in model.stacks:
        ours = {r.address for r in stack.resources}
        got = seen.pop(stack.name, set()) - _not_resources(stack)
        got_canonical = {_canonical(a) for a in got} | got
        listed = UNSCANNED_TYPES | PARTLY_SCANNED_TYPES
        missing: list[str] = []
        for r in sorted(stack.resources, key=lambda r: r.address):
            if r.type in listed or r.address in got or _canonical(r.address) in got_canonical:
                continue
            if got and _maybe_absent(r):
                notes.add(f"{r.type}: Checkov reported no {r.address} (its count/for_each "
                          "may be zero; our policies judged it)")
                continue
            if is_relevant(r.type):
                missing.append(r.address)
            else:
                notes.add(f"resource type {r.type} is not in {TYPES_FILE.name} and Checkov "
                          "checked none of it; it holds no policy-relevant setting")
        ours_canonical = {_canonical(a) for a in ours}
        extra = sorted(a for a in got if a not in ours and _canonical(a) not in ours_canonical)
        # Every scannable resource checked, nothing checked that we do not know. (A
        # future Checkov that starts reporting an unscanned type is not an error.)
        if missing or extra:
            types = sorted({a.rsplit(".", 2)[-2] for a in missing})
            errors.append(
                f"Checkov checked {len(got)} resources of stack {stack.name}, expected "
                f"{sum(r.type not in listed for r in stack.resources)} "
                f"({len(stack.resources)} minus unscanned types); "
                + (f"not checked: {_few(missing)} (type {', '.join(types)}: if Checkov "
                   f"never reports it, measure it and add it to {TYPES_FILE})" if missing else "")
                + ("; " if missing and extra else "")
                + (f"unknown to our model: {_few(extra)}" if extra else "")
            )
    for stack_name, addresses in sorted(seen.items()):
        errors.append(f"Checkov reported {_few(sorted(addresses))} in unknown stack {stack_name}")
    return errors, sorted(notes)


def _not_resources(stack: Stack) -> set[str]:
    """Addresses Checkov reports that are not managed resources: module blocks (``vpc`` or
    ``module.vpc``, reported by its module checks) and data sources, which Checkov names
    without the ``data.`` prefix."""
    modules = (stack.document or {}).get("module") or {}
    names = {n for n in modules} | {f"module.{n}" for n in modules}
    names |= {_DATA.sub("", d.address) for d in stack.data_sources}
    return names - {r.address for r in stack.resources}


def _maybe_absent(r: Resource) -> bool:
    """True when ``r``'s ``count``/``for_each`` is an expression our model could not
    evaluate: Checkov evaluates it and reports nothing when it comes to zero instances
    (``count = var.create ? 1 : 0``). Our own policies still judge the resource."""
    return any(isinstance(r.values.get(k), Unknown) for k in ("count", "for_each"))


def _few(items: list[str], limit: int = 5) -> str:
    more = len(items) - limit
    return ", ".join(items[:limit]) + (f" and {more} more" if more > 0 else "")
