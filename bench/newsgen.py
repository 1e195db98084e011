"""Generated news-like articles for the scale and peer benchmarks (seeded, so every run and
every machine gets the same texts).

Like a newsroom feed: 20 outlets, each with its own byline and footer; most items are stories
of 8-14 paragraphs with quoted statements ("…," said NAME, ROLE.); one in ten is a templated
market or weather brief that differs from the others of its kind in a few words (these share
LSH band keys by the hundred, as templates and footers do in real feeds); one in forty is a
lightly edited republication of an earlier story (a real near-duplicate). Every story carries
at least five quotes, whose offsets `quotes` gives for the annotated imports.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

SEED = 14


def _split(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


_FIRST = _split(
    "Maria James Wei Olga Samir Ana Kwame Priya Tomas Elena Rahul Grace Ahmed Sofia Daniel "
    "Hannah Luis Mei Omar Ingrid Peter Fatima Jonas Aisha Carlos Nadia Victor Leila Martin Yuki"
)
_LAST = _split(
    "Okafor Lindqvist Haddad Moreau Kowalski Tanaka Brennan Osei Varga Castillo Novak Rahman "
    "Fischer Alvarez Petrov Nakamura Dubois Mensah Costa Ivanova Schmidt Baptiste Olsen Kaur"
)
_ROLES = _split(
    "a spokeswoman for the ministry|the city's budget director|a senior economist at the bank|"
    "the union's regional secretary|a professor of public health|the county sheriff|"
    "an analyst at a London brokerage|the company's chief executive|a local resident|"
    "the opposition leader|a senior official who asked not to be named|the mayor",
    "|",
)
_CUES = ("said", "told reporters", "said in a statement", "added", "wrote in an email")
_TOPICS = _split(
    "budget council vote hospital school bridge election tariff pipeline housing transit "
    "police court drought vaccine factory port strike refinery airport stadium"
)
_WORDS = _split(
    "the a of to in and for on with at by from that this which as after before while during "
    "officials residents plan funding report data program project agency committee members "
    "week month year Monday Tuesday Wednesday Thursday Friday morning evening increase cut "
    "percent million billion dollars costs spending revenue taxes rates prices jobs workers "
    "families students patients voters lawmakers investors companies contracts proposal law "
    "review inquiry decision statement figures estimates forecast deficit surplus shortfall "
    "delay expansion repairs construction safety access services support pressure concerns "
    "critics supporters groups leaders board staff rules limits targets growth decline risk "
    "region district city state country market sector industry government administration "
    "approved rejected announced proposed delayed questioned defended expected reported "
    "warned promised confirmed denied estimated planned argued noted suggested described "
    "new higher lower larger smaller local national public private federal regional early "
    "late recent former current key major minor significant modest sharp steady"
)
_OUTLETS = [
    f"The {p} {s}"
    for p, s in zip(
        _split(
            "Northern Coastal Valley Metro Capital Harbor Lakeside Prairie Granite Riverside "
            "Highland Eastern Western Southern Union Pioneer Summit Bay Central Frontier"
        ),
        _split(
            "Herald Tribune Gazette Courier Post Times Ledger Record Observer Chronicle "
            "Sentinel Dispatch Examiner Journal Standard Register Mirror Bulletin Star Press"
        ),
        strict=True,
    )
]


@dataclass
class NewsText:
    title: str
    outlet: str
    text: str
    # (quote start, quote end, speaker start, speaker end, cue start, cue end), in order
    quotes: list[tuple[int, int, int, int, int, int]] = field(default_factory=list)


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.quotes: list[tuple[int, int, int, int, int, int]] = []

    def add(self, piece: str) -> int:
        at = self.size
        self.parts.append(piece)
        self.size += len(piece)
        return at

    def text(self) -> str:
        return "".join(self.parts)


def _sentence(rng: random.Random, topic: str) -> str:
    words = rng.choices(_WORDS, k=rng.randint(10, 22))
    words.insert(rng.randint(1, len(words) - 1), topic)
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _quote(
    rng: random.Random, writer: _Writer, topic: str, words: tuple[int, int] = (8, 16)
) -> None:
    said = " ".join(rng.choices(_WORDS, k=rng.randint(*words))) + f" on the {topic}"
    said = said[0].upper() + said[1:]
    writer.add("\u201c")
    start = writer.add(said)
    end = start + len(said)
    writer.add(",\u201d ")
    cue = rng.choice(_CUES)
    cue_start = writer.add(cue)
    writer.add(" ")
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    speaker_start = writer.add(name)
    writer.add(f", {rng.choice(_ROLES)}.")
    writer.quotes.append(
        (start, end, speaker_start, speaker_start + len(name), cue_start, cue_start + len(cue))
    )


def _footer(outlet: str) -> str:
    return (
        f"\n\n\u00a9 2026 {outlet}. All rights reserved. This material may not be published, "
        "broadcast, rewritten or redistributed. Sign up for our morning newsletter to get the "
        "day's top stories in your inbox, and follow us for breaking news alerts."
    )


def _story(rng: random.Random, outlet: str) -> NewsText:
    topic = rng.choice(_TOPICS)
    writer = _Writer()
    writer.add(f"By {rng.choice(_FIRST)} {rng.choice(_LAST)} | {outlet}\n\n")
    paragraphs = rng.randint(8, 14)
    quoted = sorted(rng.sample(range(paragraphs), 5))
    for p in range(paragraphs):
        for _ in range(rng.randint(1, 3)):
            writer.add(_sentence(rng, topic) + " ")
        if p in quoted:
            _quote(rng, writer, topic)
        writer.add("\n\n")
    writer.add(_footer(outlet).lstrip("\n"))
    title = f"{topic.capitalize()} {rng.choice(_WORDS)} {rng.choice(_WORDS)}"
    return NewsText(title=title, outlet=outlet, text=writer.text(), quotes=writer.quotes)


def _brief(rng: random.Random, outlet: str) -> NewsText:
    direction = rng.choice(("higher", "lower"))
    day = rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"))
    writer = _Writer()
    writer.add(
        f"{outlet} markets desk\n\nShares closed {direction} on {day} as investors weighed the "
        "latest figures on prices, jobs and interest rates. The main index moved "
        f"{rng.randint(1, 99) / 10} percent, with energy and bank stocks leading. Bond yields "
        "were little changed and the currency held steady against the dollar. Trading volumes "
        "were below the average of the past month, brokers said, as many investors waited for "
        "the central bank's decision next week. "
    )
    for _ in range(5):
        _quote(rng, writer, "market", words=(2, 4))
        writer.add(" ")
    writer.add(_footer(outlet))
    return NewsText(
        title=f"Markets close {direction} on {day}",
        outlet=outlet,
        text=writer.text(),
        quotes=writer.quotes,
    )


def _republished(rng: random.Random, original: NewsText, outlet: str) -> NewsText:
    """The original with a new byline line and footer: quotes keep their text, offsets move."""
    head, _, body = original.text.partition("\n\n")
    body = body[: body.rfind("\u00a9")].rstrip()
    new_head = f"From {original.outlet}, republished by {outlet}\n\n"
    shift = len(new_head) - len(head) - 2
    text = new_head + body + _footer(outlet)
    quotes = [tuple(x + shift for x in q) for q in original.quotes]
    return NewsText(
        title=original.title,
        outlet=outlet,
        text=text,
        quotes=quotes,  # type: ignore[arg-type]
    )


def feed(*, seed: int = SEED) -> Iterator[NewsText]:
    """The seeded feed, endless: take as many texts as a run needs."""
    stories: list[NewsText] = []
    for i in itertools.count():
        rng = random.Random(seed * 1_000_003 + i)
        outlet = _OUTLETS[rng.randrange(len(_OUTLETS))]
        roll = rng.random()
        if roll < 0.10:
            yield _brief(rng, outlet)
        elif roll < 0.125 and stories:
            yield _republished(rng, stories[rng.randrange(len(stories))], outlet)
        else:
            item = _story(rng, outlet)
            stories.append(item)
            if len(stories) > 200:
                stories.pop(0)
            yield item


def generate(count: int, *, seed: int = SEED) -> list[NewsText]:
    """The first ``count`` texts of the seeded feed."""
    return list(itertools.islice(feed(seed=seed), count))


if __name__ == "__main__":
    sample = generate(3)
    for item in sample:
        print(item.title, "|", item.outlet, len(item.text))
        for q in item.quotes:
            print("   ", item.text[q[0] : q[1]][:50], "|", item.text[q[2] : q[3]])
