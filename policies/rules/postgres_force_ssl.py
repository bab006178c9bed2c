"""PostgreSQL instances force TLS through their parameter group."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import TLS, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._support import blocks

GROUPS = ("aws_db_parameter_group",)


class PostgresForceSsl(Rule):
    """A PostgreSQL ``aws_db_instance`` uses a parameter group setting ``rds.force_ssl=1``."""

    id = "HAP_TLS_004"
    name = "Ensure PostgreSQL forces TLS (rds.force_ssl=1)"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = TLS
    explanation = (
        "Without rds.force_ssl a client may connect in clear text."
    )

    resource_types = ("aws_db_instance",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        engine = r.values.get("engine")
        if isinstance(engine, str) and "postgres" not in engine:
            return
        if engine is None and r.values.get("replicate_source_db") is None:
            return
        yield _check(ctx, r)


def _check(ctx: Context, r: Resource) -> Verdict:
    name = r.values.get("parameter_group_name")
    if name is None:
        return failed(r, "uses the default parameter group (rds.force_ssl not set)")
    ref = ctx.resolve(r, name, *GROUPS)
    if ref.resource is None:
        return unknown(r, "parameter group cannot be resolved",
                       ref.unknown or f"{name!r} is not in the checked input")
    for p in blocks(ref.resource.values, "parameter"):
        if isinstance(p, dict) and p.get("name") == "rds.force_ssl":
            value = p.get("value")
            if isinstance(value, Unknown):
                return unknown(r, "rds.force_ssl cannot be resolved", value)
            if str(value) == "1":
                return passed(r, f"{ref.resource.address} sets rds.force_ssl=1")
            return failed(r, f"{ref.resource.address} sets rds.force_ssl={value}")
    return failed(r, f"{ref.resource.address} does not set rds.force_ssl")
