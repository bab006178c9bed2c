"""Variable values Terraform reads without being asked: ``terraform.tfvars``,
``terraform.tfvars.json`` and ``*.auto.tfvars(.json)`` (in that order, later wins)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policies.loaders.errors import LoadError


def tfvars_files(folder: Path) -> list[Path]:
    """The variable files Terraform loads automatically, in its precedence order."""
    files = [folder / "terraform.tfvars", folder / "terraform.tfvars.json"]
    files += sorted(p for p in folder.glob("*.auto.tfvars") if p.is_file())
    files += sorted(p for p in folder.glob("*.auto.tfvars.json") if p.is_file())
    return [p for p in files if p.exists()]


def tfvars_for(folder: Path) -> dict[str, Any]:
    """Variable name -> value from the automatically loaded variable files of ``folder``."""
    from policies.loaders.hcl import OPTIONS, parse_text
    from policies.loaders.synth import parse_json, read_text

    out: dict[str, Any] = {}
    for path in tfvars_files(folder):
        text = read_text(path)
        values = parse_json(text, path) if path.name.endswith(".json") else \
            parse_text(text, path, OPTIONS)
        if not isinstance(values, dict):
            raise LoadError(f"{path}: variable file is not an object of name = value")
        out.update(values)
    return out
