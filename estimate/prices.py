"""Price tables: ``prices/<region>.toml`` (dated, source named), loaded once per region."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PRICES = Path(__file__).with_name("prices")


class PriceError(ValueError):
    """A price table is missing or malformed (exit 2)."""


@dataclass(frozen=True)
class PriceTable:
    """One region's prices."""

    region: str
    """AWS region."""
    as_of: str
    """Date the prices were read from the source."""
    source: str
    """Where they come from."""
    hours: float
    """Hours billed per month."""
    data: dict[str, Any]
    """The tables: hourly, monthly, usage, rds_postgres, elasticache, free."""

    def get(self, table: str, key: str) -> float | None:
        """A price, or None when the table has none for ``key``."""
        value = self.data.get(table, {}).get(key)
        return float(value) if isinstance(value, (int, float)) else None

    @property
    def free(self) -> frozenset[str]:
        """Types explicitly carrying no charge of their own."""
        return frozenset(self.data.get("free", {}).get("types", ()))


def regions_priced() -> list[str]:
    """Regions with a price table."""
    return sorted(p.stem for p in PRICES.glob("*.toml"))


@cache
def table(region: str) -> PriceTable | None:
    """The price table of ``region``; None when the repository has none for it."""
    path = PRICES / f"{region}.toml"
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        meta = data["meta"]
        return PriceTable(region, str(meta["as_of"]), str(meta["source"]),
                          float(meta["hours_per_month"]), data)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise PriceError(f"price table {path.name} is malformed: {exc}") from None
