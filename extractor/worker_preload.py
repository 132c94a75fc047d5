"""Imported by the worker pool's forkserver before it forks any worker (``workers.PRELOAD``).

It imports the runner and warms it up (``runner.warm_up``: the packaged rules loaded and compiled, one
tiny Markdown and one tiny HTML input extracted), so that every worker forked from the server starts
with all of that already in memory, shared copy-on-write, instead of each worker paying for it on its
first document. Nothing else imports this module.
"""
from __future__ import annotations

from .runner import warm_up

warm_up()
