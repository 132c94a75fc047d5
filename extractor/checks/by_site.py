"""Gold figures per site: a set's figures pooled can hide one site falling while another rises.

A post's site is the folder of a corpus that holds a file of the same name (``corpus/SITE/post.md``, the
layout of whole-site batches); a post found in no such folder is reported under ``"other"``. Used by
``benchmarks/sites_bench.py`` and the per-site quality gate.
"""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from .evaluate import GoldSet, doc_key, evaluate
from .records import Loaded

OTHER = "other"


def site_of_each_post(corpora: Iterable[Path]) -> dict[str, str]:
    """File name (lower case) -> the name of the site folder it sits in, first corpus first."""
    sites: dict[str, str] = {}
    for corpus in corpora:
        if corpus.is_dir():
            for site in sorted(p for p in corpus.iterdir() if p.is_dir()):
                for name in os.listdir(site):
                    sites.setdefault(name.lower(), site.name)
    return sites


def evaluate_by_site(gold: GoldSet, records: list[Loaded], sites: dict[str, str],
                     only_present: bool = False) -> dict[str, dict]:
    """The scorer's figures for the whole set (``"all"``) and for each site. ``only_present``: gold
    documents without a record are left out (a whole-site run holds only the set's posts on those sites)."""
    if only_present:
        present = {doc_key((loaded.data.get("source") or {}).get("path", "")) for loaded in records
                   if isinstance(loaded.data, dict)}
        gold = GoldSet([d for d in gold.documents if doc_key(d["source"]) in present])
    by_site: dict[str, list[dict]] = defaultdict(list)
    for document in gold.documents:
        by_site[sites.get(doc_key(document["source"]), OTHER)].append(document)
    rows = {"all": evaluate(gold, records).metrics}
    for site, documents in sorted(by_site.items()):
        rows[site] = evaluate(GoldSet(documents), records).metrics
    return rows
