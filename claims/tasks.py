"""Background jobs, through Django's Tasks API so the backend is swappable: the immediate
backend in tests and the demo, the database queue (``manage.py db_worker``) in production.

Tasks take ids, not objects, and call services; they hold no logic of their own.
"""

from django.tasks import task


@task()
def run_import_job(job_id: int) -> None:
    from claims.services.jobs import import_job_run

    import_job_run(job_id=job_id)


@task()
def run_annotations_import_job(job_id: int) -> None:
    from claims.services.jobs import annotations_import_job_run

    annotations_import_job_run(job_id=job_id)


@task()
def run_suggestion_job(job_id: int) -> None:
    from claims.services.jobs import suggestion_job_run

    suggestion_job_run(job_id=job_id)
