"""extractor fetch URL... | --urls FILE | --sitemap URL -o pages.warc.gz"""
from __future__ import annotations

import sys

NAME = "fetch"
ORDER = 5
HELP = "fetch web pages politely into a WARC file (robots.txt, rate limits, retries, cache)"
DESCRIPTION = (
    "Fetch URLs (given, listed in a file one a line, or found in sitemaps) into a WARC file that "
    "'extractor extract OUT.warc.gz' re-extracts offline. robots.txt is obeyed; requests to one host start "
    "--delay seconds apart with at most --per-host in flight; 429 and 5xx answers are retried honouring "
    "Retry-After. Each response has one deadline (--timeout x 3, connect, headers and body together). "
    "Sitemaps are read only as far as --limit needs, at most --max-sitemaps documents. Redirects to "
    "loopback, private, link-local or reserved addresses are refused unless --allow-private (the hosts "
    "you give are always allowed). Every URL that fails (DNS, timeout, HTTP 404, robots-disallowed, too large, not HTML) is "
    "stored as an error record in the WARC and listed on stderr. Exit 0 when every URL was fetched, 1 when "
    "some failed, 2 on usage errors. Needs the web extra: pip install -e '.[web]' in the source checkout."
)


def add_arguments(parser) -> None:
    from ...fetch.policy import MAX_SITEMAPS

    parser.add_argument("urls", nargs="*", metavar="URL", help="pages to fetch")
    parser.add_argument("--urls", dest="url_file", metavar="FILE", help="file of URLs, one a line (- for stdin)")
    parser.add_argument("--sitemap", action="append", default=[], metavar="URL", help="sitemap or sitemap index (repeatable)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.warc.gz", help="WARC file to write (.warc or .warc.gz)")
    parser.add_argument("--delay", type=float, default=1.0, help="seconds between requests to one host (default 1; robots.txt Crawl-delay can raise it)")
    parser.add_argument("--per-host", type=int, default=2, help="requests in flight to one host (default 2)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight in total (default 8)")
    parser.add_argument("--timeout", type=float, default=20.0, help="connect and read timeout in seconds (default 20)")
    parser.add_argument("--max-bytes", type=int, default=10 * 1024 * 1024, help="largest page body accepted (default 10 MiB)")
    parser.add_argument("--retries", type=int, default=3, help="retries after 429/5xx (default 3)")
    parser.add_argument("--user-agent", default=None, help="User-Agent header (default names extractor and its version)")
    parser.add_argument("--cache", default=None, metavar="DIR", help="HTTP cache directory (default ~/.cache/extractor/http)")
    parser.add_argument("--no-cache", action="store_true", help="no conditional requests, no cache writes")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="fetch at most N pages (first come, first fetched; sitemaps are read only until N are found)")
    parser.add_argument("--max-sitemaps", type=int, default=MAX_SITEMAPS, metavar="N",
                        help=f"read at most N sitemap documents in all (default {MAX_SITEMAPS}): an index that fans out ends")
    parser.add_argument("--allow-private", action="store_true",
                        help="follow redirects to loopback, private, link-local and reserved addresses "
                             "(the hosts of the URLs you give are always allowed)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def run(args) -> int:
    from ...install import install_hint
    from .. import UsageProblem

    try:
        from ...fetch.crawl import crawl, read_url_list
        from ...fetch.policy import DEFAULT_USER_AGENT, FetchOptions
        from ...inputs import default_cache_dir, default_gate_dir
    except ImportError as exc:
        raise UsageProblem(f"fetching needs the web extra: {install_hint('web')} ({exc})") from None
    from ..progress import progress_bar

    if not args.output.endswith((".warc", ".warc.gz")):
        raise UsageProblem("-o must name a .warc or .warc.gz file")
    if args.delay < 0 or args.per_host < 1 or args.concurrency < 1 or args.timeout <= 0 or args.max_bytes < 1 \
            or (args.limit is not None and args.limit < 1) or args.max_sitemaps < 1:
        raise UsageProblem("--delay must be >= 0; --per-host, --concurrency, --max-bytes, --limit, --max-sitemaps >= 1; "
                           "--timeout > 0")
    urls = list(args.urls)
    if args.url_file:
        urls += list(read_url_list(_open_lines(args.url_file, UsageProblem)))
    if not urls and not args.sitemap:
        raise UsageProblem("give URLs, --urls FILE or --sitemap URL")
    options = FetchOptions(user_agent=args.user_agent or DEFAULT_USER_AGENT, delay=args.delay, per_host=args.per_host,
                           concurrency=args.concurrency, connect_timeout=args.timeout, read_timeout=args.timeout,
                           max_bytes=args.max_bytes, retries=args.retries, shared_gates=default_gate_dir(),
                           allow_private=args.allow_private, total_timeout=3 * args.timeout,
                           cache_dir=None if args.no_cache else (args.cache or default_cache_dir()))
    with progress_bar("fetching") as tick:
        report = crawl(urls, args.output, options=options, sitemaps=args.sitemap, limit=args.limit, progress=tick,
                       max_sitemaps=args.max_sitemaps)
    if not args.quiet:
        print(f"{report.pages} pages ({report.from_cache} unchanged, from cache), {len(report.errors)} errors "
              f"in {report.seconds:.1f}s -> {args.output}", file=sys.stderr)
        for url, kind, reason in report.errors[:50]:
            print(f"  error: {url}: {kind}: {reason}", file=sys.stderr)
    return report.exit_code


def _open_lines(path: str, problem):
    if path == "-":
        return sys.stdin.read().splitlines()
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read().splitlines()
    except OSError as exc:
        raise problem(f"cannot read --urls {path}: {exc.strerror or exc}") from None
