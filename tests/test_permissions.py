import pytest

from claims import permissions
from claims.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_roles_are_ordered_and_scoped_to_their_set(
    annotation_set, other_set, annotator, reviewer, manager, outsider
):
    assert permissions.can_annotate(annotator, annotation_set)
    assert not permissions.can_review(annotator, annotation_set)
    assert permissions.can_review(reviewer, annotation_set)
    assert not permissions.can_manage(reviewer, annotation_set)
    assert permissions.can_manage(manager, annotation_set)
    assert not permissions.can_view(outsider, annotation_set)
    assert permissions.can_manage(outsider, other_set)
    assert list(permissions.visible_sets(annotator)) == [annotation_set]


def test_annotators_edit_only_their_own_work(annotation_set, annotator, reviewer):
    other = UserFactory()
    assert permissions.can_edit_work(annotator, annotation_set, annotator.pk)
    assert permissions.can_edit_work(annotator, annotation_set, None)  # machine suggestion
    assert not permissions.can_edit_work(annotator, annotation_set, other.pk)
    assert permissions.can_edit_work(reviewer, annotation_set, other.pk)


def test_anonymous_and_inactive_superuser_get_nothing(annotation_set, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can_view(AnonymousUser(), annotation_set)
    admin = django_user_model.objects.create_user("root", is_superuser=True, is_active=False)
    assert not permissions.can_view(admin, annotation_set)
    assert Role.MANAGER in Role.values
