"""Each serializer instance's own copies of its fields, made cheaply.

DRF gives every serializer instance deep copies of its fields: for each field it re-runs
``__init__`` with deep copies of the arguments (querysets, choices, validators), on every
request and for every nested serializer, which after the model introspection was the
largest CPU cost of an API write. A leaf field's per-instance state is what ``bind`` sets on
it, so a shallow copy of the unbound original is enough; fields that hold fields bound to
them are still deep-copied, so each instance's children are its own.
"""

import copy
from typing import Any

from rest_framework import serializers
from rest_framework.relations import ManyRelatedField

__all__ = ["Serializer", "own_copy"]

_HOLDERS = (
    serializers.BaseSerializer,
    serializers.ListField,
    serializers.DictField,
    serializers.HStoreField,
    ManyRelatedField,
)


def own_copy(field: serializers.Field) -> serializers.Field:
    """An unbound copy of ``field`` for one serializer instance."""
    return copy.deepcopy(field) if isinstance(field, _HOLDERS) else copy.copy(field)


class Serializer(serializers.Serializer):
    """DRF's Serializer, with its declared fields copied by :func:`own_copy`."""

    def get_fields(self) -> dict[str, Any]:
        return {name: own_copy(field) for name, field in self._declared_fields.items()}
