"""No ``local-exec`` / ``remote-exec`` provisioner runs a command at apply."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.loaders.provisioners import PROVISIONER
from policies.model import Resource
from policies.rules._base import ANY_TYPE, DNG, Rule, Verdict, failed, passed
from policies.rules._context import Context

#: Provisioners that only copy files (no command runs); any other type is judged a finding.
COPY_ONLY = frozenset({"file"})


class NoExecProvisioners(Rule):
    """Every resource (any type, also inside modules) that declares a provisioner is a subject:
    a ``local-exec`` (a command on the machine that applies, with its credentials), a
    ``remote-exec`` (a command on a host it reaches) or a provisioner of a type Terraform does
    not ship is a finding; a resource whose provisioners only copy files (``file``) passes.
    Resources without provisioners are not subjects."""

    id = "HAP_DNG_004"
    name = "Ensure no resource runs a local-exec or remote-exec provisioner"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = DNG
    explanation = (
        "A provisioner runs an arbitrary command at apply with the pipeline's credentials, "
        "outside every policy on the resource graph; a waiver can allow a reviewed one for one "
        "resource (issue 8.5)."
    )

    resource_types = ANY_TYPE

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        blocks = r.values.get(PROVISIONER)
        if not isinstance(blocks, list) or not blocks:
            return None
        kinds = [str(k) for b in blocks if isinstance(b, dict) for k in b]
        running = [k for k in kinds if k not in COPY_ONLY]
        if running:
            return failed(r, f"runs a {running[0]} provisioner at apply "
                             f"({len(running)} of {len(kinds)} provisioners run commands)")
        return passed(r, "its provisioners only copy files")
