"""Loaders: every input form -> one :class:`~policies.model.Model`.

``load(path)`` detects the form: a synth folder (``manifest.json``), one stack folder
(``cdk.tf.json``), one ``*.tf.json`` file, a folder of ``.tf`` files (or one ``.tf`` file), or
a ``terraform show -json`` plan. Bad input raises :class:`LoadError` with one line naming the
file and the problem; no other exception escapes for bad input.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from policies.loaders.errors import LoadError
from policies.loaders.hcl import load_hcl
from policies.loaders.plan import is_plan, load_plan, model_from_plan, resources_from_changes
from policies.loaders.synth import check_regular, from_doc, load_synth_dir, parse_json, read_text
from policies.loaders.workdir import has_config, load_workdir
from policies.model import Model, Stack

__all__ = ["LoadError", "detect", "load", "load_many", "model_from_plan",
           "resources_from_changes"]


def detect(path: Path) -> str:
    """The input form of ``path``: ``synth``, ``hcl`` or ``plan`` (LoadError when none)."""
    return load(path).input_form


def load(path: Path, *, stack: str | None = None) -> Model:
    """Load one input; ``stack`` renames the stack of a plan file (``--stack``)."""
    path = Path(path)
    if not path.exists():
        raise LoadError(f"{path}: no such file or directory")
    try:
        return _load(path, stack)
    except LoadError:
        raise
    except RecursionError as exc:
        raise LoadError(f"{path}: input nested too deeply") from exc
    except (AttributeError, TypeError, ValueError, KeyError, IndexError) as exc:
        raise LoadError(f"{path}: unexpected structure ({type(exc).__name__}: {exc})") from exc


def _load(path: Path, stack: str | None) -> Model:
    if path.is_dir():
        if (path / "manifest.json").is_file():
            return Model(stacks=tuple(load_synth_dir(path)), input_form="synth")
        if has_config(path):
            form = "synth" if (path / "cdk.tf.json").is_file() else "hcl"
            return Model(stacks=(load_workdir(path),), input_form=form)
        raise LoadError(f"{path}: not a synth folder (manifest.json), a stack folder "
                        "(cdk.tf.json) or a folder of .tf / .tf.json files")
    check_regular(path)
    if path.suffix == ".tf":
        return Model(stacks=(load_hcl(path),), input_form="hcl")
    text = read_text(path)
    if path.suffix != ".json":
        raise LoadError(f"{path}: unrecognized input (expected .tf, .tf.json or a plan .json)")
    doc = parse_json(text, path)
    if is_plan(doc):
        return Model(stacks=(load_plan(path, doc, text, stack),), input_form="plan")
    if isinstance(doc, dict) and path.name == "manifest.json" and "stacks" in doc:
        return Model(stacks=tuple(load_synth_dir(path.parent)), input_form="synth")
    if isinstance(doc, dict) and (path.name.endswith(".tf.json") or _looks_like_tf(doc)):
        return Model(stacks=(from_doc(doc, path, text, None),), input_form="synth")
    raise LoadError(f"{path}: unrecognized JSON (neither Terraform JSON nor a "
                    "`terraform show -json` plan)")


def _looks_like_tf(doc: dict[str, object]) -> bool:
    return bool({"resource", "provider", "terraform", "data"} & doc.keys())


def load_many(paths: Iterable[Path]) -> Model:
    """Several inputs merged into one model (stack names must be distinct); LoadError when
    the inputs hold no resource at all (an empty synth is not a pass)."""
    paths = list(paths)
    stacks: list[Stack] = []
    forms: list[str] = []
    for path in paths:
        model = load(Path(path))
        forms.append(model.input_form)
        stacks.extend(model.stacks)
    if not stacks and not forms:
        raise LoadError("no input given")
    seen: dict[str, str | None] = {}
    for s in stacks:
        if s.name in seen:
            raise LoadError(f"{s.file}: stack {s.name} is also loaded from {seen[s.name]}")
        seen[s.name] = s.file
    # A plan with no resources is a valid "no changes" plan; configuration with none is not.
    if "plan" not in forms and not any(s.resources or s.unread or s.backend for s in stacks):
        raise LoadError(f"{', '.join(str(p) for p in paths)}: no resources to check "
                        "(nothing would be gated)")
    form = forms[0] if len(set(forms)) == 1 else "mixed"
    return Model(stacks=tuple(stacks), input_form=form)
