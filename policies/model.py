"""One resource model that every input form (synth JSON, HCL, plan JSON) is loaded into.

Policies see only these types. A value that could not be resolved (an interpolation,
a reference into another stack, a plan's ``after_unknown``) is represented by an
:class:`Unknown` carrying the reason, never by a guess.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Unknown:
    """A value that cannot be known before apply (policies report it as ``unknown``)."""

    reason: str
    """Why it is unknown, e.g. ``reference to aws_kms_key.data.arn``."""
    expression: str | None = None
    """The raw expression when there is one (``${aws_kms_key.data.arn}``)."""


@dataclass(frozen=True)
class Resource:
    """One managed resource, whatever input form it came from."""

    address: str
    """Terraform address, e.g. ``aws_db_instance.primary`` (module prefix included)."""
    type: str
    """Resource type, e.g. ``aws_db_instance``."""
    name: str
    """Resource name (the last address label)."""
    stack: str
    """Stack (synth), folder (HCL) or plan file stem the resource belongs to."""
    region: str | Unknown
    """Region the resource really lands in (its default or aliased provider)."""
    provider: str
    """Provider configuration address, e.g. ``aws`` or ``aws.dr``."""
    values: Mapping[str, Any]
    """Attribute values; nested blocks are lists of dicts; unresolvable values are Unknown."""
    references: tuple[str, ...] = ()
    """Addresses (``type.name``, ``data.type.name``) this resource refers to, sorted."""
    file: str | None = None
    """File it was read from, when known."""
    line: int | None = None
    """Line in ``file``, when known."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Effective tags: provider default_tags merged with the resource's own."""

    @property
    def residency(self) -> str | None:
        """Home jurisdiction from the ``DataResidency`` tag (``us``/``eu``), if tagged."""
        value = self.tags.get("DataResidency")
        return value.lower() if isinstance(value, str) else None


@dataclass(frozen=True)
class Stack:
    """A unit of state: one synthesized stack, one HCL folder or one plan."""

    name: str
    """Stack name."""
    region: str | Unknown
    """Region of the stack's default provider."""
    residency: str | None
    """Stack residency from its default provider's ``DataResidency`` default tag."""
    backend: Mapping[str, Any] | None
    """``terraform.backend`` block: ``{"s3": {...}}``, or None for local state."""
    resources: tuple[Resource, ...]
    """Managed resources (data sources are not policy subjects)."""
    file: str | None = None
    """File or folder the stack was read from."""
    data_sources: tuple[Resource, ...] = ()
    """Data sources (``data.<type>.<name>``), kept so policies can resolve references to them
    (remote state, IAM policy documents); they are not policy subjects."""
    outputs: Mapping[str, Any] = field(default_factory=dict)
    """Output name -> value (references kept as :class:`Unknown` with their expression), used
    to follow a ``terraform_remote_state`` reference from another stack back to its resource."""
    unread: tuple[str, ...] = ()
    """Parts of the configuration the loader could not read (a registry or git module call
    offline): one line each, naming it. The gate turns each into a blocking unknown finding."""
    document: Mapping[str, Any] | None = None
    """The working directory merged into one ``.tf.json``-shaped document (every file and
    override), when the stack was read from a folder; Checkov is given this when the folder
    holds more than ``cdk.tf.json``."""
    config_files: tuple[str, ...] = ()
    """The configuration files the stack was read from (a working directory's files)."""
    sensitive: frozenset[str] = frozenset()
    """Strings the input marks sensitive (a plan's ``after_sensitive``/``sensitive_values``,
    sensitive variables): the gate masks them in every message it prints."""
    default_tags: Mapping[str, str] = field(default_factory=dict)
    """The default ``aws`` provider's default tags: the residency policies read the stack's
    residency from them with the configured tag keys and values (``Settings``)."""


@dataclass(frozen=True)
class Model:
    """Everything one ``check`` run sees."""

    stacks: tuple[Stack, ...]
    """Stacks in input order."""
    input_form: str
    """``synth``, ``hcl`` or ``plan``."""

    def resources(self) -> Iterator[Resource]:
        """Every resource of every stack, in stack order."""
        for stack in self.stacks:
            yield from stack.resources

    def of_type(self, *types: str) -> Iterator[Resource]:
        """Resources whose type is one of ``types``."""
        wanted = set(types)
        return (r for r in self.resources() if r.type in wanted)

    def stack(self, name: str) -> Stack:
        """The stack called ``name``."""
        for s in self.stacks:
            if s.name == name:
                return s
        raise KeyError(name)

    def resolve(self, stack: str, address: str) -> Resource | None:
        """The resource at ``address`` in ``stack``, or None when it is not in the model."""
        for r in self.stack(stack).resources:
            if r.address == address:
                return r
        return None
