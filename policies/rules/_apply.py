"""Shared facts and helpers of the "Apply validity" policies: the data table of AWS limits
(``policies/data/apply_limits.toml``) and IAM statement reading."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from policies.model import Unknown
from policies.rules._support import json_document

LIMITS_FILE = Path(__file__).resolve().parent.parent / "data" / "apply_limits.toml"
_INTERP = re.compile(r"\$\{([^}]*)\}")


@cache
@cache
def limits() -> Mapping[str, Any]:
    """The parsed limits table (read once; treat it as read-only)."""
    with LIMITS_FILE.open("rb") as fh:
        return tomllib.load(fh)


def literal_or_bound(value: Any) -> tuple[str | None, str | None]:
    """``(text, None)`` for a literal; for a template whose interpolations all have a known
    length (account id, region), the text with each replaced by a placeholder of that length;
    ``(None, reason)`` otherwise."""
    if isinstance(value, str):
        return value, None
    if not isinstance(value, Unknown) or not value.expression:
        return None, "not a literal"
    lengths = limits()["name_placeholder_lengths"]

    def sub(m: re.Match[str]) -> str:
        inner = m.group(1)
        if inner.endswith(".account_id"):
            return "0" * int(lengths["account_id"])
        if inner.endswith(".region") or inner.endswith(".name") and "aws_region" in inner:
            return "a" * int(lengths["region"])
        raise LookupError(inner)

    try:
        return _INTERP.sub(sub, value.expression), None
    except LookupError as exc:
        return None, f"depends on {exc.args[0]}"


def statements(document: Any) -> Iterator[Mapping[str, Any]]:
    """The statements of an IAM policy document (a JSON string, template or mapping)."""
    doc = json_document(document)
    if not isinstance(doc, Mapping):
        return
    found = doc.get("Statement")
    for s in found if isinstance(found, list) else [found]:
        if isinstance(s, Mapping):
            yield s


def as_strings(value: Any) -> list[str]:
    """A string or list of strings as a list (anything else: empty)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def allows(patterns: list[str], action: str) -> bool:
    """True when an Allow statement's action patterns cover ``action`` (IAM is case-blind)."""
    return any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in patterns)
