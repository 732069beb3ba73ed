"""What a worker does with one document: align (and check) a pair and
render its output, or read, segment and encode one side for pairing by
content.

Both run inside Dask worker processes.  Each process loads the encoder
once, on its first document, and keeps it (:func:`process_encoder`); the
embedding cache on disk (``$MUQABALA_CACHE``) is shared by every worker of
a host, so the sentences encoded for pairing are not encoded again to
align.  A document a user can fix (unreadable, empty side, same language on
both sides) comes back as a failed result with the message; only a worker
that dies is the scheduler's business (it reschedules the document).
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ..encoders import Encoder, EncoderUnavailable, load_encoder
from ..errors import InputError
from ..model import SchemaError

#: At most this many sentences of a document (evenly spaced) are kept for
#: the order-aware pairing score: ~24 KB a document in float16.
PAIRING_SENTENCES = 32

_ENCODERS: dict[tuple[str | None, bool], Encoder] = {}
_GLOSSARIES: dict[str, object] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class AlignOptions:
    """Everything that shapes a document's output (and so its manifest
    settings digest)."""

    fmt: str = "jsonl"
    presplit: bool = False
    model: str | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None
    press: bool = True
    check: bool = False
    glossary: str | None = None
    cache: bool = True

    def settings_digest(self, glossary_digest: str = "") -> str:
        values = {**asdict(self), "glossary": glossary_digest, "cache": None}  # the cache does not change outputs
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class DocumentTask:
    name: str  # the output's name: the original's file name
    original: str
    translation: str
    options: AlignOptions


@dataclass
class DocumentResult:
    name: str
    status: str  # "done" or "failed"
    output: bytes = b""
    jsonl: str = ""
    sentences: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the worker process's CPU time: below ``seconds`` when it waited for a core
    figures: dict = field(default_factory=dict)
    error: str = ""


@dataclass
class Signature:
    """One document, as pairing by content sees it."""

    name: str
    path: str
    vector: np.ndarray | None = None  # mean of the sentence embeddings, L2-normalised
    sentences: np.ndarray | None = None  # up to PAIRING_SENTENCES rows, in document order, float16
    count: int = 0  # sentences in the document
    seconds: float = 0.0
    error: str = ""


def process_encoder(model: str | None, cache: bool) -> Encoder:
    """This process's encoder for ``model``, loaded on first use.  One
    thread: a worker process is one core's worth of work."""
    key = (model, cache)
    with _LOCK:
        if key not in _ENCODERS:
            _ENCODERS[key] = load_encoder(model, cache=True if cache else None, workers=1)
        return _ENCODERS[key]


def _process_glossary(path: str | None):
    if not path:
        return None
    with _LOCK:
        if path not in _GLOSSARIES:
            from ..fidelity import load_glossary

            _GLOSSARIES[path] = load_glossary(Path(path))
        return _GLOSSARIES[path]


def _user_error(exc: Exception) -> str:
    if isinstance(exc, (InputError, SchemaError, EncoderUnavailable)):
        return str(exc)
    return f"internal error ({type(exc).__name__}: {exc})"


def document_figures(alignment) -> dict:
    """The corpus report's figures of one alignment."""
    from ..fidelity.report import summarize

    s = summarize(alignment)
    return {
        "src_sentences": s.src_sentences, "tgt_sentences": s.tgt_sentences, "coverage": round(s.coverage, 4),
        "omitted_sentences": s.omitted_sentences, "added_sentences": s.added_sentences,
        "editorial_lines": s.editorial_lines, "beads": s.beads, "flagged_beads": s.flagged_beads,
        "flags_by_kind": s.flags_by_kind, "flags_by_severity": s.flags_by_severity,
        "reviewed_beads": s.beads - s.verdicts.get("unreviewed", 0),
        "src_chars": s.src_chars, "translated_chars": s.translated_chars,
    }  # fmt: skip


def align_document(task: DocumentTask) -> DocumentResult:
    """Align one pair and render its output; a user-fixable problem is a
    failed result, never an exception."""
    from ..formats import render
    from ..pipeline import align_files

    options, start, cpu_start = task.options, time.perf_counter(), time.process_time()
    try:
        alignment = align_files(
            task.original, task.translation, presplit=options.presplit,
            encoder=process_encoder(options.model, options.cache), src_lang=options.src_lang,
            tgt_lang=options.tgt_lang, check=options.check, press=options.press,
            glossary=_process_glossary(options.glossary),
        )  # fmt: skip
        data, _ = render(alignment, options.fmt)
    except Exception as exc:  # one broken document must not stop the batch
        return DocumentResult(task.name, "failed", seconds=time.perf_counter() - start,
                              cpu_seconds=time.process_time() - cpu_start, error=_user_error(exc))
    return DocumentResult(
        task.name, "done", output=data.encode("utf-8") if isinstance(data, str) else data,
        jsonl=alignment.to_jsonl(), sentences=len(alignment.src) + len(alignment.tgt),
        seconds=time.perf_counter() - start, cpu_seconds=time.process_time() - cpu_start,
        figures=document_figures(alignment),
    )  # fmt: skip


def document_signature(name: str, path: str, options: AlignOptions, lang: str | None) -> Signature:
    """Read, segment and encode one document as the alignment will (same
    language detection, same sentences, so the cached embeddings serve it)."""
    from ..language import detect_language
    from ..pipeline import segment
    from ..readers import read_document

    start = time.perf_counter()
    try:
        text = read_document(path, presplit=options.presplit).text
        if not text.strip():
            raise InputError(f"{path} is empty")
        sentences = segment(text, lang or detect_language(text).code, options.presplit)
        if not sentences:
            raise InputError(f"{path} has no sentences")
        vectors = process_encoder(options.model, options.cache).encode([s.text for s in sentences])
    except Exception as exc:
        return Signature(name, path, seconds=time.perf_counter() - start, error=_user_error(exc))
    mean = vectors.mean(axis=0)
    keep = np.unique(np.linspace(0, len(vectors) - 1, min(len(vectors), PAIRING_SENTENCES)).round().astype(int))
    return Signature(
        name, path, vector=(mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32),
        sentences=vectors[keep].astype(np.float16), count=len(vectors), seconds=time.perf_counter() - start,
    )  # fmt: skip
