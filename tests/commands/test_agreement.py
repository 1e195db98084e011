"""``manage.py agreement training --json`` on PolNeAR's annotator-training articles (4 articles,
6 annotators), checked against an independent computation written here: a span matcher on
character sets, Cohen's kappa from its definition, and the ``krippendorff`` package for alpha.
"""

import io
import itertools
import json
from collections import defaultdict

import krippendorff
import numpy as np
import pytest
from django.core.management import call_command
from django.db.models import Q

from claims.models import Attribution, Claim

pytestmark = pytest.mark.django_db


def _who(obj):
    return obj.imported_annotator or obj.created_by.username


def _chars(parts):
    return frozenset(i for s, e in parts for i in range(s, e))


def _parts(start, end, parts):
    if parts:
        return tuple(tuple(p) for p in parts)
    return () if start is None else ((start, end),)


def _greedy(a, b, score):
    """One-to-one pairs with a positive score, best first, ties to the earlier items."""
    candidates = sorted(
        ((score(x, y), i, j) for i, x in enumerate(a) for j, y in enumerate(b)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_a, used_b, pairs = set(), set(), []
    for value, i, j in candidates:
        if value > 0 and i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def _shared(x, y):
    return len(_chars(x) & _chars(y))


def _independent(set_slug):
    """Per article and annotator: spans by role and ordered attributions."""
    marks = defaultdict(
        lambda: defaultdict(lambda: {"content": set(), "source": set(), "cue": set(), "items": []})
    )
    # People's work only: machine suggestions (new imports get some) name no annotator.
    # Imports keep the file's annotator as a name (imported_annotator), not an account.
    people = Q(created_by__isnull=False) | ~Q(imported_annotator="")
    mine = {"article__annotation_set__slug": set_slug}
    for claim in Claim.objects.filter(people, **mine).exclude(status="suggested"):
        marks[claim.article_id][_who(claim)]["content"].add(
            _parts(claim.start, claim.end, claim.parts)
        )
    for att in (
        Attribution.objects.filter(people, **mine)
        .exclude(claim__status="suggested")
        .select_related("claim", "created_by")
    ):
        work = marks[att.article_id][_who(att)]
        content = _parts(att.claim.start, att.claim.end, att.claim.parts) if att.claim else ()
        source = _parts(att.source_start, att.source_end, att.source_parts)
        cue = _parts(att.cue_start, att.cue_end, att.cue_parts)
        for role, span in (("content", content), ("source", source), ("cue", cue)):
            if span:
                work[role].add(span)
        text = att.article.text[att.source_start : att.source_end] if source else None
        work["items"].append(
            {
                "content": content,
                "source": source,
                "cue": cue,
                "kind": att.kind,
                "who": " ".join(text.split()).casefold() if text else None,
            }
        )
    for per in marks.values():
        for work in per.values():
            work["items"].sort(key=lambda x: (x["cue"] or x["content"], x["content"], x["source"]))
    return marks


def _find(parent, x):
    while parent.setdefault(x, x) != x:
        x = parent[x]
    return x


def _kappa(pairs):
    n = len(pairs)
    po = sum(x == y for x, y in pairs) / n
    a = defaultdict(int)
    b = defaultdict(int)
    for x, y in pairs:
        a[x] += 1
        b[y] += 1
    pe = sum(a[c] * b[c] for c in a) / n / n
    return (po - pe) / (1 - pe)


def test_agreement_on_the_annotator_training_articles(polnear_dir):
    training = polnear_dir / "annotator-training"
    call_command(
        "import_articles",
        str(training),
        set_slug="training",
        create_set=True,
        format="brat",
        json=True,
        stdout=io.StringIO(),
    )
    out = io.StringIO()
    call_command("agreement", "training", json=True, stdout=out)
    report = json.loads(out.getvalue())

    marks = _independent("training")
    names = sorted({n for per in marks.values() for n in per})
    assert len(names) == 6
    assert report["annotators"] == names
    assert len(report["pairs"]) == 15
    kinds = {"sourced": 0, "anonymous": 1, "quoted": 2}
    units = []  # one dict {annotator: kind code} per unit, over all articles
    for per in marks.values():
        parent = {}

        for name in per:
            for i in range(len(per[name]["items"])):
                _find(parent, (name, i))
        for a, b in itertools.combinations(sorted(per), 2):
            for i, j in _greedy(
                per[a]["items"],
                per[b]["items"],
                lambda x, y: _shared(x["cue"], y["cue"]) + _shared(x["content"], y["content"]),
            ):
                parent[_find(parent, (a, i))] = _find(parent, (b, j))
        groups = defaultdict(dict)
        for name in sorted(per):
            for i, item in enumerate(per[name]["items"]):
                groups[_find(parent, (name, i))].setdefault(name, kinds[item["kind"]])
        units.extend(groups.values())

    for pair in report["pairs"]:
        a, b = pair["a"], pair["b"]
        counts = defaultdict(lambda: [0, 0, 0])
        kind_pairs, same_source = [], 0
        for per in marks.values():
            if a not in per or b not in per:
                continue
            for role in ("content", "source", "cue"):
                spans_a, spans_b = sorted(per[a][role]), sorted(per[b][role])
                counts[role][0] += len(set(spans_a) & set(spans_b))
                counts[role][1] += len(_greedy(spans_a, spans_b, _shared))
                counts[role][2] += len(spans_a) + len(spans_b)
            items_a, items_b = per[a]["items"], per[b]["items"]
            for i, j in _greedy(
                items_a,
                items_b,
                lambda x, y: _shared(x["cue"], y["cue"]) + _shared(x["content"], y["content"]),
            ):
                kind_pairs.append((items_a[i]["kind"], items_b[j]["kind"]))
                same_source += items_a[i]["who"] == items_b[j]["who"]
        for role in ("content", "source", "cue"):
            exact, over, total = counts[role]
            assert pair[f"{role}_f1_exact"] == pytest.approx(2 * exact / total, abs=1e-4)
            assert pair[f"{role}_f1_overlap"] == pytest.approx(2 * over / total, abs=1e-4)
        assert pair["matched_attributions"] == len(kind_pairs)
        assert pair["kappa_kind"] == pytest.approx(_kappa(kind_pairs), abs=1e-4)
        data = np.array([[kinds[x] for x, _ in kind_pairs], [kinds[y] for _, y in kind_pairs]])
        alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert pair["alpha_kind"] == pytest.approx(alpha, abs=1e-4)
        assert pair["source_identity"] == pytest.approx(same_source / len(kind_pairs), abs=1e-4)
        assert 0 < pair["content_f1_overlap"] <= 1

    matrix = np.array([[unit.get(name, np.nan) for unit in units] for name in names], dtype=float)
    alpha = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert report["alpha_kind"] == pytest.approx(alpha, abs=1e-4)
    for key in ("content_f1_exact", "content_f1_overlap", "source_f1_overlap", "cue_f1_exact"):
        mean = sum(p[key] for p in report["pairs"]) / 15
        assert report[key] == pytest.approx(mean, abs=1e-3)
