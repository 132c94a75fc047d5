"""Every error extractor raises, in one tree (after httpx/_exceptions.py).

    ExtractorError                 base; carries the stage and, where known, the line
    ├── ReadError                  the file could not be read or decoded
    ├── FrontMatterError           front matter is malformed (usually a warning, not fatal)
    ├── ParseError                 the body could not be parsed into blocks
    ├── LimitExceeded              a document went over its time or size limit
    ├── UsageError                 the caller asked for something impossible (bad path, bad option)
    │   └── UnsafePath             a directory we would write in is not safely ours (symlink, other owner)
    ├── RulesError                 a rule file is invalid (names the file, the rule and the field)
    └── FetchError                 a URL could not be fetched (stage "fetch"; see extractor/fetch/)
        ├── DNSError               the host name does not resolve
        ├── ConnectFailed          no connection (refused, reset, TLS)
        ├── FetchTimeout           connect, read or whole-response time limit passed
        ├── HTTPStatusError        the server answered 4xx/5xx (after retries)
        ├── RobotsDisallowed       robots.txt forbids the URL for our user agent
        ├── TooManyRedirects       a redirect loop, or more hops than the limit
        ├── ForbiddenAddress       a redirect (or link) to a non-public address the user did not give
        ├── TooLarge               the body is bigger than the limit
        └── NotHTML                the content type is not one we extract

A document that fails becomes an ``ErrorRecord`` (see ``extractor.model``) built by
``to_error_record``: errors are values in the batch output, never tracebacks on the terminal.
"""
from __future__ import annotations


class ExtractorError(Exception):
    stage = "extract"

    def __init__(self, reason: str, *, stage: str | None = None, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        if stage:
            self.stage = stage
        self.line = line


class ReadError(ExtractorError):
    stage = "read"


class FrontMatterError(ExtractorError):
    stage = "front_matter"


class ParseError(ExtractorError):
    stage = "parse"


class LimitExceeded(ExtractorError):
    stage = "limits"


class UsageError(ExtractorError):
    stage = "usage"


class UnsafePath(UsageError):
    pass


class RulesError(ExtractorError):
    """A rule set that cannot be used. Raised at load, before any input is read, never per document."""

    stage = "rules"

    def __init__(self, reason: str, *, file: str, rule: str | None = None, field: str | None = None,
                 count: int = 1):
        self.file, self.rule, self.field, self.count = file, rule, field, count
        where = f"{file}: rule {rule!r}: " if rule else f"{file}: "
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        super().__init__(where + reason + more)


class FetchError(ExtractorError):
    stage = "fetch"


class DNSError(FetchError):
    pass


class ConnectFailed(FetchError):
    pass


class FetchTimeout(FetchError):
    pass


class HTTPStatusError(FetchError):
    pass


class RobotsDisallowed(FetchError):
    pass


class TooManyRedirects(FetchError):
    pass


class ForbiddenAddress(FetchError):
    pass


class TooLarge(FetchError):
    pass


class NotHTML(FetchError):
    pass
