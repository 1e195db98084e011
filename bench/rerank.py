"""Does the semantic re-ranker help link suggestions, and what does it cost per suggestion?

Usage: uv run --extra semantic python bench/rerank.py [--quick] [--json PATH]
(SQLite unless DATABASE_URL is set; PostgreSQL gets a fresh test_ database.)

Quality: 20 hand-written triples (``bench/rerank_pairs.py``: a claim, its paraphrase, a
distractor sharing its words) stored as one article each, plus the seed articles where present.
For each claim it ranks suggestions (``span_suggestions``, as the dialog does) lexically and
with the re-ranker at several cosine weights, and reports where the paraphrase lands (hit@1,
hit@3, MRR over the top 10) and how often the distractor is above it; on the seeds, the rank
of 002's "met twice with then-Senator Jeff Sessions" sentence for 000's Sessions/Kislyak claim.

Latency: p50/p95 of one ``span_suggestions`` call, lexical, re-ranked with an empty embedding
cache (every candidate encoded), and re-ranked with a warm cache.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django import SHARED, setup, table, write_json

WEIGHTS = (0.3, 0.5, 0.6, 0.7, 1.0)
SESSIONS = (
    "arranging two meetings that occurred between the then-Russia ambassador to the US, "
    "Sergey Kislyak, and Sessions"
)


def _store(annotation_set, text: str, title: str):
    from claims.interop.articles import ArticleRecord
    from claims.services.ingest import article_store

    article, _ = article_store(
        annotation_set=annotation_set,
        record=ArticleRecord(title=title, text=text),
        source_name=title,
    )
    assert article is not None, title
    return article


def _corpus():
    from rerank_pairs import FILLERS, TRIPLES

    from claims.models import AnnotationSet

    annotation_set = AnnotationSet.objects.create(name="Bench", slug="bench")
    seeds = {}
    seed_dir = SHARED / "seeds"
    if seed_dir.is_dir():
        for n, path in enumerate(sorted(seed_dir.glob("*.txt"))):
            seeds[n] = _store(annotation_set, path.read_text(encoding="utf-8"), path.stem)
    cases = []
    for i, (claim, para, distractor) in enumerate(TRIPLES):
        arts = [
            _store(annotation_set, f"{text} {FILLERS[(i + j) % len(FILLERS)]}", f"{role} {i}")
            for j, (role, text) in enumerate(
                (("claim", claim), ("paraphrase", para), ("distractor", distractor))
            )
        ]
        cases.append((arts, claim))
    return annotation_set, seeds, cases


def _suggest(annotation_set, article, phrase: str, semantic: bool):
    from claims.selectors.corroboration import span_suggestions

    start = article.text.index(phrase)
    return span_suggestions(
        article=article,
        start=start,
        end=start + len(phrase),
        set_ids=[annotation_set.pk],
        limit=10,
        semantic=semantic,
    )


def _quality(annotation_set, seeds, cases, semantic: bool) -> dict:
    ranks, beaten = [], 0
    for (claim_art, para_art, dist_art), claim in cases:
        found = [s.article for s in _suggest(annotation_set, claim_art, claim, semantic)]
        rank = found.index(para_art.pk) + 1 if para_art.pk in found else None
        ranks.append(rank)
        if dist_art.pk in found and (rank is None or found.index(dist_art.pk) + 1 < rank):
            beaten += 1
    out = {
        "hit@1": sum(r == 1 for r in ranks) / len(ranks),
        "hit@3": sum(r is not None and r <= 3 for r in ranks) / len(ranks),
        "mrr": sum(1 / r for r in ranks if r) / len(ranks),
        "distractor_above": beaten,
        "found": sum(r is not None for r in ranks),
    }
    if seeds:
        found = _suggest(annotation_set, seeds[0], SESSIONS, semantic)
        hits = [
            i for i, s in enumerate(found, 1) if s.article == seeds[2].pk and "met twice" in s.text
        ]
        copies = [s for s in found if s.article == seeds[1].pk]
        out["seed_rank_002"] = hits[0] if hits else None
        out["seed_001_repeats"] = bool(copies) and all(
            s.relation == "repeats" and not s.independent for s in copies
        )
    return out


def _timed(annotation_set, cases, semantic: bool, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for (claim_art, _, _), claim in cases:
            t0 = time.perf_counter()
            _suggest(annotation_set, claim_art, claim, semantic)
            times.append((time.perf_counter() - t0) * 1000)
    return times


def _p(times: list[float]) -> str:
    q = statistics.quantiles(times, n=20)
    return f"p50 {statistics.median(times):7.1f} ms   p95 {q[18]:7.1f} ms   (n={len(times)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one timing round, not three")
    parser.add_argument("--json")
    args = parser.parse_args()
    vendor = setup()
    from claims.models import TextEmbedding
    from claims.nlp import embed
    from claims.services import embeddings

    if not embed.available():
        sys.exit(embed.MISSING_EXTRA)
    t0 = time.perf_counter()
    embed.encoder()
    load_ms = (time.perf_counter() - t0) * 1000
    annotation_set, seeds, cases = _corpus()
    default_weight = embeddings.DEFAULT_WEIGHT
    results: dict = {"database": vendor, "encoder_load_ms": round(load_ms, 1), "quality": {}}
    results["default_weight"] = default_weight
    results["quality"]["bm25"] = _quality(annotation_set, seeds, cases, False)
    for weight in WEIGHTS:
        embeddings.DEFAULT_WEIGHT = weight
        results["quality"][f"blend w={weight}"] = _quality(annotation_set, seeds, cases, True)
    embeddings.DEFAULT_WEIGHT = default_weight
    rounds = 1 if args.quick else 3
    lexical = _timed(annotation_set, cases, False, rounds)
    cold = []
    for _ in range(rounds):
        TextEmbedding.objects.all().delete()
        cold += _timed(annotation_set, cases, True, 1)
    warm = _timed(annotation_set, cases, True, rounds)
    results["latency_ms"] = {
        name: {"p50": statistics.median(t), "p95": statistics.quantiles(t, n=20)[18]}
        for name, t in (("bm25", lexical), ("rerank_cold", cold), ("rerank_warm", warm))
    }
    rows = [("database", vendor), ("encoder load", f"{load_ms:.0f} ms")]
    for name, q in results["quality"].items():
        seed = f"   seed 002 rank {q.get('seed_rank_002')}, 001 repeats {q.get('seed_001_repeats')}"
        rows.append(
            (
                name,
                f"hit@1 {q['hit@1']:.2f}  hit@3 {q['hit@3']:.2f}  MRR {q['mrr']:.3f}  "
                f"distractor above {q['distractor_above']:2d}/{len(cases)}"
                + (seed if seeds else ""),
            )
        )
    rows += [
        ("suggest, bm25", _p(lexical)),
        ("suggest, re-ranked (cold cache)", _p(cold)),
        ("suggest, re-ranked (warm cache)", _p(warm)),
    ]
    print(table(rows))
    write_json(args.json, results)


if __name__ == "__main__":
    main()
