"""Keeping ``ArticleTally`` (the dashboard's per-article counts) current as writes happen.

Every change record for a claim or attribution carries the object's state before and after;
what the object counted for before is taken away and what it counts for now is added, in one
``INSERT … ON CONFLICT DO UPDATE`` per write, inside the write's transaction
(``actions.write_records`` and ``history.record_change`` call :func:`tallies_note`; import
history does too). Adding to a row is atomic, so concurrent writers in one article need no
lock. Review decisions also read those claims' submissions and decisions (one read per
batch), for the submit-to-review delay (only a claim's first decision after a submission
counts, and the history never shrinks, so the delay sum and maximum only grow).

Writes that leave no change record (copied suggestions) and rows written around the services
recompute whole articles instead (``claims.services.tallies_rebuild``; ``manage.py
rebuild_tallies``). Article deletion and restoration write nothing here: the dashboard sums
only live articles' rows. Annotators are keyed by account id (``u:7``) or imported name
(``i:Ann``) and named when read, so a renamed account needs no rewrite.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Q

from claims import models as m

# Plain strings: they go to the database as parameters of raw SQL.
D = m.TallyDimension
STATUS, KIND, PERSON = D.STATUS.value, D.KIND.value, D.PERSON.value
CREATED, REVIEWED_ON, DELAY = D.CREATED.value, D.REVIEWED.value, D.DELAY.value
CHUNK = 500  # rows per statement: 7 parameters each, under SQLite's 32,766
REVIEWED = [m.ClaimStatus.APPROVED, m.ClaimStatus.REJECTED]
# (article, dimension, key, part) -> [n, seconds, longest]
Deltas = dict[tuple[int, str, str, str], list[Any]]


def person_key(state: dict[str, Any]) -> str | None:
    """Who marked a claim, as a stable key; ``None`` for machine and curated claims."""
    if state.get("origin") == m.Origin.CURATED:
        return None
    if state.get("imported_annotator"):
        return f"i:{state['imported_annotator']}"
    if state.get("created_by_id") is not None:
        return f"u:{state['created_by_id']}"
    return None


def _counts_for(entity: str, state: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """The (dimension, key, part) rows a claim or attribution in ``state`` adds one to."""
    if not state or state.get("deleted_at") is not None:
        return []
    if entity == "attribution":
        return [(KIND, state["kind"], "")]
    status = state["status"]
    rows = [(STATUS, status, ""), (CREATED, str(state["created_at"])[:10], "")]
    who = person_key(state)
    if who is not None:
        rows += [(PERSON, who, ""), (PERSON, who, status)]
    return rows


def _first_decision_delays(records: list[m.ChangeRecord]) -> dict[int, float]:
    """Seconds from each claim's first submission to the review ``record`` (by record id),
    where that review is the claim's first decision after a submission (the dashboard's
    definition, over the whole history). One read for the whole batch."""
    if not records:
        return {}
    history: dict[int, list[tuple[int, datetime, bool]]] = defaultdict(list)
    rows = (
        m.ChangeRecord.objects.filter(entity="claim", object_id__in={r.object_id for r in records})
        .filter(
            Q(action=m.ChangeAction.REVIEW, after__status__in=REVIEWED)
            | (Q(after__status=m.ClaimStatus.SUBMITTED) & ~Q(action=m.ChangeAction.REVIEW))
        )
        .values_list("object_id", "pk", "at", "action")
    )
    for claim_id, pk, at, action in rows:
        history[claim_id].append((pk, at, action == m.ChangeAction.REVIEW))
    delays = {}
    for record in records:
        earlier = [(at, review) for pk, at, review in history[record.object_id] if pk < record.pk]
        submitted = [at for at, review in earlier if not review]
        if any(review for _at, review in earlier) or not submitted:
            continue
        if record.at >= min(submitted):
            delays[record.pk] = (record.at - min(submitted)).total_seconds()
    return delays


_NEEDED = {"claim": ("status", "created_at"), "attribution": ("kind",)}


def _partial(entity: str, state: dict[str, Any] | None) -> bool:
    """A state that is not a whole snapshot (a hand-written ``before``) cannot be subtracted."""
    return state is not None and any(key not in state for key in _NEEDED[entity])


def _deltas(records: Sequence[m.ChangeRecord], recount: set[int]) -> Deltas:
    """What ``records`` move; articles whose records cannot say go into ``recount``."""
    deltas: Deltas = defaultdict(lambda: [0, 0.0, None])
    decided = _first_decision_delays(
        [
            r
            for r in records
            if r.entity == "claim"
            and r.action == m.ChangeAction.REVIEW
            and (r.after or {}).get("status") in REVIEWED
        ]
    )
    for record in records:
        if record.entity not in ("claim", "attribution"):
            continue
        before, after = record.before, record.after
        article_id = (after or before or {}).get("article_id")
        if article_id is None:
            continue
        if _partial(record.entity, before) or _partial(record.entity, after):
            recount.add(article_id)
            continue
        for row in _counts_for(record.entity, before):
            deltas[(article_id, *row)][0] -= 1
        for row in _counts_for(record.entity, after):
            deltas[(article_id, *row)][0] += 1
        if record.entity != "claim" or record.action != m.ChangeAction.REVIEW:
            continue
        deltas[(article_id, REVIEWED_ON, record.at.date().isoformat(), "")][0] += 1
        seconds = decided.get(record.pk)
        if seconds is not None:
            delay = deltas[(article_id, DELAY, "", "")]
            delay[0] += 1
            delay[1] += seconds
            delay[2] = seconds if delay[2] is None else max(delay[2], seconds)
    return {key: value for key, value in deltas.items() if value[0] or value[2] is not None}


def tallies_note(records: Iterable[m.ChangeRecord]) -> None:
    """Apply what just-written change records moved: one statement, none if nothing did."""
    recount: set[int] = set()
    deltas = _deltas(list(records), recount)
    if recount:
        from claims.services.tallies_rebuild import tallies_refresh  # it imports this module

        # The recount sees every write so far, so nothing else of those articles is added.
        deltas = {key: value for key, value in deltas.items() if key[0] not in recount}
        tallies_refresh(article_ids=recount)
    if not deltas:
        return
    quote = connection.ops.quote_name
    table = quote(m.ArticleTally._meta.db_table)
    columns = ["article_id", "dimension", "key", "part", "n", "seconds", "longest"]
    conflict = ", ".join(quote(c) for c in columns[:4])
    # One order for every writer, so two writes in one article never wait on each other's
    # rows crosswise (a deadlock).
    rows = [(*key, *value) for key, value in sorted(deltas.items())]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES "
                + ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
                + f" ON CONFLICT ({conflict}) DO UPDATE SET n = {table}.n + excluded.n, "
                f"seconds = {table}.seconds + excluded.seconds, longest = CASE WHEN "
                f"{table}.longest IS NULL OR excluded.longest > {table}.longest "
                f"THEN excluded.longest ELSE {table}.longest END",
                [v for row in chunk for v in row],
            )
