"""What every policy shares: the settings it reads, the verdicts it returns, its base class.

A policy is one :class:`Rule` subclass in its own file under ``policies/rules/``: its metadata
(id, name, severity, enforcement, category, explanation) are class attributes beside the logic
that decides, and :mod:`policies.catalog` discovers it. Adding a policy touches its file and
its fixture, nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from policies.findings import Enforcement, Outcome, Severity
from policies.model import Resource, Unknown
from policies.rules._support import is_true

if TYPE_CHECKING:
    from policies.rules._context import Context


@dataclass(frozen=True)
class Settings:
    """Tunable thresholds of our policies (defaults are the seed's requirements)."""

    min_backup_retention_days: int = 7
    """RDS automated backups must be kept at least this many days."""
    min_tasks_per_region: int = 4
    """ECS services must run at least this many tasks (seed: min 4 tasks per region)."""
    min_availability_zones: int = 3
    """Each subnet tier of a VPC must span at least this many AZs."""
    residency_tag_keys: tuple[str, ...] = ("DataResidency", "data-residency", "data_residency")
    """Tag keys that mark a resource's data residency (compared case-insensitively)."""
    eu_residency_values: tuple[str, ...] = ("eu",)
    """Values of those tags that mean "EU data" (compared case-insensitively)."""
    allowed_principal_accounts: tuple[str, ...] = ()
    """AWS account ids besides the owning account that bucket/key policies may grant data
    actions to (default: none, only the account that owns the resources)."""

    def __post_init__(self) -> None:
        for name in ("min_backup_retention_days", "min_tasks_per_region",
                     "min_availability_zones"):
            if getattr(self, name) < 1:
                raise ValueError(f"Settings.{name} must be at least 1")
        if self.min_backup_retention_days > 35:
            raise ValueError("Settings.min_backup_retention_days cannot exceed 35 (RDS maximum)")


@dataclass(frozen=True)
class Verdict:
    """One rule's decision about one subject (a resource, or a stack's backend)."""

    address: str
    stack: str
    outcome: Outcome
    message: str
    file: str | None = None
    line: int | None = None


def passed(r: Resource, message: str) -> Verdict:
    """A passing verdict on ``r``."""
    return Verdict(r.address, r.stack, Outcome.PASSED, message, r.file, r.line)


def failed(r: Resource, message: str) -> Verdict:
    """A failing verdict on ``r``."""
    return Verdict(r.address, r.stack, Outcome.FAILED, message, r.file, r.line)


def unknown(r: Resource, message: str, why: Unknown | str | None = None) -> Verdict:
    """An unknown verdict on ``r``; ``why`` (an Unknown or a reason) is appended."""
    reason = why.reason if isinstance(why, Unknown) else why
    text = f"{message}: {reason}" if reason else message
    return Verdict(r.address, r.stack, Outcome.UNKNOWN, text, r.file, r.line)


#: Policy categories, in the order the docs list them.
ENC, TLS, NET, BAK, RES, HA = ("Encryption at rest", "Encryption in transit", "Private network",
                               "Backup and recovery", "EU data residency", "High availability")
#: Categories added with issue 8 (dangerous constructs, IAM escalation) and issue 10 (apply).
DNG, IAM, APV = ("Dangerous constructs", "Identity and access", "Apply validity")
#: Added with issue 12 (the platform's numbers).
COST = "Cost"
CATEGORIES: tuple[str, ...] = (ENC, TLS, NET, BAK, RES, HA, DNG, IAM, APV, COST)


#: ``resource_types`` of a rule whose subjects are every managed resource.
ANY_TYPE: tuple[str, ...] = ("*",)


class Rule:
    """Base class of our policies: metadata as class attributes, and the decision.

    A rule names its ``resource_types`` (or :data:`ANY_TYPE`) and implements :meth:`check`,
    one subject at a time; the base class runs the loop. A fact about the whole model that
    a check needs (an index of attachments, the set of public security groups) is built once
    with ``ctx.once``. Only a rule whose subjects are not managed resources (a stack's
    backend, data sources) or whose verdict on one subject depends on its peers (rules summed
    per security group, subnets grouped per tier) overrides :meth:`verdicts`, and that
    method's docstring says why.
    """

    id: ClassVar[str]
    """Our id, ``HAP_<AREA>_<NNN>``; never reused."""
    name: ClassVar[str]
    """Reads "Ensure ..."."""
    severity: ClassVar[Severity]
    enforcement: ClassVar[Enforcement]
    """CRITICAL policies are hard-mandatory (a test enforces it)."""
    category: ClassVar[str]
    """One of :data:`CATEGORIES` (new categories are added there)."""
    explanation: ClassVar[str]
    """Why it matters: the seed requirement or regulation behind it."""
    resource_types: ClassVar[tuple[str, ...]] = ()
    """Subjects of the default :meth:`verdicts` loop."""

    def verdicts(self, ctx: Context) -> Iterable[Verdict]:
        """Verdicts for every subject of this policy in ``ctx.model``."""
        if not self.resource_types:
            raise NotImplementedError(f"{type(self).__name__}: set resource_types or "
                                      "override verdicts()")
        subjects = (ctx.model.resources() if self.resource_types == ANY_TYPE
                    else ctx.of_type(*self.resource_types))
        for r in subjects:
            yield from _as_verdicts(self.check(r, ctx))

    def check(self, r: Resource, ctx: Context) -> Verdict | Iterable[Verdict] | None:
        """Verdict(s) on one resource of ``resource_types`` (None: not a subject)."""
        raise NotImplementedError(f"{type(self).__name__}.check")


def _as_verdicts(out: Verdict | Iterable[Verdict] | None) -> Iterator[Verdict]:
    if out is None:
        return
    if isinstance(out, Verdict):
        yield out
    else:
        yield from out


def require_true(r: Resource, value: object, what: str) -> Verdict:
    """Pass when ``value`` is true, unknown when unresolved, fail otherwise."""
    if isinstance(value, Unknown):
        return unknown(r, f"{what} cannot be resolved", value)
    if is_true(value):
        return passed(r, f"{what} is enabled")
    return failed(r, f"{what} is not enabled")


def require_set(r: Resource, value: object, what: str) -> Verdict:
    """Pass when ``value`` is set (a customer-managed key, say), fail when absent or empty.

    A plain reference to another resource (``${aws_kms_key.x.arn}``) proves a key is
    configured, so it passes; a conditional or a variable is unknown.
    """
    if isinstance(value, Unknown):
        expr = value.expression or ""
        if "?" in expr or "var." in expr or "null" in expr or "." not in expr:
            return unknown(r, f"{what} cannot be resolved", value)
        return passed(r, f"{what} is set (reference)")
    if isinstance(value, str) and value:
        return passed(r, f"{what} is set")
    return failed(r, f"{what} is not set")
