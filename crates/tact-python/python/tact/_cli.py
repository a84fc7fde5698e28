"""The ``tact`` command of the wheel: the Rust command line, run in this process."""

from __future__ import annotations

import signal
import sys

from tact import _tact


def main() -> None:
    """Runs ``tact`` with ``sys.argv`` and exits with its exit code (0, 1 findings, 2 error)."""
    # Behave like the native binary: Ctrl-C ends the process at once (Python's handler would
    # only run once the Rust code returns). SIGPIPE stays ignored, as in Rust programs, and
    # tact treats a closed stdout as a normal end.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    raise SystemExit(_tact.run_cli(sys.argv))
