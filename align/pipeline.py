"""The whole pipeline, as the CLI and the app call it.

read → segment → encode and align → check fidelity, with a progress callback
``progress(stage, fraction)`` (stages: reading, segmenting, encoding,
aligning, checking) and one error type, :class:`~align.errors.InputError`,
for everything a user can fix.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from .aligner import AlignerConfig, align_sentences, score_beads
from .encoders import Encoder, load_encoder
from .errors import InputError
from .model import Alignment, Sentence

Progress = Callable[[str, float], None]

# Sentences a side may have: a book of a thousand pages.  Memory grows
# linearly with length, about 1.2 GB at this many sentences a side
# (bench/hostile_scale.py; README, "Limits"), and a 50 MB file, which the
# readers accept, can hold four times as many.
MAX_SENTENCES = 50_000


def _noop(stage: str, fraction: float) -> None:
    pass


def _languages(src_text: str, tgt_text: str, src_lang: str | None, tgt_lang: str | None,
               src_name: str, tgt_name: str) -> tuple[str, str, list[str]]:
    """Detected (or given) languages of both sides, and warnings for the
    reviewer; a pair that cannot be a translation is an :class:`InputError`."""
    from .language import check_pair, detect_language

    issues = check_pair(src_text, tgt_text)
    for issue in issues:
        if issue.severity == "error":
            raise InputError(f"{src_name} / {tgt_name}: {issue}")
    src_lang = src_lang or detect_language(src_text).code
    tgt_lang = tgt_lang or detect_language(tgt_text).code
    if src_lang == tgt_lang:
        raise InputError(
            f"{src_name} and {tgt_name} are both in the same language ({src_lang}): "
            "give the original and its translation"
        )
    return src_lang, tgt_lang, [str(issue) for issue in issues]


def segment(text: str, lang: str, presplit: bool,
            progress: Callable[[float], None] | None = None) -> list[Sentence]:
    from .segment import split_lines, split_sentences

    if presplit:
        return split_lines(text)
    return split_sentences(text, lang, progress)


def align_texts(
    src_text: str,
    tgt_text: str,
    *,
    presplit: bool = False,
    encoder: Encoder | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    check: bool = True,
    press: bool = True,
    glossary=None,
    progress: Progress | None = None,
    src_name: str = "the original",
    tgt_name: str = "the translation",
    config: AlignerConfig | None = None,
) -> Alignment:
    """Segment, align and (with ``check``) fidelity-check two texts."""
    progress = progress or _noop
    for text, name in ((src_text, src_name), (tgt_text, tgt_name)):
        if not text or not text.strip():
            raise InputError(f"{name} is empty: there is nothing to align")
    src_lang, tgt_lang, warnings = _languages(src_text, tgt_text, src_lang, tgt_lang, src_name, tgt_name)
    progress("segmenting", 0.0)
    # Each side's share of the segmenting is its share of the characters.
    src_share = len(src_text) / (len(src_text) + len(tgt_text))
    src = segment(src_text, src_lang, presplit, lambda f: progress("segmenting", src_share * f))
    tgt = segment(tgt_text, tgt_lang, presplit, lambda f: progress("segmenting", src_share + (1 - src_share) * f))
    for sentences, name in ((src, src_name), (tgt, tgt_name)):
        if not sentences:
            raise InputError(f"{name} has no sentences")
        if len(sentences) > MAX_SENTENCES:
            raise InputError(
                f"{name} has {len(sentences):,} sentences; at most {MAX_SENTENCES:,} a side can be aligned "
                "(memory grows with length): split the document into parts and align each part"
            )
    progress("segmenting", 1.0)
    encoder = encoder or load_encoder()
    alignment = align_sentences(
        src, tgt, encoder, src_lang=src_lang, tgt_lang=tgt_lang, press=press, config=config, progress=progress
    )
    alignment.meta.update({"src_name": src_name, "tgt_name": tgt_name, "warnings": warnings, "press": press})
    if check:
        progress("checking", 0.0)
        from .fidelity import check_alignment

        check_alignment(alignment, encoder, glossary=glossary, progress=lambda f: progress("checking", f))
    return alignment


def align_files(src_path: str | Path, tgt_path: str | Path, *, presplit: bool = False,
                progress: Progress | None = None, **options) -> Alignment:
    """Read two documents in any supported format and align them."""
    from .readers import read_document

    progress = progress or _noop
    progress("reading", 0.0)
    src_doc = read_document(src_path, presplit=presplit)
    tgt_doc = read_document(tgt_path, presplit=presplit)
    progress("reading", 1.0)
    alignment = align_texts(
        src_doc.text, tgt_doc.text, presplit=presplit, progress=progress,
        src_name=str(src_path), tgt_name=str(tgt_path), **options,
    )
    alignment.meta["warnings"] = list(src_doc.warnings) + list(tgt_doc.warnings) + alignment.meta["warnings"]
    return alignment


def rescore(alignment: Alignment, bead_indices: Sequence[int], encoder: Encoder | None = None,
            *, check: bool = True, glossary=None) -> None:
    """After a manual fix: re-score and re-check only the given beads."""
    encoder = encoder or load_encoder()
    score_beads(alignment, encoder, bead_indices)
    if check:
        from .fidelity import check_alignment

        check_alignment(alignment, encoder, glossary=glossary, bead_indices=list(bead_indices))
