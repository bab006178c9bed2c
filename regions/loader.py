"""Read ``platform.toml`` into typed, validated :class:`PlatformConfig`.

Unknown keys, wrong types and invalid values all raise :class:`ConfigError` with one
line naming the key, so the CLI can exit 2 before any synth work.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from regions.config import ConfigError, PlatformConfig

DEFAULT_CONFIG_PATH = Path(__file__).with_name("platform.toml")
T = TypeVar("T")


def load_config(path: Path | str | None = None) -> PlatformConfig:
    """Load and validate the platform configuration (default: ``regions/platform.toml``)."""
    file = Path(path) if path is not None else DEFAULT_CONFIG_PATH
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {file}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {file}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML in {file}: {exc}") from exc
    return build(PlatformConfig, raw, "config")


def build(cls: type[T], raw: Any, where: str) -> T:
    """Build dataclass ``cls`` from a TOML table, checking keys and value types."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a table, got {type(raw).__name__}")
    hints = get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    missing = [
        name for name, f in fields.items()
        if name not in raw
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ConfigError(f"{where}: missing key(s) {', '.join(missing)}")
    values = {name: _convert(hints[name], value, f"{where}.{name}") for name, value in raw.items()}
    return cls(**values)


def _convert(hint: Any, value: Any, where: str) -> Any:
    origin = get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return build(hint, value, where)  # type: ignore[arg-type]
    if origin is tuple:
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {type(value).__name__}")
        item = get_args(hint)[0]
        return tuple(_convert(item, v, f"{where}[{i}]") for i, v in enumerate(value))
    if origin is typing.Literal:
        if value not in get_args(hint):
            allowed = ", ".join(repr(a) for a in get_args(hint))
            raise ConfigError(f"{where}: {value!r} is not one of {allowed}")
        return value
    if origin in (typing.Union, types.UnionType):
        # ``X | None`` of a dataclass: a table builds X (TOML has no null).
        inner = [a for a in get_args(hint) if dataclasses.is_dataclass(a)]
        if inner and isinstance(value, dict):
            return build(inner[0], value, where)  # type: ignore[arg-type]
        return value
    if hint is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{where}: expected an integer, got {value!r}")
    if hint is str and not isinstance(value, str):
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    return value
