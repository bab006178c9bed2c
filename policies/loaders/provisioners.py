"""``provisioner`` blocks (``local-exec``, ``remote-exec``, ``file``) kept in the model.

They run commands on the machine that applies (or on a host it reaches) with the pipeline's
credentials, so the loaders keep them, in every input form, under the resource's
``provisioner`` value as ``[{"local-exec": {...}}, ...]`` in declaration order; the
dangerous-construct policy judges them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policies.loaders.common import as_list, references_in, unknown_for
from policies.model import Unknown

#: The resource value the normalized provisioners are kept under.
PROVISIONER = "provisioner"


def provisioners_of(raw: Any) -> list[dict[str, Any]]:
    """``provisioner`` blocks in one shape, ``[{"local-exec": {...}}, ...]`` in order, from
    any form Terraform accepts: HCL (a list of one-key objects), ``.tf.json`` (an object or a
    list of objects, each type's body an object or a list of bodies). A body that is not an
    object is kept as ``{}`` so the provisioner is still seen; ``connection`` stays in it."""
    out: list[dict[str, Any]] = []
    for item in as_list(raw):
        if not isinstance(item, dict):
            raise ValueError("a provisioner block is not an object")
        for kind, bodies in item.items():
            if str(kind).startswith("//"):
                continue
            for body in as_list(bodies) or [{}]:
                out.append({str(kind): body if isinstance(body, dict) else {}})
    return out


def plan_provisioners(config: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``provisioners`` of a plan's configuration resource in :func:`provisioners_of`'s
    shape: constants kept, any other expression an :class:`Unknown` naming its references."""
    out: list[dict[str, Any]] = []
    for item in as_list(config.get("provisioners")):
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise ValueError("a plan provisioner is not an object with a type")
        exprs = item.get("expressions")
        out.append({item["type"]: _plan_body(exprs) if isinstance(exprs, dict) else {}})
    return out


def _plan_body(exprs: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k): _plan_expr(v) for k, v in exprs.items()}


def _plan_expr(expr: Any) -> Any:
    if isinstance(expr, list):
        return [_plan_body(e) for e in expr if isinstance(e, dict)]
    if isinstance(expr, dict) and "constant_value" in expr:
        return expr["constant_value"]
    refs = expr.get("references") if isinstance(expr, dict) else None
    if isinstance(refs, list) and refs:
        text = " ".join(f"${{{r}}}" for r in refs)
        return unknown_for(text, references_in(text))
    return Unknown("expression evaluated only at apply")
