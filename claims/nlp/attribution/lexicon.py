"""Word lists for attribution: reporting verbs, anonymous-source nouns, pronouns, titles.

Written for this project (not copied from any corpus). Verbs are listed as lemmas; the
inflected forms are generated so lookups are a single ``dict`` access per token.
"""

from __future__ import annotations


def _words(spaced: str) -> list[str]:
    return spaced.split()


# Lemma -> class. "speech" verbs introduce what someone said, "cognition" verbs what someone
# thinks/believes, "evidence" verbs what a document/poll shows.
_SPEECH = _words(
    """
say tell add note state claim argue insist explain announce declare assert contend maintain
warn suggest acknowledge admit concede confirm deny report reveal disclose allege charge
accuse complain comment respond reply answer ask question wonder predict promise vow pledge
threaten boast brag joke quip muse recall recount describe call label dub praise criticize
criticise blast slam attack defend urge demand propose recommend advise emphasize emphasise
stress point write tweet post testify tout stat declined decline refuse dismiss reject agree
disagree concur counter retort rebut observe remark mention indicate signal hint imply repeat
reiterate continue conclude lament mourn celebrate hail welcome applaud condemn denounce decry
caution echo scoff yell shout scream cry whisper mutter exclaim proclaim interject told speak
talk announce brief inform notify assure reassure acknowledge estimate
"""
)
_COGNITION = _words(
    """
think believe feel know hope expect fear worry doubt suspect assume guess reckon consider
understand realize realise recognize recognise see view regard want wish prefer plan intend
decide conclude find learn hear seem appear sense
"""
)
_EVIDENCE = _words(
    """
show find indicate suggest reveal demonstrate prove conclude estimate project forecast
"""
)

_IRREGULAR = {
    "say": ["said", "says", "saying"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "written", "writes", "writing"],
    "think": ["thought", "thinks", "thinking"],
    "feel": ["felt", "feels", "feeling"],
    "know": ["knew", "known", "knows", "knowing"],
    "see": ["saw", "seen", "sees", "seeing"],
    "find": ["found", "finds", "finding"],
    "hear": ["heard", "hears", "hearing"],
    "speak": ["spoke", "spoken", "speaks", "speaking"],
    "understand": ["understood", "understands", "understanding"],
    "show": ["showed", "shown", "shows", "showing"],
    "learn": ["learned", "learnt", "learns", "learning"],
    "prove": ["proved", "proven", "proves", "proving"],
}


def _inflect(lemma: str) -> list[str]:
    if lemma in _IRREGULAR:
        return [lemma, *_IRREGULAR[lemma]]
    if lemma.endswith("e"):
        stem = lemma[:-1]
        return [lemma, lemma + "s", lemma + "d", stem + "ing"]
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        stem = lemma[:-1]
        return [lemma, stem + "ies", stem + "ied", lemma + "ing"]
    forms = [lemma, lemma + "ed", lemma + "ing"]
    forms.append(lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s"))
    # Doubled final consonant (admit -> admitted, slam -> slammed, quip -> quipped).
    if (
        len(lemma) > 2
        and lemma[-1] in "tmpgn"
        and lemma[-2] in "aeiou"
        and lemma[-3] not in "aeiou"
    ):
        forms += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    return forms


def _build() -> dict[str, str]:
    verbs: dict[str, str] = {}
    for cls, lemmas in (("evidence", _EVIDENCE), ("cognition", _COGNITION), ("speech", _SPEECH)):
        for lemma in lemmas:
            for form in _inflect(lemma):
                verbs[form] = cls
    return verbs


REPORTING_VERBS: dict[str, str] = _build()

# Nouns that name a source without naming it.
ANONYMOUS_NOUNS = frozenset(
    _words(
        """
source sources official officials person people aide aides insider insiders someone somebody
adviser advisers advisor advisors spokesman spokeswoman spokesperson staffer staffers
strategist strategists operative operatives observer observers analyst analysts critic critics
supporter supporters opponent opponents expert experts member members lawmaker lawmakers
diplomat diplomats investigator investigators witness witnesses reports report documents
document some many others other one two three several few individual individuals confidant
confidants associate associates ally allies friend friends
"""
    )
)
ANONYMITY_PHRASES = (
    "familiar with",
    "knowledge of",
    "condition of anonymity",
    "not authorized",
    "not authorised",
    "declined to be named",
    "asked not to be",
    "requested anonymity",
    "spoke on condition",
    "briefed on",
    "close to",
)

PRONOUNS = frozenset(
    _words(
        """
he she they i we it you him her them us me who which that his its their our
"""
    )
)
PERSONAL_PRONOUNS = frozenset(["he", "she", "him", "her", "his", "hers"])

TITLES = frozenset(
    _words(
        """
president senator sen rep gov governor mayor secretary spokesman spokeswoman chairman chair
director minister leader speaker candidate nominee adviser advisor aide chief judge justice
attorney lawyer general official officer ambassador commissioner mr mrs ms dr rev professor
prof councilman councilwoman congressman congresswoman representative manager analyst
"""
    )
)

# Words that start a cue phrase without being verbs.
CUE_WORDS = frozenset(["according", "accordingly", "per", "as", "in", "statement", "interview"])

# Capitalised words that are usually not names (sentence-initial function words and the like).
NOT_NAMES = frozenset(
    _words(
        """
the a an this that these those he she they it we i you his her their its our my your mr mrs ms
dr but and or if when while as after before in on at for with from by of to however also
officials sources some many several one two three people critics supporters democrats
republicans
"""
    )
)
