"""Fetching pages politely, and WARC files in and out.

    policy.py    FetchOptions and the facts the client checks against (HTML types, retry statuses)
    client.py    Fetcher: robots.txt, per-host rate limit and concurrency cap, retries, limits
    cache.py     on-disk cache for conditional requests (ETag / Last-Modified)
    sitemap.py   page URLs from a sitemap or sitemap index
    warc.py      fetched responses as WARC records; HTML responses read back from any WARC

Needs the ``web`` extra (httpx, protego, warcio): ``pip install -e '.[web]'`` in the source checkout.
Nothing here prints; failures are ``extractor.errors.FetchError`` values.
"""
