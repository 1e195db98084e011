"""Kinds of attribution (quoted / sourced / anonymous) on hand-written sentences."""

import pytest

from claims.nlp.attribution import default_sentences
from claims.nlp.attribution.kinds import describe
from claims.nlp.attribution.tokens import tokenize

TITLE = "Harbor town news\n\n"


def kind_of(body: str, source: str, content: str) -> tuple[str, str, str | None]:
    """Kind, source form and source name of one attribution given by its texts."""
    text = TITLE + body
    s = text.index(source)
    c = text.index(content)
    tokens = tokenize(text, default_sentences(text))
    fact = describe(text, tokens, [([(s, s + len(source))], [(c, c + len(content))])])[0]
    name = text[fact.source_name[0] : fact.source_name[1]] if fact.source_name else None
    return fact.kind, fact.source_form, name


@pytest.mark.parametrize(
    ("body", "source"),
    [
        ("The ferry will stop in May, officials said.", "officials"),
        (
            "The ferry will stop in May, four current U.S. officials said.",
            "four current U.S. officials",
        ),
        ("The ferry will stop in May, according to U.S. officials.", "U.S. officials"),
        (
            "A person familiar with the talks said the ferry will stop in May.",
            "A person familiar with the talks",
        ),
        ("Sources said the ferry will stop in May.", "Sources"),
        ("Aides said the ferry will stop in May.", "Aides"),
        ("Senior Portmoor aides said the ferry will stop in May.", "Senior Portmoor aides"),
        (
            "Three Russian diplomats told Reuters the ferry will stop in May.",
            "Three Russian diplomats",
        ),
        (
            "A spokesman for the Portmoor Harbor Authority said the ferry will stop in May.",
            "A spokesman for the Portmoor Harbor Authority",
        ),
        (
            "Current and former U.S. officials familiar with the talks said the ferry will stop.",
            "Current and former U.S. officials familiar with the talks",
        ),
    ],
)
def test_unnamed_people_and_groups_are_anonymous(body, source):
    content = "the ferry will stop" if "the ferry will stop" in body else "The ferry will stop"
    kind, form, name = kind_of(body, source, content)
    assert (kind, form, name) == ("anonymous", "anonymous", None)


@pytest.mark.parametrize(
    ("body", "source", "name"),
    [
        ("Mayor Jane Doe said the ferry will stop in May.", "Mayor Jane Doe", "Jane Doe"),
        ("The ferry will stop in May, said Tom Reed.", "Tom Reed", "Tom Reed"),
        (
            "The Portmoor Harbor Authority said the ferry will stop in May.",
            "The Portmoor Harbor Authority",
            "Portmoor Harbor Authority",
        ),
        (
            "Tom Reed, a spokesman for the council, said the ferry will stop in May.",
            "Tom Reed, a spokesman for the council,",
            "Tom Reed",
        ),
        (
            "Council aides, including Tom Reed, said the ferry will stop in May.",
            "Council aides, including Tom Reed,",
            "Tom Reed",
        ),
        (
            "Tom Reed and his aides said the ferry will stop in May.",
            "Tom Reed and his aides",
            "Tom Reed",
        ),
    ],
)
def test_named_people_and_organisations_are_sourced(body, source, name):
    content = "the ferry will stop" if "the ferry will stop" in body else "The ferry will stop"
    assert kind_of(body, source, content) == ("sourced", "named", name)


def test_a_direct_quotation_is_quoted_whoever_says_it():
    body = "“The ferry will stop in May,” four current U.S. officials said."
    assert kind_of(body, "four current U.S. officials", "The ferry will stop in May")[0] == "quoted"
    body = "“The ferry will stop in May,” Tom Reed said."
    assert kind_of(body, "Tom Reed", "“The ferry will stop in May,”")[0] == "quoted"


def test_a_pronoun_after_a_named_source_is_sourced_after_an_anonymous_one_not():
    text = TITLE + "Tom Reed said the ferry will stop. He said the pier stays open."
    tokens = tokenize(text, default_sentences(text))

    def at(s):
        i = text.index(s)
        return [(i, i + len(s))]

    facts = describe(
        text,
        tokens,
        [(at("Tom Reed"), at("the ferry will stop")), (at("He"), at("the pier stays open"))],
    )
    assert [f.kind for f in facts] == ["sourced", "sourced"]
    text = TITLE + "Officials said the ferry will stop. They said the pier stays open."
    tokens = tokenize(text, default_sentences(text))
    facts = describe(
        text,
        tokens,
        [(at("Officials"), at("the ferry will stop")), (at("They"), at("the pier stays open"))],
    )
    assert [f.kind for f in facts] == ["anonymous", "anonymous"]
