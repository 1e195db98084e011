"""Fail background jobs whose worker died, and optionally queue them again.

    manage.py jobs_watchdog [--minutes 15] [--rerun]

A job is stale when it is ``running`` and has reported no progress for ``--minutes``. Run it
every minute or so beside the worker (docker-compose.yml's ``watchdog`` service does).
"""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.models import ImportJob
from claims.services.jobs import JobRefused, job_rerun, jobs_fail_stale


class Command(BaseCommand):
    help = "Mark stale running jobs failed (their worker died); --rerun queues them again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=15)
        parser.add_argument("--rerun", action="store_true", help="Queue the failed jobs again.")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = jobs_fail_stale(older_than=timedelta(minutes=options["minutes"]))
        self.stdout.write(f"{len(failed)} stale job(s) failed: {failed}")
        if not options["rerun"]:
            return
        for job in ImportJob.objects.filter(pk__in=failed):
            try:
                job_rerun(job=job)
                self.stdout.write(f"job {job.pk} queued again")
            except JobRefused as refused:
                self.stderr.write(f"job {job.pk}: {refused.result['errors'][0]['error']}")
