"""The rehearsal: every stack of a synth output planned, gated and applied with the real
Terraform and the real hashicorp/aws plugin against an emulator on loopback, then checked for
drift, then changed behind Terraform's back and caught by ``python main.py drift``.

Nothing here changes the synth output: it works on a copy with the emulator layer added
(:mod:`rehearsal.emulator`). Each phase's wall time and peak memory (of the Terraform child
processes) is recorded for ``benchmarks/bench_rehearsal.py``.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rehearsal.emulator import write_override
from rehearsal.process import Emulator, RehearsalError
from rehearsal.tf_output import changed_attributes, failed_addresses, first_error, state_resources

if TYPE_CHECKING:
    from tfrunner.manifest import ManifestStack

T = TypeVar("T")

REPO = Path(__file__).resolve().parent.parent
#: Where the image keeps the provider's filesystem mirror (``$REHEARSAL_PLUGIN_MIRROR``).
MIRRORS = ("/opt/tf-plugins",)


@dataclass
class StackOutcome:
    """What happened to one stack."""

    name: str
    phases: dict[str, str] = field(default_factory=dict)
    """Phase -> ``ok`` or the first error line."""
    planned: Counter[str] = field(default_factory=Counter)
    """Resource type -> count planned for creation."""
    applied: Counter[str] = field(default_factory=Counter)
    """Resource type -> count in the state after apply."""
    failed: dict[str, str] = field(default_factory=dict)
    """Resource address -> apply error."""
    drift: list[str] = field(default_factory=list)
    """Addresses a refresh-only plan right after apply reported as drifted."""
    drift_attributes: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Drifted address -> its ``type`` and the top-level ``attributes`` that changed."""
    first_read_drift: list[str] = field(default_factory=list)
    """Addresses the first refresh-only plan after apply reported as drifted (what the
    provider's first read records, on AWS too)."""
    first_read_breaking: dict[str, list[str]] = field(default_factory=dict)
    """Of those, address -> policy ids ``python main.py drift`` blamed on the drift."""
    gate_exit: int | None = None
    plan_json: Path | None = None


@dataclass
class Report:
    """The rehearsal's outcome."""

    stacks: list[StackOutcome] = field(default_factory=list)
    timings: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Phase -> (wall seconds, peak child RSS MiB)."""
    provider_version: str = ""
    required_version: str = ""
    drift_checks: dict[str, bool] = field(default_factory=dict)
    """Change made behind Terraform's back -> flagged as policy-breaking by ``drift``."""

    @property
    def planned(self) -> int:
        """Resources planned for creation in every stack."""
        return sum(sum(s.planned.values()) for s in self.stacks)

    @property
    def applied(self) -> int:
        """Managed resources in the states after apply."""
        return sum(sum(s.applied.values()) for s in self.stacks)


def plugin_mirror() -> Path:
    """The filesystem mirror holding registry.terraform.io/hashicorp/aws."""
    for candidate in (os.environ.get("REHEARSAL_PLUGIN_MIRROR"), *MIRRORS):
        if candidate and (Path(candidate) / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
            return Path(candidate)
    raise RehearsalError("no hashicorp/aws provider mirror found (set REHEARSAL_PLUGIN_MIRROR)")


def cli_config(work: Path, mirror: Path) -> Path:
    """A Terraform CLI config that installs hashicorp/* from the mirror, nothing from the net."""
    path = work / "terraformrc"
    path.write_text(
        'provider_installation {\n'
        f'  filesystem_mirror {{\n    path = "{mirror}"\n'
        '    include = ["registry.terraform.io/hashicorp/*"]\n  }\n'
        '  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n',
        encoding="utf-8")
    return path


def _peak_children_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class Rehearsal:
    """One rehearsal over a synth folder, in a work folder of its own."""

    def __init__(self, synth_dir: Path, work: Path,
                 progress: Callable[[str], None] = lambda _m: None,
                 only: tuple[str, ...] = ()) -> None:
        self.synth_dir = synth_dir
        self.only = only
        """Stack names to rehearse (with every stack they depend on); empty: all."""
        self.work = work
        self.progress = progress
        self.report = Report()
        self.terraform = shutil.which("terraform")
        if self.terraform is None:
            raise RehearsalError("terraform is not on the PATH")

    def _tf(self, stack_dir: Path, *args: str,
            timeout: int = 1200) -> subprocess.CompletedProcess[str]:
        assert self.terraform is not None
        env = {**os.environ, "TF_CLI_CONFIG_FILE": str(self.cli_config), "TF_IN_AUTOMATION": "1",
               "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1", "AWS_EC2_METADATA_DISABLED": "true"}
        return subprocess.run([self.terraform, f"-chdir={stack_dir}", *args], env=env,
                              capture_output=True, text=True, timeout=timeout, check=False)

    def _timed(self, phase: str, fn: Callable[[], T]) -> T:
        start = time.perf_counter()
        value = fn()
        wall = time.perf_counter() - start
        prev = self.report.timings.get(phase, (0.0, 0.0))
        self.report.timings[phase] = (prev[0] + wall, max(prev[1], _peak_children_mib()))
        return value

    def run(self) -> Report:
        """Copy, start the emulator, then plan / gate / apply / refresh every stack."""
        from tfrunner.manifest import read_manifest

        if self.work.exists():
            shutil.rmtree(self.work)
        copy = self.work / "synth"
        shutil.copytree(self.synth_dir, copy)
        self.cli_config = cli_config(self.work, plugin_mirror())
        emulator = Emulator(self.work / "emulator.log")
        try:
            from rehearsal.drift_changes import seed

            seed(emulator.endpoint, _regions(copy))
            for stack in _selected(read_manifest(copy), self.only):
                write_override(stack.directory, emulator.endpoint)
                self.report.stacks.append(self._stack(stack.name, stack.directory))
            self._behind_terraforms_back(copy, emulator.endpoint)
        finally:
            emulator.stop()
        return self.report

    def _stack(self, name: str, d: Path) -> StackOutcome:
        out = StackOutcome(name)
        self.progress(f"{name}: init")
        steps: list[tuple[str, tuple[str, ...]]] = [
            ("init", ("init", "-no-color", "-input=false")),
            ("validate", ("validate", "-no-color")),
            ("plan", ("plan", "-no-color", "-input=false", "-out=rehearsal.tfplan")),
        ]
        for phase, args in steps:
            proc = self._timed(phase, functools.partial(self._tf, d, *args))
            if proc.returncode != 0:
                out.phases[phase] = first_error(proc)
                return out
            out.phases[phase] = "ok"
        show = self._timed("plan", lambda: self._tf(d, "show", "-json", "rehearsal.tfplan"))
        plan = json.loads(show.stdout)
        out.plan_json = d / "rehearsal-plan.json"
        out.plan_json.write_text(show.stdout, encoding="utf-8")
        for rc in plan.get("resource_changes", []):
            if "create" in rc["change"]["actions"] and rc.get("mode") == "managed":
                out.planned[rc["type"]] += 1
        self.progress(f"{name}: gate on the plan JSON")
        gate = self._timed("gate", lambda: subprocess.run(
            [sys.executable, "main.py", "check", "--quiet", "--input", str(out.plan_json),
             "--format", "json"], cwd=REPO, capture_output=True, text=True, check=False))
        out.gate_exit = gate.returncode
        self.progress(f"{name}: apply {sum(out.planned.values())} resources")
        applied = self._timed("apply", lambda: self._tf(
            d, "apply", "-no-color", "-input=false", "-auto-approve", "-parallelism=20",
            "rehearsal.tfplan"))
        out.phases["apply"] = "ok" if applied.returncode == 0 else first_error(applied)
        out.failed = failed_addresses(applied.stdout + applied.stderr)
        state = self._tf(d, "show", "-json")
        values = json.loads(state.stdout or "{}").get("values") or {}
        for r in state_resources(values.get("root_module") or {}):
            if r.get("mode") == "managed":
                out.applied[r["type"]] += 1
        # The first refresh after an apply records what split resources set on their parent
        # (aws_s3_bucket.versioning from aws_s3_bucket_versioning, a role's inline policies,
        # tags null -> {}): Terraform reports it as changed outside Terraform, on AWS too.
        # Accept that once, if ``drift`` judges it benign (a scheduled drift job sees it);
        # the refresh-only plan after it must show no drift at all.
        self.progress(f"{name}: first refresh-only plan, judged by drift, and applied")
        self._first_read(out, d)
        self.progress(f"{name}: refresh-only plan")
        refresh, shown = self._refresh_plan(d, "refresh", "refresh")
        if shown is not None:
            drifted = json.loads(shown.read_text()).get("resource_drift", [])
            out.drift = sorted(r["address"] for r in drifted)
            out.drift_attributes = {
                r["address"]: {"type": r["type"], "attributes": changed_attributes(r["change"])}
                for r in drifted}
            out.phases["refresh"] = "ok"
        else:
            out.phases["refresh"] = first_error(refresh)
        return out

    def _refresh_plan(self, d: Path, name: str, phase: str
                      ) -> tuple[subprocess.CompletedProcess[str], Path | None]:
        """A refresh-only plan saved as ``<name>.tfplan`` and shown as ``<name>-plan.json``
        (None when the plan failed)."""
        proc = self._timed(phase, lambda: self._tf(
            d, "plan", "-refresh-only", "-no-color", "-input=false", f"-out={name}.tfplan"))
        if proc.returncode != 0:
            return proc, None
        path = d / f"{name}-plan.json"
        path.write_text(self._tf(d, "show", "-json", f"{name}.tfplan").stdout, encoding="utf-8")
        return proc, path

    def _first_read(self, out: StackOutcome, d: Path) -> None:
        """Plan the first refresh, judge its drift with ``python main.py drift``, apply it."""
        first, path = self._refresh_plan(d, "first-read", "refresh")
        if path is None:
            out.first_read_breaking["(plan)"] = [first_error(first)]
            self._timed("refresh", lambda: self._tf(
                d, "apply", "-refresh-only", "-auto-approve", "-no-color", "-input=false"))
            return
        out.first_read_drift = sorted(
            r["address"] for r in json.loads(path.read_text()).get("resource_drift", []))
        if out.first_read_drift:
            judged = self._timed("drift", lambda: subprocess.run(
                [sys.executable, "main.py", "drift", "--quiet", "--format", "json", "--plan",
                 str(path), "--stack", out.name], cwd=REPO, capture_output=True, text=True,
                check=False))
            if judged.returncode not in (0, 1):
                out.first_read_breaking["(drift)"] = [judged.stderr.strip()[:300]]
            else:
                out.first_read_breaking.update({
                    i["resource"]: sorted({f["policy_id"] for f in i["findings"]})
                    for i in json.loads(judged.stdout)["drift"] if not i["benign"]})
        self._timed("refresh", lambda: self._tf(
            d, "apply", "-auto-approve", "-no-color", "-input=false", "first-read.tfplan"))

    def _behind_terraforms_back(self, copy: Path, endpoint: str) -> None:
        """Suspend a bucket's versioning, open a group to the internet, shorten backups;
        then ``python main.py drift`` on a refresh-only plan must flag each one."""
        from rehearsal.drift_changes import STACK, apply_changes

        changes = apply_changes(self.report, endpoint)
        if not changes:
            return
        self.progress(f"{STACK}: {len(changes)} changes behind Terraform's back, then drift")
        d = copy / "stacks" / STACK
        _, plan = self._refresh_plan(d, "drift", "drift")
        output = ""
        if plan is not None:
            proc = self._timed("drift", lambda: subprocess.run(
                [sys.executable, "main.py", "drift", "--plan", str(plan)],
                cwd=REPO, capture_output=True, text=True, check=False))
            output = proc.stdout if proc.returncode == 1 else ""
        for label, policy_id in changes.items():
            self.report.drift_checks[label] = policy_id in output


def _selected(stacks: list[ManifestStack], only: tuple[str, ...]) -> list[ManifestStack]:
    """``stacks`` (in order) limited to ``only`` and what they depend on, transitively."""
    if not only:
        return stacks
    by_name = {s.name: s for s in stacks}
    unknown = sorted(set(only) - set(by_name))
    if unknown:
        raise RehearsalError(f"no stack named {', '.join(unknown)} in the manifest "
                             f"(stacks: {', '.join(by_name)})")
    wanted: set[str] = set()
    todo = list(only)
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo += [d for d in by_name[name].dependencies if d in by_name]
    return [s for s in stacks if s.name in wanted]


def _regions(synth: Path) -> tuple[str, ...]:
    """Every provider region of the synthesized stacks."""
    found: set[str] = set()
    for path in synth.glob("stacks/*/cdk.tf.json"):
        for block in json.loads(path.read_text(encoding="utf-8")).get("provider", {}).get(
                "aws", []):
            if isinstance(block.get("region"), str):
                found.add(block["region"])
    return tuple(sorted(found))
