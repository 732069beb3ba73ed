"""An on-disk embedding cache keyed by model name and sentence text.

One SQLite file per cache folder; each row is the float32 vector of one
(model, text) pair, keyed by a SHA-256 digest.  Only texts not yet in the
cache are sent to the wrapped encoder.  Without a folder the database lives
in memory for the process: nothing touches the disk, yet a job that encodes
a sentence twice (to align, then to check) still pays once.
"""
from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from . import Encoder


_BUSY_SECONDS = 30


def _wal(db: sqlite3.Connection) -> None:
    """Switch a cache file to write-ahead logging (readers and one writer at
    once: the workers of a host share the file).  The switch needs the file
    to itself and SQLite's busy timeout does not wait for it, so two
    processes opening a new cache at the same moment would see "database is
    locked"; wait and retry, as the timeout would."""
    deadline = time.monotonic() + _BUSY_SECONDS
    delay = 0.01
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(0.5, delay * 2)


class CachedEncoder:
    def __init__(self, encoder: Encoder, folder: Path | None):
        self.encoder = encoder
        self.name = encoder.name
        self.dim = encoder.dim
        self.hits = 0
        self.misses = 0
        if folder is None:
            self.path = None
            self._db = sqlite3.connect(":memory:", check_same_thread=False)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            self.path = folder / "embeddings.sqlite"
            self._db = sqlite3.connect(self.path, timeout=_BUSY_SECONDS, check_same_thread=False)
            _wal(self._db)
        self._db.execute("CREATE TABLE IF NOT EXISTS embedding (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")

    def _key(self, text: str) -> bytes:
        return hashlib.sha256(f"{self.name}\x00{text}".encode("utf-8")).digest()

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        keys = [self._key(s) for s in sentences]
        found: dict[bytes, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            batch = unique[start : start + 500]
            rows = self._db.execute(
                f"SELECT key, vector FROM embedding WHERE key IN ({','.join('?' * len(batch))})", batch
            )
            for key, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape[0] == self.dim:
                    found[key] = vector
        missing = {}
        for key, text in zip(keys, sentences):
            if key not in found:
                missing.setdefault(key, text)
        self.hits += len(keys) - sum(1 for k in keys if k in missing)
        self.misses += len(missing)
        if missing:
            vectors = self.encoder.encode(list(missing.values()))
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO embedding (key, vector) VALUES (?, ?)",
                    [(k, v.astype(np.float32).tobytes()) for k, v in zip(missing, vectors)],
                )
            found.update(zip(missing, vectors))
        out = np.zeros((len(keys), self.dim), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = found[key]
        return out

    def close(self) -> None:
        self._db.close()
        close = getattr(self.encoder, "close", None)
        if close:
            close()
