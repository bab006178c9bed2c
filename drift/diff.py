"""Attribute-level differences between a drifted resource's state and its real object.

Values Terraform marks sensitive (``before_sensitive`` / ``after_sensitive``), and values of
attributes whose names say they hold secrets, are replaced by :data:`MASK` on both sides:
a report says *that* a password changed, never what it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: What a masked value prints as.
MASK = "(sensitive)"
_SECRET_NAME = re.compile(
    r"(password|passwd|secret|token|private_key|access_key|credential|auth_string)", re.I)
_ABSENT = object()


@dataclass(frozen=True)
class AttributeChange:
    """One attribute whose value differs (``None`` = absent or null)."""

    attribute: str
    """Path, e.g. ``backup_retention_period`` or ``ingress[0].cidr_blocks[0]``."""
    before: Any
    """Value in state (or MASK)."""
    after: Any
    """Value of the real object (or MASK)."""


def _child_mark(mark: Any, key: str | int) -> Any:
    """Sensitivity of ``key`` under ``mark`` (True covers everything below)."""
    if mark is True:
        return True
    if isinstance(mark, dict) and isinstance(key, str):
        return mark.get(key, False)
    if isinstance(mark, list) and isinstance(key, int) and key < len(mark):
        return mark[key]
    return False


def any_marked(mark: Any) -> bool:
    """True when ``mark`` or anything inside it says sensitive."""
    if mark is True:
        return True
    if isinstance(mark, dict):
        return any(any_marked(v) for v in mark.values())
    if isinstance(mark, list):
        return any(any_marked(v) for v in mark)
    return False


def _holds(value: Any, secrets: frozenset[str]) -> bool:
    """True when ``value`` (or a string inside it) contains one of ``secrets``."""
    if not secrets:
        return False
    if isinstance(value, str):
        return any(secret in value for secret in secrets)
    if isinstance(value, dict):
        return any(_holds(v, secrets) for v in value.values())
    if isinstance(value, list):
        return any(_holds(v, secrets) for v in value)
    return False


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _walk(path: str, before: Any, after: Any, bmark: Any, amark: Any,
          out: list[AttributeChange], secrets: frozenset[str] = frozenset()) -> None:
    if before == after:
        return
    b = {} if before is None and isinstance(after, dict) else before
    a = {} if after is None and isinstance(before, dict) else after
    if isinstance(b, dict) and isinstance(a, dict):
        for key in sorted(set(b) | set(a)):
            _walk(_join(path, key), b.get(key), a.get(key),
                  _child_mark(bmark, key), _child_mark(amark, key), out, secrets)
        return
    b = [] if before is None and isinstance(after, list) else b
    a = [] if after is None and isinstance(before, list) else a
    if isinstance(b, list) and isinstance(a, list):
        for i in range(max(len(b), len(a))):
            _walk(_join(path, i), b[i] if i < len(b) else None, a[i] if i < len(a) else None,
                  _child_mark(bmark, i), _child_mark(amark, i), out, secrets)
        return
    # A leaf here may be a whole object whose shape changed (map -> list, bool -> object):
    # any sensitive mark inside either side's marks masks both sides (fail closed).
    secret = any_marked(bmark) or any_marked(amark) or bool(_SECRET_NAME.search(path)) \
        or _holds(before, secrets) or _holds(after, secrets)
    out.append(AttributeChange(path or "(object)",
                               MASK if secret and before is not None else before,
                               MASK if secret and after is not None else after))


def attribute_changes(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    before_sensitive: Any = False,
    after_sensitive: Any = False,
    secrets: frozenset[str] = frozenset(),
) -> list[AttributeChange]:
    """Every leaf attribute that differs between ``before`` and ``after``, sorted by path.

    A resource deleted outside Terraform (``after`` is None) gives no attribute list: the
    action says it all, and listing its values could leak them. ``secrets`` are strings
    the plan marks sensitive elsewhere (:func:`drift.redact.sensitive_strings`): a value
    holding one is masked even where Terraform dropped the mark.
    """
    if before is None or after is None:
        return []
    out: list[AttributeChange] = []
    _walk("", dict(before), dict(after), before_sensitive, after_sensitive, out, secrets)
    return out
