"""Plan JSON details that decide verdicts (issue 9.2/9.3):

* references in a child module's configuration are relative to that module: prefix them
  with the module instance's path (``module.db[0].``);
* a new ``aws_s3_bucket``'s inline encryption/versioning/... attributes are computed by the
  provider from the separate configuration resources and are unknown until apply: when the
  configuration does not set them, they are left out so rules judge the separate resources
  (likewise a ``*_prefix`` the provider computes from a full name the configuration sets);
* a refresh-only plan (no change but drift) is judged on the refreshed values;
* a ``.tf.json`` configuration (our synth output) reports each interpolated string as its
  template (``"constant_value": "${aws_s3_bucket.x.arn}/*"`` with its references): that
  template is the value Terraform will resolve at apply, judged as synthesized JSON is;
* a string rendered from data sources alone (read during plan: the caller's account id, a
  managed prefix list's id) is judged as its template, as the synthesized JSON is, so the
  owning account stays recognisable and the data source's own arguments can be followed;
* a key the configuration does not set, that no ``dynamic`` block can produce
  (:mod:`policies.loaders.schema_blocks`) and that is unknown until apply is computed by the
  provider (a replica's ``engine``, ``snapshot_identifier``): it is left out, so rules judge
  what the configuration says, as they do on synthesized JSON. Known values stay.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from policies.loaders.common import REF_RE, references_in, unknown_for
from policies.loaders.schema_blocks import block_keys
from policies.model import Unknown

_TEMPLATE = re.compile(r"(?<!\$)\$\{")
_DATA_REF = re.compile(r"(?:^|\.)data\.[a-z0-9_]+\.")
#: Computed keys rules read through another path (provider default tags, in tags_all).
_KEEP = frozenset({"tags_all"})
_RESOURCE_TAIL = re.compile(r"(?:data\.)?[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+(?:\[[^\]]*\])?$")

#: Inline attributes the AWS provider (v4+) computes from separate resources.
SEPARATELY_MANAGED: Mapping[str, frozenset[str]] = {
    "aws_s3_bucket": frozenset({
        "server_side_encryption_configuration", "versioning", "logging",
        "replication_configuration", "lifecycle_rule", "object_lock_configuration",
        "cors_rule", "website", "grant", "acl", "policy", "acceleration_status",
        "request_payer"}),
}


def module_path(address: str) -> str:
    """``module.a[0].module.b.`` of ``module.a[0].module.b.aws_x.y[1]`` ('' at the root)."""
    match = _RESOURCE_TAIL.search(address)
    return address[: match.start()] if match else ""


def prefixed_refs(expr: Any, prefix: str) -> Any:
    """``expr`` with every address in its ``references`` lists prefixed by ``prefix``."""
    if isinstance(expr, dict):
        out = {}
        for key, value in expr.items():
            if key == "references" and isinstance(value, list):
                out[key] = [REF_RE.sub(lambda m: prefix + m.group(1), str(r))
                            if REF_RE.match(str(r)) else r for r in value]
            else:
                out[key] = prefixed_refs(value, prefix)
        return out
    if isinstance(expr, list):
        return [prefixed_refs(v, prefix) for v in expr]
    return expr


def drop_separately_managed(rtype: str, values: dict[str, Any], unknown: Any,
                            exprs: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` without the provider-computed inline attributes the configuration does not
    set (they are unknown until apply; the separate resources say what they will be)."""
    if not isinstance(unknown, dict):
        return values
    names = SEPARATELY_MANAGED.get(rtype, frozenset())
    drop = {k for k in names if unknown.get(k) is not None and unknown.get(k) is not False
            and k not in exprs}
    # ``bucket_prefix`` / ``name_prefix`` / ``identifier_prefix``: the provider computes the
    # prefix of a name the configuration sets in full; only the full name is the user's.
    drop |= {k for k in unknown if k.endswith("_prefix") and unknown[k] is True
             and k not in exprs and k.removesuffix("_prefix") in exprs}
    return {k: v for k, v in values.items() if k not in drop}


def refreshed_values(plan: Mapping[str, Any]) -> dict[str, Any]:
    """Address -> refreshed values, for a refresh-only plan (every resource change a no-op
    or a read, and drift present): what applying it writes to state is the drift's after."""
    changes = plan.get("resource_changes") or []
    drift = plan.get("resource_drift") or []
    if not drift or any(set((c.get("change") or {}).get("actions") or []) - {"no-op", "read"}
                        for c in changes if isinstance(c, dict)):
        return {}
    return {str(d.get("address")): (d.get("change") or {}).get("after")
            for d in drift if isinstance(d, dict)
            and isinstance((d.get("change") or {}).get("after"), dict)}


def template_value(value: Any) -> Any:
    """A configuration ``constant_value`` as a model value: a string template (JSON syntax
    keeps ``${...}`` in it) becomes the Unknown a synthesized interpolation becomes."""
    if isinstance(value, str) and _TEMPLATE.search(value):
        return unknown_for(value, references_in(value))
    if isinstance(value, dict):
        return {k: template_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [template_value(v) for v in value]
    return value


def data_templates(values: dict[str, Any], exprs: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with each top-level value that Terraform rendered from data sources alone
    replaced by its configuration template (see module doc)."""
    out = dict(values)
    for key, expr in exprs.items():
        if not isinstance(expr, dict) or key not in out or isinstance(out[key], Unknown):
            continue
        const, refs = expr.get("constant_value"), expr.get("references")
        if _TEMPLATE.search(json.dumps(const)) and isinstance(refs, list) and refs \
                and all(_DATA_REF.search(str(r)) for r in refs):
            out[key] = template_value(const)
    return out


def drop_provider_keys(rtype: str, values: dict[str, Any], unknown: Any,
                       exprs: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` without the keys the provider computes at apply (see module doc). Only for a
    resource the plan's configuration holds (the caller checks) and a type the schema
    table knows; any key a ``dynamic`` block could produce is kept."""
    blockish = block_keys(rtype)
    if blockish is None:
        return values
    unknown = unknown if isinstance(unknown, dict) else {}
    drop = {k for k in values if unknown.get(k) is True
            and k not in exprs and k not in blockish and k not in _KEEP}
    return {k: v for k, v in values.items() if k not in drop}
