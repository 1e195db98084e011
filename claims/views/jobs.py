"""Upload articles into a set as a background job, and watch its progress."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import permissions
from claims.forms import ImportUploadForm
from claims.models import ImportJob
from claims.selectors.jobs import recent_jobs
from claims.services.jobs import JobRefused, import_job_start, job_rerun
from claims.views.access import require, set_for_viewer
from claims.views.errors import payload_too_large, request_too_large
from claims.views.types import HtmxHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_viewer(request.user, slug)
    require(
        permissions.can_import(request.user, annotation_set),
        "Only managers import articles (or annotators, where the set allows it).",
    )
    if request.method == "GET":
        context = {
            "annotation_set": annotation_set,
            "jobs": recent_jobs(annotation_set=annotation_set),
        }
        return render(request, "claims/import.html", context)
    if request_too_large(request):  # before the body is read
        return payload_too_large(request)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "claims/article_list.html#import-form",
            {"annotation_set": annotation_set, "form": form, "can_import": True},
            status=400,
        )
    job = import_job_start(
        annotation_set=annotation_set,
        user=request.user,
        files=[(f.name or "upload", f.read()) for f in form.cleaned_data["uploads"]],
        fmt=form.cleaned_data["format"],
    )
    return redirect("job-detail", job_id=job.pk)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def job_detail(request: HtmxHttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.select_related("annotation_set"), pk=job_id)
    if not permissions.can_view(request.user, job.annotation_set_id):
        raise Http404("No such job.")
    template = "claims/job_detail.html#job-progress" if request.htmx else "claims/job_detail.html"
    return render(request, template, {"job": job, "annotation_set": job.annotation_set})


@login_required
@require_POST
def job_rerun_view(request: HtmxHttpRequest, job_id: int) -> HttpResponse:
    """Queue a failed job again (its worker died, or it broke on our side)."""
    job = get_object_or_404(ImportJob.objects.select_related("annotation_set"), pk=job_id)
    if not permissions.can_view(request.user, job.annotation_set_id):
        raise Http404("No such job.")
    require(permissions.can_manage(request.user, job.annotation_set), "Only managers re-run jobs.")
    try:
        job_rerun(job=job)
    except JobRefused as refused:
        return HttpResponse(refused.result["errors"][0]["error"], status=409)
    return redirect("job-detail", job_id=job.pk)
