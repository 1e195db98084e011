"""Imported once by the ingest pool's fork server (claims.nlp.pool): analysing one short text
loads the lazy tables (confusables, word frequencies), so every worker forks with them."""

from claims.nlp.prepare import prepare_article

prepare_article("Warm-up: the mayor said the café’s budget is balanced.\n\nShe added nothing.")
