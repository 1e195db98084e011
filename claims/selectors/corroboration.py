"""Link suggestions for a claim (or any span) and its independence-aware corroboration count.

Suggestions: the span's rarest words (document frequencies counted by the database, capped)
pick candidate claims and sentences in other articles the user may see; BM25 over folded terms
ranks them (``claims.nlp.corroboration``), optionally re-ranked by sentence embeddings
(``claims.services.embeddings``, setting ``CLAIMS_SEMANTIC_RERANK``). Candidates in the span's
own near-duplicate cluster are copies: offered as ``repeats`` and never as independent
corroboration.

The count: supporting links grouped by ``claims.nlp.corroboration.independence_groups`` (one
per near-duplicate cluster, wire/outlet origin or named source).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from claims.models import (
    Article,
    Claim,
    ClaimLink,
    LinkRelation,
    LinkSuggestionRejection,
)
from claims.nlp.corroboration import (
    Support,
    SupportGroup,
    independence_groups,
    query_terms,
    stem,
    terms,
)
from claims.nlp.normalize import fold
from claims.permissions import visible_sets
from claims.selectors.origins import claim_origins
from claims.selectors.search import (
    DF_CAP,
    Hit,
    Mode,
    SearchFilters,
    collection_size,
    document_frequencies,
    load_hits,
    match_ids,
    rank_hits,
)
from claims.services.embeddings import rerank_hits, semantic_rerank_enabled

# Query words used to pick candidates (the rarest ones), and candidates kept per article.
PICK_WORDS = 12
# Rows the picked words may match together (from their counted frequencies), so finding
# candidates costs about the same at 10 thousand or 10 million rows.
CANDIDATE_BUDGET = 1200
PER_ARTICLE = 3
# Words picked when candidates must share two of them (10 pairs): more makes the index's
# check of every row holding any of them slower than the rows it saves.
PAIR_WORDS = 5
# A copy candidate must share this much of the span's terms to be offered as a repeat.
COPY_OVERLAP = 0.6
SUPPORTING = (LinkRelation.CORROBORATES, LinkRelation.ELABORATES)


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: str  # "claim" or "sentence"
    pk: int
    article: int
    article_title: str
    start: int
    end: int
    text: str
    score: float
    relation: str
    independent: bool

    def as_json(self) -> dict[str, Any]:
        """The fields ``manage.py suggest_links --json`` prints."""
        return {
            "article": self.article,
            "article_title": self.article_title,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": self.score,
            "relation": self.relation,
            "independent": self.independent,
        }


def span_suggestions(
    *,
    article: Article,
    start: int,
    end: int,
    set_ids: list[int],
    claim: Claim | None = None,
    limit: int = 10,
    semantic: bool | None = None,
) -> list[Suggestion]:
    """Ranked link candidates for ``article.text[start:end]`` in other articles of
    ``set_ids``; the dialog, the API and ``suggest_links`` all call this. ``semantic``
    forces the embedding re-ranker on or off (default: ``CLAIMS_SEMANTIC_RERANK``)."""
    folded = fold(article.text[start:end]).text
    words = query_terms(folded)[:12]
    if not words:
        return []
    df = document_frequencies(words)
    # Words in nearly every row (counted up to the cap) pick no one in particular.
    picked, mode = _pick_words(words, df)
    if not picked:
        return []
    filters = SearchFilters(set_ids=set_ids, exclude_article=article.pk)
    hits = load_hits(
        claim_ids=match_ids(kind="claim", words=picked, filters=filters, mode=mode),
        sentence_ids=match_ids(kind="sentence", words=picked, filters=filters, mode=mode),
    )
    hits = _without_known(hits, claim)
    stem_df: dict[str, int] = {}
    for word, n in df.items():
        key = stem(word)
        stem_df[key] = max(stem_df.get(key, 0), n)
    query = terms(folded)
    ranked = rank_hits(
        hits, query, doc_freq=stem_df, total_docs=max(collection_size(), 1), coordination=True
    )
    if semantic_rerank_enabled() if semantic is None else semantic:
        ranked = rerank_hits(ranked, folded)
    # The article's cluster as stored now: imports put earlier articles into clusters later.
    own_cluster = Article.objects.filter(pk=article.pk).values_list("cluster_id", flat=True)[0]
    return _pick(ranked, set(query), own_cluster=own_cluster, limit=limit)


def _pick_words(words: list[str], df: dict[str, int]) -> tuple[list[str], Mode]:
    """The rarest words, as many as fit the candidate budget (at least three): a word found
    in nearly every row picks no one in particular.

    In a large collection even the rarest three words can match far more rows than the budget
    (or were counted only up to the cap): then candidates must contain two of the rarest
    ``PAIR_WORDS`` words ("pairs"), which the index finds by intersecting posting lists."""
    ranked = sorted((w for w in words if df[w] > 0), key=lambda w: (df[w], words.index(w)))
    picked: list[str] = []
    total = 0
    for word in ranked:
        if len(picked) >= PICK_WORDS or (len(picked) >= 3 and total + df[word] > CANDIDATE_BUDGET):
            break
        picked.append(word)
        total += df[word]
    rarest = [df[w] for w in picked[:3]]
    if len(picked) < 3 or (sum(rarest) <= CANDIDATE_BUDGET and max(rarest) < DF_CAP):
        return picked, "any"
    return ranked[:PAIR_WORDS], "pairs"


def _without_known(hits: list[Hit], claim: Claim | None) -> list[Hit]:
    """Drop sentences a candidate claim already covers, and targets the claim is already
    linked to or had rejected."""
    claim_spans = {(h.article_id, h.start, h.end) for h in hits if h.kind == "claim"}
    hits = [
        h for h in hits if h.kind == "claim" or (h.article_id, h.start, h.end) not in claim_spans
    ]
    if claim is None:
        return hits
    linked = set(
        ClaimLink.objects.live()
        .filter(from_claim=claim)
        .values_list("to_claim_id", "to_claim__article_id", "to_claim__start", "to_claim__end")
    )
    linked_claims = {row[0] for row in linked}
    linked_spans = {row[1:] for row in linked}
    rejected = LinkSuggestionRejection.objects.filter(claim=claim).values_list(
        "target_claim_id", "target_sentence_id"
    )
    rejected_claims = {c for c, _ in rejected if c}
    rejected_sentences = {s for _, s in rejected if s}
    out = []
    for h in hits:
        if h.kind == "claim" and (h.pk in linked_claims or h.pk in rejected_claims):
            continue
        if h.kind == "sentence" and (
            h.pk in rejected_sentences or (h.article_id, h.start, h.end) in linked_spans
        ):
            continue
        out.append(h)
    return out


def _pick(
    ranked: list[Hit], query: set[str], *, own_cluster: int | None, limit: int
) -> list[Suggestion]:
    out: list[Suggestion] = []
    per_article: dict[int, int] = {}
    for hit in ranked:
        if hit.score <= 0 or len(out) >= limit:
            break
        copy = own_cluster is not None and hit.cluster_id == own_cluster
        if copy:
            # From a copy, only the copy of this very passage: the rest repeats other things.
            overlap = len(query & set(hit.tokens)) / max(len(query), 1)
            if overlap < COPY_OVERLAP or per_article.get(hit.article_id, 0) >= 1:
                continue
        elif per_article.get(hit.article_id, 0) >= PER_ARTICLE:
            continue
        per_article[hit.article_id] = per_article.get(hit.article_id, 0) + 1
        out.append(
            Suggestion(
                kind=hit.kind,
                pk=hit.pk,
                article=hit.article_id,
                article_title=hit.article_title,
                start=hit.start,
                end=hit.end,
                text=hit.text,
                score=hit.score,
                relation=LinkRelation.REPEATS if copy else LinkRelation.CORROBORATES,
                independent=not copy,
            )
        )
    return out


def link_suggestions(*, claim: Claim, user: Any, limit: int = 10) -> list[Suggestion]:
    set_ids = list(visible_sets(user).values_list("pk", flat=True))
    return span_suggestions(
        article=claim.article,
        start=claim.start,
        end=claim.end,
        set_ids=set_ids,
        claim=claim,
        limit=limit,
    )


# --- independence-aware corroboration ---------------------------------------------------


@dataclass(slots=True)
class CountedLink:
    link: ClaimLink
    other: Claim
    origins: list[str]


@dataclass(slots=True)
class Corroboration:
    """How many independent articles corroborate a claim, and how the count was reached."""

    independent: int
    groups: list[list[CountedLink]]
    reasons: list[list[str]]
    copies: list[CountedLink]  # links to the claim's own article or its near-duplicates
    repeats: list[CountedLink]  # links labelled "repeats": never counted

    @property
    def explained(self) -> list[tuple[list[CountedLink], list[str]]]:
        return list(zip(self.groups, self.reasons, strict=True))

    def as_json(self) -> dict[str, Any]:
        def item(c: CountedLink) -> dict[str, Any]:
            return {
                "link": c.link.pk,
                "claim": c.other.pk,
                "article": c.other.article_id,
                "relation": c.link.relation,
                "origins": c.origins,
            }

        return {
            "independent": self.independent,
            "groups": [
                {"links": [item(c) for c in group], "folded_because": reasons}
                for group, reasons in zip(self.groups, self.reasons, strict=True)
            ],
            "copies": [item(c) for c in self.copies],
            "repeats": [item(c) for c in self.repeats],
        }


def claim_corroboration(*, claim: Claim, user: Any) -> Corroboration:
    """Supporting links (corroborates/elaborates, either direction) counted by independent
    origin; links labelled "repeats" and copies in the claim's own cluster never count.
    Only links whose both ends are in sets ``user`` may see: the other end's claim, article
    and sources are shown, and another set's must not be (as in ``claim_links``)."""
    visible = visible_sets(user)
    links = list(
        ClaimLink.objects.live()
        .filter(Q(from_claim=claim) | Q(to_claim=claim))
        .filter(
            from_claim__article__annotation_set__in=visible,
            to_claim__article__annotation_set__in=visible,
        )
        .exclude(relation=LinkRelation.CONTRADICTS)
        .select_related("from_claim__article", "to_claim__article")
        .order_by("id")
    )
    others = {
        link.pk: link.to_claim if link.from_claim_id == claim.pk else link.from_claim
        for link in links
    }
    origins = claim_origins({(c.pk, c.article_id, c.start, c.end) for c in others.values()})
    counted: dict[int, CountedLink] = {
        link.pk: CountedLink(link, others[link.pk], sorted(origins.get(others[link.pk].pk, set())))
        for link in links
    }
    repeats = [counted[link.pk] for link in links if link.relation == LinkRelation.REPEATS]
    supports = [
        Support(
            key=link.pk,
            article=others[link.pk].article_id,
            cluster=others[link.pk].article.cluster_id,
            origins=frozenset(origins.get(others[link.pk].pk, set())),
        )
        for link in links
        if link.relation in SUPPORTING
    ]
    own_cluster = Article.objects.filter(pk=claim.article_id).values_list("cluster_id", flat=True)
    groups, copies = independence_groups(
        supports, own_article=claim.article_id, own_cluster=own_cluster.first()
    )
    return Corroboration(
        independent=len(groups),
        groups=[[counted[s.key] for s in g.items] for g in groups],
        reasons=[g.reasons for g in groups],
        copies=[counted[s.key] for s in copies],
        repeats=repeats,
    )


__all__ = [
    "Corroboration",
    "Suggestion",
    "SupportGroup",
    "claim_corroboration",
    "link_suggestions",
    "span_suggestions",
]


@dataclass(frozen=True, slots=True)
class GraphNode:
    box: Any  # claims.nlp.graph_layout.Box
    claim: Claim
    group: str  # "this claim", "origin 1", …, "not counted"
    line1: str
    line2: str


def claim_graph(*, claim: Claim, user: Any) -> dict[str, Any]:
    """A claim's corroboration network laid out by independence group: the claim, one column
    per independent origin, and a column of links that do not count (copies, repeats)."""
    from claims.nlp.graph_layout import layout_columns

    result = claim_corroboration(claim=claim, user=user)
    columns: list[tuple[str, list[Claim]]] = [("this claim", [claim])]
    for i, group in enumerate(result.groups, 1):
        columns.append((f"origin {i}", [c.other for c in group]))
    uncounted = [c.other for c in [*result.copies, *result.repeats]]
    if uncounted:
        columns.append(("not counted", uncounted))
    boxes, width, height = layout_columns([[c.pk for c in cs] for _, cs in columns])
    nodes = []
    flat = [(label, c) for label, cs in columns for c in cs]
    for box, (label, other) in zip(boxes, flat, strict=True):
        quote = " ".join(other.quote.split())
        nodes.append(
            GraphNode(
                box,
                other,
                label,
                quote[:34] + ("…" if len(quote) > 34 else ""),
                other.article.title[:30],
            )
        )
    root = nodes[0]
    edges = [(root.box, n.box, n.group == "not counted") for n in nodes[1:]]
    return {
        "corroboration": result,
        "nodes": nodes,
        "edges": edges,
        "width": width,
        "height": height,
        "columns": columns,
    }
