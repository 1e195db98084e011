"""Content hashes and MinHash/LSH fingerprints for exact and near-duplicate detection.

All functions take *folded* text (see `claims.nlp.normalize.fold`) so a republished copy with
look-alike letters or curly quotes fingerprints like the original. Everything is seeded and
platform independent: signatures and band keys are stored in the database and must not change
between processes or machines.
"""

from __future__ import annotations

import functools
import hashlib
import re

import numpy as np
import numpy.typing as npt

__all__ = [
    "BANDS",
    "NEAR_DUPLICATE_JACCARD",
    "NUM_PERM",
    "SHINGLE_SIZE",
    "content_sha256",
    "estimate_jaccard",
    "lsh_band_keys",
    "minhash_signature",
    "shingles",
]

SHINGLE_SIZE = 5
NUM_PERM = 128
BANDS = 32  # 4 rows a band: pairs at Jaccard 0.5 share a band with p ~ 0.87, at 0.2 ~ 0.05
# Estimated Jaccard of word 5-shingles at or above which two articles count as near-duplicates.
NEAR_DUPLICATE_JACCARD = 0.5

_TOKEN = re.compile(r"\w+")
_SEED = 0x5EED_C1A1
# Token -> hash, kept across texts: news reuses its vocabulary, and hashing each token (blake2b)
# was a third of the shingling. Bounded so a stream of unique tokens cannot grow it forever.
_TOKEN_HASHES: dict[str, int] = {}
_TOKEN_HASHES_MAX = 500_000


def content_sha256(folded_text: str) -> str:
    """SHA-256 (hex) of the folded text with whitespace runs collapsed and ends trimmed."""
    # str.split() splits at exactly what `\s` matches, so this is `\s+` -> " ", trimmed.
    canonical = " ".join(folded_text.split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def shingles(folded_text: str, k: int = SHINGLE_SIZE) -> npt.NDArray[np.uint64]:
    """Distinct 64-bit hashes of the k-word shingles (fewer than k words: one shingle)."""
    tokens = _TOKEN.findall(folded_text)
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    vocab = _TOKEN_HASHES
    missing = set(tokens).difference(vocab)
    if len(vocab) + len(missing) > _TOKEN_HASHES_MAX:
        vocab.clear()
        missing = set(tokens)
    for t in missing:
        vocab[t] = _token_hash(t)
    ids = np.fromiter(map(vocab.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    width = min(k, len(ids))
    windows = len(ids) - width + 1
    acc = np.zeros(windows, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width):
            # Order matters in a shingle, so each position gets its own odd multiplier.
            acc = _mix(acc ^ (ids[j : j + windows] * np.uint64(2 * j + 0x9E3779B97F4A7C15 | 1)))
    return np.unique(acc)


def minhash_signature(
    shingle_hashes: npt.NDArray[np.uint64], num_perm: int = NUM_PERM
) -> npt.NDArray[np.uint32]:
    """MinHash signature: for each of `num_perm` seeded hash functions, the minimum value."""
    a, b = _permutations(num_perm)
    if shingle_hashes.size == 0:
        return np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    out = np.empty(num_perm, dtype=np.uint32)
    # Multiply-shift hashing (a*x + b) >> 32 on uint64, chunked to bound memory on long texts.
    chunk = max(1, 2_000_000 // num_perm)
    mins = np.full(num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(0, shingle_hashes.size, chunk):
            x = shingle_hashes[i : i + chunk]
            hashed = (a[:, None] * x[None, :] + b[:, None]) >> np.uint64(32)
            np.minimum(mins, hashed.min(axis=1), out=mins)
    out[:] = mins
    return out


def lsh_band_keys(signature: npt.NDArray[np.uint32], bands: int = BANDS) -> list[int]:
    """One signed 64-bit key per band (fits a BigIntegerField); the band index is mixed in."""
    if signature.size % bands:
        raise ValueError(f"{signature.size} signature values do not split into {bands} bands")
    rows = signature.astype("<u4").reshape(bands, -1)
    keys = []
    for band, values in enumerate(rows):
        digest = hashlib.blake2b(values.tobytes(), digest_size=8, person=b"band%04d" % band)
        keys.append(int.from_bytes(digest.digest(), "little", signed=True))
    return keys


def estimate_jaccard(sig_a: npt.NDArray[np.uint32], sig_b: npt.NDArray[np.uint32]) -> float:
    """Fraction of agreeing signature slots: an unbiased estimate of shingle Jaccard."""
    if sig_a.shape != sig_b.shape:
        raise ValueError("signatures of different lengths")
    return float(np.mean(sig_a == sig_b))


def _token_hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")


def _mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64 finaliser: spreads every input bit over the whole word."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@functools.cache
def _permutations(num_perm: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    a.flags.writeable = False
    b.flags.writeable = False
    return a, b
