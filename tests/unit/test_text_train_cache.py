"""Rebuilding the sentiment head after adding corpus lines embeds only the new lines: the vectors of lines
embedded before come from the cache file, equal to a fresh embedding, and the file grows by the new ones."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from steward.analytics.text.encoder import DIM, encoder
from steward.analytics.text.train_sentiment import embed_cached


def test_the_cache_embeds_each_line_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "vectors.npz"
    first = embed_cached(["The renewal went smoothly.", "Support  never answers."], cache)
    engine = encoder()
    embedded: list[str] = []
    real_embed = engine.embed

    def counting(texts: list[str], progress: object = None) -> np.ndarray:
        embedded.extend(texts)
        return real_embed(texts)

    monkeypatch.setattr(engine, "embed", counting)
    again = embed_cached(
        ["Support never answers.", "The renewal went smoothly.", "Prices went up again."], cache
    )
    assert embedded == ["Prices went up again."]  # whitespace is normalised as the encoder does
    np.testing.assert_allclose(again[:2], first[::-1], atol=1e-6)
    with np.load(cache) as data:
        assert len(data["texts"]) == 3
    assert embed_cached([], cache).shape == (0, DIM)
    assert not embed_cached([" "], cache).any()  # an empty text is a zero vector, as the encoder gives
