"""Checks of the platform-wide serving settings (``container_image``, ``name_suffix``,
``alert_emails``) and the globally unique names they make.

S3 bucket names and Cognito domain prefixes share one namespace with every AWS customer: the
configured ``name_suffix`` (the account id or a short random string) makes ours unique, and
:func:`global_name` is the one place such a name is formed, here and in the constructs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from regions.config import PlatformConfig

#: ``registry/path[:tag][@sha256:digest]`` (the OCI distribution reference grammar, lowercase
#: path components); the tag and digest are captured.
_IMAGE = re.compile(
    r"^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\.[a-z0-9-]+)*(?::[0-9]+)?"
    r"(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?P<digest>@sha256:[a-f0-9]{64})?$")
_SUFFIX = re.compile(r"^[a-z0-9]{3,12}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
#: Bucket kinds of a serving region (``modules/storage/regional_storage.py``), the DR copies
#: carrying the DR region's name.
BUCKET_KINDS = ("logs", "assets", "uploads", "cdn-logs")
DR_BUCKET_KINDS = ("logs", "assets", "uploads")
#: Words AWS refuses in a Cognito domain prefix.
_COGNITO_RESERVED = ("aws", "amazon", "cognito")
_BUCKET_MAX = 63
_COGNITO_MAX = 63


class SettingsError(ValueError):
    """An invalid serving setting (the config turns it into a ``ConfigError``)."""


def global_name(prefix: str, kind: str, suffix: str) -> str:
    """A globally unique name: ``<prefix>-<kind>-<suffix>`` (buckets, Cognito domains)."""
    return f"{prefix}-{kind}-{suffix}"


def _check_image(image: str) -> None:
    match = _IMAGE.match(image)
    if match is None:
        raise SettingsError(f"container_image {image!r} is not an image reference "
                            "(registry/repository:tag or @sha256:digest)")
    if not match["tag"] and not match["digest"]:
        raise SettingsError(f"container_image {image!r} needs a tag or a @sha256: digest")
    if match["tag"] == "latest" and not match["digest"]:
        raise SettingsError(f"container_image {image!r}: 'latest' is not a release; "
                            "pin a version tag or a digest")


def check_serving_settings(config: PlatformConfig) -> None:
    """Raise :class:`SettingsError` naming the first invalid serving setting."""
    _check_image(config.container_image)
    if not _SUFFIX.match(config.name_suffix):
        raise SettingsError(f"name_suffix {config.name_suffix!r} must be 3..12 lowercase "
                            "letters and digits (the account id or a random string)")
    if not config.alert_emails:
        raise SettingsError("alert_emails must name at least one on-call address")
    for address in config.alert_emails:
        if not _EMAIL.match(address):
            raise SettingsError(f"alert_emails: {address!r} is not an e-mail address")
    if len(set(config.alert_emails)) != len(config.alert_emails):
        raise SettingsError("alert_emails repeat")
    for r in config.regions:
        prefix = f"{config.project}-{config.environment}-{r.key}"
        names = [global_name(prefix, k, config.name_suffix) for k in BUCKET_KINDS]
        names += [global_name(prefix, f"{k}-{r.dr_region}", config.name_suffix)
                  for k in DR_BUCKET_KINDS]
        for name in names:
            if len(name) > _BUCKET_MAX:
                raise SettingsError(f"bucket name {name!r} is longer than {_BUCKET_MAX} "
                                    "characters: shorten project, environment or name_suffix")
        domain = global_name(prefix, "auth", config.name_suffix)
        if len(domain) > _COGNITO_MAX:
            raise SettingsError(f"Cognito domain prefix {domain!r} is longer than "
                                f"{_COGNITO_MAX} characters")
        reserved = [w for w in _COGNITO_RESERVED if w in domain]
        if reserved:
            raise SettingsError(f"Cognito domain prefix {domain!r} contains the reserved "
                                f"word {reserved[0]!r}")
