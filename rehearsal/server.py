"""Run moto's server on loopback, with the fixes the rehearsal needs to emulate our stacks.

``python -m rehearsal.server PORT`` serves until killed. Each fix below works around a
moto bug (not a difference in AWS's behaviour) and says which.
"""

from __future__ import annotations

import sys
from typing import Any


def _patch_s3_logging_policy_check() -> None:
    """moto 5.x reads every statement's ``Principal`` as a mapping when a bucket turns
    on server access logging, and crashes (HTTP 500) on ``"Principal": "*"``, which a
    TLS-only Deny statement uses; AWS accepts it. Skip such statements."""
    from moto.s3 import models

    original = models.FakeBucket._log_permissions_enabled_policy

    def tolerant(target_bucket: Any, target_prefix: Any) -> Any:
        policy = getattr(target_bucket, "policy", None)
        if not policy:
            return original(target_bucket=target_bucket, target_prefix=target_prefix)
        import json

        doc = json.loads(policy)
        statements = doc.get("Statement", [])
        kept = [s for s in (statements if isinstance(statements, list) else [statements])
                if isinstance(s.get("Principal"), dict)]
        saved = target_bucket.policy
        target_bucket.policy = json.dumps({**doc, "Statement": kept}).encode()
        try:
            return original(target_bucket=target_bucket, target_prefix=target_prefix)
        finally:
            target_bucket.policy = saved

    models.FakeBucket._log_permissions_enabled_policy = staticmethod(tolerant)  # type: ignore


def _patch_s3_policy_conditions() -> None:
    """moto evaluates bucket policies without their conditions (its docs say so), so the
    TLS-only statement (Deny when ``aws:SecureTransport`` is false) denies every request.
    Production traffic is HTTPS; the provider talks to the emulator over loopback HTTP only
    as a transport detail. Evaluate bucket policies as for a TLS request: drop the
    statements conditioned on ``aws:SecureTransport`` being false."""
    import json

    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3 import models

    def get_permission(self: Any, action: str, resource: str) -> Any:
        if self.policy is None:
            return PermissionResult.NEUTRAL
        doc = json.loads(self.policy.decode())
        statements = doc.get("Statement", [])
        kept = [s for s in (statements if isinstance(statements, list) else [statements])
                if str((s.get("Condition") or {}).get("Bool", {}).get("aws:SecureTransport",
                                                                      "")).lower() != "false"]
        return IAMPolicy(json.dumps({**doc, "Statement": kept})).is_action_permitted(
            action, resource)

    models.FakeBucket.get_permission = get_permission  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    """Serve on 127.0.0.1:PORT."""
    port = int(argv[0]) if argv else 4599
    _patch_s3_logging_policy_check()
    _patch_s3_policy_conditions()
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        import threading

        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
