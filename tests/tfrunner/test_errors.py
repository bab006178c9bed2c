"""Terraform's error boxes become one line."""

from __future__ import annotations

from tfrunner.errors import summarize_terraform_error

REGISTRY = """There are some problems with the CLI configuration:
\u2577
\u2502 Warning: Unable to open CLI configuration file
\u2502
\u2502 The CLI configuration file at "/root/.terraformrc" does not exist.
\u2575


Error: Failed to query available provider packages

Could not retrieve the list of available versions for provider hashicorp/aws:
could not connect to registry.terraform.io: failed to request discovery
document

To see which modules are currently depending on hashicorp/aws, run:
    terraform providers
"""


def test_first_error_and_its_first_paragraph() -> None:
    text = summarize_terraform_error(REGISTRY)
    assert text == ("Failed to query available provider packages: Could not retrieve the list "
                    "of available versions for provider hashicorp/aws: could not connect to "
                    "registry.terraform.io: failed to request discovery document")


def test_boxed_and_coloured_errors() -> None:
    boxed = ("\x1b[31m\u2577\x1b[0m\n\x1b[31m\u2502\x1b[0m \x1b[1mError: \x1b[0mBoom\n"
             "\u2502\n\u2502 detail\n\u2575\n")
    assert summarize_terraform_error(boxed) == "Boom: detail"


def test_no_error_block_and_clipping() -> None:
    assert summarize_terraform_error("", "") == "no output"
    assert summarize_terraform_error("first\nlast line\n") == "last line"
    assert len(summarize_terraform_error("Error: " + "x" * 1000)) == 300
