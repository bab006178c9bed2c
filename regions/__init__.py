"""Typed, validated platform configuration: regions, CIDRs, AZs, sizes, DR targets.

Config flows one way: ``regions/platform.toml`` -> :func:`regions.loader.load_config`
-> ``main.py`` -> stacks -> constructs. Nothing else reads the file.
"""

from regions.config import (
    ConfigError,
    DatabaseSizing,
    DnsConfig,
    PlatformConfig,
    RedisSizing,
    RegionConfig,
    ServiceSizing,
)
from regions.loader import DEFAULT_CONFIG_PATH, load_config, load_gate_settings

__all__ = [
    "DEFAULT_CONFIG_PATH",
    "ConfigError",
    "DatabaseSizing",
    "DnsConfig",
    "PlatformConfig",
    "RedisSizing",
    "RegionConfig",
    "ServiceSizing",
    "load_config",
    "load_gate_settings",
]
