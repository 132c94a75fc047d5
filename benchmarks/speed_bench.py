"""One-core speed beside reference tools, interleaved in one process, with an optional breakdown.

    .venv/bin/python benchmarks/speed_bench.py [--limit 1500] [--rounds 2] [--html-only | --markdown-only] [--profile]

Markdown: the first ``--limit`` corpus posts. Each round runs the site pass over them (timed, counted
as extractor time), then every post twice, alternating which goes first: a bare
``MarkdownIt('commonmark').parse`` of its text (the reference) and extractor's whole pipeline down to
the record's JSON. Bar (issue 15): extractor time at most 1.6x the bare parse.

HTML: the AEB pages (``../shared/eval/aeb``), each page by every contender in turn: extractor's whole
pipeline, trafilatura (``include_comments=False``, as in aeb_bench.py), resiliparse's main-content
text, and a bare lxml parse. Contenders that are not installed are skipped. Bar: extractor's docs/s
at least 2x trafilatura's, F1 >= 0.965 (F1 as aeb_bench.py scores it). Each round starts with the
memos empty (``Memo.forget_all``), as each Markdown round does; compiled patterns and imports stay,
so round 1 differs from the next ones only by what the first page did not warm up.

Garbage collector: extractor runs as the CLI's batch loop runs it (``runner.BatchGC``,
docs/large-runs.md): each extractor call inside ``BatchGC``. The CLI freezes the heap after its first
document; here the heap is frozen once after the warm-up, for every contender alike. In one process
the contenders could pay for each other's garbage (a collection one triggers frees what another
left: before issue 15's fix extractor left each page's tree in a cycle, and trafilatura's collections
paid for freeing it), so after every call a young collection is timed as that contender's.

Interleaving per document is what makes the ratios hold on a shared, noisy machine: a slow second
slows both sides. Ratios are reported per round; the round with the lowest ratio is reported as best.

``--profile`` adds, after the timed rounds, one pass with per-stage timers (exclusive time of the
reader's parts, every stage in ``pipeline.STAGES``, record building and JSON) and a cProfile summary
by module, so the next person sees where the time goes without setting up a profiler.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import gzip
import json
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from aeb_bench import metrics, tp_fp_fn  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

from extractor.corpus.template import SiteLearner  # noqa: E402
from extractor.errors import ExtractorError  # noqa: E402
from extractor.memo import Memo  # noqa: E402
from extractor.options import Options  # noqa: E402
from extractor.pipeline import extract_bytes  # noqa: E402
from extractor.rules import default_rules  # noqa: E402
from extractor.runner import BatchGC, find_inputs  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "techidaily"
DEFAULT_AEB = ROOT.parent / "shared" / "eval" / "aeb"
clock = time.perf_counter


def as_in_batch(extract):
    """``extract`` with the collector set as in the CLI's batch loop (see the module's docstring)."""
    def call(*args, **kwargs):
        with BatchGC():
            return extract(*args, **kwargs)
    return call


def freeze_after_warm_up() -> None:
    """What the CLI does after its first document, here for every contender (module docstring)."""
    gc.collect()
    gc.freeze()


# -- Markdown ----------------------------------------------------------------------------------------

def site_options(posts: list[tuple[str, bytes]]) -> Options:
    rules = default_rules()
    learner = SiteLearner(rules.site_template, rules.words.step_label)
    for path, data in posts:
        learner.add_text(path, data.decode("utf-8", errors="replace"))
    return Options(site_templates=learner.templates() or None)


def markdown_round(posts: list[tuple[str, bytes]], flip: bool) -> tuple[float, float]:
    """(bare parse seconds, extractor seconds) over all posts."""
    md = MarkdownIt("commonmark")
    Memo.forget_all()  # every round starts cold, as a batch that reads each post once
    started = clock()
    options = site_options(posts)
    ours = clock() - started
    reference = 0.0
    for index, (path, data) in enumerate(posts):
        def bare():
            started = clock()
            md.parse(data.decode("utf-8", errors="replace"))
            gc.collect(0)  # its own garbage (module docstring)
            return clock() - started

        @as_in_batch
        def record():
            return extract_bytes(data, path, options=options).model_dump_json()

        def whole():
            started = clock()
            record()
            gc.collect(0)
            return clock() - started

        if (index % 2 == 0) != flip:
            reference += bare()
            ours += whole()
        else:
            ours += whole()
            reference += bare()
    return reference, ours


def bench_markdown(posts: list[tuple[str, bytes]], rounds: int) -> None:
    markdown_round(posts[:20], False)  # imports, compiled rules, parser set-up
    freeze_after_warm_up()
    n = len(posts)
    print(f"Markdown: {n} corpus posts ({sum(len(d) for _, d in posts) / 1e6:.1f} MB), {rounds} interleaved rounds")
    print(f"  {'round':<6} {'bare parse docs/s':>18} {'extractor docs/s':>17} {'ratio':>6}")
    best = None
    for r in range(rounds):
        reference, ours = markdown_round(posts, flip=bool(r % 2))
        ratio = ours / reference
        best = ratio if best is None else min(best, ratio)
        print(f"  {r + 1:<6} {n / reference:>18.1f} {n / ours:>17.1f} {ratio:>5.2f}x", flush=True)
    print(f"  best ratio extractor / bare markdown-it parse: {best:.2f}x (bar: <= 1.6x)")


# -- HTML --------------------------------------------------------------------------------------------

def html_contenders() -> dict:
    @as_in_batch
    def ours(data: bytes, name: str) -> str:
        try:
            return extract_bytes(data, name).content.text
        except ExtractorError:
            return ""

    contenders = {"extractor": ours}
    try:
        import trafilatura

        contenders["trafilatura"] = lambda data, name: trafilatura.extract(
            data.decode("utf-8", errors="replace"), include_comments=False) or ""
    except ImportError as exc:
        print(f"  trafilatura: not installed ({exc}); pip install -e '.[bench]'", file=sys.stderr)
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        contenders["resiliparse"] = lambda data, name: extract_plain_text(
            HTMLTree.parse_from_bytes(data), main_content=True)
    except ImportError:
        print("  resiliparse: not installed (pip install resiliparse); skipped", file=sys.stderr)
    from lxml import html as lxml_html

    contenders["bare lxml parse"] = lambda data, name: (lxml_html.fromstring(data), "")[1]
    return contenders


def bench_html(aeb: Path, rounds: int) -> None:
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(p.name.split(".")[0], gzip.decompress(p.read_bytes())) for p in sorted((aeb / "html").glob("*.html.gz"))]
    pages = [(key, data) for key, data in pages if key in truth]
    contenders = html_contenders()
    for extract in contenders.values():
        extract(pages[0][1], "warm-up.html")
    freeze_after_warm_up()
    print(f"HTML: {len(pages)} AEB pages, {rounds} interleaved rounds")
    for r in range(rounds):
        # every round starts cold, as the Markdown rounds do: the memos would otherwise answer a
        # second round's texts from the first (the same pages), which no batch of new pages sees
        Memo.forget_all()
        seconds = dict.fromkeys(contenders, 0.0)
        bodies: dict[str, dict[str, str]] = defaultdict(dict)
        names = list(contenders)
        for index, (key, data) in enumerate(pages):
            order = names if (index + r) % 2 == 0 else names[::-1]
            for name in order:
                started = clock()
                bodies[name][key] = contenders[name](data, key + ".html")
                gc.collect(0)  # its own garbage (module docstring)
                seconds[name] += clock() - started
        print(f"  round {r + 1}: {'contender':<16} {'docs/s':>7} {'F1':>6}")
        for name in names:
            f1 = ""
            if name != "bare lxml parse":
                counts = [tp_fp_fn(truth[key].get("articleBody", ""), bodies[name][key]) for key, _ in pages]
                f1 = f"{metrics(counts)['f1']:.3f}"
            print(f"           {name:<16} {len(pages) / seconds[name]:>7.1f} {f1:>6}")
        if "trafilatura" in seconds:
            print(f"           extractor / trafilatura docs/s: {seconds['trafilatura'] / seconds['extractor']:.2f}x "
                  f"(bar: >= 2x)", flush=True)


# -- where the time goes -----------------------------------------------------------------------------

class StageTimers:
    """Exclusive seconds per named part: a part's time excludes the parts timed inside it."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            frame = [name, clock(), 0.0]  # name, start, time spent in nested timed parts
            self._stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                self._stack.pop()
                spent = clock() - frame[1]
                self.seconds[name] += spent - frame[2]
                if self._stack:
                    self._stack[-1][2] += spent
        return timed

    def report(self, title: str) -> None:
        total = sum(self.seconds.values())
        print(f"  {title}: {total:.2f} s")
        for name, seconds in sorted(self.seconds.items(), key=lambda item: -item[1]):
            print(f"    {name:<28} {seconds:7.2f} s {100 * seconds / total:5.1f} %")


def install_timers(timers: StageTimers) -> None:
    """Per-stage timers around the pipeline's parts, patched in for the profile pass only."""
    import dataclasses

    from extractor import pipeline
    from extractor.readers import markdown
    from extractor.stages import content

    for index, (name, stage) in enumerate(pipeline.STAGES):
        pipeline.STAGES[index] = (name, timers.wrap(f"stage {name}", stage))
    for name, input_format in list(pipeline.INPUT_FORMATS.items()):
        pipeline.INPUT_FORMATS[name] = dataclasses.replace(
            input_format, read=timers.wrap(f"read {name} (rest)", input_format.read),
            decode=timers.wrap(f"decode {name}", input_format.decode))
    pipeline.split_front_matter = timers.wrap("front matter", pipeline.split_front_matter)
    pipeline.parse_markdown = timers.wrap("tokens to blocks", pipeline.parse_markdown)
    markdown._block_tokens = timers.wrap("markdown-it block parse", markdown._block_tokens)
    markdown._Inlines.children = timers.wrap("markdown-it inline parse", markdown._Inlines.children)
    install_html_timers(timers)
    pipeline.build_record = timers.wrap("record: build", pipeline.build_record)
    pipeline.collect_boilerplate = timers.wrap("record: boilerplate list", content.collect_boilerplate)
    pipeline.build_content = timers.wrap("record: content", content.build_content)
    pipeline.DocumentRecord.model_dump_json = timers.wrap("record: JSON", pipeline.DocumentRecord.model_dump_json)


def install_html_timers(timers: StageTimers) -> None:
    """Timers around the HTML reader's parts (``read html (rest)`` is what is left of ``read_html``), each
    patched where its caller looks it up."""
    from extractor.readers import html, html_choice, html_main

    parts = [(html, "parse", "html: parse"), (html, "page_metadata", "html: metadata"),
             (html, "read_json_ld", "html: JSON-LD"), (html, "read_microdata", "html: microdata"),
             (html, "page_kind", "html: page kind"), (html, "steps_containers", "html: steps containers"),
             (html, "ingredient_containers", "html: ingredient containers"), (html, "page_blocks", "html: blocks"),
             (html_main, "survey", "html: survey"), (html_main, "clean", "html: clean"),
             (html_main, "mark_regions", "layout: mark regions"), (html_main, "find_main", "layout: find main"),
             (html_main, "_paragraphs", "layout: paragraphs"), (html_choice, "choose", "layout: chooser"),
             (html_main, "label_link_lists", "layout: link lists"), (html_main, "layout", "layout (rest)")]
    for module, name, label in parts:
        setattr(module, name, timers.wrap(label, getattr(module, name)))


def by_module(profile: cProfile.Profile, top: int = 14) -> list[tuple[str, float]]:
    """Own (exclusive) seconds summed per module: extractor modules by name, libraries by package."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in pstats.Stats(profile).stats.items():
        path = Path(filename)
        if "extractor" in path.parts:
            parts = path.parts[path.parts.index("extractor"):]
            module = ".".join(parts)[: -len(".py")] if filename.endswith(".py") else filename
        elif "site-packages" in path.parts:
            module = path.parts[path.parts.index("site-packages") + 1]
        elif filename.startswith("~") or filename.startswith("<"):
            module = "builtins (re, str, pydantic-core ...)"
        else:
            module = "python stdlib"
        totals[module] += tottime
    return sorted(totals.items(), key=lambda item: -item[1])[:top]


def profile(posts: list[tuple[str, bytes]], aeb: Path, markdown: bool, html: bool) -> None:
    timers = StageTimers()
    install_timers(timers)
    print("Where the time goes (one pass with timers; timers and profiler add overhead)")
    if markdown:
        Memo.forget_all()
        options = timers.wrap("site pass", site_options)(posts)
        for path, data in posts:
            extract_bytes(data, path, options=options).model_dump_json()
        timers.report(f"Markdown, {len(posts)} posts, exclusive time per part")
    if html:
        Memo.forget_all()
        timers.seconds.clear()
        for page in sorted((aeb / "html").glob("*.html.gz")):
            data = gzip.decompress(page.read_bytes())
            extract_bytes(data, page.name[:-3]).model_dump_json()
        timers.report("HTML, AEB pages, exclusive time per part")
    for title, run in (("Markdown", markdown), ("HTML", html)):
        if not run:
            continue
        prof = cProfile.Profile()
        prof.enable()
        if title == "Markdown":
            Memo.forget_all()
            options = site_options(posts)
            for path, data in posts:
                extract_bytes(data, path, options=options).model_dump_json()
        else:
            Memo.forget_all()
            for page in sorted((aeb / "html").glob("*.html.gz")):
                extract_bytes(gzip.decompress(page.read_bytes()), page.name[:-3]).model_dump_json()
        prof.disable()
        rows = by_module(prof)
        total = sum(t for _, t in by_module(prof, top=10_000))
        print(f"  {title}, cProfile own time by module ({total:.2f} s profiled):")
        for module, seconds in rows:
            print(f"    {module:<40} {seconds:7.2f} s {100 * seconds / total:5.1f} %")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--aeb", type=Path, default=DEFAULT_AEB)
    parser.add_argument("--limit", type=int, default=1500, help="corpus posts (default 1,500)")
    parser.add_argument("--rounds", type=int, default=2)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--markdown-only", action="store_true")
    which.add_argument("--html-only", action="store_true")
    parser.add_argument("--profile", action="store_true", help="add per-stage timers and a cProfile summary")
    args = parser.parse_args(argv)
    markdown, html = not args.html_only, not args.markdown_only
    posts = [(p, Path(p).read_bytes()) for p in list(find_inputs([args.corpus]))[: args.limit]] if markdown else []
    if markdown and not posts:
        print(f"no inputs under {args.corpus}", file=sys.stderr)
        return 2
    if markdown:
        bench_markdown(posts, args.rounds)
    if html:
        bench_html(args.aeb, args.rounds)
    if args.profile:
        profile(posts, args.aeb, markdown, html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
