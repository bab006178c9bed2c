"""Read ``platform.toml`` into typed, validated :class:`PlatformConfig`.

``cattrs`` maps the TOML tables onto the frozen dataclasses of :mod:`regions.config`
(unknown keys forbidden, every error collected with its path); the hooks here only make the
scalar checks strict (TOML ``true`` is not an integer, a string is not a list) and turn
cattrs' error tree into one :class:`ConfigError` line naming the key, so the CLI can exit 2
before any synth work. Invariants between values live in the dataclasses themselves.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from regions.config import PlatformConfig
from regions.gate_settings import GateSettings
from regions.values import ConfigError, number

DEFAULT_CONFIG_PATH = Path(__file__).with_name("platform.toml")
T = TypeVar("T")
Hook = Callable[[Any, Any], Any]


class _BadValue(Exception):
    """A value of the wrong shape; the message lacks the key, which the error path adds."""


def load_config(path: Path | str | None = None) -> PlatformConfig:
    """Load and validate the platform configuration (default: ``regions/platform.toml``)."""
    return build(PlatformConfig, _read(path), "config")


def load_gate_settings(path: Path | str | None = None) -> GateSettings:
    """Only the ``[gate]`` table of the configuration (defaults when it has none): what
    ``check`` needs, without requiring the rest to describe a platform it may not gate."""
    raw = _read(path)
    return build(GateSettings, raw.get("gate", {}), "gate")


def _read(path: Path | str | None) -> dict[str, Any]:
    file = Path(path) if path is not None else DEFAULT_CONFIG_PATH
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {file}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {file}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML in {file}: {exc}") from exc
    except RecursionError:
        raise ConfigError(f"invalid TOML in {file}: nested too deeply") from None


def build(cls: type[T], raw: Any, where: str) -> T:
    """Build dataclass ``cls`` from a TOML table; ConfigError (one line) naming the key."""
    try:
        return _CONVERTER.structure(raw, cls)
    except ConfigError:
        raise
    except _BadValue as exc:
        raise ConfigError(f"{where}: {exc}") from None
    except BaseValidationError as exc:
        raise _one_line(exc, where) from None


def _one_line(exc: BaseValidationError, where: str) -> ConfigError:
    """The error to report: an unknown key first, then missing keys (all of one table),
    then the first bad value in document order."""
    leaves = list(_leaves(exc, where))
    for kind in ("unknown", "missing", "value"):
        found = [(path, what) for k, path, what in leaves if k == kind]
        if not found:
            continue
        path, what = found[0]
        if kind == "missing":
            names = [w for p, w in found if p == path]
            return ConfigError(f"{path}: missing key(s) {', '.join(names)}")
        if kind == "unknown":
            return ConfigError(f"{path}: unknown key(s) {what}")
        return ConfigError(what if not path else f"{path}: {what}")
    return ConfigError(f"{where}: {exc}")


def _leaves(exc: BaseException, path: str) -> Iterator[tuple[str, str, str]]:
    """``(kind, path, text)`` of every error under ``exc``; a ConfigError raised by a
    dataclass invariant already names its key and keeps an empty path."""
    if isinstance(exc, ForbiddenExtraKeysError):
        yield "unknown", path, ", ".join(sorted(exc.extra_fields))
    elif isinstance(exc, BaseValidationError):
        for sub in exc.exceptions:
            notes = getattr(sub, "__notes__", [])
            attr = next((n for n in notes if isinstance(n, AttributeValidationNote)), None)
            index = next((n for n in notes if isinstance(n, IterableValidationNote)), None)
            if attr is not None and isinstance(sub, KeyError):
                yield "missing", path, attr.name
            elif attr is not None:
                yield from _leaves(sub, f"{path}.{attr.name}")
            elif index is not None:
                yield from _leaves(sub, f"{path}[{index.index}]")
            else:
                yield from _leaves(sub, path)
    elif isinstance(exc, ConfigError):
        yield "value", "", str(exc)
    else:
        yield "value", path, str(exc)


def _strict_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise _BadValue(f"expected a string, got {value!r}")
    return value


def _strict_int(value: Any, _: Any) -> int:
    converted = number(value, integer=True)
    if converted is None:
        raise _BadValue(f"expected an integer, got {value!r}")
    return int(converted)


def _as_is(value: Any, _: Any) -> Any:
    """Booleans, floats and unions are checked by the dataclass that holds them."""
    return value


def _union(hint: Any, converter: cattrs.Converter) -> Hook:
    """``X | None`` of a dataclass: a table builds X (TOML has no null); other unions are
    checked by the dataclass that holds them."""
    tables: list[Any] = [a for a in get_args(hint) if dataclasses.is_dataclass(a)]

    def structure(value: Any, _: Any) -> Any:
        if tables and isinstance(value, dict):
            return converter.structure(value, tables[0])
        return value
    return structure


def _literal(hint: Any) -> Hook:
    allowed = get_args(hint)

    def structure(value: Any, _: Any) -> Any:
        if value not in allowed:
            raise _BadValue(f"{value!r} is not one of {', '.join(repr(a) for a in allowed)}")
        return value
    return structure


def _tuple(hint: Any, converter: cattrs.Converter) -> Hook:
    items = homogenous_tuple_structure_factory(hint, converter)

    def structure(value: Any, kind: Any) -> Any:
        if not isinstance(value, list):
            raise _BadValue(f"expected a list, got {type(value).__name__}")
        return items(value, kind)
    return structure


def _table(cls: Any, converter: cattrs.Converter) -> Hook:
    fields = make_dict_structure_fn(cls, converter)

    def structure(value: Any, kind: Any) -> Any:
        if not isinstance(value, dict):
            raise _BadValue(f"expected a table, got {type(value).__name__}")
        return fields(value, kind)
    return structure


def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(float, _as_is)
    converter.register_structure_hook(bool, _as_is)
    converter.register_structure_hook_factory(
        lambda t: get_origin(t) in (typing.Union, types.UnionType), lambda t, c: _union(t, c))
    converter.register_structure_hook_factory(
        lambda t: get_origin(t) is typing.Literal, _literal)
    converter.register_structure_hook_factory(
        lambda t: get_origin(t) is tuple, lambda t, c: _tuple(t, c))
    converter.register_structure_hook_factory(
        dataclasses.is_dataclass, lambda t, c: _table(t, c))
    return converter


_CONVERTER = _converter()
