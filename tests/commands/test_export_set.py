import io

import orjson
import pytest
from django.core.management import CommandError, call_command

from tests.factories import AttributionFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_export_set_jsonl_to_stdout_and_file(article, tmp_path):
    claim = ClaimFactory(article=article, status="approved")
    AttributionFactory(claim=claim, kind="anonymous")
    out = io.StringIO()
    call_command("export_set", "newsroom", "--format", "jsonl", "--output", "-", stdout=out)
    lines = [orjson.loads(line) for line in out.getvalue().splitlines()]
    assert [len(line["attributions"]) for line in lines] == [1]
    path = tmp_path / "set.zip"
    call_command("export_set", "newsroom", "--format", "brat", "--output", str(path))
    assert path.read_bytes()[:2] == b"PK"
    out = io.StringIO()
    call_command(
        "export_set",
        "newsroom",
        "--format",
        "csv",
        "--output",
        "-",
        "--kind",
        "sourced",
        stdout=out,
    )
    assert len(out.getvalue().splitlines()) == 1  # header only


def test_export_set_refuses_unknown_set_and_filter(article):
    with pytest.raises(CommandError, match="No annotation set"):
        call_command("export_set", "nope", "--format", "jsonl", "--output", "-")
    with pytest.raises(CommandError, match="Unknown kinds"):
        call_command("export_set", "newsroom", "--format", "csv", "--output", "-", "--kind", "x")


def test_create_api_token_prints_key_once(db):
    user = UserFactory(username="cli")
    out = io.StringIO()
    call_command("create_api_token", "cli", stdout=out, stderr=io.StringIO())
    key = out.getvalue().strip()
    assert len(key) > 30
    token = user.api_tokens.get()
    assert key not in token.key_hash and token.prefix == key[:8]
    with pytest.raises(CommandError):
        call_command("create_api_token", "ghost")
