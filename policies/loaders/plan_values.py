"""Plan values: ``after`` merged with ``after_unknown`` and the configuration's expressions.

A value unknown until apply becomes an :class:`Unknown`; when the configuration says where it
comes from (a reference, or a ``.tf.json`` template), its expression carries that source so
policies can follow it like a synthesized interpolation.
"""

from __future__ import annotations

from typing import Any

from policies.loaders.common import references_in
from policies.loaders.plan_refs import template_value
from policies.model import Unknown

#: The reason of a value the provider computes at apply and the configuration does not set
#: (an ``after_unknown`` leaf with no configuration expression).
COMPUTED = "known only after apply"


def first_ref(expr: Any) -> str | None:
    if isinstance(expr, dict) and isinstance(expr.get("references"), list) and expr["references"]:
        return str(expr["references"][0])
    return None


def expr_value(expr: Any) -> Any:
    """A configuration expression as a model value (constant, or Unknown naming its source)."""
    if isinstance(expr, dict) and "constant_value" in expr:
        return template_value(expr["constant_value"])
    ref = first_ref(expr)
    if ref is not None:
        text = " ".join(f"${{{r}}}" for r in expr["references"] if isinstance(r, str))
        remote = [r for r in references_in(text) if r.startswith("data.terraform_remote_state.")]
        if remote:
            return Unknown(f"reference into another stack ({remote[0]})", text)
        return Unknown(f"reference to {ref}, known only after apply", text)
    if isinstance(expr, list):
        return [{k: expr_value(v) for k, v in e.items()} for e in expr if isinstance(e, dict)]
    return None


def all_refs(expr: Any, into: set[str]) -> None:
    if isinstance(expr, dict):
        for ref in expr.get("references") or []:
            if isinstance(ref, str):
                into.update(references_in(ref))
        for key, value in expr.items():
            if key != "references":
                all_refs(value, into)
    elif isinstance(expr, list):
        for item in expr:
            all_refs(item, into)


def _per_item(expr: Any, count: int) -> list[dict[str, list[str]]] | None:
    """Split a list attribute's references (``[a.x.id, b.y.id]``) into one per element when
    there is exactly one referenced resource per element."""
    if not isinstance(expr, dict) or not isinstance(expr.get("references"), list):
        return None
    resources: list[str] = []
    for ref in expr["references"]:
        for found in references_in(str(ref)):
            if found not in resources:
                resources.append(found)
    if len(resources) != count:
        return None
    full = {r: next((str(x) for x in expr["references"] if str(x).startswith(r + ".")), r)
            for r in resources}
    return [{"references": [full[r], r]} for r in resources]


def merge_unknown(after: Any, unknown: Any, expr: Any) -> Any:
    """``after`` with every ``after_unknown`` leaf replaced by an Unknown."""
    if unknown is True:
        value = expr_value(expr)
        if isinstance(value, list) and value:  # nested blocks: keep each one's references
            return value
        return value if isinstance(value, Unknown) else Unknown(COMPUTED)
    if isinstance(unknown, dict):
        base = dict(after) if isinstance(after, dict) else {}
        for key, sub in unknown.items():
            child = expr.get(key) if isinstance(expr, dict) else None
            base[key] = merge_unknown(base.get(key), sub, child)
        return base
    if isinstance(unknown, list):
        base_list = list(after) if isinstance(after, list) else []
        per_item = _per_item(expr, len(unknown))
        for i, sub in enumerate(unknown):
            if per_item is not None:
                child = per_item[i]
            else:
                child = expr[min(i, len(expr) - 1)] if isinstance(expr, list) and expr else expr
            if i < len(base_list):
                base_list[i] = merge_unknown(base_list[i], sub, child)
            elif sub is not False:
                base_list.append(merge_unknown(None, sub, child))
        return base_list
    return after
