"""A plan gated together with its configuration: a ``terraform show -json`` plan carries no
backend, so references through ``terraform_remote_state`` cannot find the stack they read
from. When the plan file lies in the working directory it was made from (a stack folder of a
synth output, as ``terraform plan`` in CI and the rehearsal leave it), that directory gives
the stack its name and its backend. "Made from" is verified: the directory's managed
resources must be exactly the plan configuration's root resources, else it is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from policies.loaders.errors import LoadError

#: Backend settings never kept in the model (credentials of an emulator or a CI job).
_SECRET_SETTINGS = frozenset({"access_key", "secret_key", "token", "endpoints",
                              "assume_role", "profile", "shared_credentials_files"})


def _planned_addresses(plan: Mapping[str, Any]) -> set[str]:
    root = (plan.get("configuration") or {}).get("root_module") or {}
    return {str(r.get("address")) for r in root.get("resources") or []
            if isinstance(r, dict) and r.get("mode", "managed") == "managed"}


def _config_addresses(doc: Mapping[str, Any]) -> set[str]:
    section = doc.get("resource") or {}
    return {f"{rtype}.{name}" for rtype, body in section.items() if isinstance(body, dict)
            for name in body}


def beside_config(path: Path, plan: Mapping[str, Any]) -> tuple[str, dict[str, Any] | None] | None:
    """``(stack name, backend)`` from the folder holding ``path`` when that folder's
    configuration is the one the plan was made from; None otherwise."""
    from policies.loaders.workdir import has_config, read_workdir

    folder = path.resolve().parent
    if not has_config(folder):
        return None
    try:
        doc, _lines, _files = read_workdir(folder)
    except (LoadError, OSError):
        return None  # not the plan's configuration: the plan is judged on its own
    ours = _config_addresses(doc)
    if not ours or ours != _planned_addresses(plan):
        return None
    backend = (doc.get("terraform") or {}).get("backend")
    if not isinstance(backend, dict):
        return folder.name, None
    return folder.name, {kind: ({k: v for k, v in settings.items() if k not in _SECRET_SETTINGS}
                                if isinstance(settings, dict) else settings)
                         for kind, settings in backend.items()}
