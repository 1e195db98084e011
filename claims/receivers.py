"""Model-signal receivers, connected in ``ClaimsConfig.ready``. Only what no service call
can catch: a user's password or active flag changed anywhere (admin, password views,
``changepassword``, shell) ends their sessions and API tokens."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from claims.services.credentials import credentials_changed, user_credentials_end

_WATCHED = {"password", "is_active"}


def user_pre_save(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if instance.pk is None or (update_fields is not None and not _WATCHED & set(update_fields)):
        return
    before = sender._default_manager.filter(pk=instance.pk).first()
    instance._claims_credentials_changed = before is not None and credentials_changed(
        before=before, after=instance
    )


def user_post_save(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if getattr(instance, "_claims_credentials_changed", False):
        instance._claims_credentials_changed = False
        transaction.on_commit(lambda: user_credentials_end(user=instance))


def connect() -> None:
    from django.db.models.signals import post_save, pre_save

    user_model = get_user_model()
    pre_save.connect(user_pre_save, sender=user_model, dispatch_uid="claims-user-pre-save")
    post_save.connect(user_post_save, sender=user_model, dispatch_uid="claims-user-post-save")
