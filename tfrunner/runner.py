"""Per-stack Terraform steps: init, plan to a file, ``show -json``, refresh-only, apply.

Layout of the work folder (``--output``), one sub-folder per stack::

    <workdir>/.platform-plans          marker: this folder is ours to overwrite
    <workdir>/<stack>/.terraform/      TF_DATA_DIR (providers, backend settings)
    <workdir>/<stack>/<stack>.tfplan   saved plan (apply it with the same Terraform)
    <workdir>/<stack>/<stack>.json     `terraform show -json` of it (the gate names the
                                       stack after the file stem)
    <workdir>/<stack>/<stack>.refresh.tfplan, <stack>.refresh.json   refresh-only (drift)
    <workdir>/<stack>/summary.md       the plan summary (written by `plan`)

In the default (remote) mode Terraform runs in the stack's own synth folder with the
backend it declares, pointed at the stack's own region. ``local_state=True`` (offline CI,
tests) runs on a copy of the stack with a local-state override, never touching real state.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tfrunner.errors import (
    REMOTE_STATE_MISSING,
    TerraformError,
    UpstreamStateMissing,
    summarize_terraform_error,
)
from tfrunner.manifest import ManifestStack
from tfrunner.terraform import Terraform

MARKER = ".platform-plans"
LOCAL_OVERRIDE = "zz_platform_local_backend_override.tf.json"
_SKIP_COPY = (".terraform", ".terraform.lock.hcl", "*.tfplan", "*.tfstate", "*.tfstate.*")


@dataclass(frozen=True)
class PlanOutput:
    """A saved plan and its JSON form."""

    stack: str
    """Stack name."""
    plan_file: Path
    """The binary plan (``-out``)."""
    json_file: Path
    """``terraform show -json`` of ``plan_file``, as written to disk."""
    plan: Mapping[str, Any]
    """The parsed JSON plan."""


def prepare_workdir(workdir: Path) -> None:
    """Create ``workdir`` or reuse one of ours; refuse a folder holding someone else's files."""
    if workdir.exists() and not workdir.is_dir():
        raise TerraformError(f"output path {workdir} exists and is not a folder")
    try:
        if workdir.is_dir() and any(workdir.iterdir()) and not (workdir / MARKER).is_file():
            raise TerraformError(f"refusing to write into {workdir}: it is not empty and was "
                                 f"not created by `plan`/`drift` (no {MARKER} file)")
        workdir.mkdir(parents=True, exist_ok=True)
        if not os.access(workdir, os.W_OK | os.X_OK):
            raise TerraformError(f"cannot use output folder {workdir}: not writable")
        (workdir / MARKER).write_text("plan and drift work folder; safe to delete\n",
                                      encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise TerraformError(f"cannot use output folder {workdir}: {reason}") from None


def backend_of(config_file: Path) -> Mapping[str, Any]:
    """The ``terraform.backend`` block of a stack's JSON (``{}`` when there is none)."""
    try:
        data = json.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TerraformError(f"cannot read {config_file}: {exc}") from None
    backend = data.get("terraform", {}).get("backend", {}) if isinstance(data, dict) else {}
    return backend if isinstance(backend, dict) else {}


class StackRunner:
    """Runs Terraform for stacks, writing plans under ``workdir``."""

    def __init__(
        self,
        terraform: Terraform,
        workdir: Path,
        *,
        local_state: bool = False,
        regions: Mapping[str, str] | None = None,
        progress: Callable[[str], None] = lambda _m: None,
    ) -> None:
        self.terraform = terraform
        self.workdir = workdir.resolve()
        self.local_state = local_state
        self.regions = dict(regions or {})
        """Stack name -> the region whose state bucket holds its state (backend config)."""
        self.progress = progress
        prepare_workdir(self.workdir)

    def stack_dir(self, stack: ManifestStack) -> Path:
        """This stack's folder under the work folder."""
        return self.workdir / stack.name

    def _env(self, stack: ManifestStack) -> dict[str, str]:
        return {"TF_DATA_DIR": str(self.stack_dir(stack) / ".terraform")}

    def _chdir(self, stack: ManifestStack) -> Path:
        return self.stack_dir(stack) / "config" if self.local_state else stack.directory

    def _run(self, stack: ManifestStack, step: str, args: list[str]) -> str:
        result = self.terraform.run(args, chdir=self._chdir(stack), env=self._env(stack))
        if result.returncode != 0:
            reason = summarize_terraform_error(result.stderr, result.stdout)
            hint = ""
            if step == "init":
                hint = (" (init needs provider plugins from the Terraform registry and, for "
                        "remote state, AWS credentials; offline runs work only for built-in "
                        "resources with --local-state)")
            if step == "plan" and reason.startswith(REMOTE_STATE_MISSING) and stack.dependencies:
                raise UpstreamStateMissing(
                    f"{stack.name} waits for upstream state: a stack it reads "
                    f"({', '.join(stack.dependencies)}) has not been applied yet")
            raise TerraformError(f"terraform {step} failed for stack {stack.name}: {reason}{hint}")
        return result.stdout

    def init(self, stack: ManifestStack) -> None:
        """``terraform init`` with the stack's backend in its own region (or local state)."""
        self.stack_dir(stack).mkdir(parents=True, exist_ok=True)
        args = ["init", "-input=false", "-no-color"]
        if self.local_state:
            self._copy_with_local_state(stack)
        else:
            s3 = backend_of(stack.config_file).get("s3")
            region = self.regions.get(stack.name) or (s3 or {}).get("region")
            if isinstance(s3, dict) and isinstance(region, str):
                args.append(f"-backend-config=region={region}")
        self.progress(f"{stack.name}: terraform init ({self.terraform.description})")
        self._run(stack, "init", args)

    def _copy_with_local_state(self, stack: ManifestStack) -> None:
        target = self.stack_dir(stack) / "config"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(stack.directory, target, ignore=shutil.ignore_patterns(*_SKIP_COPY))
        state = self.stack_dir(stack) / "terraform.tfstate"
        override = {"terraform": {"backend": {"local": {"path": str(state)}}}}
        (target / LOCAL_OVERRIDE).write_text(json.dumps(override, indent=2) + "\n",
                                             encoding="utf-8")

    def plan(self, stack: ManifestStack, *, refresh_only: bool = False) -> PlanOutput:
        """Plan to a file, then ``show -json`` it; the JSON is read, never the exit code."""
        suffix = ".refresh" if refresh_only else ""
        plan_file = self.stack_dir(stack) / f"{stack.name}{suffix}.tfplan"
        args = ["plan", "-input=false", "-no-color", "-lock-timeout=120s", f"-out={plan_file}"]
        if refresh_only:
            args.append("-refresh-only")
        # A plan (and its verdict) left by an earlier run must never survive a failed plan.
        for stale in (plan_file, plan_file.with_suffix(".json"),
                      plan_file.with_name(f"{stack.name}{suffix}.verdict.json")):
            stale.unlink(missing_ok=True)
        self.progress(f"{stack.name}: terraform plan{' -refresh-only' if refresh_only else ''}")
        try:
            self._run(stack, "plan", args)
        except TerraformError:
            plan_file.unlink(missing_ok=True)  # Terraform saves errored plans; never keep one
            raise
        out = self._run(stack, "show", ["show", "-json", "-no-color", str(plan_file)])
        try:
            plan = json.loads(out)
        except json.JSONDecodeError:
            raise TerraformError(f"terraform show -json gave invalid JSON for stack "
                                 f"{stack.name}") from None
        if not isinstance(plan, dict):
            raise TerraformError(f"terraform show -json gave no plan object for {stack.name}")
        json_file = self.stack_dir(stack) / f"{stack.name}{suffix}.json"
        json_file.write_text(json.dumps(plan, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return PlanOutput(stack.name, plan_file, json_file, plan)

    def apply(self, stack: ManifestStack, plan_file: Path) -> None:
        """Apply a saved, reviewed plan (exactly what it says, nothing re-planned)."""
        self.progress(f"{stack.name}: terraform apply {plan_file.name}")
        self._run(stack, "apply", ["apply", "-input=false", "-no-color", "-auto-approve",
                                   "-lock-timeout=120s", str(plan_file)])
