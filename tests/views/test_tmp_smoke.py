import pytest
from django.urls import reverse
from tests.factories import ClaimFactory, AttributionFactory, SourceFactory

pytestmark = pytest.mark.django_db

def test_page(client, annotator, article):
    c = ClaimFactory(article=article, start=0, end=20, created_by=annotator)
    AttributionFactory(claim=c, kind="anonymous")
    client.force_login(annotator)
    r = client.get(reverse("article-annotate", args=[article.pk]))
    print(r.status_code, r.content.decode()[:200])
    assert r.status_code == 200
    html = r.content.decode()
    i = html.index('id="article-text"')
    print(html[i-50:i+1500])
    r = client.get(reverse("claim-new", args=[article.pk]), {"start": 0, "end": 9}, HTTP_HX_REQUEST="true")
    print(r.status_code, r.content.decode()[:3000])
    r = client.post(reverse("claim-create", args=[article.pk]), {"start": 0, "end": 9, "kind": "quoted", "source_new": "Ana Ruiz", "source_query": "Ana Ruiz", "note": "x"}, HTTP_HX_REQUEST="true")
    print(r.status_code, r.content.decode()[:500])
    assert r.status_code == 200
