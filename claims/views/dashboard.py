"""A set's dashboard (counts, throughput, review delay, agreement) and its agreement page
(pairwise matrix, per-article drill-down, CSV). Reviewers and managers only."""

import csv
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from claims import permissions
from claims.charts import bar_chart, column_chart
from claims.models import AnnotationSet
from claims.selectors.agreement import agreement_report
from claims.selectors.dashboard import dashboard_stats
from claims.views.access import require, set_for_viewer
from claims.views.types import HtmxHttpRequest

ONLY_REVIEWERS = "Only reviewers and managers see the dashboard."
METRICS = [
    ("content_f1_overlap", "Content span F1 (overlap)"),
    ("content_f1_exact", "Content span F1 (exact)"),
    ("source_f1_overlap", "Source span F1 (overlap)"),
    ("source_f1_exact", "Source span F1 (exact)"),
    ("cue_f1_overlap", "Cue span F1 (overlap)"),
    ("cue_f1_exact", "Cue span F1 (exact)"),
    ("kappa_kind", "Cohen's kappa on kind"),
    ("alpha_kind", "Krippendorff's alpha on kind"),
    ("source_identity", "Same source"),
]


def _reviewer_set(request: HtmxHttpRequest, slug: str) -> AnnotationSet:
    annotation_set = set_for_viewer(request.user, slug)
    require(permissions.can_review(request.user, annotation_set), ONLY_REVIEWERS)
    return annotation_set


@login_required
@require_GET
def set_dashboard(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    annotation_set = _reviewer_set(request, slug)
    stats = dashboard_stats(annotation_set=annotation_set)
    charts = {
        "status": bar_chart([(f"st-{k}", label, n) for k, label, n in stats["by_status"]]),
        "kind": bar_chart([(f"k-{k}", label, n) for k, label, n in stats["by_kind"]]),
        "annotators": bar_chart([("", row["who"], row["total"]) for row in stats["annotators"]]),
        "created": column_chart([(d.isoformat(), n) for d, n in stats["created_per_day"]]),
        "reviewed": column_chart(
            [(d.isoformat(), n) for d, n in stats["reviewed_per_day"]], css="st-approved"
        ),
    }
    context = {"annotation_set": annotation_set, "stats": stats, "charts": charts}
    return render(request, "claims/dashboard.html", context)


def _matrix(report: dict[str, Any], metric: str) -> list[tuple[str, list[Any]]]:
    figures = {(p["a"], p["b"]): p[metric] for p in report["pairs"]}
    names = report["annotators"]
    return [
        (a, [None if a == b else figures.get((a, b), figures.get((b, a))) for b in names])
        for a in names
    ]


@login_required
@require_GET
@vary_on_headers("HX-Request")
def set_agreement(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The full agreement page; for htmx (the dashboard loads it after the page) just the
    summary with the matrix."""
    annotation_set = _reviewer_set(request, slug)
    metric = request.GET.get("metric", METRICS[0][0])
    if metric not in dict(METRICS):
        metric = METRICS[0][0]
    report = agreement_report(annotation_set=annotation_set)
    context = {
        "annotation_set": annotation_set,
        "report": report,
        "metric": metric,
        "metric_label": dict(METRICS)[metric],
        "metrics": METRICS,
        "matrix": _matrix(report, metric),
    }
    template = "claims/dashboard_agreement.html"
    if request.htmx:
        template += "#agreement-summary"
    return render(request, template, context)


CSV_FIELDS = ["a", "b", "articles", *(key for key, _label in METRICS), "matched_attributions"]


@login_required
@require_GET
def agreement_csv(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    annotation_set = _reviewer_set(request, slug)
    report = agreement_report(annotation_set=annotation_set)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(report["pairs"])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{annotation_set.slug}-agreement.csv"'
    return response
