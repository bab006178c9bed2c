"""The model, indexed once per evaluation: by type, by address, by who references whom,
and references followed across stacks (``terraform_remote_state`` -> producer output).

Every lookup is a dict access, so the whole policy set stays linear in the model size.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from policies.jurisdictions import is_eu
from policies.loaders.common import references_in
from policies.model import Model, Resource, Stack, Unknown
from policies.rules._base import Settings, Verdict, failed, passed, unknown
from policies.rules._support import arn_region

_REMOTE = re.compile(r"data\.terraform_remote_state\.([\w\-]+)\.outputs\.([\w\-]+)")
_LOOKUP_ATTRS = ("bucket", "name", "arn", "id", "identifier")
T = TypeVar("T")


@dataclass(frozen=True)
class Ref:
    """Where a value points: a resource in the model, an unresolvable reason, or a literal."""

    resource: Resource | None = None
    unknown: Unknown | None = None
    literal: str | None = None


class Context:
    """Indexes over one model, built once and shared by every rule."""

    def __init__(self, model: Model, settings: Settings) -> None:
        self.model = model
        self.settings = settings
        self.stacks: dict[str, Stack] = {s.name: s for s in model.stacks}
        self._by_type: dict[str, list[Resource]] = defaultdict(list)
        self._by_addr: dict[tuple[str, str], Resource] = {}
        self._referrers: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        self._literals: dict[str, dict[str, Resource]] = {}
        self._backends: dict[tuple[str, str], Stack] = {}
        self._facts: dict[Hashable, object] = {}
        for stack in model.stacks:
            for r in stack.resources:
                self._by_type[r.type].append(r)
                self._by_addr[(r.stack, r.address)] = r
                for ref in r.references:
                    self._referrers[(r.stack, ref)].append(r)
            for d in stack.data_sources:
                self._by_addr[(d.stack, d.address)] = d
            s3 = (stack.backend or {}).get("s3")
            if isinstance(s3, dict):
                self._backends[(str(s3.get("bucket")), str(s3.get("key")))] = stack

    def once(self, key: Hashable, build: Callable[[], T]) -> T:
        """A model-wide fact (an index, a set of delegated zones...) built on first use and
        shared for the rest of this evaluation, so a rule's per-resource :meth:`Rule.check`
        can read it without rebuilding it for every resource."""
        if key not in self._facts:
            self._facts[key] = build()
        return cast(T, self._facts[key])

    def of_type(self, *types: str) -> list[Resource]:
        """Managed resources of the given types, in model order per type."""
        if len(types) == 1:
            return self._by_type.get(types[0], [])
        return [r for t in types for r in self._by_type.get(t, [])]

    def get(self, stack: str, address: str) -> Resource | None:
        """Resource or data source at ``address`` in ``stack``."""
        return self._by_addr.get((stack, address))

    def referrers(self, target: Resource, *types: str) -> list[Resource]:
        """Resources of ``types`` (any when empty) in ``target``'s stack that reference it."""
        found = self._referrers.get((target.stack, target.address), [])
        return [r for r in found if not types or r.type in types]

    def residency(self, r: Resource) -> str | None:
        """Home jurisdiction of ``r`` (``eu`` for EU data, see :func:`holds_eu_data`), else
        its residency tag's value (configured keys, any case), else its stack's."""
        if holds_eu_data(self, r):
            return "eu"
        marks = marked_residency(self, r)
        stack = self.stacks.get(r.stack)
        return marks[0] if marks else stack_residency(self, stack) if stack else None

    def is_eu_data(self, r: Resource) -> bool:
        """True when ``r`` holds EU-resident data (:func:`holds_eu_data`)."""
        return holds_eu_data(self, r)

    def resolve(self, r: Resource, value: Any, *types: str, depth: int = 0) -> Ref:
        """The resource of ``types`` that ``value`` (an attribute of ``r``) points at."""
        if isinstance(value, Unknown):
            return self._resolve_expression(r.stack, value, types, depth)
        if isinstance(value, str) and value:
            found = self._by_literal(value, types)
            return Ref(resource=found) if found else Ref(literal=value)
        return Ref()

    def _resolve_expression(self, stack: str, value: Unknown, types: Iterable[str],
                            depth: int) -> Ref:
        expression = value.expression or ""
        wanted = set(types)
        remote = _REMOTE.search(expression)
        if remote and depth < 3:
            return self._follow_remote(stack, remote.group(1), remote.group(2), value, wanted,
                                       depth)
        for ref in references_in(expression):
            target = self._by_addr.get((stack, ref))
            if target is not None and (not wanted or target.type in wanted):
                return Ref(resource=target)
        return Ref(unknown=value)

    def _follow_remote(self, stack: str, data_name: str, output: str, value: Unknown,
                       wanted: set[str], depth: int) -> Ref:
        data = self._by_addr.get((stack, f"data.terraform_remote_state.{data_name}"))
        config = data.values.get("config") if data else None
        producer = None
        if isinstance(config, dict):
            key = (str(config.get("bucket")), str(config.get("key")))
            producer = self._backends.get(key)
        if producer is None:
            return Ref(unknown=Unknown(
                f"reference into another stack (data.terraform_remote_state.{data_name}) "
                "that is not in the checked input", value.expression))
        out = producer.outputs.get(output)
        if not isinstance(out, Unknown):
            return Ref(unknown=Unknown(
                f"output {output} of stack {producer.name} is not a resource reference",
                value.expression))
        ref = self._resolve_expression(producer.name, out, wanted, depth + 1)
        return ref if ref.resource else Ref(unknown=ref.unknown or value)

    def _by_literal(self, value: str, types: Iterable[str]) -> Resource | None:
        name = value.removeprefix("arn:aws:s3:::") if value.startswith("arn:aws:s3:::") else value
        for rtype in types:
            table = self._literals.get(rtype)
            if table is None:
                table = {}
                for r in self._by_type.get(rtype, []):
                    for attr in _LOOKUP_ATTRS:
                        v = r.values.get(attr)
                        if isinstance(v, str):
                            table.setdefault(v, r)
                self._literals[rtype] = table
            if value in table or name in table:
                return table.get(value) or table[name]
        return None

    def region_of(self, ref: Ref, value: Any) -> str | Unknown:
        """Region of the resource a value points at (an ARN's region when not in the model)."""
        if ref.resource is not None:
            return ref.resource.region
        region = arn_region(value if isinstance(value, str) else ref.literal)
        if region:
            return region
        if ref.unknown is not None:
            return ref.unknown
        return Unknown(f"target {ref.literal or value!r} is not in the checked input")


def eu_region(region: str | Unknown) -> bool | None:
    """True/False for a known region, None when unknown."""
    return None if isinstance(region, Unknown) else is_eu(region)


class Attachments:
    """Resources of one type that point at resources of another through one attribute
    (e.g. ``aws_s3_bucket_versioning.bucket`` -> ``aws_s3_bucket``), indexed by target."""

    def __init__(self, ctx: Context, attach_type: str, attr: str, *target_types: str) -> None:
        self.by_target: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        self.unresolved: dict[str, list[tuple[Resource, Unknown]]] = defaultdict(list)
        for r in ctx.of_type(attach_type):
            ref = ctx.resolve(r, r.values.get(attr), *target_types)
            if ref.resource is not None:
                self.by_target[(ref.resource.stack, ref.resource.address)].append(r)
            elif ref.unknown is not None:
                self.unresolved[r.stack].append((r, ref.unknown))

    def of(self, target: Resource) -> list[Resource]:
        """Attachments of ``target``."""
        return self.by_target.get((target.stack, target.address), [])

    def pending(self, stack: str) -> Unknown | None:
        """Why an attachment in ``stack`` may still point at a target (first unresolved)."""
        found = self.unresolved.get(stack)
        return found[0][1] if found else None

    def missing(self, r: Resource, what: str, failure: str) -> Verdict:
        """The verdict on ``r`` when no attachment is known to target it: unknown while one
        in its stack is unresolved (``what``, e.g. "a bucket policy", may target it), else
        failed with ``failure``."""
        why = self.pending(r.stack)
        if why is not None:
            return unknown(r, f"{what} may target it", why)
        return failed(r, failure)


def attachments(ctx: Context, attach_type: str, attr: str, *target_types: str) -> Attachments:
    """:class:`Attachments` for this context, built once per evaluation."""
    return ctx.once(("attachments", attach_type, attr, *target_types),
                    lambda: Attachments(ctx, attach_type, attr, *target_types))


def _norm(key: str) -> str:
    return key.lower().replace("-", "").replace("_", "")


def residency_marks(ctx: Context, tags: Mapping[str, Any]) -> list[str]:
    """Values of the residency tags in ``tags`` under any of the configured keys
    (case-insensitive, ``-``/``_`` ignored), lower-cased."""
    keys = {_norm(k) for k in ctx.settings.residency_tag_keys}
    return [v.strip().lower() for k, v in tags.items()
            if _norm(str(k)) in keys and isinstance(v, str)]


def marked_residency(ctx: Context, r: Resource) -> list[str]:
    """Values of ``r``'s residency tags (:func:`residency_marks` of its effective tags)."""
    return residency_marks(ctx, r.tags)


def stack_residency(ctx: Context, stack: Stack) -> str | None:
    """A stack's residency from its default provider's default tags, read with the
    configured keys and values: ``eu`` when any says EU, else the first value, else what the
    loader read (the ``DataResidency`` default tag)."""
    marks = residency_marks(ctx, stack.default_tags)
    eu_values = {v.lower() for v in ctx.settings.eu_residency_values}
    if any(m in eu_values for m in marks):
        return "eu"
    return marks[0] if marks else stack.residency


def in_eu_stack(ctx: Context, r: Resource) -> bool:
    """True when ``r`` belongs to a stack whose residency is EU."""
    stack = ctx.stacks.get(r.stack)
    return stack is not None and stack_residency(ctx, stack) == "eu"


def holds_eu_data(ctx: Context, r: Resource) -> bool:
    """True when ``r`` holds EU data: it is in an EU-residency stack (a tag can never relabel
    it), or any configured residency tag on it says EU (settings-driven keys and values)."""
    if in_eu_stack(ctx, r):
        return True
    eu_values = {v.lower() for v in ctx.settings.eu_residency_values}
    return any(v in eu_values for v in marked_residency(ctx, r))


def source_is_eu(ctx: Context, r: Resource, value: Any, *types: str) -> bool | Unknown:
    """Whether the data that ``value`` (an attribute of ``r``) points at is EU data: the
    resource's residency when it is in the model, else its region (from an ARN or a data
    source's provider)."""
    ref = ctx.resolve(r, value, *types)
    if ref.resource is not None:
        if holds_eu_data(ctx, ref.resource):
            return True
        in_eu = eu_region(ref.resource.region)
        return ref.resource.region if in_eu is None else in_eu  # type: ignore[return-value]
    region = ctx.region_of(ref, value)
    if isinstance(region, Unknown):
        return region
    return bool(eu_region(region))


def judge_eu_copy(r: Resource, source_eu: bool | Unknown, targets: list[Any]) -> Verdict:
    """The verdict on a copy of data (a replica, a snapshot or backup copy) to ``targets``
    regions: EU data may go to EU regions only; a target that is not a region name is
    unknown, and so is a copy with no target at all."""
    if isinstance(source_eu, Unknown):
        return unknown(r, "residency of the copied data cannot be resolved", source_eu)
    if not source_eu:
        return passed(r, "copies non-EU data")
    outside = [t for t in targets if isinstance(t, str) and not is_eu(t)]
    if outside:
        return failed(r, f"copies EU data to {outside[0]}, outside the EU")
    unsure = next((t for t in targets if not isinstance(t, str)), None)
    if unsure is not None or not targets:
        why = unsure if isinstance(unsure, Unknown) else (
            "destination region not given" if targets else "no destination")
        return unknown(r, "copy target region cannot be resolved", why)
    return passed(r, "EU data copied within the EU")
