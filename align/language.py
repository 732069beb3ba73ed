"""Offline language detection for each side of a pair, and the pair check.

Owns :func:`detect_language` (the script census of :mod:`align.normalize`
separates Arabic-script from Latin-script text; ``py3langid`` names the
language within a script) and :func:`check_pair`, which warns about a
swapped pair, the same language on both sides, or a side with no text.

How the pipeline should treat :func:`check_pair`'s findings: each is a
:class:`PairIssue` (a ``str``) with a ``severity``.  ``"error"`` (the same
language on both sides, or a side with no letters at all) means the pair
cannot be a translation as given: raise ``InputError(issue)``.
``"warning"`` (swapped sides, a language other than the expected one) is
reported and the alignment goes on.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache

from align.normalize import fold_presentation_forms, script_census

#: Letters needed before a guess is more than a shrug.
MIN_LETTERS = 20
#: Confidence below which a language name is not reported against the user.
CONFIDENT = 0.5
ARABIC_SCRIPT_LANGUAGES = ("ar", "fa", "ur", "ps", "ku", "ug")
NAMES = {
    "ar": "Arabic", "en": "English", "fr": "French", "es": "Spanish", "de": "German", "fa": "Persian",
    "ur": "Urdu", "tr": "Turkish", "it": "Italian", "pt": "Portuguese", "und": "undetermined",
}  # fmt: skip


@dataclass
class LanguageGuess:
    """``code`` is an ISO 639-1 code or ``"und"``; ``confidence`` in [0, 1]."""

    code: str
    confidence: float
    arabic_ratio: float

    @property
    def name(self) -> str:
        return NAMES.get(self.code, self.code)


class PairIssue(str):
    """A finding of :func:`check_pair`: the message, with ``severity``
    ``"error"`` or ``"warning"`` and a short ``kind``."""

    severity: str
    kind: str

    def __new__(cls, message: str, severity: str, kind: str) -> "PairIssue":
        issue = super().__new__(cls, message)
        issue.severity = severity
        issue.kind = kind
        return issue


@lru_cache(maxsize=1)
def _full_identifier():
    """The identifier over every language; loading its model (lzma-packed)
    is most of the cost of detection, so it is loaded once."""
    from py3langid import langid

    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=2)
def _identifier(languages: tuple[str, ...] | None = None):
    """One identifier per language set: ``set_languages`` changes the one it
    is called on, so sharing one between the two uses would not be
    thread-safe (the app).  A shallow copy shares the loaded model: the
    restriction replaces the copy's attributes, not the arrays."""
    identifier = _full_identifier()
    if languages:
        identifier = copy.copy(identifier)
        identifier.set_languages(list(languages))
    return identifier


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of ``text`` (its first 20,000 characters).

    Mostly Arabic-script letters → Arabic (or Persian/Urdu/… when
    ``py3langid`` is sure of it); mostly Latin → ``py3langid``'s guess.
    Confidence blends the script share with the classifier's probability
    and drops for texts with fewer than :data:`MIN_LETTERS` letters.
    """
    # Presentation forms are letters to the reader: count and classify them so.
    return _detect(fold_presentation_forms(text[:20000]))


@lru_cache(maxsize=16)
def _detect(sample: str) -> LanguageGuess:
    """:func:`detect_language` on a sample; remembered, as a pipeline asks
    about the same text more than once (the guess, then the pair check)."""
    arabic, latin = script_census(sample)
    letters = arabic + latin
    if letters == 0:
        return LanguageGuess("und", 0.0, 0.0)
    ratio = arabic / letters
    share = max(ratio, 1 - ratio)
    if ratio >= 0.5:
        code, prob = _identifier(ARABIC_SCRIPT_LANGUAGES).classify(sample)
        if code != "ar" and prob < 0.9:
            # Short Arabic often scores low against its neighbours; Arabic is
            # what our users send, so only a confident classifier overrides it.
            code, prob = "ar", share
    else:
        code, prob = _identifier().classify(sample)
    confidence = share * float(prob) * min(1.0, letters / MIN_LETTERS)
    return LanguageGuess(code, round(confidence, 3), round(ratio, 3))


def check_pair(src_text: str, tgt_text: str, expected: tuple[str, str] = ("ar", "en")) -> list[PairIssue]:
    """Findings about a source/target pair; an empty list when all is well.

    See the module docstring for which severities stop the pipeline.
    """
    src, tgt = detect_language(src_text), detect_language(tgt_text)
    issues: list[PairIssue] = []
    for side, guess in (("source", src), ("target", tgt)):
        if guess.code == "und":
            issues.append(PairIssue(f"the {side} has no readable text (no letters)", "error", "no_text"))
    if issues:
        return issues
    exp_src, exp_tgt = expected
    src_arabic, tgt_arabic = src.arabic_ratio >= 0.5, tgt.arabic_ratio >= 0.5
    exp_src_arabic, exp_tgt_arabic = exp_src in ARABIC_SCRIPT_LANGUAGES, exp_tgt in ARABIC_SCRIPT_LANGUAGES
    # Arabic against Latin script is certain from the letters alone; the
    # classifier's names are trusted only when it is confident.
    sure = src.confidence >= CONFIDENT and tgt.confidence >= CONFIDENT
    if (src_arabic and tgt_arabic) or (src.code == tgt.code and sure):
        issues.append(
            PairIssue(
                f"both sides are in the same language, {src.name} ({src.code}); "
                "a translation pair needs two languages",
                "error",
                "same_language",
            )
        )
    elif exp_src_arabic != exp_tgt_arabic and (src_arabic, tgt_arabic) == (exp_tgt_arabic, exp_src_arabic):
        issues.append(
            PairIssue(
                f"the sides look swapped: the source is {src.name} and the target {tgt.name}; "
                f"expected {NAMES.get(exp_src, exp_src)} → {NAMES.get(exp_tgt, exp_tgt)}",
                "warning",
                "swapped",
            )
        )
    else:
        for side, guess, want in (("source", src, exp_src), ("target", tgt, exp_tgt)):
            if guess.code != want and guess.confidence >= CONFIDENT:
                issues.append(
                    PairIssue(
                        f"the {side} looks like {guess.name} ({guess.code}), expected {NAMES.get(want, want)}",
                        "warning",
                        "unexpected_language",
                    )
                )
    return issues
