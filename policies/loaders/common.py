"""Shared loader machinery: a ``.tf.json``-shaped document -> :class:`Stack`.

Synthesized JSON is already in that shape; hand-written HCL is normalized into it first.
Interpolations (``${...}``) become :class:`Unknown` values with their expression, and the
addresses they mention become the resource's references.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from policies.model import Resource, Stack, Unknown

#: ``aws_x.name`` / ``data.aws_x.name`` / ``module.name`` inside an expression.
#: A resource inside a module instance keeps its module path (``module.db[0].aws_x.name``).
REF_RE = re.compile(
    r"(?<![\w.\-])((?:module\.[A-Za-z_][\w\-]*(?:\[[^\]]*\])?\.)*"
    r"(?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w\-]*|module\.[A-Za-z_][\w\-]*)"
)
_INTERP = re.compile(r"(?<!\$)\$\{")
_VAR = re.compile(r"^\$\{var\.([A-Za-z_][\w\-]*)\}$")
_LOCAL = re.compile(r"^\$\{local\.([A-Za-z_][\w\-]*)\}$")
#: Meta-arguments that are not attribute values. ``provisioner`` blocks run commands at
#: apply: :mod:`policies.loaders.provisioners` keeps them, normalized, under that key.
META = frozenset({"provider", "depends_on", "lifecycle", "provisioner", "connection"})
REMOTE_STATE = "data.terraform_remote_state."


def as_list(value: Any) -> list[Any]:
    """A block that may be written as one object or a list of objects, as a list."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def references_in(text: str) -> list[str]:
    """Addresses mentioned in an expression, in order of appearance."""
    return REF_RE.findall(text)


def unknown_for(expression: str, refs: list[str]) -> Unknown:
    """The Unknown standing for an interpolated string, with a reason naming its source."""
    remote = [r for r in refs if r.startswith(REMOTE_STATE)]
    if remote:
        return Unknown(f"reference into another stack ({remote[0]})", expression)
    if refs:
        return Unknown(f"reference to {refs[0]}, known only after apply", expression)
    if "var." in expression:
        return Unknown("input variable without a default", expression)
    return Unknown("expression evaluated only at apply", expression)


class ValueConverter:
    """Turns raw attribute values into model values, collecting references."""

    def __init__(self, variables: Mapping[str, Any],
                 locals_: Mapping[str, Any] | None = None) -> None:
        self.variables = variables
        self.locals = locals_ or {}
        self.refs: set[str] = set()

    def convert(self, value: Any) -> Any:
        """The model value of ``value`` (recursively)."""
        if isinstance(value, str):
            if not _INTERP.search(value):
                return value
            var = _VAR.match(value)
            if var and var.group(1) in self.variables:
                return self.variables[var.group(1)]
            local = _LOCAL.match(value)
            if local and local.group(1) in self.locals:
                return self.locals[local.group(1)]
            refs = references_in(value)
            self.refs.update(refs)
            return unknown_for(value, refs)
        if isinstance(value, dict):
            return {k: self.convert(v) for k, v in value.items() if not k.startswith("//")}
        if isinstance(value, list):
            return [self.convert(v) for v in value]
        return value


def string_tags(value: Any) -> dict[str, str]:
    """The known string tags of a ``tags`` value (Unknown entries are left out)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}


class Providers:
    """Provider configurations of one stack: ``aws`` / ``aws.dr`` -> region and default tags."""

    def __init__(self) -> None:
        self.regions: dict[str, str | Unknown] = {}
        self.tags: dict[str, dict[str, str]] = {}

    def add(self, key: str, region: Any, default_tags: Any) -> None:
        """Register a provider configuration."""
        if (isinstance(region, str) and not _INTERP.search(region)) or isinstance(region, Unknown):
            self.regions[key] = region
        elif region is None:
            self.regions[key] = Unknown(f"provider {key} sets no region")
        else:
            self.regions[key] = Unknown(f"provider {key} region is an expression", str(region))
        merged: dict[str, str] = {}
        for block in as_list(default_tags):
            if isinstance(block, dict):
                merged.update(string_tags(block.get("tags")))
        self.tags[key] = merged

    def region(self, key: str) -> str | Unknown:
        """Region of provider configuration ``key``."""
        if key in self.regions:
            return self.regions[key]
        return Unknown(f"provider {key} is not configured in this stack")

    def default_tags(self, key: str) -> dict[str, str]:
        """Default tags of provider configuration ``key``."""
        return self.tags.get(key, {})


def effective_region(provider: str, provider_region: Any, values: Mapping[str, Any]) -> Any:
    """Where a resource lands: AWS provider v6 resources may override their provider's
    region with their own ``region`` argument; otherwise the provider's region."""
    own = values.get("region")
    if provider.split(".")[0] == "aws" and isinstance(own, str | Unknown) and own != "":
        return own
    return provider_region


def provider_key(resource_type: str, meta: Any) -> str:
    """Provider configuration address of a resource (``aws``, ``aws.dr``)."""
    if isinstance(meta, str) and meta:
        return meta.removeprefix("${").removesuffix("}")
    return resource_type.split("_", 1)[0]


def providers_from_doc(doc: Mapping[str, Any], variables: Mapping[str, Any]) -> Providers:
    """Provider configurations of a ``.tf.json``-shaped document."""
    providers = Providers()
    conv = ValueConverter(variables)
    for name, configs in (doc.get("provider") or {}).items():
        for cfg in as_list(configs):
            if not isinstance(cfg, dict):
                raise ValueError(f"provider {name} is not an object")
            alias = cfg.get("alias")
            key = f"{name}.{alias}" if alias else name
            providers.add(key, conv.convert(cfg.get("region")), cfg.get("default_tags"))
    return providers


def variables_from_doc(doc: Mapping[str, Any],
                       tfvars: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Input variables with a known value: the default, overridden by a tfvars value (or a
    module call's literal argument). ``var.x`` resolves to it."""
    out: dict[str, Any] = {}
    for name, body in (doc.get("variable") or {}).items():
        if isinstance(body, dict) and "default" in body and body["default"] is not None:
            out[name] = body["default"]
        if tfvars and name in tfvars and not has_unknown(tfvars[name]):
            out[name] = tfvars[name]
    return out


def has_unknown(value: Any) -> bool:
    """True when ``value`` is or holds an Unknown or an unresolved interpolation."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, str):
        return bool(_INTERP.search(value))
    if isinstance(value, dict):
        return any(has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(has_unknown(v) for v in value)
    return False


def locals_from_doc(doc: Mapping[str, Any], variables: Mapping[str, Any]) -> dict[str, Any]:
    """``locals`` whose value is literal once variables and other literal locals resolve."""
    raw = doc.get("locals") or {}
    if isinstance(raw, list):
        merged: dict[str, Any] = {}
        for block in raw:
            if isinstance(block, dict):
                merged.update(block)
        raw = merged
    known: dict[str, Any] = {}
    for _ in range(4):
        for name, value in raw.items():
            if name not in known:
                converted = ValueConverter(variables, known).convert(value)
                if not has_unknown(converted):
                    known[name] = converted
    return known


def build_resource(
    *, mode: str, rtype: str, name: str, body: Mapping[str, Any], stack: str,
    providers: Providers, variables: Mapping[str, Any], where: tuple[str | None, int | None],
    locals_: Mapping[str, Any] | None = None,
) -> Resource:
    """One model resource from a ``.tf.json`` resource body (``dynamic`` blocks expanded)."""
    from policies.loaders.dynamic import expand_dynamic
    from policies.loaders.provisioners import PROVISIONER, provisioners_of

    if not isinstance(body, dict):
        raise ValueError(f"{rtype}.{name} is not an object")
    conv = ValueConverter(variables, locals_)
    body = expand_dynamic(body, conv)
    values = {k: conv.convert(v) for k, v in body.items()
              if k not in META and not k.startswith("//")}
    provisioners = provisioners_of(body.get(PROVISIONER))
    if provisioners:
        values[PROVISIONER] = conv.convert(provisioners)
    key = provider_key(rtype, body.get("provider"))
    prefix = "data." if mode == "data" else ""
    tags = {**providers.default_tags(key), **string_tags(values.get("tags"))}
    return Resource(
        address=f"{prefix}{rtype}.{name}", type=rtype, name=name, stack=stack,
        region=effective_region(key, providers.region(key), values), provider=key,
        values=values, references=tuple(sorted(conv.refs)), file=where[0], line=where[1],
        tags=tags,
    )


def stack_from_doc(
    doc: Mapping[str, Any], *, name: str, file: str | None,
    lines: Mapping[tuple[str, str, str], tuple[str | None, int | None]],
    tfvars: Mapping[str, Any] | None = None, providers: Providers | None = None,
) -> Stack:
    """A :class:`Stack` from a ``.tf.json``-shaped document.

    ``lines`` maps ``(mode, type, name)`` to ``(file, line)`` where known; ``tfvars``
    overrides variable defaults; ``providers`` are inherited ones (a child module's).
    """
    variables = variables_from_doc(doc, tfvars)
    locals_ = locals_from_doc(doc, variables)
    if providers is None or doc.get("provider"):
        providers = providers_from_doc(doc, variables)
    built: dict[str, list[Resource]] = {"resource": [], "data": []}
    for mode in ("resource", "data"):
        for rtype, by_name in (doc.get(mode) or {}).items():
            if not isinstance(by_name, dict):
                raise ValueError(f"{mode} {rtype} is not an object")
            for rname, body in by_name.items():
                where = lines.get((mode, rtype, rname), (file, None))
                built[mode].append(build_resource(
                    mode=mode, rtype=rtype, name=rname, body=body, stack=name,
                    providers=providers, variables=variables, where=where,
                    locals_=locals_))
    conv = ValueConverter(variables, locals_)
    outputs = {k: conv.convert(v.get("value")) for k, v in (doc.get("output") or {}).items()
               if isinstance(v, dict)}
    terraform = doc.get("terraform") or {}
    backend = terraform.get("backend") if isinstance(terraform, dict) else None
    return Stack(
        name=name, region=providers.region("aws"),
        residency=_residency(providers.default_tags("aws")),
        backend=backend if isinstance(backend, dict) and backend else None,
        resources=tuple(built["resource"]), file=file,
        data_sources=tuple(built["data"]), outputs=outputs,
        default_tags=providers.default_tags("aws"),
    )


def _residency(tags: Mapping[str, str]) -> str | None:
    value = tags.get("DataResidency")
    return value.lower() if value else None
