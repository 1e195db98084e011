"""`objects_insert` stores what `bulk_create` stores (PostgreSQL: keys from the identity
sequence, rows by COPY; elsewhere it is `bulk_create`)."""

import uuid

import pytest
from django.forms.models import model_to_dict

from claims.models import Article, ChangeAction, ChangeRecord
from claims.services.bulk_rows import objects_insert

pytestmark = pytest.mark.django_db


def _articles(annotation_set, tag: str) -> list[Article]:
    return [
        Article(
            annotation_set=annotation_set,
            title=f"t{n}",
            text=f"Text {n}.\n\nWith a café, “quotes” and\ttabs \\ backslashes.",
            folded_sha256=f"{tag}{n:062}",
            minhash=bytes(range(n, n + 8)),
            quality_flags={"homoglyphs": n, "nested": [1, {"a": None}]},
            source_name=f"{tag}.jsonl:{n}",
        )
        for n in range(3)
    ]


def _stored(model, pks, ignore=("id", "imported_at", "at", "folded_sha256", "source_name")):
    rows = {o.pk: model_to_dict(o) for o in model.objects.filter(pk__in=pks)}
    return [{k: v for k, v in rows[pk].items() if k not in ignore} for pk in pks]


def test_objects_insert_stores_what_bulk_create_stores(annotation_set):
    by_orm = Article.objects.bulk_create(_articles(annotation_set, "a"))
    by_copy = objects_insert(_articles(annotation_set, "b"))
    keys = [a.pk for a in by_copy]
    assert keys == sorted(keys) and min(keys) > max(a.pk for a in by_orm)
    assert all(not a._state.adding and a.imported_at is not None for a in by_copy)
    assert _stored(Article, keys) == _stored(Article, [a.pk for a in by_orm])


def test_objects_insert_history_rows_keep_json_and_uuid(annotation_set):
    group = uuid.uuid4()
    records = [
        ChangeRecord(
            annotation_set=annotation_set,
            entity="claim",
            object_id=n,
            action=ChangeAction.CREATE,
            after={"quote": "a\tb\nc \\ “d”", "parts": [[0, 1]], "n": n},
            group=group,
        )
        for n in range(3)
    ]
    objects_insert(records)
    stored = list(ChangeRecord.objects.filter(group=group).order_by("pk"))
    assert [r.pk for r in stored] == [r.pk for r in records]
    assert [r.after for r in stored] == [r.after for r in records]
    assert objects_insert([]) == []


def test_objects_insert_keeps_keys_the_caller_chose(annotation_set):
    chosen = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    article = _articles(annotation_set, "c")[0]
    article.pk = chosen + 1000
    objects_insert([article])
    assert Article.objects.filter(pk=chosen + 1000, title="t0").exists()
