"""The data model every layer shares, and its JSONL bead schema.

A document pair is read into two lists of :class:`Sentence`; the aligner
groups them into :class:`Bead` objects (1-1, many-to-many, omissions 1-0 and
additions 0-1); the fidelity checks attach :class:`FidelityFlag` objects; a
reviewer attaches a verdict and a comment.  An :class:`Alignment` holds all
of it and is what the exporters, the review store and the app consume.

The JSONL schema (one bead per line, in document order) is the exchange
format between the CLI, the app and the exporters::

    {"src": [0, 1], "tgt": [2], "src_text": "…", "tgt_text": "…",
     "score": 0.87, "flags": [{"kind": "number", "severity": "error",
     "reason": "…", "confidence": 0.93, "spans": [{"side": "tgt",
     "start": 4, "end": 6, "text": "12"}]}], "kind": "pair",
     "src_sentences": ["…", "…"], "tgt_sentences": ["…"],
     "verdict": null, "comment": "", "reviewer": "", "reviewed_at": ""}

``src``/``tgt`` are 0-based sentence indices (input line numbers with
``--presplit``); ``src_text``/``tgt_text`` are the sentences of the side
joined by one space; ``src_sentences``/``tgt_sentences`` keep them apart so
that an alignment can be rebuilt exactly from its JSONL.  Readers accept lines
that carry only the first six keys.  A flag's ``confidence`` is the
calibrated probability that the pair really has that problem (absent for
context flags that make no claim, such as ``editorial``).

Reasons quote document text inside Unicode bidi isolates (U+2068 FIRST
STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE, see :func:`isolate_bidi`),
so an Arabic excerpt inside an English sentence keeps its characters in
order; an HTML renderer turns each isolate into ``<bdi>``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Iterator, Sequence

SEVERITIES = ("error", "warning", "info")
VERDICTS = ("ok", "needs_fix")
SIDES = ("src", "tgt")


FSI, PDI = "\u2068", "\u2069"


def isolate_bidi(text: str) -> str:
    """``text`` inside a first-strong bidi isolate, for quoting it in a reason.

    Isolate controls already in ``text`` are dropped first, so a quote can
    never close the isolate around it early or leave one open.
    """
    return FSI + text.replace(FSI, "").replace(PDI, "") + PDI


class SchemaError(ValueError):
    """A bead line or an alignment breaks the schema or its invariants."""


@dataclass
class Sentence:
    """One sentence as the reviewer sees it (``text`` is kept byte-exact)."""

    text: str
    paragraph: int = 0


@dataclass
class Span:
    """A stretch of one side's bead text (offsets into ``src_text``/``tgt_text``)."""

    side: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"side": self.side, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict) -> "Span":
        return cls(side=d["side"], start=int(d["start"]), end=int(d["end"]), text=d.get("text", ""))


@dataclass
class FidelityFlag:
    """A problem (or, with severity ``info``, context) a reviewer should see."""

    kind: str
    severity: str
    reason: str
    spans: list[Span] = field(default_factory=list)
    # The calibrated probability that the problem is real; None for flags
    # that are rule outcomes (coverage, glossary) or context (editorial).
    confidence: float | None = None
    # What the check measured (``check``: which test raised the flag, and
    # its figures), for the calibration layer; not part of the schema.
    evidence: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise SchemaError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")
        if self.confidence is not None:
            confidence = float(self.confidence)
            if not 0.0 <= confidence <= 1.0:  # also refuses NaN
                raise SchemaError(f"confidence must be in [0, 1], not {self.confidence!r}")
            self.confidence = confidence

    def to_dict(self) -> dict:
        d = {"kind": self.kind, "severity": self.severity, "reason": self.reason}
        if self.confidence is not None:
            d["confidence"] = round(self.confidence, 4)
        if self.spans:
            d["spans"] = [s.to_dict() for s in self.spans]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "FidelityFlag":
        return cls(
            kind=d["kind"],
            severity=d["severity"],
            reason=d.get("reason", ""),
            spans=[Span.from_dict(s) for s in d.get("spans", [])],
            confidence=d.get("confidence"),
        )


@dataclass
class Bead:
    """A group of source sentences rendered by a group of target sentences.

    ``src`` and ``tgt`` are sorted runs of consecutive indices; one of them
    may be empty (an omission has no target, an addition no source).
    ``score`` is the aligner's confidence in the bead, in [0, 1].
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0
    flags: list[FidelityFlag] = field(default_factory=list)
    verdict: str | None = None
    comment: str = ""
    reviewer: str = ""
    reviewed_at: str = ""

    def __post_init__(self) -> None:
        self.src = tuple(int(i) for i in self.src)
        self.tgt = tuple(int(j) for j in self.tgt)
        if self.verdict is not None and self.verdict not in VERDICTS:
            raise SchemaError(f"verdict must be one of {VERDICTS} or null, not {self.verdict!r}")

    @property
    def kind(self) -> str:
        """``pair``, ``omission`` (1-0), ``addition`` (0-1) or ``editorial``.

        An editorial bead is target text with no source that the press
        conventions recognise as the editor's apparatus (an ``editorial`` flag).
        """
        if not self.tgt:
            return "omission"
        if not self.src:
            if any(f.kind == "editorial" for f in self.flags):
                return "editorial"
            return "addition"
        return "pair"

    @property
    def shape(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def flagged(self) -> bool:
        """Whether the bead carries a problem: a warning or an error (``info`` is context)."""
        return any(f.severity != "info" for f in self.flags)

    @property
    def worst_severity(self) -> str | None:
        for severity in SEVERITIES:
            if any(f.severity == severity for f in self.flags):
                return severity
        return None

    def to_gold(self) -> str:
        """The bead in the Vecalign/Bertalign gold format: ``[0, 1]:[2]``."""
        return f"{list(self.src)}:{list(self.tgt)}"


@dataclass
class Alignment:
    """Two segmented documents and the beads that align them, in order."""

    src: list[Sentence]
    tgt: list[Sentence]
    beads: list[Bead]
    src_lang: str = "ar"
    tgt_lang: str = "en"
    meta: dict = field(default_factory=dict)

    def side_text(self, bead: Bead, side: str) -> str:
        sentences, indices = (self.src, bead.src) if side == "src" else (self.tgt, bead.tgt)
        return " ".join(sentences[i].text for i in indices)

    def src_text(self, bead: Bead) -> str:
        return self.side_text(bead, "src")

    def tgt_text(self, bead: Bead) -> str:
        return self.side_text(bead, "tgt")

    def run_around(self, index: int) -> range:
        """The maximal run of consecutive beads of bead ``index``'s kind
        (e.g. the stretch of omissions a reviewer accepts in one go)."""
        kind = self.beads[index].kind
        start, stop = index, index + 1
        while start > 0 and self.beads[start - 1].kind == kind:
            start -= 1
        while stop < len(self.beads) and self.beads[stop].kind == kind:
            stop += 1
        return range(start, stop)

    def validate(self) -> None:
        """Raise :class:`SchemaError` unless every sentence of each side lies
        in exactly one bead, beads are runs of consecutive indices, no bead is
        empty on both sides, and the order is monotone on both sides."""
        for side, sentences in (("src", self.src), ("tgt", self.tgt)):
            expected = 0
            for number, bead in enumerate(self.beads):
                indices = getattr(bead, side)
                for i in indices:
                    if i != expected:
                        raise SchemaError(
                            f"bead {number} ({bead.to_gold()}): {side} sentence {expected} "
                            f"expected next, found {i}"
                        )
                    expected += 1
            if expected != len(sentences):
                raise SchemaError(f"{side}: beads cover {expected} of {len(sentences)} sentences")
        for number, bead in enumerate(self.beads):
            if not bead.src and not bead.tgt:
                raise SchemaError(f"bead {number} is empty on both sides")

    def bead_dict(self, bead: Bead) -> dict:
        """One bead in the JSONL schema (see the module docstring)."""
        return {
            "src": list(bead.src),
            "tgt": list(bead.tgt),
            "src_text": self.src_text(bead),
            "tgt_text": self.tgt_text(bead),
            "score": round(float(bead.score), 4),
            "flags": [f.to_dict() for f in bead.flags],
            "kind": bead.kind,
            "src_sentences": [self.src[i].text for i in bead.src],
            "tgt_sentences": [self.tgt[j].text for j in bead.tgt],
            "verdict": bead.verdict,
            "comment": bead.comment,
            "reviewer": bead.reviewer,
            "reviewed_at": bead.reviewed_at,
        }

    def iter_jsonl(self) -> Iterator[str]:
        for bead in self.beads:
            yield json.dumps(self.bead_dict(bead), ensure_ascii=False)

    def write_jsonl(self, out: IO[str]) -> None:
        for line in self.iter_jsonl():
            out.write(line + "\n")

    def to_jsonl(self) -> str:
        return "".join(line + "\n" for line in self.iter_jsonl())

    @classmethod
    def from_bead_dicts(
        cls, records: Iterable[dict], src_lang: str = "ar", tgt_lang: str = "en", meta: dict | None = None
    ) -> "Alignment":
        """Rebuild an alignment from bead records in the JSONL schema.

        Sentences are taken from ``src_sentences``/``tgt_sentences`` when
        present; otherwise a one-sentence side is taken from its ``*_text``
        and a many-sentence side without its sentences is a schema error.
        """
        src: dict[int, Sentence] = {}
        tgt: dict[int, Sentence] = {}
        beads = []
        for number, rec in enumerate(records, 1):
            try:
                bead = Bead(
                    src=rec["src"],
                    tgt=rec["tgt"],
                    score=float(rec.get("score") or 0.0),
                    flags=[FidelityFlag.from_dict(f) for f in rec.get("flags") or []],
                    verdict=rec.get("verdict"),
                    comment=rec.get("comment") or "",
                    reviewer=rec.get("reviewer") or "",
                    reviewed_at=rec.get("reviewed_at") or "",
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise SchemaError(f"bead {number}: {exc}") from None
            for side, store in (("src", src), ("tgt", tgt)):
                indices = getattr(bead, side)
                texts = rec.get(f"{side}_sentences")
                if texts is None:
                    if len(indices) > 1:
                        raise SchemaError(
                            f"bead {number}: {side} has {len(indices)} sentences but no {side}_sentences"
                        )
                    texts = [rec.get(f"{side}_text", "")] if indices else []
                if len(texts) != len(indices):
                    raise SchemaError(f"bead {number}: {len(indices)} {side} indices, {len(texts)} sentences")
                for i, text in zip(indices, texts):
                    store[i] = Sentence(text)
            beads.append(bead)
        alignment = cls(
            src=[src[i] for i in sorted(src)],
            tgt=[tgt[j] for j in sorted(tgt)],
            beads=beads,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            meta=dict(meta or {}),
        )
        alignment.validate()
        return alignment

    @classmethod
    def read_jsonl(cls, path: str | Path, **kwargs) -> "Alignment":
        records = []
        with open(path, encoding="utf-8-sig") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SchemaError(f"{path}, line {lineno}: not JSON ({exc.msg})") from None
        return cls.from_bead_dicts(records, **kwargs)


def gold_beads(alignment: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The alignment as ``(src_tuple, tgt_tuple)`` pairs, as ``score.py`` reads them."""
    return [(b.src, b.tgt) for b in alignment.beads]


def beads_from_pairs(pairs: Sequence[tuple[Sequence[int], Sequence[int]]]) -> list[Bead]:
    return [Bead(src=tuple(s), tgt=tuple(t)) for s, t in pairs]
