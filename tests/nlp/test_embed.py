"""The ONNX sentence encoder: unit vectors, paraphrases closer than unrelated text, stable keys."""

import numpy as np
import pytest

from claims.nlp import embed

needs_extra = pytest.mark.skipif(
    not embed.available(),
    reason=embed.MISSING_EXTRA,
)

PARAPHRASES = [
    (
        "Kislyak had met twice with then-Senator Jeff Sessions.",
        "Sessions held two meetings with the Russian ambassador.",
    ),
    (
        "The storm knocked out power to 200,000 homes.",
        "Hundreds of thousands of households lost electricity in the storm.",
    ),
]
UNRELATED = "Shares fell 3 percent after the company missed earnings estimates."


@needs_extra
def test_embeddings_are_unit_vectors_of_the_model_size():
    vectors = embed.encoder().encode([a for a, _ in PARAPHRASES] + [UNRELATED, "x"])
    assert vectors.shape == (4, embed.DIM)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


@needs_extra
def test_paraphrase_is_closer_than_unrelated_text():
    enc = embed.encoder()
    for a, b in PARAPHRASES:
        va, vb, vu = enc.encode([a, b, UNRELATED])
        assert va @ vb > va @ vu + 0.2, (a, b)


@needs_extra
def test_a_text_gets_the_same_vector_whatever_it_is_encoded_with():
    texts = [UNRELATED, "short", PARAPHRASES[1][1], PARAPHRASES[0][0]]
    enc = embed.encoder()
    together = enc.encode(texts)
    alone = np.vstack([enc.encode([t]) for t in texts])
    # Cached vectors must not depend on which request embedded the text first.
    assert (together == alone).all()


@needs_extra
def test_long_text_is_truncated_not_rejected():
    vector = embed.encoder().encode(["word " * 2000])
    assert np.isfinite(vector).all()


def test_text_key_depends_on_text_and_model(monkeypatch):
    key = embed.text_key("a claim")
    assert key == embed.text_key("a claim") and len(key) == 64
    assert key != embed.text_key("a claim ")
    monkeypatch.setattr(embed, "MODEL_ID", "another-model")
    assert embed.text_key("a claim") != key
