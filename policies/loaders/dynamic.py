"""``dynamic`` blocks: expanded when ``for_each`` is literal (or a literal local/variable),
otherwise one block whose every value is Unknown, so a policy can never pass it.

``dynamic "ingress" { for_each = local.rules  content { cidr_blocks = ingress.value } }``
becomes one ``ingress`` block per element, with ``${ingress.value}``,
``${ingress.value.<attr>}`` and ``${ingress.key}`` replaced by the element's values.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from policies.model import Unknown


class Converter(Protocol):
    """What :func:`expand_dynamic` needs from the value converter."""

    refs: set[str]

    def convert(self, value: Any) -> Any:
        """The model value of a raw value."""


def _items(for_each: Any) -> list[tuple[Any, Any]] | None:
    if isinstance(for_each, dict):
        return sorted(for_each.items(), key=lambda kv: str(kv[0]))
    if isinstance(for_each, list):
        return [(v if isinstance(v, str) else i, v) for i, v in enumerate(for_each)]
    return None


def _substitute(value: Any, it: str, key: Any, item: Any) -> Any:
    if isinstance(value, str):
        whole = re.fullmatch(r"\$\{" + re.escape(it) + r"\.(value|key)((?:\.\w+)*)\}", value)
        if whole:
            node = key if whole.group(1) == "key" else item
            for attr in filter(None, whole.group(2).split(".")):
                if not isinstance(node, dict) or attr not in node:
                    return Unknown(f"dynamic block value {value} not found", value)
                node = node[attr]
            return node
        if f"{it}." in value and "${" in value:
            return Unknown(f"dynamic block expression {value} not evaluated", value)
        return value
    if isinstance(value, dict):
        return {k: _substitute(v, it, key, item) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, it, key, item) for v in value]
    return value


def _unknown_all(value: Any, reason: str) -> Any:
    if isinstance(value, dict):
        return {k: _unknown_all(v, reason) for k, v in value.items()}
    if isinstance(value, list):
        return [_unknown_all(v, reason) for v in value] or [Unknown(reason)]
    return Unknown(reason, value if isinstance(value, str) else None)


def _declared(dynamic: Any) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for block in dynamic if isinstance(dynamic, list) else [dynamic]:
        if isinstance(block, dict):
            for label, spec in block.items():
                for one in spec if isinstance(spec, list) else [spec]:
                    if isinstance(one, dict):
                        out.append((label, one))
    return out


def expand_dynamic(body: dict[str, Any], conv: Converter) -> dict[str, Any]:
    """``body`` with its ``dynamic`` blocks turned into static nested blocks (recursively)."""
    if "dynamic" not in body:
        return {k: (expand_dynamic(v, conv) if isinstance(v, dict) else
                    [expand_dynamic(x, conv) if isinstance(x, dict) else x for x in v]
                    if isinstance(v, list) else v) for k, v in body.items()}
    out = {k: v for k, v in body.items() if k != "dynamic"}
    out = expand_dynamic(out, conv)
    for label, spec in _declared(body["dynamic"]):
        content = spec.get("content")
        if isinstance(content, list):
            content = content[0] if len(content) == 1 else None
        if not isinstance(content, dict):
            content = {}
        content = expand_dynamic(content, conv)
        iterator = spec.get("iterator")
        it = iterator if isinstance(iterator, str) and iterator else label
        raw = spec.get("for_each")
        items = _items(conv.convert(raw))
        blocks = list(out.get(label) or []) if isinstance(out.get(label), list) else \
            ([out[label]] if isinstance(out.get(label), dict) else [])
        if items is None:
            conv.convert(str(raw))  # keep the references of the for_each expression
            reason = f"dynamic {label} block: for_each {raw} cannot be expanded before apply"
            blocks.append(_unknown_all(content, reason))
        else:
            blocks.extend(_substitute(content, it, k, v) for k, v in items)
        out[label] = blocks
    return out
