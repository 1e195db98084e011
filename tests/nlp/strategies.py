"""Hypothesis strategies for messy article text."""

from __future__ import annotations

from hypothesis import strategies as st

# Characters that stress offsets and folding: emoji (astral), combining marks, CRLF, NBSP,
# curly quotes, dashes, Cyrillic/Greek look-alikes, expanding/vanishing characters, bullets.
TRICKY = list(
    "abcXYZ .,?!;:'\"\t\r\n\u00a0\u2009\u202f“”‘’–—-"
    "аеоіАΑοΟПутин😀🇺🇸\u0301\u0308ß…ﬁ\u200b\u00ad•*#@/1"
)
SNIPPETS = [
    "U.S. ",
    "then-Sen. Jeff Sessions ",
    "Nov. 8 ",
    "Mr. Smith said. ",
    "Joseph R. Biden ",
    "“Is it?” he asked. ",
    "“Yes,” she said. ",
    "\r\n",
    "\n\n",
    "\n  • ",
    "\n- ",
    "\n1. ",
    "otheradvisers ",
    "toReuters ",
    "DonateDonate ",
    "Dеputy Chіеf ",
    "Путин сказал ",
    "Photo Credit: A. Katz\n\n",
    "Home | News | Sign Up\n\n",
    "Donate now. We need your support.\n\n",
    "(Evan Vucci/The Associated Press)",
    "😀 ",
    "e\u0301 ",
]

messy_text = st.lists(
    st.one_of(
        st.sampled_from(SNIPPETS),
        st.text(st.sampled_from(TRICKY), max_size=12),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=6),
    ),
    max_size=25,
).map("".join)
