"""Annotation import from our own JSONL (or JSON) export: everything a bundle carries comes
back, ids remapped; links are resolved once every line is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from claims import permissions
from claims.interop.articles import ArticleRecord
from claims.models import (
    AnnotationSet,
    Article,
    ArticleFlag,
    Attribution,
    Claim,
    ClaimLink,
    ClaimStatus,
    Origin,
    Sentence,
    Source,
    SourceAlias,
    SourceKind,
    StandoffMark,
)
from claims.nlp.normalize import fold
from claims.services.bulk_rows import objects_insert
from claims.services.interchange.common import (
    Created,
    articles_for,
    claim_fields,
    history_create,
    span_columns,
)
from claims.services.interchange.jsonl_checks import (
    bundle_pairs,
    claim_lines,
    jsonl_read,
    link_target,
)
from claims.services.interchange.jsonl_repeats import Pairs, live_links, without_existing
from claims.services.sources import fold_name


@dataclass(frozen=True)
class _Importer:
    """Who imports: every object is theirs; the names in the file are only provenance. An
    importer who may not review in the set cannot import reviewed (approved/rejected) work."""

    user: Any
    may_review: bool


def _source_for(
    annotation_set: AnnotationSet,
    data: dict[str, Any],
    cache: dict[str, Source],
    created: Created,
    user: Any,
) -> Source:
    name = " ".join(str(data.get("name", "")).split())[:300] or "unnamed"
    folded = fold_name(name)
    if folded not in cache:
        source = Source.objects.filter(
            annotation_set=annotation_set,
            folded_name=folded,
            deleted_at__isnull=True,
            merged_into__isnull=True,
        ).first()
        if source is None:
            kind = data.get("kind")
            source = Source.objects.create(
                annotation_set=annotation_set,
                name=name,
                folded_name=folded,
                kind=kind if kind in SourceKind.values else SourceKind.PERSON,
                description=str(data.get("description", "")),
                created_by=user if getattr(user, "is_authenticated", False) else None,
            )
            created.sources.append(source)
        cache[folded] = source
        aliases = {fold_name(a): a for a in data.get("aliases", []) if isinstance(a, str)}
        have = set(source.aliases.values_list("folded_name", flat=True)) | {folded}
        SourceAlias.objects.bulk_create(
            SourceAlias(source=source, name=alias[:300], folded_name=f[:300])
            for f, alias in aliases.items()
            if f and f not in have
        )
    return cache[folded]


def jsonl_import(
    annotation_set: AnnotationSet, files: list[tuple[str, bytes]], user: Any
) -> dict[str, Any]:
    bundles = jsonl_read(files)
    importer = _Importer(
        user=user if getattr(user, "is_authenticated", False) else None,
        may_review=user is None or permissions.can_review(user, annotation_set),
    )
    created = Created()
    sources: dict[str, Source] = {}
    # Exported ids are only unique within a line: claims are keyed by (file, line, id).
    claim_map: dict[tuple[str, int, int], Claim] = {}
    lines = claim_lines(bundles)
    pending_links: list[tuple[dict[str, Any], str, int, set[int]]] = []
    warnings: list[str] = []
    new = existing = 0
    # Claims and attributions wait here and go in together (a statement per 500, not one
    # per line); a line whose article is already stored first flushes them, since it
    # compares its work with what that article holds.
    waiting: list[tuple[Pairs, tuple[str, int]]] = []

    def flush() -> None:
        claims = objects_insert([c for pairs, _ in waiting for c in pairs[0]])
        created.claims.extend(claims)
        in_order = iter(claims)
        attributions = []
        for pairs, (name, line) in waiting:
            for exported_id in pairs[2]:
                claim_map[(name, line, exported_id)] = next(in_order)
            for attribution, exported_claim in pairs[1]:
                attribution.claim = (
                    None if exported_claim is None else claim_map[(name, line, exported_claim)]
                )
                attributions.append(attribution)
        created.attributions.extend(objects_insert(attributions))
        waiting.clear()

    with transaction.atomic():
        # Every article first, analysed on every core and stored in batches.
        articles = articles_for(
            annotation_set, [_record(b, name, line) for name, line, b in bundles], user
        )
        for (name, line, bundle), (article, is_new) in zip(bundles, articles, strict=True):
            new += is_new
            existing += not is_new
            if is_new and "sentences" in bundle and bundle["sentences"]:
                _replace_sentences(article, bundle)
            pairs = _bundle_objects(
                bundle, article, importer, sources, created, user, annotation_set
            )
            warnings.extend(_capped(bundle, f"{name}:{line}", importer))
            if not is_new:  # importing the same work again adds nothing
                flush()
                pairs = without_existing(article, pairs, claim_map, (name, line), created)
            waiting.append((pairs, (name, line)))
            own_ids = {c["id"] for c in bundle["claims"]}
            pending_links.extend((link, name, line, own_ids) for link in bundle["links"])
        flush()
        live = live_links(claim_map, created)
        for link, name, line, own_ids in pending_links:
            where = f"{name}:{line}"
            source_claim = claim_map[(name, line, link["from_claim"])]
            target_line = link_target(link, (name, line), own_ids, lines)
            target = (
                claim_map.get((*target_line, link["to_claim"]))
                if isinstance(target_line, tuple)
                else None
            )
            if target is None:
                warnings.append(
                    f"{where}: link {link.get('id')} points outside the import; skipped"
                )
                continue
            key = (source_claim.pk, target.pk, link["relation"])
            if key in live:
                continue
            live.add(key)
            created.links.append(
                ClaimLink(
                    from_claim=source_claim,
                    to_claim=target,
                    relation=link["relation"],
                    note=str(link.get("note") or ""),
                    origin=_origin(link),
                    created_by=importer.user,
                    imported_annotator=link.get("created_by") or "",
                    version=_int(link.get("version")),
                )
            )
        objects_insert(created.links)
        StandoffMark.objects.bulk_create(created.marks, batch_size=500)
        group = history_create(
            annotation_set,
            [*created.sources, *created.claims, *created.attributions, *created.links],
            user,
        )
    return {
        "format": "jsonl",
        "articles_created": new,
        "articles_existing": existing,
        "sources": len(created.sources),
        "claims": len(created.claims),
        "attributions": len(created.attributions),
        "links": len(created.links),
        "marks": len(created.marks),
        "warnings": warnings,
        "group": str(group),
    }


def _record(bundle: dict[str, Any], name: str, line: int) -> tuple[ArticleRecord, str]:
    """The bundle's article as an import record, with the name it is stored under."""
    art = bundle["article"]
    record = ArticleRecord(
        title=str(art.get("title") or ""),
        text=art["text"],
        url=str(art.get("url") or ""),
        outlet=str(art.get("outlet") or ""),
        author=str(art.get("author") or ""),
        published_at=art.get("published_at"),
    )
    source_name = art.get("source_name")
    return record, source_name if isinstance(source_name, str) else f"{name}:{line}"


def _replace_sentences(article: Article, bundle: dict[str, Any]) -> None:
    """Keep the exported segmentation and flags, so a round trip gives them back unchanged."""
    text = article.text
    Sentence.objects.filter(article=article).delete()
    Sentence.objects.bulk_create(
        Sentence(article=article, index=i, start=s, end=e, folded_text=fold(text[s:e]).text)
        for i, (s, e) in enumerate(bundle["sentences"])
    )
    if "flags" in bundle:
        ArticleFlag.objects.filter(article=article).delete()
        ArticleFlag.objects.bulk_create(
            ArticleFlag(
                article=article,
                kind=f["kind"],
                start=f["start"],
                end=f["end"],
                detail=f.get("detail") or {},
            )
            for f in bundle["flags"]
        )


REVIEWED = (ClaimStatus.APPROVED, ClaimStatus.REJECTED)


def _status(claim: dict[str, Any], importer: _Importer) -> str:
    status = claim.get("status") or ClaimStatus.DRAFT
    if status in REVIEWED and not importer.may_review:
        return ClaimStatus.SUBMITTED
    return str(status)


def _capped(bundle: dict[str, Any], where: str, importer: _Importer) -> list[str]:
    if importer.may_review:
        return []
    return [
        f"{where}: claim {c['id']} imported as submitted (your role cannot set {c['status']})"
        for c in bundle["claims"]
        if c.get("status") in REVIEWED
    ]


def _origin(item: dict[str, Any]) -> str:
    origin = item.get("origin")
    return str(origin) if origin in Origin.values else Origin.IMPORTED


def _int(value: Any, default: int = 1) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _bundle_objects(
    bundle: dict[str, Any],
    article: Article,
    importer: _Importer,
    sources: dict[str, Source],
    created: Created,
    user: Any,
    annotation_set: AnnotationSet,
) -> tuple[list[Claim], list[tuple[Attribution, int | None]], list[int]]:
    text = article.text
    by_id = {s["id"]: s for s in bundle["sources"]}
    claims, claim_ids = [], []
    for c in bundle["claims"]:
        parts = bundle_pairs(c.get("parts"), c["start"], c["end"])
        status = _status(c, importer)
        claims.append(
            Claim(
                article=article,
                status=status,
                origin=_origin(c),
                note=str(c.get("note") or ""),
                created_by=importer.user,
                imported_annotator=c.get("created_by") or "",
                accepted_by=importer.user if status in REVIEWED else None,
                imported_reviewer=c.get("accepted_by") or "",
                version=_int(c.get("version")),
                **claim_fields(text, parts),
            )
        )
        claim_ids.append(c["id"])
    attributions = []
    for a in bundle["attributions"]:
        source = None
        if a.get("source") is not None:
            source = _source_for(annotation_set, by_id[a["source"]], sources, created, user)
        spans: dict[str, Any] = {}
        for role in ("source", "cue"):
            if a.get(f"{role}_start") is None:
                spans.update(span_columns(role, ()))
            else:
                spans.update(
                    span_columns(
                        role,
                        bundle_pairs(a.get(f"{role}_parts"), a[f"{role}_start"], a[f"{role}_end"]),
                    )
                )
        confidence = a.get("confidence")
        attributions.append(
            (
                Attribution(
                    article=article,
                    kind=a["kind"],
                    source=source,
                    confidence=confidence if isinstance(confidence, int | float) else None,
                    origin=_origin(a),
                    details=a.get("details") if isinstance(a.get("details"), dict) else {},
                    created_by=importer.user,
                    imported_annotator=a.get("created_by") or "",
                    version=_int(a.get("version")),
                    **spans,
                ),
                a.get("claim"),
            )
        )
    for m in bundle["marks"]:
        created.marks.append(
            StandoffMark(
                article=article,
                annotator=importer.user,
                imported_annotator=m.get("annotator") or "",
                label=str(m["label"])[:64],
                start=m["start"],
                end=m["end"],
                parts=m.get("parts") or [],
            )
        )
    return claims, attributions, claim_ids
