"""Which top-level keys of an AWS resource can be written as nested blocks (so a
``dynamic`` block can produce them), from the real provider schema, as a data table.

A plan's ``configuration`` section names every argument the configuration sets, but leaves
out ``dynamic`` blocks. So a key of a planned resource that the configuration does not name
is either provider-computed (``arn``, a replica's ``engine``, a default) or the output of a
``dynamic`` block. This table tells them apart: only nested block types and attributes of
type list/set of objects (Terraform's "attributes as blocks") can come from a block.

Regenerate after a provider upgrade (hashicorp/aws 5.100.0 here), from any folder that ran
``terraform init`` with the provider::

    terraform providers schema -json > /tmp/schema.json
    .venv/bin/python -m policies.loaders.schema_blocks /tmp/schema.json
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

TABLE = Path(__file__).resolve().parent / "aws_block_keys.json"
PROVIDER = "registry.terraform.io/hashicorp/aws"


@cache
def _table() -> dict[str, frozenset[str]]:
    raw = json.loads(TABLE.read_text(encoding="utf-8"))
    return {t: frozenset(keys) for t, keys in raw["resource_types"].items()}


def block_keys(rtype: str) -> frozenset[str] | None:
    """Top-level keys of ``rtype`` that a block can produce; None for a type the table does
    not know (another provider, a newer type): then any key may come from a block."""
    return _table().get(rtype)


def _block_like(schema: dict[str, Any]) -> list[str]:
    block = schema.get("block") or {}
    keys = set(block.get("block_types") or {})
    for name, attr in (block.get("attributes") or {}).items():
        kind = attr.get("type")
        if isinstance(kind, list) and len(kind) == 2 and kind[0] in ("list", "set") and \
                isinstance(kind[1], list) and kind[1][:1] == ["object"]:
            keys.add(name)
    return sorted(keys)


def table_from_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The data table from ``terraform providers schema -json`` output."""
    resources = schema["provider_schemas"][PROVIDER]["resource_schemas"]
    return {"provider": PROVIDER,
            "resource_types": {t: _block_like(s) for t, s in sorted(resources.items())}}


def main(argv: list[str]) -> int:
    """Write the table from a schema file."""
    if len(argv) != 1:
        print(__doc__)
        return 2
    table = table_from_schema(json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    TABLE.write_text(json.dumps(table, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {TABLE} ({len(table['resource_types'])} resource types)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
