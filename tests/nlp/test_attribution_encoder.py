"""The fine-tuned encoder's plumbing: windows over word pieces, features, the model switch."""

import numpy as np
import pytest

from claims.nlp.attribution import default_sentences, suggest_attributions
from claims.nlp.attribution.encoder import encoder_features
from claims.nlp.attribution.model import (
    ENCODER_MODEL,
    FAST_MODEL,
    LABELS,
    load_model,
    resolve_model_path,
    sequence_bounds,
)
from claims.nlp.attribution.tokens import tokenize

pytest.importorskip("tokenizers", reason="the encoder needs tokenizers (uv sync)")

TEXT = (
    "Harbor town news\n"
    "“The pier is safe,” Mayor Jane Doe told reporters on Tuesday.\n"
    "Officials familiar with the repairs said the work would take weeks."
)


def _tokens(text: str = TEXT):  # type: ignore[no-untyped-def]
    return tokenize(text, default_sentences(text))


def test_windows_cover_every_token_once_and_point_at_its_first_piece():
    from claims.nlp.attribution.encoder import CLS, SEP, PieceCache, windows

    tokens = _tokens()
    cache = PieceCache()
    found = list(windows(tokens, sequence_bounds(tokens), cache))
    covered = [k for w in found for k in w.token_indices]
    assert covered == list(range(len(tokens)))
    for w in found:
        assert w.ids[0] == CLS and w.ids[-1] == SEP
        # A paragraph is never split across windows unless it is too long.
        assert len({tokens[k].paragraph for k in w.token_indices}) == 1
        for position, k in zip(w.first_piece, w.token_indices, strict=True):
            assert w.ids[position] == cache.pieces([tokens[k].text])[0][0]


def test_a_long_paragraph_is_cut_into_windows_at_token_boundaries():
    from claims.nlp.attribution.encoder import WINDOW, PieceCache, windows

    text = " ".join(["reconstruction"] * 400)  # several pieces per word
    tokens = _tokens(text)
    found = list(windows(tokens, [(0, len(tokens))], PieceCache()))
    assert len(found) > 1
    assert all(len(w.ids) <= WINDOW for w in found)
    assert [k for w in found for k in w.token_indices] == list(range(len(tokens)))


def test_encoder_features_name_the_likely_labels_and_neighbours():
    probabilities = np.zeros((3, len(LABELS)), dtype=np.float32)
    probabilities[0, LABELS.index("B-S")] = 0.95
    probabilities[0, 0] = 0.05
    probabilities[1, LABELS.index("B-C")] = 0.55
    probabilities[1, 0] = 0.45
    probabilities[2, 0] = 1.0
    features = encoder_features(probabilities, LABELS, [0, 0, 1])
    assert "E=B-S" in features[0] and "E:B-S:h" in features[0]
    assert "E:B-C:l" in features[1] and "E:O:l" in features[1]
    assert "E+1=B-S|B-C" in features[0] and "E-1=B-S|B-C" in features[1]
    # The third token is in another paragraph: no neighbour features across it.
    assert not any(f.startswith("E-1") for f in features[2])
    assert encoder_features(np.zeros((0, 0)), LABELS, []) == []


def test_model_names_resolve_to_files():
    assert resolve_model_path("fast") == FAST_MODEL
    assert resolve_model_path("encoder") == ENCODER_MODEL
    assert resolve_model_path(None) in (FAST_MODEL, ENCODER_MODEL)


def test_the_fast_model_has_no_encoder_and_both_models_suggest():
    assert load_model("fast").encoder is None
    assert load_model("fast").name == "fast"
    for name in ("fast", "encoder"):
        if name == "encoder" and not ENCODER_MODEL.exists():
            continue
        model = load_model(name)
        found = suggest_attributions(TEXT, model=model)
        assert any(TEXT[s.cue[0] : s.cue[1]] == "told" for s in found), name


def test_the_word_piece_cache_is_bounded(monkeypatch):
    from claims.nlp.attribution import encoder

    monkeypatch.setattr(encoder, "MAX_CACHED_WORDS", 3)
    cache = encoder.PieceCache()
    cache.pieces(["alpha", "beta", "gamma"])
    assert len(cache.cache) == 3
    assert cache.pieces(["delta"])[0]  # still answers
    assert len(cache.cache) == 1  # cleared before growing past the bound
