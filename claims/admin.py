from django.contrib import admin

from claims import models


class ReadOnlyMixin:
    """Annotation data changes only through the services (claims.services.actions), which
    version, check and record every write; the admin shows it and runs those actions."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.AnnotationSet)
class AnnotationSetAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "annotation_set", "role"]
    list_filter = ["role", "annotation_set"]
    list_select_related = ["user", "annotation_set"]


@admin.register(models.Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "annotation_set", "outlet", "cluster", "imported_at"]
    list_filter = ["annotation_set", "outlet"]
    list_select_related = ["annotation_set"]
    search_fields = ["title", "outlet", "author"]
    # The text is the coordinate system of every span: it is shown, never edited.
    readonly_fields = ["text", "folded_sha256", "quality_flags", "imported_by", "imported_at"]
    raw_id_fields = ["cluster"]


@admin.register(models.Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ["article", "index", "start", "end"]
    raw_id_fields = ["article"]


@admin.register(models.ArticleFlag)
class ArticleFlagAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "start", "end"]
    list_filter = ["kind"]
    raw_id_fields = ["article"]


@admin.register(models.DuplicateCluster)
class DuplicateClusterAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at"]


class AttributionInline(ReadOnlyMixin, admin.StackedInline):
    model = models.Attribution
    extra = 0
    raw_id_fields = ["article", "source", "created_by", "updated_by"]
    readonly_fields = ["version"]


def _run_service(modeladmin, request, queryset, call) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    from claims.services.errors import ConflictError

    for obj in queryset:
        try:
            call(obj, request.user)
        except (ValidationError, ConflictError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(request, f"{obj.pk}: {message}", "error")


@admin.action(description="Delete the selected claims (soft, recorded, restorable)")
def delete_claims(modeladmin, request, queryset):  # type: ignore[no-untyped-def]
    from claims.services.claims import claim_delete

    _run_service(
        modeladmin, request, queryset, lambda c, u: claim_delete(claim=c, user=u, version=None)
    )


@admin.action(description="Restore the selected claims")
def restore_claims(modeladmin, request, queryset):  # type: ignore[no-untyped-def]
    from claims.services.claims import claim_restore

    _run_service(modeladmin, request, queryset, lambda c, u: claim_restore(claim=c, user=u))


@admin.register(models.Claim)
class ClaimAdmin(ReadOnlyMixin, admin.ModelAdmin):
    actions = [delete_claims, restore_claims]
    list_display = ["__str__", "article", "status", "origin", "created_by", "deleted_at"]
    list_filter = ["status", "origin"]
    search_fields = ["quote"]
    raw_id_fields = ["article", "created_by", "updated_by", "accepted_by"]
    readonly_fields = ["version", "quote", "prefix", "suffix"]
    inlines = [AttributionInline]


@admin.register(models.Attribution)
class AttributionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["id", "kind", "source", "claim", "origin", "confidence"]
    list_filter = ["kind", "origin"]
    raw_id_fields = ["article", "claim", "source", "created_by", "updated_by"]
    readonly_fields = ["version"]


class SourceAliasInline(ReadOnlyMixin, admin.TabularInline):
    model = models.SourceAlias
    extra = 0


@admin.register(models.Source)
class SourceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "annotation_set", "merged_into"]
    list_filter = ["kind", "annotation_set"]
    search_fields = ["name", "aliases__name"]
    readonly_fields = ["folded_name", "version"]
    raw_id_fields = ["merged_into", "created_by"]
    inlines = [SourceAliasInline]


@admin.register(models.ClaimLink)
class ClaimLinkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["from_claim", "relation", "to_claim", "created_by"]
    list_filter = ["relation"]
    raw_id_fields = ["from_claim", "to_claim", "created_by"]


@admin.action(description="Restore the state before the selected changes")
def revert_changes(modeladmin, request, queryset):  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    from claims.services.errors import ConflictError
    from claims.services.restore import change_revert

    for record in queryset.order_by("-id"):
        try:
            change_revert(record=record, user=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, f"Change {record.pk}: {error.messages[0]}", "error")
        except ConflictError as error:
            modeladmin.message_user(request, f"Change {record.pk}: {error}", "error")


@admin.register(models.ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "entity", "object_id", "action", "user", "group"]
    list_filter = ["entity", "action"]
    search_fields = ["=group"]
    readonly_fields = [f.name for f in models.ChangeRecord._meta.fields]
    actions = [revert_changes]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(models.ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["claim", "decision", "author", "created_at"]
    raw_id_fields = ["claim", "author"]


@admin.register(models.ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "annotation_set", "kind", "status", "done", "total", "created_at"]
    list_filter = ["status", "kind"]


@admin.register(models.ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]


@admin.register(models.StandoffMark)
class StandoffMarkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["label", "article", "start", "end", "annotator"]


admin.site.register(models.ArticleCompletion)
