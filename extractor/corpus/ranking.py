"""Search ranking knobs, kept as data so tuning them is a one-line change with a test.

Final score = BM25 (FTS5 ``bm25()``, column weights below) x ``boost``, where
``boost = 1 + SUPPORT_WEIGHT * ln(sources)`` and ``sources`` counts the distinct articles (near-duplicate
articles counted once) that contain the procedure or a near-equal one. A procedure supported by ten
independent articles gets x1.46 with the default weight: enough to order close matches, too little to
lift a procedure that misses the query's words.
"""
from __future__ import annotations

# FTS5 column order in procedures_fts: title, headings, steps, article_title
COLUMN_WEIGHTS = (4.0, 1.5, 1.0, 2.0)

SUPPORT_WEIGHT = 0.2

# Query words too common to help ranking; dropping them also keeps queries fast on big indexes.
STOPWORDS = frozenset("""
a an and are as at be by can do does for from how i in is it my of on or so the this to
what when where which why with you your
""".split())
