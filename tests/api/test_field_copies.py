"""claims.api.field_copies: serializers (model ones with fields built once per class, and
plain ones) give each instance fields of its own."""

import pytest
from rest_framework.test import APIRequestFactory

from claims.api.serializers import ClaimSerializer, SourceSerializer


def test_each_instance_binds_fields_of_its_own():
    first, second = ClaimSerializer(), ClaimSerializer(context={"x": 1})
    for name in ("article", "status", "start", "parts", "created_by"):
        a, b = first.fields[name], second.fields[name]
        assert a is not b and a.parent is first and b.parent is second
        assert a.field_name == b.field_name == name
    # A field holding a field: its child is bound to this instance's copy, whose context
    # is this serializer's.
    parts = second.fields["parts"]
    assert parts.child is not first.fields["parts"].child and parts.child.parent is parts
    assert parts.child.context == {"x": 1}


@pytest.mark.django_db
def test_per_request_changes_stay_with_their_instance(annotator, other_set):
    """SourceSerializer narrows its set field's queryset to the caller's sets: that never
    reaches another instance's copy, nor the class's."""
    request = APIRequestFactory().get("/")
    request.user = annotator
    narrowed = SourceSerializer(context={"request": request}).fields["annotation_set"]
    plain = SourceSerializer().fields["annotation_set"]
    assert other_set not in narrowed.queryset
    assert not plain.queryset.exists()  # the class's own: none, until a request narrows it


def test_plain_serializers_copy_their_declared_fields_too():
    from claims.api.serializers_nested import AnnotationsCreateSerializer

    first, second = AnnotationsCreateSerializer(), AnnotationsCreateSerializer()
    claims = second.fields["claims"]
    assert claims is not first.fields["claims"] and claims.parent is second
    assert claims.child.parent is claims  # the nested claim serializer: a deep copy
    assert claims.child.fields["article"].parent is claims.child
    assert claims.child.fields["article"] is not first.fields["claims"].child.fields["article"]
