"""The figures a review report shows: coverage, bead kinds, flags, verdicts.

Coverage comes from :func:`align.fidelity.summarize` when it is given (or
importable), so that a report and the CLI never disagree; only when the
fidelity layer is absent are the sentence and character counts taken from
the bead kinds here.  A summary object is read by attribute; the names used
are those of :class:`Figures` (missing ones fall back to the bead count).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields

from align.model import Alignment

_COVERAGE = (
    "src_sentences", "src_sentences_translated", "src_sentences_omitted",
    "src_chars", "src_chars_translated", "src_chars_omitted",
    "tgt_sentences", "tgt_sentences_added", "tgt_sentences_editorial",
)  # fmt: skip


@dataclass
class Figures:
    src_sentences: int = 0
    src_sentences_translated: int = 0
    src_sentences_omitted: int = 0
    src_chars: int = 0
    src_chars_translated: int = 0
    src_chars_omitted: int = 0
    tgt_sentences: int = 0
    tgt_sentences_added: int = 0
    tgt_sentences_editorial: int = 0
    kinds: Counter = field(default_factory=Counter)
    severities: Counter = field(default_factory=Counter)
    flag_kinds: Counter = field(default_factory=Counter)
    verdicts: Counter = field(default_factory=Counter)

    @property
    def translated_share(self) -> float:
        """Share of source characters that lie in paired beads."""
        return self.src_chars_translated / self.src_chars if self.src_chars else 0.0

    @property
    def omitted_share(self) -> float:
        return self.src_chars_omitted / self.src_chars if self.src_chars else 0.0


def report_figures(alignment: Alignment, summary=None) -> Figures:
    figures = _count(alignment)
    if summary is None:
        try:
            from align.fidelity import summarize
        except ImportError:
            summarize = None
        if summarize is not None:
            summary = summarize(alignment)
    if summary is not None:
        for name in _COVERAGE:
            value = getattr(summary, name, None)
            if isinstance(value, (int, float)):
                setattr(figures, name, int(value))
    return figures


def _count(alignment: Alignment) -> Figures:
    f = Figures(src_sentences=len(alignment.src), tgt_sentences=len(alignment.tgt))
    for bead in alignment.beads:
        kind = bead.kind
        f.kinds[kind] += 1
        chars = sum(len(alignment.src[i].text) for i in bead.src)
        f.src_chars += chars
        if kind == "pair":
            f.src_sentences_translated += len(bead.src)
            f.src_chars_translated += chars
        elif kind == "omission":
            f.src_sentences_omitted += len(bead.src)
            f.src_chars_omitted += chars
        elif kind == "addition":
            f.tgt_sentences_added += len(bead.tgt)
        elif kind == "editorial":
            f.tgt_sentences_editorial += len(bead.tgt)
        for flag in bead.flags:
            f.severities[flag.severity] += 1
            f.flag_kinds[flag.kind] += 1
        f.verdicts[bead.verdict or "unreviewed"] += 1
    return f


def coverage_rows(figures: Figures) -> list[tuple[str, object]]:
    """Label/value rows for a summary table."""
    labels = {name.name: name.name.replace("_", " ") for name in fields(Figures)}
    return [(labels[name], getattr(figures, name)) for name in _COVERAGE]
