"""Background jobs, through Django's Tasks API so the backend is swappable: the immediate
backend in tests and the demo, the database queue (``manage.py db_worker``) in production.

Tasks take ids, not objects, and call services; they hold no logic of their own.
"""

from django.db import transaction
from django.tasks import task

from claims.models import AnnotationSet


@task()
def run_import_job(job_id: int) -> None:
    from claims.services.jobs import import_job_run

    import_job_run(job_id=job_id)


@task()
def suggest_articles(article_ids: list[int]) -> None:
    from claims.services.suggestions import suggestions_store

    suggestions_store(article_ids=article_ids)


def enqueue_suggestions(*, annotation_set: AnnotationSet, article_ids: list[int]) -> None:
    # After commit, so a worker on another machine sees the articles.
    transaction.on_commit(lambda: suggest_articles.enqueue(list(article_ids)))
