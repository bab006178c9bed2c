"""CloudFront viewers use HTTPS with TLS 1.2+."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import TLS, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._support import blocks, first, is_true

_SECURE = ("https-only", "redirect-to-https")


class CloudfrontViewerTls(Rule):
    """Every cache behavior's ``viewer_protocol_policy`` is HTTPS-only or redirecting, and the
    viewer certificate's ``minimum_protocol_version`` is ``TLSv1.2_*``."""

    id = "HAP_TLS_002"
    name = "Ensure CloudFront viewers use HTTPS with TLS 1.2+"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = TLS
    explanation = (
        "The seed requires HTTPS only at the CDN."
    )

    resource_types = ("aws_cloudfront_distribution",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        behaviors = (blocks(r.values, "default_cache_behavior")
                     + blocks(r.values, "ordered_cache_behavior"))
        policies = [b.get("viewer_protocol_policy") for b in behaviors if isinstance(b, dict)]
        version = first(r.values, "viewer_certificate", "minimum_protocol_version")
        default_cert = first(r.values, "viewer_certificate", "cloudfront_default_certificate")
        bad = [p for p in policies if not isinstance(p, Unknown) and p not in _SECURE]
        unresolved = next((v for v in [*policies, version] if isinstance(v, Unknown)), None)
        if bad or not policies:
            yield failed(r, f"viewer_protocol_policy {bad[0] if bad else None!r} allows HTTP")
        elif is_true(default_cert):
            yield failed(r, "the default CloudFront certificate allows TLS 1.0")
        elif unresolved is not None:
            yield unknown(r, "viewer TLS settings cannot be resolved", unresolved)
        elif isinstance(version, str) and version.startswith(("TLSv1.2_", "TLSv1.3")):
            yield passed(r, f"HTTPS with {version}")
        else:
            yield failed(r, f"minimum_protocol_version {version!r} is below TLSv1.2")
