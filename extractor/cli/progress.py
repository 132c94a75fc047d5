"""Progress and summary on stderr: a rich bar when stderr is a terminal, nothing otherwise."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager


def progress_wanted(quiet: bool = False, no_progress: bool = False) -> bool:
    """A bar only for a person watching: stderr is a terminal, not dumb, and neither -q nor --no-progress."""
    return not (quiet or no_progress) and sys.stderr.isatty() and os.environ.get("TERM") != "dumb"


@contextmanager
def progress_bar(label: str, enabled: bool | None = None, total: int | None = None, unit: str = "docs"):
    """Yield a callback to call once per finished item; a no-op when ``enabled`` is false.

    With a ``total`` the bar shows done/total, the rate and the time left; without one, done and rate.
    """
    if enabled is None:
        enabled = progress_wanted()
    if not enabled:
        yield lambda *_: None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.0f} {unit}/s" if task.speed else f"- {unit}/s", style="progress.data.speed")

    console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
    columns = (SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, speed_estimate_period=60) as bar:
        task = bar.add_task(label, total=total)
        yield lambda *_: bar.advance(task)
