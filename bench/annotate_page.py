"""Server render time of the annotate page for a 10,000-word article, with 0 and 500 claims.

Usage: uv run python bench/annotate_page.py [--quick] [--json PATH] [--claims N] [--words N]

Renders /articles/<id>/annotate/ in-process through Django's test Client (its own throw-away
SQLite database, or DATABASE_URL). Claims are made with the real services; a third of them
nest inside or overlap others, and every one carries an attribution. Prints a table (median
and best of interleaved renders, queries per render) and the with/without ratio; target ≤ 2.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django

TARGET_RATIO = 2.0
WORDS = [
    "the",
    "council",
    "said",
    "officials",
    "would",
    "review",
    "plans",
    "for",
    "harbour",
    "funding",
    "after",
    "residents",
    "complained",
    "about",
    "delays",
    "and",
    "costs",
    "while",
    "engineers",
    "warned",
    "that",
    "dredging",
    "could",
    "take",
    "months",
    "according",
    "to",
    "documents",
    "seen",
    "by",
    "reporters",
    "on",
    "Monday",
]


def _text(words: int, rng: random.Random) -> str:
    sentences, count = [], 0
    while count < words:
        n = rng.randint(12, 28)
        body = " ".join(rng.choice(WORDS) for _ in range(n))
        sentences.append(body[0].upper() + body[1:] + ".")
        count += n
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return "\n\n".join(paragraphs)


def _article(annotation_set, user, title: str, text: str):  # type: ignore[no-untyped-def]
    from claims.models import Article, Sentence
    from claims.nlp.normalize import fold
    from claims.nlp.segment import segment_sentences

    article = Article.objects.create(
        annotation_set=annotation_set,
        title=title,
        text=text,
        folded_sha256=hashlib.sha256(f"{title}{text}".encode()).hexdigest(),
        imported_by=user,
    )
    Sentence.objects.bulk_create(
        Sentence(article=article, index=i, start=s, end=e, folded_text=fold(text[s:e]).text)
        for i, (s, e) in enumerate(segment_sentences(text))
    )
    return article


def _claims(article, user, n: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    from claims.services.attributions import attribution_create
    from claims.services.claims import claim_create
    from claims.services.sources import source_create

    sources = [
        source_create(annotation_set=article.annotation_set, name=f"Source {i}", user=user)
        for i in range(20)
    ]
    sentences = list(article.sentences.order_by("index"))
    for i in range(n):
        s = sentences[(i * len(sentences)) // n]
        if i % 3 == 1:  # nested inside the sentence
            start, end = s.start + 5, max(s.start + 6, s.end - 10)
        elif i % 3 == 2:  # overlapping into the next sentence
            start, end = max(s.start, s.end - 20), min(len(article.text), s.end + 30)
        else:
            start, end = s.start, s.end
        if not article.text[start:end].strip():
            start, end = s.start, s.end
        claim = claim_create(article=article, start=start, end=end, user=user)
        attribution_create(
            article=article,
            claim=claim,
            kind=["sourced", "anonymous", "quoted"][i % 3],
            source=rng.choice(sources) if i % 3 != 1 else None,
            user=user,
        )


def _measure(client, urls: list[str], repeat: int) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
    """Render each URL ``repeat`` times, interleaved, so load from other processes on the
    machine falls on both alike; per URL: median and best time, queries, bytes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls:  # warm caches (templates, confusables, the query compiler)
        assert client.get(url).status_code == 200
    times: list[list[float]] = [[] for _ in urls]
    queries, sizes = [0] * len(urls), [0] * len(urls)
    for _ in range(repeat):
        for i, url in enumerate(urls):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                times[i].append(time.perf_counter() - start)
            queries[i], sizes[i] = len(ctx.captured_queries), len(response.content)
    return [
        {"median": statistics.median(t), "best": min(t), "queries": q, "bytes": b}
        for t, q, b in zip(times, queries, sizes, strict=True)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--json", help="write results to this JSON file")
    parser.add_argument("--claims", type=int, default=500)
    parser.add_argument("--words", type=int, default=10_000)
    args = parser.parse_args()

    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECURE_COOKIES", "0")
    vendor = _django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from claims.models import AnnotationSet, Membership, Role

    # Pages link their CSS and JS through the static files storage; the production one needs
    # collectstatic's manifest, which a throw-away benchmark does not build (as bench/review.py).
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()

    rng = random.Random(20261123)
    user = get_user_model().objects.create_user("bench", password="bench-only-password")
    annotation_set = AnnotationSet.objects.create(name="Bench", slug=f"bench-{os.getpid()}")
    Membership.objects.create(user=user, annotation_set=annotation_set, role=Role.ANNOTATOR)
    text = _text(args.words, rng)
    empty = _article(annotation_set, user, "No claims", text)
    full = _article(annotation_set, user, "With claims", text + " ")
    started = time.perf_counter()
    _claims(full, user, args.claims, rng)
    setup_s = time.perf_counter() - started

    client = Client()
    client.force_login(user)
    repeat = 5 if args.quick else 41
    none, some = _measure(
        client, [f"/articles/{empty.pk}/annotate/", f"/articles/{full.pk}/annotate/"], repeat
    )
    t0, q0, b0 = none["median"], none["queries"], none["bytes"]
    t1, q1, b1 = some["median"], some["queries"], some["bytes"]
    ratio = t1 / t0
    figures = {
        "database": vendor,
        "words": len(text.split()),
        "characters": len(text),
        "sentences": empty.sentences.count(),
        "claims": args.claims,
        "repeats": repeat,
        "ms_0_claims": round(t0 * 1000, 1),
        "ms_with_claims": round(t1 * 1000, 1),
        "best_ms_0_claims": round(none["best"] * 1000, 1),
        "best_ms_with_claims": round(some["best"] * 1000, 1),
        "queries_0_claims": q0,
        "queries_with_claims": q1,
        "kb_0_claims": round(b0 / 1024, 1),
        "kb_with_claims": round(b1 / 1024, 1),
        "ratio": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio <= TARGET_RATIO,
        "setup_s_creating_claims": round(setup_s, 1),
    }
    rows = [
        ("database", vendor),
        ("article", f"{figures['words']} words, {figures['sentences']} sentences"),
        (
            "0 claims",
            f"{figures['ms_0_claims']} ms (best {figures['best_ms_0_claims']}), {q0} queries, "
            f"{figures['kb_0_claims']} KB",
        ),
        (
            f"{args.claims} claims",
            f"{figures['ms_with_claims']} ms (best {figures['best_ms_with_claims']}), "
            f"{q1} queries, {figures['kb_with_claims']} KB",
        ),
        ("ratio", f"{figures['ratio']} (target ≤ {TARGET_RATIO})"),
        ("medians of", f"{repeat} interleaved renders each"),
    ]
    print(_django.table(rows))
    _django.write_json(args.json, figures)
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
