"""Distributional word clusters learned from the training texts (no external data).

Brown clusters are not available, so we build a cheap stand-in: each frequent word is
described by the words seen just left and right of it and within two tokens (positive PMI),
reduced with a truncated SVD and grouped with k-means at three granularities. Words that
behave alike ("said"/"added"/"argued", "Trump"/"Clinton") share cluster ids, which lets the
CRF generalise to cue verbs and names it saw rarely.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .tokens import word_spans

GRANULARITIES = (32, 128, 512)


def build_clusters(
    texts: Iterable[str], *, seed: int = 0, min_count: int = 5, contexts: int = 1500
) -> dict[str, list[int]]:
    """word (lower-cased) -> one cluster id per granularity."""
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    docs = [[text[s:e].lower() for s, e in word_spans(text)] for text in texts]
    counts = Counter(w for doc in docs for w in doc)
    vocab = sorted(w for w, c in counts.items() if c >= min_count)
    index = {w: i for i, w in enumerate(vocab)}
    context_words = [w for w, _ in counts.most_common(contexts)]
    cindex = {w: i for i, w in enumerate(context_words)}
    rows: list[int] = []
    cols: list[int] = []
    for doc in docs:
        for position, word in enumerate(doc):
            row = index.get(word)
            if row is None:
                continue
            for offset, block in ((-1, 0), (1, 1), (-2, 2), (2, 2)):
                j = position + offset
                if 0 <= j < len(doc):
                    col = cindex.get(doc[j])
                    if col is not None:
                        rows.append(row)
                        cols.append(block * contexts + col)
    matrix = sparse.coo_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(vocab), 3 * contexts)
    ).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col] + 1e-12))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    if min(ppmi.shape) < 3:
        return {}  # a toy corpus: nothing to cluster
    components = min(100, min(ppmi.shape) - 1)
    vectors = TruncatedSVD(n_components=components, random_state=seed).fit_transform(ppmi)
    vectors = normalize(vectors)
    ids = []
    for k in GRANULARITIES:
        clusters = min(k, len(vocab))
        km = MiniBatchKMeans(n_clusters=clusters, random_state=seed, n_init=3, batch_size=4096)
        ids.append(km.fit_predict(vectors))
    return {w: [int(c[i]) for c in ids] for i, w in enumerate(vocab)}


def cluster_features(clusters: Mapping[str, Sequence[int]], lower: str) -> list[str]:
    found = clusters.get(lower)
    if found is None:
        return []
    return [f"c{k}={c}" for k, c in zip(GRANULARITIES, found, strict=True)]
