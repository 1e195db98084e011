"""The demo: a small newsroom set written for this project (fictional articles), users for
each role, a few annotations, and machine suggestions from the import."""

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from claims.models import AnnotationSet, Article, AttributionKind, Membership, Role, Source
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create
from claims.services.ingest import articles_import
from claims.services.links import claim_link_create
from claims.services.sources import source_create

DEMO_ARTICLES = Path(__file__).resolve().parent.parent / "demo" / "articles.jsonl"
DEMO_SLUG = "wexley-local"
DEMO_USERS = [("editor", Role.ANNOTATOR), ("reviewer", Role.REVIEWER), ("admin", Role.MANAGER)]
GUIDELINES = """Mark each factual claim a source makes.
Sourced: a named person or organisation. Anonymous: "officials said", "sources familiar".
Quoted: the claim is a direct quotation. Link claims that report the same fact elsewhere."""

SOURCES = [
    ("Elena Vasquez", "person", ["Harbour master Vasquez", "Elena Vásquez"]),
    ("Tomas Brandt", "person", ["Tomás Brandt"]),
    ("Priya Raman", "person", ["Councillor Raman"]),
    ("Hannah Leclerc", "person", ["Dr. Hannah Leclerc"]),
    ("Greenleaf Catering", "organisation", []),
    ("Port of Wexley harbour authority", "organisation", ["harbour authority"]),
]


@dataclass
class DemoInfo:
    annotation_set: AnnotationSet
    passwords: dict[str, str] = field(default_factory=dict)
    imported: int = 0


def _users() -> dict[str, Any]:
    users = {}
    model = get_user_model()
    for username, _role in DEMO_USERS:
        user, _ = model.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        if username == "admin":
            user.is_staff = user.is_superuser = True
        users[username] = user
    return users


def _claim(article: Article, phrase: str, user: Any, **attribution: Any) -> Any:
    start = article.text.index(phrase)
    claim = claim_create(article=article, start=start, end=start + len(phrase), user=user)
    cue = attribution.pop("cue", None)
    if cue:
        cue_start = article.text.index(cue, max(0, start - 200))
        attribution["cue_span"] = (cue_start, cue_start + len(cue))
    attribution_create(article=article, claim=claim, user=user, **attribution)
    return claim


def _annotations(annotation_set: AnnotationSet, editor: Any) -> None:
    sources = {
        name: source_create(
            annotation_set=annotation_set, name=name, kind=kind, aliases=aliases, user=editor
        )
        for name, kind, aliases in SOURCES
    }
    articles = list(annotation_set.articles.order_by("id"))
    harbour, clinic, meals, follow_up = articles[0], articles[2], articles[4], articles[5]
    warned = _claim(
        harbour,
        "the report warned that the main channel could become unsafe for large container "
        "ships by the end of the year",
        editor,
        kind=AttributionKind.ANONYMOUS,
        cue="said",
    )
    _claim(
        harbour,
        '"a scheduling matter, nothing more."',
        editor,
        kind=AttributionKind.QUOTED,
        source=sources["Elena Vasquez"],
        cue="told the Herald",
    )
    _claim(
        clinic,
        "the clinic would open in September",
        editor,
        kind=AttributionKind.SOURCED,
        source=sources["Hannah Leclerc"],
        cue="said",
    )
    _claim(
        meals,
        "The company that supplies meals to 40 primary schools in Wexley is under "
        "investigation by the regional food standards office",
        editor,
        kind=AttributionKind.ANONYMOUS,
        cue="said",
    )
    confirmed = _claim(
        follow_up,
        "the main shipping channel could become unsafe for large vessels",
        editor,
        kind=AttributionKind.SOURCED,
        source=sources["Port of Wexley harbour authority"],
        cue="according to",
    )
    claim_link_create(
        from_claim=confirmed,
        to_claim=warned,
        relation="corroborates",
        user=editor,
        note="The published report confirms what the anonymous officials described.",
    )


def demo_load(*, reset_passwords: bool = True) -> DemoInfo:
    """Create (or refresh) the demo set. Safe to run again: nothing is duplicated."""
    with transaction.atomic():
        annotation_set, _created = AnnotationSet.objects.get_or_create(
            slug=DEMO_SLUG,
            defaults={
                "name": "Wexley local news (demo)",
                "description": "Fictional local news written for the demo.",
                "guidelines": GUIDELINES,
            },
        )
        users = _users()
        info = DemoInfo(annotation_set=annotation_set)
        for username, role in DEMO_USERS:
            Membership.objects.update_or_create(
                user=users[username], annotation_set=annotation_set, defaults={"role": role}
            )
            if reset_passwords:
                password = secrets.token_urlsafe(9)
                users[username].set_password(password)
                info.passwords[username] = password
            users[username].save()
    if not annotation_set.articles.exists():
        outcome = articles_import(
            annotation_set=annotation_set,
            files=[(DEMO_ARTICLES.name, DEMO_ARTICLES.read_bytes())],
            fmt="jsonl",
            user=users["admin"],
        )
        info.imported = outcome.imported
    if not Source.objects.filter(annotation_set=annotation_set).exists():
        _annotations(annotation_set, users["editor"])
    return info
