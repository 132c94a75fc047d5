"""extractor rules [--rules FILE] [--json | --digest | --check FILE | --explain PATH]"""
from __future__ import annotations

import json
import sys

NAME = "rules"
ORDER = 12
HELP = "print, check or explain the rule set (packaged rules, plus a --rules file)"
DESCRIPTION = (
    "Print the effective rule set: the packaged rules (extractor/data/*.toml, lang/*.toml) with a "
    "--rules FILE merged over them, as TOML (a starting point for your own file) or --json. "
    "--check FILE validates a rule file and runs every rule's examples (exit 0 when valid and every "
    "example holds, 1 when an example fails, 2 when the file is invalid). --explain PATH shows, for one "
    "article, which rule labelled each block (boilerplate kind and rule name, or content) and which "
    "rule made each step, with input lines. --digest prints the digest records carry in source.rules_digest."
)


def add_arguments(parser) -> None:
    parser.add_argument("--rules", metavar="FILE", help="a TOML rule file merged over the packaged rules")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--json", action="store_true", help="print the rule set as JSON instead of TOML")
    action.add_argument("--digest", action="store_true", help="print only the rule set's digest")
    action.add_argument("--check", metavar="FILE", help="validate FILE and run the examples of the rules it gives")
    action.add_argument("--explain", metavar="PATH", help="show which rule labelled each block and step of PATH")


def run(args) -> int:
    from ...errors import ExtractorError, RulesError
    from ...rules import Rules, default_rules
    from .. import UsageProblem

    path = args.check or args.rules
    try:
        rules = Rules.load(path) if path else default_rules()
    except RulesError as exc:
        raise UsageProblem(f"invalid rules: {exc.reason}") from None
    if args.check:
        return _check(args.check, rules)
    if args.explain:
        try:
            return _explain(args.explain, rules)
        except ExtractorError as exc:
            raise UsageProblem(f"{args.explain}: {exc.reason}") from None
    if args.digest:
        print(rules.digest)
    elif args.json:
        print(json.dumps(rules.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        print(f"# extractor rules, digest {rules.digest}\n")
        sys.stdout.write(rules.to_toml())
    return 0


def _check(path: str, rules) -> int:
    from ...checks.rule_examples import failures

    problems = failures(rules)
    for problem in problems:
        print(f"{path}: example fails: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"{path}: ok (rules digest {rules.digest})", file=sys.stderr)
    return 0


def _explain(path: str, rules) -> int:
    from pathlib import Path

    from ...checks.explain import explain
    from ...errors import ReadError
    from ...options import Options

    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    for line in explain(data, path, Options(rules=rules)).lines():
        print(line)
    return 0
