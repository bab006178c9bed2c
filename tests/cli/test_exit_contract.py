"""The exit contract at the CLI boundary: any uncaught exception is exit 2 and one line."""

from __future__ import annotations

import argparse

import pytest

import cli
import cli.check


def _explode(args: argparse.Namespace) -> int:
    raise ValueError("boom in the middle of a scan")


def test_an_unexpected_exception_is_one_line_exit_2(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli.check, "run", _explode)
    assert cli.main(["check", "--input", "anything"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "ValueError" in err and "boom in the middle of a scan" in err and "--debug" in err


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli.check, "run", _explode)
    assert cli.main(["--debug", "check", "--input", "anything"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "_explode" in err


def test_deep_recursion_is_one_line_exit_2(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    def recurse(args: argparse.Namespace) -> int:
        return recurse(args)

    monkeypatch.setattr(cli.check, "run", recurse)
    assert cli.main(["check", "--input", "anything"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nested too deeply" in err
