"""``terraform show -json`` plans: planned values merged with ``after_unknown``, provider
regions and references from the plan's ``configuration`` section.

A value that is unknown until apply becomes an :class:`Unknown`; when the configuration
says which resource it comes from, its expression is ``${<that reference>}`` so policies
can follow it like a synthesized interpolation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from policies.loaders.common import Providers, effective_region, string_tags
from policies.loaders.errors import LoadError
from policies.loaders.lines import plan_address_lines
from policies.loaders.plan_refs import (
    data_templates,
    drop_provider_keys,
    drop_separately_managed,
    module_path,
    prefixed_refs,
    refreshed_values,
)
from policies.loaders.plan_values import all_refs, expr_value, merge_unknown
from policies.loaders.provisioners import PROVISIONER, plan_provisioners
from policies.model import Model, Resource, Stack

_INDEX = re.compile(r"\[[^\]]*\]")
_SHAPES: tuple[tuple[tuple[str, ...], type], ...] = (
    (("format_version",), str),
    (("planned_values",), dict),
    (("planned_values", "root_module"), dict),
    (("planned_values", "root_module", "resources"), list),
    (("planned_values", "root_module", "child_modules"), list),
    (("resource_changes",), list),
    (("resource_drift",), list),
    (("configuration",), dict),
    (("configuration", "provider_config"), dict),
    (("configuration", "root_module"), dict),
)


def is_plan(doc: Any) -> bool:
    """True when ``doc`` looks like ``terraform show -json`` output of a plan."""
    return isinstance(doc, dict) and "format_version" in doc and (
        "planned_values" in doc or "resource_changes" in doc or "resource_drift" in doc)


def check_types(plan: Mapping[str, Any], file: str | None) -> None:
    """LoadError when a documented plan field has the wrong JSON type."""
    where = file or "plan"
    version = plan.get("format_version")
    if isinstance(version, str) and version.split(".")[0] != "1":
        raise LoadError(f"{where}: plan format_version {version!r} is not supported (only "
                        "1.x: another major version may mean other things)")
    for path, wanted in _SHAPES:
        node: Any = plan
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None and not isinstance(node, wanted):
            field = ".".join(path)
            raise LoadError(f"{where}: plan field '{field}' must be a {_json_name(wanted)}, "
                            f"not {_json_name(type(node))}")
    for key in ("resource_changes", "resource_drift"):
        for entry in plan.get(key) or []:
            if not isinstance(entry, dict) or not isinstance(entry.get("change", {}), dict):
                raise LoadError(f"{where}: plan field '{key}' holds an entry that is not an "
                                "object with a 'change' object")


def _json_name(kind: type) -> str:
    return {dict: "object", list: "array", str: "string", int: "number", float: "number",
            bool: "boolean", type(None): "null"}.get(kind, kind.__name__)


class PlanContext:
    """Providers, configuration resources and outputs of one plan."""

    def __init__(self, plan: Mapping[str, Any]) -> None:
        config = plan.get("configuration") or {}
        self.providers = Providers()
        for key, pc in (config.get("provider_config") or {}).items():
            exprs = pc.get("expressions") or {} if isinstance(pc, dict) else {}
            tags = [{"tags": expr_value(b.get("tags"))}
                    for b in exprs.get("default_tags") or [] if isinstance(b, dict)]
            self.providers.add(key, expr_value(exprs.get("region")), tags)
        self.resources: dict[str, Mapping[str, Any]] = {}
        self.data: list[tuple[str, Mapping[str, Any]]] = []
        root = config.get("root_module") or {}
        self._walk(root, "")
        self.outputs = {name: expr_value(out.get("expression"))
                        for name, out in (root.get("outputs") or {}).items()
                        if isinstance(out, dict)}

    def _walk(self, module: Mapping[str, Any], prefix: str) -> None:
        for res in module.get("resources") or []:
            if isinstance(res, dict) and isinstance(res.get("address"), str):
                address = prefix + res["address"]
                self.resources[address] = res
                if res.get("mode") == "data":
                    self.data.append((address, res))
        for name, call in (module.get("module_calls") or {}).items():
            if isinstance(call, dict) and isinstance(call.get("module"), dict):
                self._walk(call["module"], f"{prefix}module.{name}.")

    def provider_of(self, address: str) -> str:
        """Provider configuration key of a resource (``aws``, ``aws.dr``)."""
        res = self.resources.get(_INDEX.sub("", address)) or {}
        key = res.get("provider_config_key")
        if not isinstance(key, str):
            rtype = address.split(".")[-2] if "." in address else address
            return rtype.split("_", 1)[0]
        if key not in self.providers.regions and ":" in key:
            key = key.rsplit(":", 1)[1]
        return key

    def expressions(self, address: str) -> Mapping[str, Any]:
        """Configuration expressions of a resource (empty when not in the configuration);
        references inside a child module are prefixed with that module instance's path, so
        they resolve within the module, not against root addresses."""
        res = self.resources.get(_INDEX.sub("", address)) or {}
        exprs = res.get("expressions")
        if not isinstance(exprs, dict):
            return {}
        prefix = module_path(address)
        return prefixed_refs(exprs, prefix) if prefix else exprs

    def meta_expressions(self, address: str) -> list[Any]:
        """The resource's ``count``/``for_each`` expressions (their references are the
        resource's too: a validation record's ``for_each`` reads its certificate)."""
        res = self.resources.get(_INDEX.sub("", address)) or {}
        found = [res[k] for k in ("count_expression", "for_each_expression") if k in res]
        prefix = module_path(address)
        return prefixed_refs(found, prefix) if prefix else found


def _resource(ctx: PlanContext, entry: Mapping[str, Any], after: Any, unknown: Any, *,
              stack: str, file: str | None, lines: Mapping[str, int]) -> Resource:
    address = str(entry.get("address"))
    rtype = str(entry.get("type") or address.split(".")[-2])
    exprs = ctx.expressions(address)
    values = merge_unknown(after if isinstance(after, dict) else {}, unknown or {}, exprs)
    values = data_templates(drop_separately_managed(rtype, values, unknown, exprs), exprs)
    if _INDEX.sub("", address) in ctx.resources and entry.get("mode", "managed") == "managed":
        values = drop_provider_keys(rtype, values, unknown, exprs)
    provisioners = plan_provisioners(ctx.resources.get(_INDEX.sub("", address)) or {})
    if provisioners:  # commands run at apply: kept for the dangerous-construct policy
        values = {**values, PROVISIONER: provisioners}
    refs: set[str] = set()
    all_refs([exprs, *ctx.meta_expressions(address)], refs)
    key = ctx.provider_of(address)
    tags = string_tags(values.get("tags_all")) or {
        **ctx.providers.default_tags(key), **string_tags(values.get("tags"))}
    mode = "data." if entry.get("mode") == "data" and not address.startswith("data.") else ""
    return Resource(
        address=mode + address, type=rtype, name=str(entry.get("name") or rtype), stack=stack,
        # A plan's region is Unknown only where after_unknown says so: keep the provider's then.
        region=effective_region(key, ctx.providers.region(key),
                                {"region": values["region"]}
                                if isinstance(values.get("region"), str) else {}),
        provider=key,
        values=values, references=tuple(sorted(refs)), file=file, line=lines.get(address),
        tags=tags,
    )


def _planned(module: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    yield from (r for r in module.get("resources") or [] if isinstance(r, dict))
    for child in module.get("child_modules") or []:
        if isinstance(child, dict):
            yield from _planned(child)


def resources_from_changes(entries: Iterable[Mapping[str, Any]], *, stack: str,
                           plan: Mapping[str, Any] | None = None,
                           file: str | None = None) -> tuple[Resource, ...]:
    """Resources built from ``resource_changes``/``resource_drift`` entries' ``change.after``
    (deleted ones are skipped); ``plan`` gives provider regions and references."""
    ctx = PlanContext(plan or {})
    out = []
    for entry in entries:
        change = entry.get("change") or {}
        if change.get("after") is None or entry.get("mode", "managed") != "managed":
            continue
        out.append(_resource(ctx, entry, change.get("after"), change.get("after_unknown"),
                             stack=stack, file=file, lines={}))
    return tuple(out)


def stack_from_plan(plan: Mapping[str, Any], stack: str, file: str | None,
                    text: str | None = None) -> Stack:
    """One stack from a parsed plan (types checked first)."""
    check_types(plan, file)
    ctx = PlanContext(plan)
    lines = plan_address_lines(text) if text is not None else {}
    changes = {c.get("address"): c.get("change") or {} for c in plan.get("resource_changes") or []}
    refreshed = refreshed_values(plan)
    root = (plan.get("planned_values") or {}).get("root_module")
    resources: list[Resource] = []
    if root is not None:
        for entry in _planned(root):
            if entry.get("mode", "managed") != "managed":
                continue
            unknown = changes.get(entry.get("address"), {}).get("after_unknown")
            values = refreshed.get(str(entry.get("address")), entry.get("values"))
            resources.append(_resource(ctx, entry, values, unknown,
                                       stack=stack, file=file, lines=lines))
    else:
        resources = list(resources_from_changes(plan.get("resource_changes") or [],
                                                stack=stack, plan=plan, file=file))
    data = [_resource(ctx, {"address": a, "type": r.get("type"), "name": r.get("name"),
                            "mode": "data"},
                      {k: expr_value(v) for k, v in (r.get("expressions") or {}).items()},
                      None, stack=stack, file=file, lines=lines) for a, r in ctx.data]
    default_tags = ctx.providers.default_tags("aws")
    residency = default_tags.get("DataResidency")
    return Stack(name=stack, region=ctx.providers.region("aws"),
                 residency=residency.lower() if residency else None, backend=None,
                 resources=tuple(resources), file=file, data_sources=tuple(data),
                 outputs=ctx.outputs, default_tags=default_tags,
                 sensitive=_sensitive(plan))


def _sensitive(plan: Mapping[str, Any]) -> frozenset[str]:
    from drift.redact import sensitive_strings  # the one definition of "marked sensitive"

    return sensitive_strings(plan)


def model_from_plan(plan: Mapping[str, Any], stack: str, file: str | None = None, *,
                    text: str | None = None) -> Model:
    """A one-stack model from a parsed plan."""
    if not isinstance(plan, dict):
        raise LoadError(f"{file or 'plan'}: a plan must be a JSON object")
    try:
        return Model(stacks=(stack_from_plan(plan, stack, file, text),), input_form="plan")
    except (AttributeError, TypeError, ValueError, KeyError, IndexError) as exc:
        raise LoadError(f"{file or 'plan'}: unexpected plan structure ({exc})") from exc


def load_plan(path: Path, doc: Mapping[str, Any], text: str, stack: str | None = None) -> Stack:
    """The stack of a plan file already read and parsed. Its name: ``stack``, else the
    folder's when the plan lies in the working directory it was made from (which also gives
    its backend, :mod:`policies.loaders.plan_config`), else the file stem."""
    from dataclasses import replace

    from policies.loaders.plan_config import beside_config

    found = beside_config(path, doc) if isinstance(doc, dict) else None
    name = stack or (found[0] if found else path.stem)
    loaded = model_from_plan(doc, name, str(path), text=text).stacks[0]
    return replace(loaded, backend=found[1]) if found else loaded
