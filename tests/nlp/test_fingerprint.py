from __future__ import annotations

import itertools

import numpy as np

from claims.nlp.fingerprint import (
    NEAR_DUPLICATE_JACCARD,
    content_sha256,
    estimate_jaccard,
    lsh_band_keys,
    minhash_signature,
    shingles,
)
from claims.nlp.normalize import fold
from tests.nlp._seeds import seed_text


def _signature(text: str) -> np.ndarray:
    return minhash_signature(shingles(fold(text).text))


def test_content_hash_ignores_whitespace_layout():
    assert content_sha256("a  b\n\nc ") == content_sha256("a b c")
    assert content_sha256("a b c") != content_sha256("a b d")
    assert len(content_sha256("")) == 64


def test_shingles_are_order_sensitive_and_deterministic():
    a = shingles("one two three four five six")
    assert a.size == 2
    assert np.array_equal(a, shingles("one two three four five six"))
    assert not np.array_equal(a, shingles("six five four three two one"))
    assert shingles("").size == 0
    assert shingles("short text").size == 1


def test_signature_is_stable_across_calls():
    sig = _signature("The quick brown fox jumps over the lazy dog near the river bank.")
    assert sig.dtype == np.uint32 and sig.shape == (128,)
    assert np.array_equal(
        sig, _signature("The quick brown fox jumps over the lazy dog near the river bank.")
    )
    keys = lsh_band_keys(sig)
    assert len(keys) == 32 and len(set(keys)) == 32
    assert all(-(2**63) <= k < 2**63 for k in keys)


def test_identical_and_disjoint_texts():
    a = _signature(" ".join(f"word{i}" for i in range(200)))
    b = _signature(" ".join(f"other{i}" for i in range(200)))
    assert estimate_jaccard(a, a) == 1.0
    assert estimate_jaccard(a, b) < 0.05


def test_seeds_000_and_001_are_near_duplicates_and_no_other_pair_is():
    sigs = [_signature(seed_text(n)) for n in range(5)]
    keys = [set(lsh_band_keys(s)) for s in sigs]
    for i, j in itertools.combinations(range(5), 2):
        jaccard = estimate_jaccard(sigs[i], sigs[j])
        if (i, j) == (0, 1):
            assert jaccard >= NEAR_DUPLICATE_JACCARD
            assert keys[i] & keys[j]
        else:
            assert jaccard < NEAR_DUPLICATE_JACCARD, (i, j, jaccard)


def test_content_hash_collapses_exactly_what_regex_whitespace_matches():
    import hashlib
    import re

    for text in ("  a\u00a0\u2003b\x1c\x85c\u2028 \n", "", "x", seed_text(3)):
        canonical = re.sub(r"\s+", " ", text).strip()
        assert content_sha256(text) == hashlib.sha256(canonical.encode()).hexdigest()


def test_shingles_do_not_depend_on_the_token_hash_cache():
    from claims.nlp import fingerprint

    text = fold(seed_text(2)).text
    warm = shingles(text)
    fingerprint._TOKEN_HASHES.clear()
    assert np.array_equal(shingles(text), warm)
