"""Small value helpers shared by the rules (blocks, booleans, ARNs, policy documents)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import hcl2
from hcl2.utils import SerializationOptions

from policies.model import Resource, Unknown

_ARN_REGION = re.compile(r"^arn:aws[\w-]*:[\w-]+:([a-z]{2}(?:-[a-z]+)+-\d):")
_INTERP = re.compile(r"\$\{[^}]*\}")
_JSONENCODE = re.compile(r"^\$\{jsonencode\((.*)\)\}$", re.DOTALL)
_PLAIN = SerializationOptions(with_comments=False, explicit_blocks=False,
                              strip_string_quotes=True)


def blocks(values: Mapping[str, Any] | Any, key: str) -> list[Any]:
    """Nested block ``key`` as a list (cdktf writes single blocks as objects, plans as lists)."""
    if not isinstance(values, Mapping):
        return []
    value = values.get(key)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def first(values: Mapping[str, Any] | Any, *path: str) -> Any:
    """The value at ``path`` following the first block at each step (None when absent)."""
    node: Any = values
    for key in path:
        if isinstance(node, Unknown):
            return node
        found = blocks(node, key)
        if not found:
            return None
        node = found[0]
    return node


def is_true(value: Any) -> bool:
    """True for ``true`` and the one string Terraform converts to it (``"true"``, exactly)."""
    return value is True or value == "true"


def is_false(value: Any) -> bool:
    """True for ``false`` and the one string Terraform converts to it (``"false"``, exactly)."""
    return value is False or value == "false"


def as_int(value: Any) -> int | None:
    """An integer value (numbers written as strings too), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def arn_region(value: Any) -> str | None:
    """Region inside an ARN (``arn:aws:logs:eu-west-1:...``), else None."""
    if isinstance(value, str):
        match = _ARN_REGION.match(value)
        return match.group(1) if match else None
    return None


def is_replica(db: Resource) -> bool:
    """True for an RDS read replica (``replicate_source_db`` set)."""
    return db.values.get("replicate_source_db") not in (None, "")


def json_document(value: Any) -> Any:
    """A JSON policy document from a string, a template with interpolations (each ``${...}``
    replaced by a placeholder) or a ``jsonencode({...})`` expression; None otherwise."""
    text = value.expression if isinstance(value, Unknown) else value
    if isinstance(value, Mapping):
        return value
    if not isinstance(text, str):
        return None
    encoded = _JSONENCODE.match(text)
    if encoded:
        try:
            return hcl2.loads(f"x = {encoded.group(1)}\n", serialization_options=_PLAIN)["x"]
        except Exception:  # noqa: BLE001 - any parse failure means "cannot read it"
            return None
    try:
        return json.loads(_INTERP.sub("INTERPOLATED", text))
    except ValueError:
        return None


#: Values of the ``DataClass`` tag (set by modules/storage/secure_bucket.py) and what they mean.
_DATA_CLASSES = {"logs": "log", "log": "log", "state": "state", "data": "data"}


def bucket_role(bucket: Resource) -> str:
    """``log``, ``state`` or ``data``, from the bucket's explicit ``DataClass`` tag only.

    Never from a name: a data bucket called ``storage_catalogs_bucket`` is data. An untagged
    bucket, or an unknown tag value, is data (the strictest class).
    """
    tag = bucket.tags.get("DataClass")
    if isinstance(tag, str):
        return _DATA_CLASSES.get(tag.strip().lower(), "data")
    return "data"


def as_list_of(values: Mapping[str, Any] | Any, key: str) -> list[Any]:
    """Alias of :func:`blocks` for readability where the blocks are statements/conditions."""
    return blocks(values, key)


def covers_internet(cidrs: list[Any]) -> bool:
    """True when the union of ``cidrs`` (literal strings; others ignored) is the whole IPv4 or
    the whole IPv6 internet, e.g. ``0.0.0.0/1`` + ``128.0.0.0/1``."""
    import ipaddress

    v4: list[ipaddress.IPv4Network] = []
    v6: list[ipaddress.IPv6Network] = []
    for c in cidrs:
        if not isinstance(c, str):
            continue
        try:
            net = ipaddress.ip_network(c.strip(), strict=False)
        except ValueError:
            continue
        (v4 if isinstance(net, ipaddress.IPv4Network) else v6).append(net)  # type: ignore[arg-type]
    whole4, whole6 = ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")
    return list(ipaddress.collapse_addresses(v4)) == [whole4] or \
        list(ipaddress.collapse_addresses(v6)) == [whole6]


def statements(document: Any) -> list[dict[str, Any]]:
    """Statements of a JSON policy document, or of an ``aws_iam_policy_document`` data source's
    values (its ``statement`` blocks normalised to JSON keys); [] when there are none."""
    if not isinstance(document, Mapping):
        return []
    if "Statement" in document:
        found = document["Statement"]
        items = found if isinstance(found, list) else [found]
        return [s for s in items if isinstance(s, dict)]
    out: list[dict[str, Any]] = []
    for block in blocks(document, "statement"):
        if not isinstance(block, Mapping):
            continue
        principals: dict[str, Any] = {}
        for p in blocks(block, "principals"):
            if isinstance(p, Mapping):
                principals.setdefault(str(p.get("type")), []).extend(
                    p.get("identifiers") or [])
        condition: dict[str, Any] = {}
        for c in blocks(block, "condition"):
            if isinstance(c, Mapping):
                condition.setdefault(str(c.get("test")), {})[str(c.get("variable"))] = \
                    c.get("values")
        stmt: dict[str, Any] = {"Effect": block.get("effect") or "Allow",
                                "Action": block.get("actions") or [],
                                "Resource": block.get("resources") or []}
        if principals:
            stmt["Principal"] = principals
        if condition:
            stmt["Condition"] = condition
        out.append(stmt)
    return out


def as_strings(value: Any) -> list[Any]:
    """A policy field (string or list) as a list (Unknown items kept)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
