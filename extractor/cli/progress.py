"""Progress and summary on stderr: a rich bar when stderr is a terminal, nothing otherwise."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager


@contextmanager
def progress_bar(label: str, enabled: bool | None = None):
    """Yield a callback to call once per finished item; a no-op when stderr is not a terminal."""
    if enabled is None:
        enabled = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
    if not enabled:
        yield lambda *_: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
    columns = (SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda *_: bar.advance(task)
