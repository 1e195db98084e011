import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_set_list_requires_login(client):
    response = client.get(reverse("set-list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_member_sees_article_and_outsider_gets_404(client, annotator, outsider, article):
    client.force_login(annotator)
    response = client.get(reverse("article-read", args=[article.pk]))
    assert response.status_code == 200
    assert b'data-start="0"' in response.content
    assert "Content-Security-Policy" in response
    client.force_login(outsider)
    assert client.get(reverse("article-read", args=[article.pk])).status_code == 404
