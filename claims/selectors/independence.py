"""Independence-aware corroboration counts for many claims at once (exports).

The same count as :func:`claims.selectors.corroboration.claim_corroboration` (supporting
links grouped by ``independence_groups``: one per near-duplicate cluster, wire/outlet origin
or named source; copies in the claim's own cluster and ``repeats`` links never count), read
in a fixed number of queries for a whole chunk of articles instead of a few per claim.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Q

from claims.models import AnnotationSet, Article, ClaimLink
from claims.nlp.corroboration import Support, independence_groups
from claims.selectors.corroboration import SUPPORTING
from claims.selectors.origins import claim_origins


@dataclass(slots=True)
class IndependentCount:
    """A claim's independent corroboration count and the origins its counted supports rest
    on (wires, outlets, named sources; ids left out so the export round-trips)."""

    independent: int = 0
    origins: list[str] = field(default_factory=list)


def _public(origin: str) -> str:
    """``source:<id>:<name>`` -> ``source:<name>``; wire and outlet keys as they are."""
    kind, _, rest = origin.partition(":")
    return f"source:{rest.partition(':')[2]}" if kind == "source" else origin


# Per side of a link: the claim, its span and article, and the article's cluster.
_SIDE = (
    "claim_id",
    "claim__start",
    "claim__end",
    "claim__article_id",
    "claim__article__cluster_id",
)


def _link_rows(article_ids: Collection[int]) -> list[tuple[int, tuple[int, ...], tuple[int, ...]]]:
    """(link id, this side, other side) for every live supporting link with a claim in one
    of ``article_ids`` on either end and the other in the same set (an export must not carry
    another set's sources); a link inside the chunk shows up once per end."""
    from_side = [f.replace("claim", "from_claim", 1) for f in _SIDE]
    to_side = [f.replace("claim", "to_claim", 1) for f in _SIDE]
    live = ClaimLink.objects.live().filter(relation__in=SUPPORTING)
    # The chunk's articles are all in one set; naming it is much cheaper than comparing the
    # two ends' sets (ClaimLink.objects.within_one_set()).
    chunk_set = Article.objects.filter(id__in=list(article_ids)).values("annotation_set_id")[:1]
    rows: list[tuple[int, tuple[int, ...], tuple[int, ...]]] = []
    for mine, theirs in ((from_side, to_side), (to_side, from_side)):
        ends = live.filter(
            **{
                f"{mine[3]}__in": list(article_ids),
                f"{theirs[3].removesuffix('_id')}__annotation_set__in": chunk_set,
            }
        )
        for row in ends.values_list("pk", *mine, *theirs).order_by("pk"):
            rows.append((row[0], tuple(row[1:6]), tuple(row[6:11])))
    return rows


def has_supporting_links(*, annotation_set: AnnotationSet) -> bool:
    """Whether any live supporting link touches the set: if none, no claim of it has a
    count and an export can skip reading them chunk by chunk."""
    touches = Q(from_claim__article__annotation_set=annotation_set) | Q(
        to_claim__article__annotation_set=annotation_set
    )
    return ClaimLink.objects.live().filter(touches, relation__in=SUPPORTING).exists()


def independent_counts(*, article_ids: Collection[int]) -> dict[int, IndependentCount]:
    """Counts for the live claims of ``article_ids`` that have supporting links (others
    count 0), in at most five queries however many claims and links there are."""
    if not article_ids:
        return {}
    rows = _link_rows(article_ids)
    if not rows:
        return {}
    origins = claim_origins({(o[0], o[3], o[1], o[2]) for _, _, o in rows})
    supports: dict[int, list[Support]] = {}
    own: dict[int, tuple[int, int | None]] = {}
    for link_id, mine, other in rows:
        own[mine[0]] = (mine[3], mine[4])
        supports.setdefault(mine[0], []).append(
            Support(
                key=link_id,
                article=other[3],
                cluster=other[4],
                origins=frozenset(origins.get(other[0], set())),
            )
        )
    counts: dict[int, IndependentCount] = {}
    for claim_id, items in supports.items():
        article, cluster = own[claim_id]
        groups, _copies = independence_groups(items, own_article=article, own_cluster=cluster)
        keys = {key for g in groups for s in g.items for key in s.origins}
        counts[claim_id] = IndependentCount(len(groups), sorted({_public(k) for k in keys}))
    return counts
