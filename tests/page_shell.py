"""Queries every page of the site shell costs, for query-count tests: two
reads of the shared (database) cache, the footer's contact details and the
site-wide announcement banner."""

QUERIES = 2
