"""Each jurisdiction's API path reaches only its own regions, on the real synth.

Geolocation answers by where CloudFront's edge resolves ``api.<domain>``, not by where an
account's data lives: an EU account served by a non-European edge would reach the US pair.
So ``/api/<key>/*`` has its own origin (the pair's name), and every ALB answers the other
jurisdictions' paths with a fixed 421. The oracle is the DNS the edge itself generates: the
failover records of ``api-<key>.<domain>`` name the stacks behind each pair, and the test
checks the origin's headers, the certificates and the fences against those stacks.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

DOMAIN = "example-webapp.com"
#: By hand, from regions/platform.toml: who serves each jurisdiction (primary, standby).
PAIRS = {"us": {"app-us-east-1", "standby-us-eu-west-1"},
         "eu": {"app-eu-west-1", "standby-eu-eu-central-1"}}
_INPUT = re.compile(r"cross_stack_reference_input_([a-z0-9_]+?)\.outputs")


def _resources(stack: dict[str, Any], tf_type: str) -> dict[str, Any]:
    found: dict[str, Any] = stack.get("resource", {}).get(tf_type, {})
    return found


def _distribution(stacks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    (cdn,) = _resources(stacks["edge"], "aws_cloudfront_distribution").values()
    return cdn


def _stacks_behind(stacks: dict[str, dict[str, Any]], name: str) -> set[str]:
    """The stacks whose ALBs the edge's failover records of ``name`` alias."""
    out = set()
    for rec in _resources(stacks["edge"], "aws_route53_record").values():
        if rec.get("name") == name and "failover_routing_policy" in rec:
            (ref,) = _INPUT.findall(rec["alias"]["name"])
            out.add(next(s for s in stacks if s.replace("-", "_") == ref))
    return out


def _api_header(stack: dict[str, Any]) -> str:
    rules = _resources(stack, "aws_lb_listener_rule")
    (rule,) = (r for r in rules.values()
               if any(c.get("http_header") for c in r["condition"]))
    return str(next(c["http_header"]["http_header_name"] for c in rule["condition"]
                    if c.get("http_header")))


@pytest.mark.parametrize("key", sorted(PAIRS))
def test_a_jurisdictions_path_goes_to_its_pair_only(
        stacks: dict[str, dict[str, Any]], key: str) -> None:
    cdn = _distribution(stacks)
    behaviors = [b["path_pattern"] for b in cdn["ordered_cache_behavior"]]
    # GIVEN the path of the jurisdiction's accounts, matched before the catch-all
    assert behaviors.index(f"/api/{key}/*") < behaviors.index("/api/*")
    behavior = next(b for b in cdn["ordered_cache_behavior"]
                    if b["path_pattern"] == f"/api/{key}/*")
    origin = next(o for o in cdn["origin"] if o["origin_id"] == behavior["target_origin_id"])
    # THEN its origin is the pair's name, which Route 53 answers with the pair's stacks only
    assert origin["domain_name"] == f"api-{key}.{DOMAIN}"
    behind = _stacks_behind(stacks, origin["domain_name"])
    assert behind == PAIRS[key]
    # AND it sends exactly the headers those ALBs forward on, no other region's
    sent = {h["name"] for h in origin["custom_header"]}
    assert sent == {_api_header(stacks[s]) for s in behind}
    assert all(re.fullmatch(r"\$\{data\.aws_secretsmanager_secret_version\.[a-z_]+"
                            r"\.secret_string\}", h["value"]) for h in origin["custom_header"])
    # AND it is not cached, like every API path
    assert behavior["cache_policy_id"] == next(
        b["cache_policy_id"] for b in cdn["ordered_cache_behavior"]
        if b["path_pattern"] == "/api/*")


@pytest.mark.parametrize("key", sorted(PAIRS))
def test_the_pairs_certificates_cover_its_name(
        stacks: dict[str, dict[str, Any]], key: str) -> None:
    # CloudFront checks the origin certificate against the origin name it connects to
    for name in PAIRS[key]:
        (cert,) = _resources(stacks[name], "aws_acm_certificate").values()
        names = [cert["domain_name"], *cert.get("subject_alternative_names", [])]
        assert f"api-{key}.{DOMAIN}" in names and f"api.{DOMAIN}" in names, name


@pytest.mark.parametrize("key", sorted(PAIRS))
def test_every_alb_refuses_the_other_jurisdictions_path(
        stacks: dict[str, dict[str, Any]], key: str) -> None:
    others = {f"/api/{k}/*" for k in PAIRS if k != key}
    for name in PAIRS[key]:
        rules = _resources(stacks[name], "aws_lb_listener_rule")
        fence = next(r for r in rules.values() if r["action"][0]["type"] == "fixed-response")
        api = next(r for r in rules.values()
                   if any(c.get("http_header") for c in r["condition"]))
        # the fence is evaluated first (lower priority number) and names only foreign paths
        assert fence["priority"] < api["priority"]
        assert set(fence["condition"][0]["path_pattern"]["values"]) == others
        assert fence["action"][0]["fixed_response"]["status_code"] == "421"
