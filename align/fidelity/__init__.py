"""Fidelity checks: is each aligned rendering faithful?

Owns running the check families on an :class:`~align.model.Alignment` and
attaching :class:`~align.model.FidelityFlag` objects to its beads:

* ``coverage`` — omission (1-0) and addition (0-1) beads, runs grouped;
* ``semantic`` — meaning drift, partial omission, negation, quotes (embeddings);
* ``numbers``, ``dates``, ``names`` — facts that must survive translation;
* ``glossary`` — a user's required renderings and consistent renderings.

The meaning and fact checks propose candidate flags with their evidence;
``calibration`` turns each into a confidence and a severity (see there).

Flag kinds are stable strings the app filters on (:data:`KINDS`).  With the
press conventions available (``align.press``), English is compared through
``press.scoring_text`` so that an editor's bracketed "[Iraqi]" or footnote
marker is not a mismatch.
"""
from __future__ import annotations

from typing import Callable, Literal

from ..model import Alignment, FidelityFlag, Span
from ..press import scoring_text
from .calibration import CalibrationModel, calibrate
from .coverage import check_coverage
from .dates import check_dates
from .glossary import Glossary, check_consistency, check_glossary, load_glossary
from .names import DocumentNames, check_names, en_skeleton, is_exonym, similarity
from .numbers import check_numbers
from .report import DocumentSummary, format_text_report, summarize
from .semantic import SemanticChecker

# A check's own claim, as evidence: a changed number or month (two parsed
# values that differ) proposes an error, a missing one a warning, a name
# the matcher does not recognise only context.
PROPOSED = {"error": 2, "warning": 1, "info": 0}
KINDS = ("omission", "addition", "drift", "partial_omission", "number", "date", "name", "quote", "glossary")

__all__ = ["KINDS", "check_alignment", "load_glossary", "Glossary", "summarize", "DocumentSummary",
           "format_text_report"]


def _scoring(text: str, press: bool) -> str:
    if press and text:
        return scoring_text(text)
    return text


def check_alignment(
    alignment: Alignment,
    encoder=None,
    *,
    glossary: Glossary | None = None,
    bead_indices=None,
    press: bool = True,
    calibration: CalibrationModel | Literal[False] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Alignment:
    """Fill ``bead.flags`` of ``alignment`` in place and return it.

    Flags of the kinds in :data:`KINDS` are replaced; others (``editorial``
    from the press layer) are kept.  With ``bead_indices`` only those beads
    are re-checked; document statistics still use the whole document.
    ``encoder`` defaults to :func:`align.encoders.load_encoder`, loaded only
    when there is a pair to judge.  ``calibration`` is the model that judges
    the candidates (default: the shipped one); ``False`` leaves them as the
    checks proposed them, with their evidence, for fitting a model.
    ``progress(fraction)`` is told how far the checks are, in [0, 1].
    """
    progress = progress or (lambda fraction: None)
    beads = alignment.beads
    targets = sorted(set(range(len(beads)) if bead_indices is None else (int(i) for i in bead_indices)))
    for k in targets:
        if not 0 <= k < len(beads):
            raise IndexError(f"bead index {k} out of range (the alignment has {len(beads)} beads)")
    src = [alignment.src_text(b) for b in beads]
    tgt = [alignment.tgt_text(b) for b in beads]
    scoring = [_scoring(t, press) for t in tgt]
    is_pair = [b.kind == "pair" for b in beads]
    new: dict[int, list[FidelityFlag]] = {k: [] for k in targets}

    def add(found: dict[int, list[FidelityFlag]]) -> None:
        for k, flags in found.items():
            if k in new:
                new[k].extend(flags)

    add(check_coverage(alignment))

    pairs = {k: (src[k], scoring[k], tgt[k]) for k in range(len(beads)) if is_pair[k] and src[k].strip() and scoring[k].strip()}
    pair_targets = [k for k in targets if k in pairs]
    pair_evidence: dict[int, dict] = {}
    if pair_targets:
        if encoder is None:
            from ..encoders import load_encoder

            encoder = load_encoder()
        semantic = SemanticChecker(encoder, pairs, _standalone(alignment))
        progress(0.3)
        add(semantic.check(pair_targets))
        pair_evidence = semantic.evidence
    progress(0.5)

    for k in pair_targets:
        new[k].extend(_remap(check_numbers(src[k], tgt[k], scoring[k]), tgt[k]))
        new[k].extend(check_dates(src[k], tgt[k]))
        if glossary is not None:
            new[k].extend(check_glossary(glossary, src[k], tgt[k]))

    progress(0.6)
    name_src = [src[k] if is_pair[k] else "" for k in range(len(beads))]
    name_tgt = [tgt[k] if is_pair[k] else "" for k in range(len(beads))]
    document = DocumentNames.from_texts(scoring)
    name_flags, matched = check_names(name_src, [scoring[k] if is_pair[k] else "" for k in range(len(beads))],
                                      document, list(range(len(beads))))
    add({k: _remap(v, name_tgt[k], scoring[k]) for k, v in name_flags.items()})
    renderings: dict[str, list] = {}
    for k, hits in matched.items():
        for name, (start, end) in hits:
            if is_exonym(name):
                continue
            arabic = _arabic_name_key(name_src[k][start:end])
            span = Span("tgt", name.start, name.end, name.text)
            _remap_spans([span], name_tgt[k], scoring[k])
            renderings.setdefault(arabic, []).append((k, name.text, span))
    add(check_consistency(renderings, same_term=_spelling_variants))
    progress(0.9)

    for k in targets:
        found = _dedupe(new[k])
        checks = {f.evidence["check"] for f in found if f.evidence.get("check")}
        for flag in found:
            if flag.evidence.get("check"):
                flag.evidence = {**pair_evidence.get(k, {}), **flag.evidence,
                                 "others": float(len(checks - {flag.evidence["check"]})),
                                 "proposed": float(PROPOSED[flag.severity])}
        if calibration is not False:
            found = calibrate(found, calibration if isinstance(calibration, CalibrationModel) else None)
        keep = [f for f in beads[k].flags if f.kind not in KINDS]
        beads[k].flags = keep + found
    progress(1.0)
    return alignment


def _standalone(alignment: Alignment) -> set[int]:
    """Beads whose English is the first line or a whole one-line paragraph."""
    paragraphs: dict[int, int] = {}
    for sentence in alignment.tgt:
        paragraphs[sentence.paragraph] = paragraphs.get(sentence.paragraph, 0) + 1
    out = set()
    for k, bead in enumerate(alignment.beads):
        if not bead.tgt:
            continue
        first = min(bead.tgt)
        if first == 0 or len(paragraphs) > 1 and len(bead.tgt) == paragraphs[alignment.tgt[first].paragraph]:
            out.add(k)
    return out


def _spelling_variants(a: str, b: str) -> bool:
    """Two English spellings of one name (Mohammadawi / Muhammadawi), not two
    names the matcher happened to tie to the same Arabic word."""
    if a.startswith(b[:-1]) or b.startswith(a[:-1]) or a[:4] == b[:4] and len(a) != len(b):
        return False  # Korea/Korean, Turkey/Turkish: derived words, not spellings
    return similarity(en_skeleton(a), en_skeleton(b)) >= 0.75


def _arabic_name_key(text: str) -> str:
    from ..normalize import normalize_arabic

    key = normalize_arabic(text)
    for prefix in ("وال", "بال", "ال", "و", "ب", "ل"):
        if key.startswith(prefix) and len(key) - len(prefix) >= 3:
            return key[len(prefix):]
    return key


def _remap(flags: list[FidelityFlag], display: str, scoring: str | None = None) -> list[FidelityFlag]:
    """The flags, their English spans moved from the scoring text onto the displayed text."""
    for flag in flags:
        _remap_spans(flag.spans, display, scoring)
    return flags


def _remap_spans(spans: list[Span], display: str, scoring: str | None) -> None:
    """Move English spans found in the scoring text onto the displayed text
    (the press layer removes brackets and frames, which shifts offsets)."""
    if scoring is None or scoring == display:
        return
    for span in spans:
        if span.side != "tgt":
            continue
        pos = display.find(span.text)
        if pos >= 0:
            span.start, span.end = pos, pos + len(span.text)


def _dedupe(flags: list[FidelityFlag]) -> list[FidelityFlag]:
    seen, out = set(), []
    for f in flags:
        key = (f.kind, f.reason)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
