"""Splitting a source: what moves, the change group, and undoing it with the group revert."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import Attribution, ChangeAction, ChangeRecord, Source, SourceAlias, SourceKind
from claims.selectors.source_registry import split_origin, split_preview
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create
from claims.services.restore import change_group_revert
from claims.services.sources import source_alias_add, source_create, source_split

pytestmark = pytest.mark.django_db


@pytest.fixture
def conflated(article, annotator):
    """ "Kislyak" stands for two people: three attributions, two aliases."""
    source = source_create(annotation_set=article.annotation_set, name="Kislyak", user=annotator)
    junior = source_alias_add(source=source, name="Andrei Kislyak", user=annotator)
    senior = source_alias_add(source=source, name="Sergey Kislyak", user=annotator)
    attributions = []
    for start in (0, 10, 20):
        claim = claim_create(article=article, start=start, end=start + 5, user=annotator)
        attributions.append(
            attribution_create(
                article=article, claim=claim, kind="sourced", user=annotator, source=source
            )
        )
    return source, junior, senior, attributions


def test_split_moves_the_chosen_aliases_and_attributions_in_one_group(conflated, reviewer):
    source, junior, _senior, (a1, a2, a3) = conflated
    new = source_split(
        source=source,
        name="Andrei Kislyak",
        kind=SourceKind.PERSON,
        alias_ids=[junior.pk],
        attribution_ids=[a2.pk],
        user=reviewer,
    )
    assert new.name == "Andrei Kislyak" and new.annotation_set_id == source.annotation_set_id
    assert list(Attribution.objects.filter(source=new).values_list("pk", flat=True)) == [a2.pk]
    assert set(Attribution.objects.filter(source=source).values_list("pk", flat=True)) == {
        a1.pk,
        a3.pk,
    }
    assert [a.name for a in source.aliases.all()] == ["Sergey Kislyak"]
    # The moved alias is the new source's own name, so it is not repeated as an alias.
    assert list(new.aliases.all()) == []
    moved = Attribution.objects.get(pk=a2.pk)
    assert moved.version == a2.version + 1
    records = ChangeRecord.objects.filter(annotation_set_id=source.annotation_set_id)
    group = records.get(entity="source", object_id=new.pk, action=ChangeAction.CREATE).group
    assert group is not None
    in_group = {(r.entity, r.action) for r in records.filter(group=group)}
    assert in_group == {
        ("source", ChangeAction.CREATE),
        ("attribution", ChangeAction.UPDATE),
        ("sourcealias", ChangeAction.DELETE),
    }
    origin = split_origin(source=new)
    assert origin is not None and origin.from_source == source
    assert split_origin(source=source) is None


def test_moved_aliases_other_than_the_name_follow_the_new_source(conflated, reviewer):
    source, _junior, senior, _ = conflated
    new = source_split(
        source=source,
        name="Ambassador Kislyak",
        kind=SourceKind.PERSON,
        alias_ids=[senior.pk],
        attribution_ids=[],
        user=reviewer,
    )
    assert [a.name for a in new.aliases.all()] == ["Sergey Kislyak"]
    assert not SourceAlias.objects.filter(pk=senior.pk).exists()


def test_undo_puts_everything_back_and_deletes_the_new_source(conflated, reviewer):
    source, junior, senior, (a1, a2, a3) = conflated
    new = source_split(
        source=source,
        name="Sergey Kislyak (ambassador)",
        kind=SourceKind.PERSON,
        alias_ids=[junior.pk, senior.pk],
        attribution_ids=[a1.pk, a3.pk],
        user=reviewer,
    )
    origin = split_origin(source=new)
    change_group_revert(group=origin.record.group, user=reviewer)
    assert set(Attribution.objects.filter(source=source).values_list("pk", flat=True)) == {
        a1.pk,
        a2.pk,
        a3.pk,
    }
    assert sorted(a.pk for a in source.aliases.all()) == sorted([junior.pk, senior.pk])
    new.refresh_from_db()
    assert new.deleted_at is not None and not new.aliases.exists()
    # The split's new name can be used again once it is undone.
    assert Source.objects.live().filter(name="Sergey Kislyak (ambassador)").count() == 0


def test_undo_is_refused_once_the_new_source_is_used_elsewhere(
    conflated, reviewer, article, annotator
):
    source, junior, _, (a1, _, _) = conflated
    new = source_split(
        source=source,
        name="Andrei Kislyak",
        kind=SourceKind.PERSON,
        alias_ids=[junior.pk],
        attribution_ids=[a1.pk],
        user=reviewer,
    )
    claim = claim_create(article=article, start=40, end=45, user=annotator)
    attribution_create(article=article, claim=claim, kind="sourced", user=annotator, source=new)
    with pytest.raises(ValidationError):
        change_group_revert(group=split_origin(source=new).record.group, user=reviewer)
    assert Attribution.objects.get(pk=a1.pk).source_id == new.pk  # nothing half-undone


def test_split_refuses_nothing_chosen_foreign_items_and_a_taken_name(
    conflated, reviewer, article, annotator
):
    source, junior, _, _ = conflated
    other = source_create(annotation_set=article.annotation_set, name="Lavrov", user=annotator)
    foreign = source_alias_add(source=other, name="Sergei Lavrov", user=annotator)
    common = {"source": source, "kind": SourceKind.PERSON, "user": reviewer}
    with pytest.raises(ValidationError, match="at least one"):
        source_split(name="X", alias_ids=[], attribution_ids=[], **common)
    with pytest.raises(ValidationError, match="no longer belong"):
        source_split(name="X", alias_ids=[foreign.pk], attribution_ids=[], **common)
    with pytest.raises(ValidationError, match="already exists"):
        source_split(name="Lavrov", alias_ids=[junior.pk], attribution_ids=[], **common)
    assert Source.objects.count() == 2 and source.aliases.count() == 2


def test_preview_lists_what_moves_and_what_stays(conflated):
    source, junior, senior, (_a1, a2, a3) = conflated
    preview = split_preview(source=source, alias_ids=[junior.pk], attribution_ids=[a2.pk, a3.pk])
    assert [a.pk for a in preview["aliases"]] == [junior.pk]
    assert [a.pk for a in preview["attributions"]] == [a2.pk, a3.pk]
    assert preview["staying_attributions"] == 1 and preview["articles"] == 1
    assert [a.pk for a in preview["staying_aliases"]] == [senior.pk]
