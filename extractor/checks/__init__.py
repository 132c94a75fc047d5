"""Checks on extractor's output: validate against the schema, lint step quality, score against gold,
summarise, and build the review page. Each works on records read by ``records.read_records``."""
