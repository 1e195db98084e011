"""manage.py set_member and import_articles --member: the newcomer path."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import AnnotationSet, Article, Membership, Role
from tests.factories import AnnotationSetFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_import_with_member_then_the_editor_sees_set_and_articles(tmp_path, client):
    editor = UserFactory(username="editor")
    UserFactory(username="boss", email="boss@example.org")
    for n in range(2):
        text = f"Council budget story {n}\nThe mayor said {n} things.\n"
        (tmp_path / f"a{n}.txt").write_text(text)
    call_command(
        "import_articles",
        str(tmp_path / "a0.txt"),
        str(tmp_path / "a1.txt"),
        "--set",
        "fresh",
        "--create-set",
        "--member",
        "editor:annotator",
        "--member",
        "boss@example.org:manager",
        stdout=StringIO(),
    )
    annotation_set = AnnotationSet.objects.get(slug="fresh")
    roles = dict(
        Membership.objects.filter(annotation_set=annotation_set).values_list(
            "user__username", "role"
        )
    )
    assert roles == {"editor": "annotator", "boss": "manager"}
    client.force_login(editor)
    assert b"Fresh" in client.get(reverse("set-list")).content
    page = client.get(reverse("article-list", args=["fresh"]))
    assert page.status_code == 200
    titles = {a.title for a in page.context["articles"]}
    expected = {"Council budget story 0", "Council budget story 1"}
    assert titles == expected == set(Article.objects.values_list("title", flat=True))


def test_bad_member_fails_before_anything_is_imported(tmp_path):
    (tmp_path / "a.txt").write_text("Title\nText.\n")
    for bad, says in [
        ("ghost:annotator", "No account"),
        ("editor", "USER:ROLE"),
        ("x:boss", "role"),
    ]:
        UserFactory(username="x")
        with pytest.raises(CommandError, match=says):
            call_command(
                "import_articles",
                str(tmp_path / "a.txt"),
                "--set",
                "s",
                "--create-set",
                "--member",
                bad,
                stdout=StringIO(),
            )
    assert not AnnotationSet.objects.exists()


def test_set_member_adds_and_changes_roles_but_keeps_a_manager():
    annotation_set = AnnotationSetFactory(slug="desk")
    user = UserFactory(username="ed")
    call_command("set_member", "desk", "ed", "manager", stdout=StringIO())
    assert Membership.objects.get(user=user, annotation_set=annotation_set).role == Role.MANAGER
    with pytest.raises(CommandError, match="at least one manager"):
        call_command("set_member", "desk", "ed", "annotator", stdout=StringIO())
    call_command("set_member", "desk", "ed@example.org", "manager", stdout=StringIO())
    with pytest.raises(CommandError, match="No annotation set"):
        call_command("set_member", "nope", "ed", "manager", stdout=StringIO())
