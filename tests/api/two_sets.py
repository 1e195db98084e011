"""Two sets whose data can be told apart in any response: for the stateful schemathesis run,
which checks that nothing of one set ever reaches a member of the other.

Every text of a set (titles, article text and so every sentence and quote, source names,
notes, slugs, usernames) carries the set's marker word, and every row gets a primary key from
a block of numbers reserved for that set and table, so a leaked id is recognisable too.
A "bridge" user belongs to both sets and links a claim of one to a claim of the other: that
link belongs to neither member alone, so its id is forbidden to both."""

from dataclasses import dataclass, field

from django.db.models import F

from claims.models import ImportJob, LinkRelation, Role, Sentence
from claims.services.tokens import api_token_create
from tests.factories import (
    AnnotationSetFactory,
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    ClaimLinkFactory,
    MembershipFactory,
    SourceFactory,
    UserFactory,
)

# Per table, the first id of each set's block: far apart, so rows created during the run (which
# SQLite numbers after the largest id of the table) never reach another table's block.
BLOCKS = {
    "article": 71_000_000,
    "sentence": 72_000_000,
    "claim": 73_000_000,
    "source": 74_000_000,
    "attribution": 75_000_000,
    "link": 76_000_000,
    "job": 77_000_000,
}
SET_OFFSET = {"alpha": 0, "bravo": 500_000}


def _text(marker: str) -> str:
    # Every sentence names the marker, so any slice a claim or sentence can cover shows it.
    return (
        f"{marker} officials familiar with the talks said the deal was close. "
        f'"We are nearly there with {marker}," Mayor Ana Ruiz told reporters on Monday.\n\n'
        f"The {marker} council declined to comment."
    )


@dataclass
class SetWorld:
    """One set's member with a token, and the ids and words only that set's data has."""

    name: str
    marker: str
    slug: str
    member: object
    key: str
    ids: set[int] = field(default_factory=set)


def _build_set(name: str) -> tuple[SetWorld, object, list[object]]:
    marker = f"{name}whisk"
    base = {table: start + SET_OFFSET[name] for table, start in BLOCKS.items()}
    annotation_set = AnnotationSetFactory(name=f"{marker} desk", slug=f"{marker}-desk")
    manager = UserFactory(username=f"{marker}-manager")
    MembershipFactory(user=manager, annotation_set=annotation_set, role=Role.MANAGER)
    writer = UserFactory(username=f"{marker}-writer")
    MembershipFactory(user=writer, annotation_set=annotation_set, role=Role.ANNOTATOR)
    ids: set[int] = set()
    claims = []
    for n in range(2):
        article = ArticleFactory(
            id=base["article"] + n,
            annotation_set=annotation_set,
            title=f"{marker} article {n}",
            outlet=f"{marker} Times",
            text=_text(marker),
        )
        # The factory's sentences take the table's next ids; move them into the block.
        Sentence.objects.filter(article=article).update(id=F("id") + base["sentence"] + 100 * n)
        ids.update(Sentence.objects.filter(article=article).values_list("id", flat=True))
        first = ClaimFactory(
            id=base["claim"] + 2 * n,
            article=article,
            created_by=writer,
            start=0,
            end=40,
            note=f"{marker} note",
        )
        second = ClaimFactory(
            id=base["claim"] + 2 * n + 1, article=article, created_by=writer, start=60, end=110
        )
        source = SourceFactory(
            id=base["source"] + n,
            annotation_set=annotation_set,
            created_by=writer,
            name=f"{marker} source {n}",
        )
        attribution = AttributionFactory(
            id=base["attribution"] + n,
            claim=first,
            source=source,
            created_by=writer,
            cue_start=22,
            cue_end=30,
        )
        link = ClaimLinkFactory(
            id=base["link"] + n,
            from_claim=first,
            to_claim=second,
            created_by=writer,
            note=f"{marker} link",
        )
        ids |= {article.pk, first.pk, second.pk, source.pk, attribution.pk, link.pk}
        claims.append(first)
    job = ImportJob.objects.create(id=base["job"], annotation_set=annotation_set, created_by=writer)
    ids.add(job.pk)
    _, key = api_token_create(user=manager, name="schemathesis")
    world = SetWorld(name, marker, annotation_set.slug, manager, key, ids)
    return world, annotation_set, claims


def two_set_world() -> tuple[SetWorld, SetWorld, int]:
    """Sets "alpha" and "bravo" with a manager each, and the id of the link between them."""
    alpha, alpha_set, alpha_claims = _build_set("alpha")
    bravo, bravo_set, bravo_claims = _build_set("bravo")
    bridge = UserFactory(username="bridge")
    for annotation_set in (alpha_set, bravo_set):
        MembershipFactory(user=bridge, annotation_set=annotation_set, role=Role.ANNOTATOR)
    between = ClaimLinkFactory(
        id=BLOCKS["link"] + 900_000,
        from_claim=alpha_claims[0],
        to_claim=bravo_claims[0],
        relation=LinkRelation.CORROBORATES,
        created_by=bridge,
    )
    return alpha, bravo, between.pk
