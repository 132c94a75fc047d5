"""Search ranking knobs, kept as data so tuning them is a one-line change with a test.

Final score = BM25 (FTS5 ``bm25()``, column weights below) x ``boost``, where
``boost = 1 + SUPPORT_WEIGHT * ln(sources)`` and ``sources`` counts the distinct articles (near-duplicate
articles counted once) that contain the procedure or a near-equal one. A procedure supported by ten
independent articles gets x1.46 with the default weight: enough to order close matches, too little to
lift a procedure that misses the query's words.

The score is also multiplied by ``OTHER_INTENT_WEIGHT`` when the procedure's ``kind`` does not answer the
kind of question asked: a query with a checking word ("how do I know if...", "check whether...") wants
``check`` procedures, any other query wants ``task`` procedures. An article that explains how to link a
key and then how to see that it is linked shares nearly every word between the two; the question's verb
decides which one is meant.
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

# Words that make a query a checking question (asked in lower case, before stopwords are dropped).
CHECK_QUERY_WORDS = frozenset("check confirm know see tell test verify whether".split())

OTHER_INTENT_WEIGHT = 0.8

# A match that lacks some query word and scores below this (the words it has are in most procedures,
# where FTS5 clamps their weight to ~0) is no match: search answers "no match" rather than listing
# hits that all show score 0.00. A match with every query word always counts.
MIN_SCORE = 1e-4
MIN_SCORE_STORE_SIZE = 50  # procedures; in a smaller store most words are "common" and MIN_SCORE is not applied
