"""The emulator process: moto's server (:mod:`rehearsal.server`) on a free loopback port,
started and stopped with the rehearsal."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class RehearsalError(Exception):
    """The rehearsal could not run (no Terraform, no provider mirror, no emulator)."""


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Emulator:
    """moto's server on loopback, started and stopped with the rehearsal."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
        self._log = log.open("w")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "rehearsal.server", str(self.port)], cwd=REPO, env=env,
            stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self._proc.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RehearsalError(f"the emulator did not start on port {self.port} (see {log})")

    def stop(self) -> None:
        """Stop the server."""
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._proc.kill()
        self._log.close()
