"""The admin never changes annotation data behind the services' back: every registered model
admin (and every inline) is read-only for the versioned models, and what the admin can do to
them (its actions) goes through the services and leaves change records."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from claims.models import (
    Attribution,
    ChangeRecord,
    Claim,
    ClaimLink,
    Source,
    SourceAlias,
    StandoffMark,
)
from claims.services.history import ENTITY_NAMES
from tests.factories import AttributionFactory, ClaimFactory, ClaimLinkFactory, SourceFactory

pytestmark = pytest.mark.django_db

DOMAIN = {Claim, Attribution, ClaimLink, Source, SourceAlias, StandoffMark}


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")


def _in_admin() -> set[str]:
    """Names of every model the admin shows, directly or as an inline."""
    names = set()
    for model, model_admin in admin.site._registry.items():
        names.add(model.__name__)
        names.update(inline.model.__name__ for inline in model_admin.inlines)
    return names


def test_every_versioned_model_in_the_admin_is_in_the_read_only_set():
    versioned_in_admin = set(ENTITY_NAMES) & _in_admin()
    assert versioned_in_admin <= {m.__name__ for m in DOMAIN}
    assert {"Claim", "Attribution", "ClaimLink", "Source", "SourceAlias"} <= versioned_in_admin


def test_every_model_admin_and_inline_is_read_only_for_domain_models(rf, superuser):
    request = rf.get("/admin/")
    request.user = superuser
    checked = set()
    for model, model_admin in admin.site._registry.items():
        admins = [(model, model_admin)]
        admins += [(inline.model, inline(model, admin.site)) for inline in model_admin.inlines]
        for target, target_admin in admins:
            if target not in DOMAIN:
                continue
            checked.add(target)
            assert not target_admin.has_add_permission(request), target_admin
            assert not target_admin.has_change_permission(request), target_admin
            assert not target_admin.has_delete_permission(request), target_admin
    assert checked == DOMAIN  # every one is reachable from some admin


def _objects(annotation_set):
    claim = ClaimFactory(article__annotation_set=annotation_set)
    source = SourceFactory(annotation_set=annotation_set)
    return {
        Claim: claim,
        Source: source,
        Attribution: AttributionFactory(claim=claim, source=source),
        ClaimLink: ClaimLinkFactory(from_claim=claim),
    }


def test_no_admin_post_changes_a_domain_model_without_a_record(client, superuser, annotation_set):
    client.force_login(superuser)
    objects = _objects(annotation_set)
    records = ChangeRecord.objects.count()
    for model, obj in objects.items():
        opts = model._meta
        before = {f.attname: getattr(obj, f.attname) for f in opts.concrete_fields}
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
        assert client.post(change, {"note": "x", "name": "x"}).status_code == 403
        assert client.post(add, {"note": "x", "name": "x"}).status_code == 403
        assert client.post(delete, {"post": "yes"}).status_code == 403
        obj.refresh_from_db()
        assert {f.attname: getattr(obj, f.attname) for f in opts.concrete_fields} == before
    assert ChangeRecord.objects.count() == records


def test_admin_claim_actions_go_through_the_services(client, superuser, annotation_set):
    client.force_login(superuser)
    claim = ClaimFactory(article__annotation_set=annotation_set)
    url = reverse("admin:claims_claim_changelist")
    client.post(url, {"action": "delete_claims", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert claim.deleted_at is not None and claim.version == 2
    client.post(url, {"action": "restore_claims", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert claim.deleted_at is None
    actions = list(
        ChangeRecord.objects.filter(entity="claim", object_id=claim.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["delete", "restore"]
