"""Module calls: local ones (``source = "./modules/db"``) are loaded and their resources
added under ``module.<name>.`` (``module.<name>[0].`` / ``module.<name>["k"].`` with
``count`` / ``for_each``); references inside a child resolve within that child. A registry
or git module cannot be read offline: it is recorded in ``Stack.unread`` and the gate
turns it into a blocking unknown finding (never a silent pass).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from policies.loaders.common import (
    REF_RE,
    Providers,
    ValueConverter,
    has_unknown,
    locals_from_doc,
    providers_from_doc,
    variables_from_doc,
)
from policies.loaders.errors import LoadError
from policies.model import Resource, Stack, Unknown

MAX_DEPTH = 8
_CALL_META = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


def _prefix_text(text: str, prefix: str) -> str:
    return REF_RE.sub(lambda m: prefix + m.group(1), text)


def _prefix_value(value: Any, prefix: str) -> Any:
    if isinstance(value, Unknown):
        expr = _prefix_text(value.expression, prefix) if value.expression else None
        return Unknown(_prefix_text(value.reason, prefix), expr)
    if isinstance(value, dict):
        return {k: _prefix_value(v, prefix) for k, v in value.items()}
    if isinstance(value, list):
        return [_prefix_value(v, prefix) for v in value]
    return value


def _prefixed(res: Resource, prefix: str) -> Resource:
    return replace(res, address=prefix + res.address,
                   references=tuple(sorted(prefix + r for r in res.references)),
                   values=_prefix_value(dict(res.values), prefix))


def _instances(call: dict[str, Any], conv: ValueConverter) -> list[str] | None:
    """Address suffixes of a module call's instances (None when not known before apply)."""
    if "count" in call:
        count = conv.convert(call["count"])
        if isinstance(count, bool) or not isinstance(count, int):
            return None
        return [f"[{i}]" for i in range(count)]
    if "for_each" in call:
        each = conv.convert(call["for_each"])
        if isinstance(each, dict) and not has_unknown(list(each)):
            return [f"[{json.dumps(str(k))}]" for k in sorted(each)]
        if isinstance(each, list) and all(isinstance(k, str) for k in each):
            return [f"[{json.dumps(k)}]" for k in sorted(set(each))]
        return None
    return [""]


def _child_providers(call: dict[str, Any], parent: Providers) -> Providers:
    mapping = call.get("providers")
    if not isinstance(mapping, dict):
        return parent
    child = Providers()
    child.regions, child.tags = dict(parent.regions), dict(parent.tags)
    for inner, outer in mapping.items():
        key = str(outer).removeprefix("${").removesuffix("}")
        child.regions[inner] = parent.region(key)
        child.tags[inner] = parent.default_tags(key)
    return child


def expand_modules(stack: Stack, doc: dict[str, Any], folder: Path, *, depth: int,
                   providers: Providers | None = None,
                   variables: dict[str, Any] | None = None) -> Stack:
    """``stack`` plus the resources of every module call of ``doc`` (recursively)."""
    from policies.loaders.tfvars import tfvars_for
    from policies.loaders.workdir import has_config, read_workdir

    calls = doc.get("module") or {}
    if not calls:
        return stack
    if depth >= MAX_DEPTH:
        raise LoadError(f"{folder}: module calls nested more than {MAX_DEPTH} deep")
    if variables is None:
        variables = variables_from_doc(doc, tfvars_for(folder))
    if providers is None:
        providers = providers_from_doc(doc, variables)
    conv = ValueConverter(variables, locals_from_doc(doc, variables))
    resources, data, unread = list(stack.resources), list(stack.data_sources), list(stack.unread)
    for name, call in sorted(calls.items()):
        if not isinstance(call, dict):
            raise LoadError(f"{folder}: module {name} is not a block")
        source = call.get("source")
        if not isinstance(source, str) or not source.startswith(("./", "../")):
            unread.append(f"module.{name}: source {source!r} is not a local path and cannot "
                          "be read offline; its resources are not checked")
            continue
        child_dir = (folder / source).resolve()
        if not has_config(child_dir):
            unread.append(f"module.{name}: source {source} holds no Terraform configuration")
            continue
        child_doc, lines, _ = read_workdir(child_dir)
        inputs = {k: conv.convert(v) for k, v in call.items() if k not in _CALL_META}
        child_vars = variables_from_doc(child_doc, inputs)
        child_providers = _child_providers(call, providers)
        from policies.loaders.common import stack_from_doc

        child = stack_from_doc(child_doc, name=stack.name, file=str(child_dir), lines=lines,
                               tfvars=inputs, providers=child_providers)
        child = expand_modules(child, child_doc, child_dir, depth=depth + 1,
                               providers=child_providers, variables=child_vars)
        instances = _instances(call, conv)
        if instances == [] and "var." in str(call.get("count", call.get("for_each"))):
            # A reusable module's caller sets the collection (a wrapper's default is
            # empty): check the module's resources once rather than nothing at all.
            instances = [""]
        if instances is None:
            unread.append(f"module.{name}: count/for_each is not known before apply; its "
                          "resources are checked once under module." + name)
            instances = [""]
        for suffix in instances:
            prefix = f"module.{name}{suffix}."
            resources += [_prefixed(r, prefix) for r in child.resources]
            data += [_prefixed(r, prefix) for r in child.data_sources]
        unread += [f"module.{name}.{u}" for u in child.unread]
    return replace(stack, resources=tuple(resources), data_sources=tuple(data),
                   unread=tuple(unread))


def local_module_dirs(folder: Path, *, depth: int = 0) -> set[Path]:
    """``folder`` (resolved) and every folder its local module calls read, recursively:
    the tree Terraform reads for this root. Registry and git sources are not followed."""
    from policies.loaders.workdir import has_config, read_workdir

    if depth >= MAX_DEPTH:
        raise LoadError(f"{folder}: module calls nested more than {MAX_DEPTH} deep")
    root = folder.resolve()
    found = {root}
    doc, _lines, _files = read_workdir(root)
    for call in (doc.get("module") or {}).values():
        source = call.get("source") if isinstance(call, dict) else None
        if isinstance(source, str) and source.startswith(("./", "../")):
            child = (root / source).resolve()
            if child not in found and has_config(child):
                found |= local_module_dirs(child, depth=depth + 1)
    return found
