"""A security group's ingress rules together do not open it to the internet."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import NET, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._network import SG, public_groups
from policies.rules._support import as_int, blocks, covers_internet

_WEB = (80, 443)
Entry = tuple[int, int, list[Any]]


class NoOpenIngressUnion(Rule):
    """Per security group, the ingress of its inline rules, its ``aws_security_group_rule``s and
    its ``aws_vpc_security_group_ingress_rule``s is combined: on any port where the union of
    the allowed CIDRs is the whole internet (``0.0.0.0/1`` + ``128.0.0.0/1`` in two rules, say),
    the group is open there; that is allowed only on 443/80 of an internet-facing LB's group."""

    id = "HAP_NET_006"
    name = "Ensure the union of a security group's ingress rules does not open it to the internet"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = NET
    explanation = (
        "Splitting 0.0.0.0/0 into 0.0.0.0/1 + 128.0.0.0/1, or over several rules, opens the "
        "group just the same (issue 8.5)."
    )

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        """Overridden, not check(): a group's verdict is the union of its own rules and the separate
        rule resources that point at it."""
        entries: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        unsure: dict[tuple[str, str], Unknown] = {}
        for sg in ctx.of_type(SG):
            key = (sg.stack, sg.address)
            for rule in blocks(sg.values, "ingress"):
                if isinstance(rule, dict):
                    _add(entries, unsure, key, rule)
        loose: list[tuple[Resource, Unknown]] = []
        for r in ctx.of_type("aws_security_group_rule", "aws_vpc_security_group_ingress_rule"):
            if r.type == "aws_security_group_rule" and r.values.get("type") != "ingress":
                continue
            ref = ctx.resolve(r, r.values.get("security_group_id"), SG)
            if ref.resource is None:
                loose.append((r, ref.unknown or Unknown("security group not in the input")))
                continue
            _add(entries, unsure, (ref.resource.stack, ref.resource.address), r.values)
        public = public_groups(ctx)
        for sg in ctx.of_type(SG):
            key = (sg.stack, sg.address)
            port = _open_port(entries.get(key, []), key in public)
            if port is not None:
                yield failed(sg, f"its ingress rules together open port {port} to the internet")
            elif key in unsure:
                yield unknown(sg, "an ingress source of the group cannot be resolved", unsure[key])
            elif any(r.stack == sg.stack for r, _ in loose):
                yield unknown(sg, "an ingress rule may belong to this group",
                              next(u for r, u in loose if r.stack == sg.stack))
            else:
                yield passed(sg, "the union of its ingress is not the internet")


def _add(entries: dict[tuple[str, str], list[Entry]], unsure: dict[tuple[str, str], Unknown],
         key: tuple[str, str], rule: Any) -> None:
    cidrs: list[Any] = []
    for name in ("cidr_blocks", "ipv6_cidr_blocks"):
        value = rule.get(name)
        cidrs += [value] if isinstance(value, Unknown) else list(value or [])
    cidrs += [c for c in (rule.get("cidr_ipv4"), rule.get("cidr_ipv6")) if c]
    bad = next((c for c in cidrs if isinstance(c, Unknown)), None)
    if bad is not None:
        unsure.setdefault(key, bad)
    if str(rule.get("protocol", rule.get("ip_protocol"))) in ("-1", "all"):
        low, high = 0, 65535
    else:
        low_v, high_v = as_int(rule.get("from_port")), as_int(rule.get("to_port"))
        if low_v is None or high_v is None:
            unsure.setdefault(key, Unknown("ingress ports cannot be read"))
            return
        low, high = low_v, high_v
    entries[key].append((low, high, [c for c in cidrs if isinstance(c, str)]))


def _open_port(entries: list[Entry], public: bool) -> int | None:
    """A port on which the group is open to the internet beyond what is allowed, else None."""
    for port in sorted({low for low, _, _ in entries}):
        covering = [e for e in entries if e[0] <= port <= e[1]]
        if not covers_internet([c for e in covering for c in e[2]]):
            continue
        web_only = all(e[0] == e[1] for e in covering)
        if not (public and port in _WEB and web_only):
            return port
    return None
