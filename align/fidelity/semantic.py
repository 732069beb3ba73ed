"""Meaning checks on aligned pairs: drift, partial omission, polarity, quotes.

Owns the embedding-based evidence.  Cosine similarities of the default
encoder are compressed (translations ~0.85–0.92, unrelated text ~0.75–0.85),
so a pair is measured against its own document (a robust z-score: median and
MAD of the document's pairs, shrunk toward a prior for short documents),
against the encoder's prior for translations (so that a document's lowest
pair is not drift by rank alone), and by a margin: a translation is closer
to its own source than to the document's other sentences (LASER's margin).
The checks here propose candidates with that evidence
(:meth:`SemanticChecker.pair_evidence`); ``calibration`` judges them.

Partial omission (the English renders only part of the Arabic) is judged on
two pieces of evidence.  The length model: the document's log(English /
Arabic length) ratio, fitted robustly on the pairs whose meaning already
looks faithful (so that the errors being looked for do not widen the spread
that hides them).  And the sub-span test, run only on pairs that look short:
the Arabic is cut at clause boundaries (and at a third, half and two thirds
of its words, since a truncation need not fall on punctuation), the parts
whose length fits the English's are encoded, and when the English is closer
to a leading or trailing part of the Arabic than to the whole sentence, the
rest of the Arabic is what it leaves out.  A pair whose English has more
than :data:`MAX_SHARE` of its expected length is not tested at all.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..model import FidelityFlag, Span, isolate_bidi

# Priors (from the encoder's documented range, not from the dev set): the
# median similarity of a translation pair and its spread; the median
# log(English chars / Arabic chars) of news translation and its spread.
SIM_PRIOR, SIM_SCALE_PRIOR, SIM_SCALE_MIN = 0.90, 0.022, 0.015
LEN_PRIOR, LEN_SCALE_PRIOR, LEN_SCALE_MIN = 0.15, 0.15, 0.12
PRIOR_WEIGHT = 6  # pairs' worth of prior evidence
# Gross drift, below which the English is not compared part by part.
DRIFT_Z, DRIFT_FLOOR = -3.0, 0.82
# A pair this far below its document or the prior, or this close to other
# sentences, is a drift candidate: the calibration layer judges it from all
# the evidence (a document's lowest pair is not drift by rank alone).
CANDIDATE_Z, CANDIDATE_FLOOR, CANDIDATE_MARGIN = -1.5, 0.85, 0.01
# Margins are taken over each sentence's closest alternatives; documents
# with fewer pairs have too few alternatives to judge by.
MARGIN_NEIGHBOURS, MARGIN_MIN_PAIRS = 2, 4
ADDED_Z = 2.8
# Pairs whose similarity z is above this fit the length model.
LENGTH_FIT_MIN_SIM_Z = -1.0
# Shortness: the length z plus this share of a below-median similarity z
# (a half-rendered sentence is both shorter and a little less similar).
SHORT_SIM_WEIGHT = 0.5
# Shortness at which the sub-span test runs; at which a part closer to the
# English than the whole (by any margin) is enough; beyond which length
# alone is enough.  A part closer by SUBSPAN_GAIN is enough from the start.
SHORT_CANDIDATE, SHORT_WITH_PART, SHORT_ALONE = -1.5, -2.5, -4.0
SUBSPAN_GAIN = 0.01
# An omission worth a warning leaves the English at most this share of its
# expected length (a quarter of the sentence); shorter gaps are within the
# noise of translation length.
MAX_SHARE = 0.75
# Headlines are condensed by convention; there a part must be clearly
# closer to the English than the whole.
HEADLINE_GAIN = 0.03
HEADLINE_WORDS = 14
MIN_PART_WORDS = 2
# Parts of the Arabic compared with the English, those of the most plausible
# length first (see SemanticChecker._plausible_parts).
PARTS_TRIED = 6
QUOTE_FLOOR = 0.85
MIN_OMISSION_WORDS = 5
# A run of Arabic letters longer than this is words run together.
GLUED_LETTERS = 13
_ARABIC_RUN = re.compile(r"[\u0621-\u064a]+")

# Negators of the clause or of a word (not welcome ~ غير مرحب, without ~
# بدون), both sides alike, so that a translator moving negation from verb to
# noun ("did not declare" ~ "no ... was declared") is not a mismatch.
_AR_LEXICAL = "بدون|دون|بلا|عدم|غير"
_AR_NEG = re.compile(
    r"(?<![\u0621-\u064a])(?:[وف]?(?:لا|لم|لن)|[وأ]?(?:ليس|ليست|ليسوا|لست|لسنا)|[وفبل]?(?:" + _AR_LEXICAL + r"))"
    r"(?![\u0621-\u064a])"
)
# Negative forms that say something positive: "still" (لا يزال، ما زال),
# "however" (غير أن), "especially" (لا سيما), "not only" (ليس فقط, also with
# words between: ليست تجربتي فقط, لم يكن ... فقط), "or not" (أم لا), and
# the exceptive "only" (لن يأتي إلا: "will only come").  ما is left out: far
# more often "what" than "not".
_AR_NOT_NEG = re.compile(
    r"(?<![\u0621-\u064a])[وف]?(?:لا\s+(?:يزال|تزال|زال|زالت|يزالون)|غير\s+(?:أن|ان)|لا\s*سيما"
    r"|(?:ليس|ليست|لا|لم\s+يكن|لم\s+تكن)\s+(?:[^\s،؛.]+\s+){0,3}?فقط)(?![\u0621-\u064a])|(?<=أم )لا|(?<=أو )لا"
)
# Negations a faithful rendering may drop, on each side: Arabic idioms that
# English says positively as often as not (لا يقل عن "at least", لا بد
# "must", لا شك "definitely", لا يصدق "incredibly", لا يتجاوز "as young
# as", لا تتردد "feel free") and negative words English may render with
# "not" or "no" (بعيدا عن "far from", مستحيل "impossible", "no way"), and
# English negation carried by a word's affix (unable ~ لم يتمكن, unclear ~
# ليس من الواضح, unbeaten ~ لم يُهزم, intolerant ~ لا يتسامح, homeless ~
# بلا مأوى), which Arabic says with a negated verb.  They count against the
# other side's excess, never towards their own side's.
_AR_OPTIONAL_NEG = re.compile(
    r"(?<![\u0621-\u064a])[وف]?(?:لا|لم|ليس|ليست)\s+(?:[يت]قل(?:ون)?\s+عن|بد|شك|ريب|[يت]صدق|[يت]تجاوز|تتردد|تترددوا|أحد)"
    r"|(?<![\u0621-\u064a])[وف]?(?:بعيد[اً]*\s+عن|(?:ال|من\s+ال)?مستحيل)"
)
_EN_AFFIX_NEG = re.compile(
    r"\b(?!(?:under|unit|union|uniq|univers|until|uniform|unanim|unto|undo|unde)\w*\b)un[a-z]{4,}\b"
    r"|\bnon-?[a-z]{3,}\b|\b(?!(?:regard|neverthe|nonethe)less\b)[a-z]{3,}less\b|\bfail(?:s|ed|ing)? to\b"
    # in-, im-, il-, ir-, dis- are too often part of the stem (increase,
    # impose, dismiss) to be read off the word: the common negatives only.
    r"|\b(?:in(?:abilit|adequa|appropria|capab|complet|consisten|correct|effective|sufficien|toleran|accura)"
    r"|im(?:possib|practic|moral|patien|proper)|il(?:legal|legitima|literate|logical)"
    r"|ir(?:regular|responsib|relevan|reversib)|dis(?:agree|approv|satisf|honest|loyal|trust))[a-z]*",
    re.I,
)
_AR_EXCEPTIVE = re.compile(r"(?<![\u0621-\u064a])(?:[وف]?(?:لا|لم|لن)|ليس)\s(?:(?![،؛.]).){1,60}?(?<![\u0621-\u064a])إلا(?![\u0621-\u064a])")
_AR_LEXICAL_NEG = re.compile(_AR_LEXICAL)
# Words that look negative whatever they mean here: ما ("what" or "not"), the
# negators of idioms, "without", "other than".
# So may a verb of refusal, denial, failure or inability (عجز عن "was
# unable to", رفض "refused", فشل "failed", امتنع "refrained", نفى "denied",
# تعذر "proved impossible"), the Arabic mirror of the English list below, and
# a negator run together with its verb (لميسر for لم يسر).
_AR_NEGATIVE_LOOKING = re.compile(
    r"(?<![\u0621-\u064a])[وفبل]?(?:ما|لا|لم|لن|ليس|ليست|غير|دون|بدون|بلا|عدم|إلا)(?![\u0621-\u064a])"
    r"|(?<![\u0621-\u064a])[وف]?[يتنأ]?(?:عجز|رفض|فشل|متنع|نفى|نفي|تعذر)"
    r"|(?<![\u0621-\u064a])[وف]?(?:لم|لن|لا)(?=[يتنأ][\u0621-\u064a]{2,})")
# Words run together without spaces (Arabic web text: لكنزيارتهالأخيرةلمتسر)
# hide their negators inside: a لم or لن before a verb's prefix anywhere in
# such a run may be one.
_AR_RUN_ON = re.compile(r"[\u0621-\u064a]{12,}")
_AR_INNER_NEGATOR = re.compile(r"(?:لم|لن)(?=[يتنأ][\u0621-\u064a]{2,})")
# English that may say a negation without a negator: refusal, denial,
# lack, absence, failure, "only", "instead".
_EN_NEGATIVE_LOOKING = re.compile(
    r"\b(?:refus|den(?:y|ied|ies)|lack|absen|fail|only|instead|rather|avoid|prevent|stop|halt|ban|reject|"
    r"little|few|less|rarely|seldom)\w*", re.I)
_EN_NEG = re.compile(
    r"\b(?:not|never|cannot|no|nobody|nothing|none|nor|neither|without|unless|hardly|barely|scarcely)\b"
    r"|n['’]t\b|\byet to\b|\bfar from\b", re.I
)
_EN_NOT_NEG = re.compile(
    r"\bnot (?:only|just|long)\b|\bno(?:t)? sooner\b|\bnonetheless\b|\bor not\b|\bno-|\bno\.\s?\d", re.I)  # No.1: "number"
_CLAUSE_SPLIT_AR = re.compile(r"\s*[،؛:]\s*|\s+(?=(?:ولكن|لكن|بينما|حيث|كما|إلا أن|ثم|في حين|وذلك|والذي|التي|الذي)\s)")
# An English sentence that stops on a word that cannot end one (an article,
# a coordinating conjunction, "of", a possessive determiner) was cut off
# mid-clause.  Prepositions, pronouns and auxiliaries are left out: they end
# sentences ("where they came from", "as it was", "next to her").
_DANGLING_END = re.compile(
    r"\b(?:the|a|an|and|or|but|nor|of|than|its|their|our|my|your|whose)\s*[.!]?[\"'”’]?\s*$", re.I)
_QUOTE_EN = re.compile(r"\"([^\"]{3,})\"|“([^”]{3,})”|«([^»]{3,})»|‘([^’]{3,})’")
_QUOTE_AR = re.compile(r"«([^»]{3,})»|\"([^\"]{3,})\"|“([^”]{3,})”|”([^“”]{3,})“")


@dataclass
class Stats:
    median: float
    scale: float

    def z(self, x: float) -> float:
        return (x - self.median) / self.scale


def robust_stats(values: list[float], prior: float, prior_scale: float, min_scale: float,
                 *, trim: float | None = None) -> Stats:
    """Median and MAD of a document's values, shrunk toward a prior so that
    a five-sentence document is not judged by five points.  With ``trim``,
    values more than ``trim`` spreads from the median are set aside and the
    two are computed again: a few gross outliers on one side (sentences cut
    in half) otherwise inflate the spread."""
    n = len(values)
    if n == 0:
        return Stats(prior, prior_scale)
    x = np.asarray(values, dtype=float)
    med = float(np.median(x))
    mad = float(np.median(np.abs(x - med))) * 1.4826
    if trim is not None:
        kept = x[np.abs(x - med) <= trim * max(mad, min_scale)]
        med = float(np.median(kept))
        mad = float(np.median(np.abs(kept - med))) * 1.4826
    w = n / (n + PRIOR_WEIGHT)
    return Stats(w * med + (1 - w) * prior, max(min_scale, w * mad + (1 - w) * prior_scale))


def document_margins(src: np.ndarray, tgt: np.ndarray, rows: Sequence[int], block: int = 1024) -> np.ndarray | None:
    """The margins of the pairs at ``rows`` (pair i is ``src[i]``, ``tgt[i]``)
    over their sentences' best alternatives in the document, as LASER mines
    bitext: the pair's similarity minus the mean similarity of the English
    to its ``MARGIN_NEIGHBOURS`` closest other Arabic sentences and of the
    Arabic to its closest other English ones.  A translation is closer to
    its own source than to the document's other sentences, however
    compressed the encoder's scale; a sentence that renders something else
    is not.  None for documents too short to have alternatives.

    Only the rows asked for are compared with the document, ``block`` at a
    time: re-checking a few edited beads costs a few rows, and a long
    document never holds all its pairwise similarities at once."""
    n = len(src)
    if n < MARGIN_MIN_PAIRS:
        return None
    k = min(MARGIN_NEIGHBOURS, n - 1)
    rows = np.asarray(rows, dtype=np.int64)
    out = np.empty(rows.size)
    for start in range(0, rows.size, block):
        r = rows[start : start + block]
        own = np.einsum("ij,ij->i", tgt[r], src[r])
        best = []
        for mine, theirs in ((tgt, src), (src, tgt)):
            sims = mine[r] @ theirs.T
            sims[np.arange(r.size), r] = -np.inf
            best.append(np.partition(sims, -k, axis=1)[:, -k:].mean(axis=1))
        out[start : start + r.size] = own - 0.5 * (best[0] + best[1])
    return out


def length_log_ratio(src: str, tgt: str) -> float:
    return math.log((len(tgt.strip()) + 10) / (len(src.strip()) + 10))


def negators(src: str, tgt: str) -> tuple[list[re.Match], list[re.Match]]:
    """The negations of each side, without the negative forms that say
    something positive (see ``_AR_NOT_NEG``, ``_EN_NOT_NEG``)."""
    exceptive = {m.start() for m in _AR_EXCEPTIVE.finditer(src)}
    ar = [m for m in _AR_NEG.finditer(src)
          if not _AR_NOT_NEG.match(src, m.start()) and m.start() not in exceptive]
    en, neither = [], False
    for m in _EN_NEG.finditer(tgt):
        word = m.group().lower()
        # "neither ... nor" is one negation, as its Arabic لا ... ولا is not always.
        if not _EN_NOT_NEG.match(tgt, m.start()) and not (word == "nor" and neither):
            en.append(m)
        neither |= word == "neither"
    return ar, en


def polarity_flag(src: str, tgt: str) -> FidelityFlag | None:
    """Negation on one side only: the commonest way a fluent mistranslation
    says the opposite of the original, and invisible to embeddings.

    Negations are counted, not merely found, so that a sentence with one
    negated clause and one flipped clause is caught.  A side is a candidate
    when its negations outnumber all the other side's, the optional ones
    included (``_AR_OPTIONAL_NEG``, ``_EN_AFFIX_NEG``): an idiom or an affix
    may carry a negation, but cannot prove one.  On the Arabic side only
    verbal negators count.  Arabic says positive things with negated verbs
    more often than English drops a negation, so the candidate is only
    evidence: the calibration layer weighs it with the pair's similarity.
    """
    ar, en = negators(src, tgt)
    optional_ar = {m.start() for m in _AR_OPTIONAL_NEG.finditer(src)}
    definite_ar = [m for m in ar if m.start() not in optional_ar]
    arabic_total = len(definite_ar) + len(optional_ar)
    if len(en) > arabic_total:
        # Any negative-looking word of the Arabic (ما, a لا of an idiom) may
        # be where the negation went: evidence against the mismatch.
        looking = len(_AR_NEGATIVE_LOOKING.findall(src)) + sum(
            len(_AR_INNER_NEGATOR.findall(run)) for run in _AR_RUN_ON.findall(src))
        return _excess_negation(en, arabic_total, "tgt", looking)
    verbal = [m for m in definite_ar if _AR_LEXICAL_NEG.search(m.group()) is None]
    english_total = len(en) + len(_EN_AFFIX_NEG.findall(tgt))
    if len(verbal) > english_total:
        return _excess_negation(verbal, english_total, "src", english_total + len(_EN_NEGATIVE_LOOKING.findall(tgt)))
    return None


# English negators whose removal leaves no verb behind.
_EN_NEGATED_FORMS = {"cannot": "can", "can't": "can", "can’t": "can", "won't": "will", "won’t": "will",
                     "shan't": "shall", "shan’t": "shall"}


def without_span(text: str, span: Span) -> str:
    """``text`` with the negator at ``span`` taken out (the English "not",
    "never", "n't" — "cannot" becomes "can", "won't" "will" — or the Arabic
    لم، لن، لا، ليس)."""
    start = span.start
    if span.text.lower() in ("n't", "n’t"):  # it ends a word: take all of it (can't, won't, don't)
        while start > 0 and text[start - 1].isalpha():
            start -= 1
    word = text[start : span.end]
    kept = _EN_NEGATED_FORMS.get(word.lower(), word[: span.start - start])
    return re.sub(r"\s+", " ", text[:start] + kept + text[span.end :]).strip()


def _excess_negation(more: list[re.Match], fewer: int, side: str, looking: int) -> FidelityFlag:
    """The flag for a side (``tgt`` or ``src``) with ``more`` negations than
    the other side's ``fewer``, pointing at its first negation when the
    other side has none and at its last otherwise; ``looking`` counts the
    other side's words that may carry the negation without being one."""
    m = more[-1] if fewer else more[0]
    this, other = ("English", "Arabic") if side == "tgt" else ("Arabic", "English")
    shown = f"'{m.group()}'" if side == "tgt" else m.group()
    reason = (f"the {other} is not" if not fewer else
              f"the {other} has {fewer} negation{'s' if fewer > 1 else ''} to its {len(more)}")
    return FidelityFlag("drift", "warning", f"negation: the {this} is negative ({shown}) but {reason}",
                        [Span(side, m.start(), m.end(), m.group())],
                        evidence={"check": f"negation_{side}", "strength": float(len(more) - fewer),
                                  "likeness": float(looking)})


def cut_points(text: str) -> list[tuple[int, int]]:
    """Where an Arabic sentence may be cut into a leading and a trailing part:
    (end of the leading part, start of the trailing part) at each clause
    boundary (، ؛ : and clause-opening conjunctions) and at a third, half and
    two thirds of its words."""
    points = {(m.start(), m.end()) for m in _CLAUSE_SPLIT_AR.finditer(text)}
    words = list(re.finditer(r"\S+", text))
    for share in (1 / 3, 1 / 2, 2 / 3):
        k = round(len(words) * share)
        if 0 < k < len(words):
            points.add((words[k - 1].end(), words[k].start()))
    return sorted(points)


def sentence_parts(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(kept part, left-out part) spans for every cut into a leading and a
    trailing part of at least :data:`MIN_PART_WORDS` words each."""
    out = []
    for end, start in cut_points(text):
        lead, trail = _trimmed(text, 0, end), _trimmed(text, start, len(text))
        if min(len(text[a:b].split()) for a, b in (lead, trail)) >= MIN_PART_WORDS:
            out += [(lead, trail), (trail, lead)]
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    part = text[start:end]
    return start + len(part) - len(part.lstrip()), end - len(part) + len(part.rstrip())


def is_headline(english: str, standalone: bool = False) -> bool:
    """A short English line in title case, or without closing punctuation
    when it stands alone (a document's first line, a one-line paragraph): a
    headline or caption."""
    text = english.strip()
    words = text.split()
    if not words or len(words) > HEADLINE_WORDS:
        return False
    long = re.findall(r"[A-Za-z]{4,}", text)
    title_case = len(long) >= 3 and sum(w[0].isupper() for w in long) >= 0.85 * len(long)
    return title_case or standalone and not re.search(r"[.!?…\"'”’»)]$", text)


def _clip(text: str, words: int = 12) -> str:
    w = text.split()
    return text if len(w) <= words else " ".join(w[:words]) + " …"


def quotes(text: str, rx: re.Pattern) -> list[tuple[int, int, str]]:
    out = []
    for m in rx.finditer(text):
        k = next(i for i in range(1, rx.groups + 1) if m.group(i) is not None)
        out.append((m.start(k), m.end(k), m.group(k)))
    return out


class SemanticChecker:
    """Runs the embedding checks for one document.

    ``pairs`` maps bead position -> (Arabic text, English scoring text,
    English display text); document statistics use all of them, flags are
    produced for ``targets`` only.  ``standalone``: the beads whose English
    stands alone (first line, one-line paragraph), where headlines are.
    """

    def __init__(self, encoder, pairs: dict[int, tuple[str, str, str]], standalone: set[int] = frozenset()):
        self.encoder = encoder
        self.pairs = pairs
        self.standalone = standalone
        keys = list(pairs)
        texts = [pairs[k][0] for k in keys] + [pairs[k][1] for k in keys]
        vectors = encoder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        n = len(keys)
        self.row = {k: i for i, k in enumerate(keys)}
        self.src_vecs, self.tgt_vecs = vectors[:n], vectors[n:]
        self.sim = {k: float(vectors[i] @ vectors[n + i]) for i, k in enumerate(keys)}
        self.sim_stats = robust_stats(list(self.sim.values()), SIM_PRIOR, SIM_SCALE_PRIOR, SIM_SCALE_MIN)
        self.len_ratio = {k: length_log_ratio(a, e) for k, (a, e, _) in pairs.items()}
        faithful = [r for k, r in self.len_ratio.items() if self.sim_stats.z(self.sim[k]) > LENGTH_FIT_MIN_SIM_Z]
        self.len_stats = robust_stats(faithful or list(self.len_ratio.values()), LEN_PRIOR, LEN_SCALE_PRIOR,
                                      LEN_SCALE_MIN, trim=2.5)

    def pair_evidence(self, k: int, margin: float | None) -> dict[str, float]:
        """What every flag of pair ``k`` is judged with besides its own test:
        the similarity against the document (z) and against the encoder's
        prior for translations (corpus z), the margin over the document's
        other sentences, the length z, whether the English stands alone
        (headlines are condensed) and the Arabic's length in words."""
        sim = self.sim[k]
        src, _, display = self.pairs[k]
        return {
            "doc_z": self.sim_stats.z(sim),
            "corpus_z": (sim - SIM_PRIOR) / SIM_SCALE_PRIOR,
            "margin": 0.0 if margin is None else margin,
            "length_z": self.len_stats.z(self.len_ratio[k]),
            "headline": float(is_headline(display, k in self.standalone)),
            "log_words": math.log1p(len(src.split())),
            # Arabic typeset without spaces (وزيرالخارجية) hides its words
            # from every lexical test: negators, names, numbers.
            "glued": float(sum(len(w) > GLUED_LETTERS for w in _ARABIC_RUN.findall(src))),
        }

    def check(self, targets: list[int]) -> dict[int, list[FidelityFlag]]:
        out: dict[int, list[FidelityFlag]] = {}
        clause_jobs: list[tuple[int, float, float]] = []  # (pair, shortness, share of the expected length)
        quote_jobs: list[tuple[int, tuple, list]] = []
        polarity_jobs: list[tuple[int, FidelityFlag]] = []
        targets = [k for k in targets if k in self.pairs]
        margins = document_margins(self.src_vecs, self.tgt_vecs, [self.row[k] for k in targets])
        self.evidence: dict[int, dict[str, float]] = {}
        for i, k in enumerate(targets):
            src, tgt, display = self.pairs[k]
            flags = out.setdefault(k, [])
            sim, z = self.sim[k], self.sim_stats.z(self.sim[k])
            margin = None if margins is None else float(margins[i])
            self.evidence[k] = self.pair_evidence(k, margin)
            # Gross drift: the other meaning checks have nothing to compare.
            drift = z < DRIFT_Z or sim < DRIFT_FLOOR
            # Proposed as context: how far is too far is the calibration
            # layer's judgement, not a threshold of this check's.
            if z < CANDIDATE_Z or sim < CANDIDATE_FLOOR:
                flags.append(FidelityFlag(
                    "drift", "info",
                    f"meaning drift: the English is unusually far from the Arabic for this document "
                    f"(similarity {sim:.2f}, document median {self.sim_stats.median:.2f})",
                    evidence={"check": "drift"},
                ))
            elif margin is not None and margin < CANDIDATE_MARGIN:
                flags.append(FidelityFlag(
                    "drift", "info",
                    f"meaning drift: the English and the Arabic are each nearly as close to other sentences of "
                    f"the document as to each other (similarity {sim:.2f}, margin {margin:+.3f})",
                    evidence={"check": "drift"},
                ))
            if not drift:
                polarity = polarity_flag(src, display)
                if polarity:
                    flags.append(polarity)
                    polarity_jobs.append((k, polarity))
            zl = self.len_stats.z(self.len_ratio[k])
            short = zl + SHORT_SIM_WEIGHT * min(z, 0.0)
            cut_off = _DANGLING_END.search(display)
            if not drift and cut_off and len(src.split()) >= MIN_OMISSION_WORDS and len(display.split()) >= 3:
                flags.append(FidelityFlag(
                    "partial_omission", "warning",
                    f"partial omission: the English stops mid-clause ('{cut_off.group().strip()}'); "
                    f"the rest of the Arabic sentence is not rendered",
                    [Span("tgt", cut_off.start(), cut_off.end(), cut_off.group())],
                    evidence={"check": "partial_dangling"},
                ))
            elif not drift and short < SHORT_CANDIDATE and len(src.split()) >= MIN_OMISSION_WORDS:
                share = math.exp(self.len_ratio[k] - self.len_stats.median)
                if share <= MAX_SHARE:
                    clause_jobs.append((k, short, share))
            elif not drift and zl > ADDED_Z and len(display.split()) >= 6:
                flags.append(FidelityFlag(
                    "partial_omission", "warning",
                    "partial addition: the English is much longer than this Arabic sentence; part of it may have no source",
                    evidence={"check": "partial_addition", "strength": zl},
                ))
            if not drift:
                en_quotes = [q for q in quotes(display, _QUOTE_EN) if len(q[2].split()) >= 3]
                if en_quotes:
                    quote_jobs.append((k, en_quotes, quotes(src, _QUOTE_AR)))
        parts = {k: self._plausible_parts(k, share) for k, _, share in clause_jobs}
        texts = [self.pairs[k][0][a:b] for k, _, _ in clause_jobs for (a, b), _ in parts[k]]
        texts += [q[2] for _, en_q, ar_q in quote_jobs for q in en_q + ar_q]
        removals = [(k, flag.spans[0]) for k, flag in polarity_jobs]
        texts += [self._without(k, span) for k, span in removals]
        # One call for all tests: the encoder parallelises long batches only.
        vectors = iter(self.encoder.encode(texts) if texts else [])
        self._partial(clause_jobs, parts, vectors, out)
        self._quotes(quote_jobs, vectors, out)
        for (k, flag), gain in zip(polarity_jobs, self._removal_gains(removals, vectors)):
            flag.evidence["removal_gain"] = gain
        return {k: v for k, v in out.items() if v}

    def _without(self, k: int, span: Span) -> str:
        src, _, display = self.pairs[k]
        return without_span(src if span.side == "src" else display, span)

    def _removal_gains(self, removals, vectors) -> list[float]:
        """The removal test of each (pair, span): how much closer the two
        sides of the pair come when the span is taken out of its side.
        Embeddings barely register a negation, but they do register which of
        two near-identical sentences is closer to the other side: a negation
        put in (or left out) by mistake brings the sides together when
        removed; one the other side says in a way the counts missed pushes
        them apart.  (For names the same test separates swapped names from
        faithful ones too weakly to change a judgement: measured, not kept.)"""
        return [float(next(vectors) @ (self.tgt_vecs if span.side == "src" else self.src_vecs)[self.row[k]])
                - self.sim[k] for k, span in removals]

    def _plausible_parts(self, k: int, share: float) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """The :data:`PARTS_TRIED` cuts of pair ``k``'s Arabic whose kept part
        has the length the English would have if it rendered that part and
        nothing else (``share``: the English's share of the length the
        document's length model expects), closest first: a part of any other
        length cannot be what the English renders, and encoding every part
        would cost as much again as the alignment."""
        src = self.pairs[k][0]
        whole, target = len(src.strip()) + 10, math.log(share)

        def gap(part) -> float:
            (a, b), _ = part
            return abs(math.log((b - a + 10) / whole) - target)

        return sorted(sentence_parts(src), key=lambda part: (gap(part), part))[:PARTS_TRIED]

    def _partial(self, jobs, parts, vectors, out) -> None:
        """Partial omission on pairs that look short (see the module docstring)."""
        for k, short, share in jobs:
            src, _, display = self.pairs[k]
            gain, left_out = -1.0, None
            for _, left in parts[k]:
                g = float(next(vectors) @ self.tgt_vecs[self.row[k]]) - self.sim[k]
                if g > gain:
                    gain, left_out = g, left
            headline = is_headline(display, k in self.standalone)
            if left_out and (gain > SUBSPAN_GAIN or gain > 0 and short < SHORT_WITH_PART):
                a, b = left_out
                out[k].append(FidelityFlag(
                    "partial_omission", "info" if headline and gain < HEADLINE_GAIN else "warning",
                    f"partial omission: the English ({share:.0%} of the expected length) renders only part of "
                    f"the Arabic; this part seems untranslated: «{isolate_bidi(_clip(src[a:b]))}»",
                    [Span("src", a, b, src[a:b])],
                    evidence={"check": "partial_subspan", "strength": gain},
                ))
            elif short < SHORT_ALONE:
                out[k].append(FidelityFlag(
                    "partial_omission", "info" if headline else "warning",
                    f"partial omission: the English is {share:.0%} of the length expected for this Arabic sentence",
                    evidence={"check": "partial_short", "strength": share},
                ))

    def _quotes(self, jobs, vectors, out) -> None:
        """Quoted English must match quoted Arabic, at a stricter threshold."""
        for k, en_q, ar_q in jobs:
            ev = [next(vectors) for _ in en_q]
            av = [next(vectors) for _ in ar_q]
            for (s, e, text), v in zip(en_q, ev):
                span = [Span("tgt", s, e, text)]
                if not av:
                    out[k].append(FidelityFlag("quote", "info", "quoted in the English but not in the Arabic", span,
                                               evidence={"check": "quote_unquoted"}))
                    continue
                best = max(range(len(av)), key=lambda i: float(v @ av[i]))
                sim = float(v @ av[best])
                if sim < QUOTE_FLOOR:
                    a = ar_q[best]
                    out[k].append(FidelityFlag(
                        "quote", "warning",
                        f"quotation differs from the Arabic quotation (similarity {sim:.2f}); quotes must be exact",
                        span + [Span("src", a[0], a[1], a[2])],
                        evidence={"check": "quote_differs", "strength": sim},
                    ))
