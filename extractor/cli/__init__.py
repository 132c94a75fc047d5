"""The ``extractor`` command: argv in, exit code out. The only place that prints or exits.

Each subcommand is a module in ``extractor/cli/commands/`` with ``NAME``, ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``; they are found automatically, so adding a
command touches no other file. Keep imports inside ``run`` so ``extractor --help`` stays fast.

Exit codes: 0 all good, 1 finished but some inputs failed (or checks found problems),
2 usage error, 130 interrupted.
"""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from .. import __version__
from ..errors import RulesError
from . import commands as _commands_pkg

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def command_modules():
    modules = []
    for info in pkgutil.iter_modules(_commands_pkg.__path__):
        module = importlib.import_module(f"{_commands_pkg.__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            modules.append(module)
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 50), m.NAME))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="extractor", description="Turn messy how-to articles into clean, structured procedures.")
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in command_modules():
        command = sub.add_parser(module.NAME, help=module.HELP, description=getattr(module, "DESCRIPTION", module.HELP))
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except UsageProblem as exc:
        print(f"extractor {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RulesError as exc:  # the packaged rules, loaded by a command that did not check them first
        print(f"extractor {args.command}: invalid rules: {exc.reason}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # no traceback reaches the user unless they ask for it
        if os.environ.get("EXTRACTOR_DEBUG"):
            raise
        print(f"extractor {args.command}: error: {type(exc).__name__}: {exc} (set EXTRACTOR_DEBUG=1 for a traceback)", file=sys.stderr)
        return EXIT_FAILED


class UsageProblem(Exception):
    """Raised by a command for a usage error found after parsing (exit 2)."""


def entry() -> None:
    sys.exit(main())
