"""Copy the Terraform files of fetched public repositories into a corpus folder (outside the
repository) for ``bench_foreign.py``.

    .venv/bin/python benchmarks/corpus_from_mirrors.py /work/corpus \\
        /work/.mirror/terraform-aws-modules+terraform-aws-rds/repo ...

Each argument after the corpus folder is a bare git directory (as the mirror tool leaves
them); its HEAD's ``*.tf``, ``*.tf.json``, ``*.tfvars(.json)`` and ``*.json`` files are written
under ``<corpus>/<owner+name>/``. Objects missing from a partial mirror are skipped.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json", ".json")


def extract(git_dir: Path, dest: Path) -> int:
    """Write the Terraform files of ``git_dir``'s HEAD under ``dest``; returns how many."""
    listing = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "-r", "HEAD"],
                             capture_output=True, text=True, check=True).stdout
    written = 0
    for line in listing.splitlines():
        meta, path = line.split("\t", 1)
        _mode, kind, sha = meta.split()
        if kind != "blob" or not path.endswith(SUFFIXES):
            continue
        blob = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "blob", sha],
                              capture_output=True, check=False)
        if blob.returncode != 0:
            continue
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob.stdout)
        written += 1
    return written


def main(argv: list[str]) -> int:
    """Entry point."""
    if len(argv) < 2:
        print(__doc__)
        return 2
    corpus = Path(argv[0])
    for arg in argv[1:]:
        git_dir = Path(arg)
        name = git_dir.parent.name if git_dir.name == "repo" else git_dir.name
        count = extract(git_dir, corpus / name)
        print(f"{name}: {count} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
