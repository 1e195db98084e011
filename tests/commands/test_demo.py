from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from claims.models import AnnotationSet, ClaimLink, Role

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_prints_working_logins():
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    call_command("demo", "--no-serve", stdout=out)  # a second run duplicates nothing
    demo = AnnotationSet.objects.get(slug="wexley-local")
    assert demo.articles.count() >= 6
    assert ClaimLink.objects.count() == 1
    lines = out.getvalue().splitlines()
    logins = {p[0]: p[1] for p in (line.split() for line in lines[-5:-1]) if len(p) == 2}
    for username in ("editor", "reviewer", "admin"):
        request = RequestFactory().post("/login/")  # django-axes needs the request
        assert authenticate(request, username=username, password=logins[username]) is not None
    roles = dict(demo.memberships.values_list("user__username", "role"))
    assert roles == {"editor": Role.ANNOTATOR, "reviewer": Role.REVIEWER, "admin": Role.MANAGER}
    flags = [a.quality_flags for a in demo.articles.all()]
    assert any(f["homoglyphs"] for f in flags) and any(f["boilerplate"] for f in flags)
    assert demo.articles.filter(cluster__isnull=False).count() == 2
