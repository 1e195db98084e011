from claims.nlp.aliases import alias_pairs, name_key, surname_mentions


def test_transliteration_variants_share_a_key():
    assert name_key("sergei kislyak") == name_key("sergey kislyak")
    assert name_key("ambassador sergey kislyak") == name_key("sergei kislyak")
    assert name_key("sergey lavrov") != name_key("sergey kislyak")


def test_alias_pairs_variants_titles_and_surnames():
    pairs = alias_pairs(
        [
            (1, "sergei kislyak"),
            (2, "sergey kislyak"),
            (3, "ambassador kislyak"),
            (4, "jeff sessions"),
        ]
    )
    found = {(p.a, p.b): p.reason for p in pairs}
    assert found[(1, 2)] == "transliteration variant"
    assert found[(1, 3)] == "title and surname"
    assert all(4 not in key for key in found)


def test_ambiguous_surname_is_not_suggested():
    pairs = alias_pairs([(1, "michael flynn"), (2, "charlotte flynn"), (3, "flynn")])
    assert not [p for p in pairs if p.b == 3]


def test_surname_mentions_after_full_name():
    text = "Sergey Kislyak arrived. Later Kislyak left. Kislyakov is someone else."
    assert surname_mentions(text, ["Sergey Kislyak"]) == {"Sergey Kislyak": [(30, 37)]}
