from django.db.models import QuerySet

from claims.models import AnnotationSet, ImportJob


def recent_jobs(*, annotation_set: AnnotationSet, limit: int = 5) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(annotation_set=annotation_set).order_by("-created_at")[:limit]
