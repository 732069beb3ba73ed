"""Meaning checks on aligned pairs: drift, partial omission, polarity, quotes.

Owns the embedding-based judgements.  Cosine similarities of the default
encoder are compressed (translations ~0.85–0.92, unrelated text ~0.75–0.85),
so a pair is judged against its own document: a robust z-score (median and
MAD of the document's pairs, shrunk toward a prior for short documents)
together with an absolute floor.  Length ratios are judged the same way.
Clause-level encoding is done only for long sentences whose length already
looks short, to keep encoding (the expensive step) rare.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from ..model import FidelityFlag, Span

# Priors (from the encoder's documented range, not from the dev set): the
# median similarity of a translation pair and its spread; the median
# log(English chars / Arabic chars) of news translation and its spread.
SIM_PRIOR, SIM_SCALE_PRIOR, SIM_SCALE_MIN = 0.90, 0.022, 0.015
LEN_PRIOR, LEN_SCALE_PRIOR, LEN_SCALE_MIN = 0.15, 0.18, 0.12
PRIOR_WEIGHT = 6  # pairs' worth of prior evidence
DRIFT_Z, DRIFT_FLOOR, DRIFT_ERROR = -3.0, 0.82, 0.80
PARTIAL_Z, PARTIAL_SOFT_Z, ADDED_Z = -2.5, -1.2, 2.8
CLAUSE_FLOOR = 0.80
QUOTE_FLOOR = 0.85
POLARITY_MAX_Z, ARABIC_POLARITY_MAX_Z = 1.0, 0.0
LONG_SENTENCE_WORDS = 14

# Negators of the clause or of a word (not welcome ~ غير مرحب, without ~
# بدون), both sides alike, so that a translator moving negation from verb to
# noun ("did not declare" ~ "no ... was declared") is not a mismatch.
_AR_NEG = re.compile(
    r"(?<![\u0621-\u064a])(?:[وف]?(?:لا|لم|لن)|و?(?:ليس|ليست|ليسوا|لست|لسنا)|و?(?:بدون|دون|بلا|عدم|غير))(?![\u0621-\u064a])"
)
# Negative forms that are not negation: "still" (لا يزال، ما زال), "however"
# (غير أن), "no doubt"-style intensifiers are handled by "no" on the English side.
_AR_NOT_NEG = re.compile(r"(?<![\u0621-\u064a])[وف]?(?:لا\s+(?:يزال|تزال|زال|يزالون)|غير\s+(?:أن|ان))(?![\u0621-\u064a])")
_AR_LEXICAL_NEG = re.compile(r"بدون|دون|بلا|عدم|غير")
_EN_NEG = re.compile(
    r"\b(?:not|never|cannot|no|nobody|nothing|none|nor|neither|without|unless)\b|n['’]t\b", re.I
)
_EN_NOT_NEG = re.compile(r"\bnot only\b|\bno(?:t)? sooner\b|\bnonetheless\b", re.I)
_CLAUSE_SPLIT_AR = re.compile(r"\s*[،؛:]\s*|\s+(?=(?:ولكن|لكن|بينما|حيث|كما|إلا أن|ثم|في حين|وذلك|والذي|التي|الذي)\s)")
_QUOTE_EN = re.compile(r"\"([^\"]{3,})\"|“([^”]{3,})”|«([^»]{3,})»|‘([^’]{3,})’")
_QUOTE_AR = re.compile(r"«([^»]{3,})»|\"([^\"]{3,})\"|“([^”]{3,})”|”([^“”]{3,})“")


@dataclass
class Stats:
    median: float
    scale: float

    def z(self, x: float) -> float:
        return (x - self.median) / self.scale


def robust_stats(values: list[float], prior: float, prior_scale: float, min_scale: float) -> Stats:
    """Median and MAD of a document's values, shrunk toward a prior so that
    a five-sentence document is not judged by five points."""
    n = len(values)
    if n == 0:
        return Stats(prior, prior_scale)
    x = np.asarray(values, dtype=float)
    med = float(np.median(x))
    mad = float(np.median(np.abs(x - med))) * 1.4826
    w = n / (n + PRIOR_WEIGHT)
    return Stats(w * med + (1 - w) * prior, max(min_scale, w * mad + (1 - w) * prior_scale))


def length_log_ratio(src: str, tgt: str) -> float:
    return math.log((len(tgt.strip()) + 10) / (len(src.strip()) + 10))


def polarity_flag(src: str, tgt: str, z: float) -> FidelityFlag | None:
    """Negation on one side only: the commonest way a fluent mistranslation
    says the opposite of the original, and invisible to embeddings.

    English negated where the Arabic has no negator at all (verbal or of a
    word) is flagged.  The other way round needs a verbal negator and a pair
    less similar than its document's median (``z`` < 0): Arabic says many
    positive things with negative idioms (لا يصدق "incredibly", لا يتجاوز
    "as young as") that English renders without a negation.
    """
    ar = [m for m in _AR_NEG.finditer(src) if not _AR_NOT_NEG.match(src, m.start())]
    en = [m for m in _EN_NEG.finditer(tgt) if not _EN_NOT_NEG.match(tgt, m.start())]
    if en and not ar:
        m = en[0]
        return FidelityFlag("drift", "warning",
                            f"negation: the English is negative ('{m.group()}') but the Arabic is not",
                            [Span("tgt", m.start(), m.end(), m.group())])
    verbal = [m for m in ar if _AR_LEXICAL_NEG.search(m.group()) is None]
    if verbal and not en and z < ARABIC_POLARITY_MAX_Z:
        m = verbal[0]
        return FidelityFlag("drift", "warning",
                            f"negation: the Arabic is negative ({m.group()}) but the English is not",
                            [Span("src", m.start(), m.end(), m.group())])
    return None


def arabic_clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of an Arabic sentence (split on ، ؛ : and
    clause-opening conjunctions), those of four words or more."""
    out, pos = [], 0
    for m in list(_CLAUSE_SPLIT_AR.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        if len(text[pos:end].split()) >= 4:
            out.append((pos, end))
        if m:
            pos = m.end()
    return out


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
    produced for ``targets`` only.
    """

    def __init__(self, encoder, pairs: dict[int, tuple[str, str, str]]):
        self.encoder = encoder
        self.pairs = pairs
        keys = list(pairs)
        texts = [pairs[k][0] for k in keys] + [pairs[k][1] for k in keys]
        vectors = encoder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        n = len(keys)
        self.sim = {k: float(vectors[i] @ vectors[n + i]) for i, k in enumerate(keys)}
        self.tgt_vec = {k: vectors[n + i] for i, k in enumerate(keys)}
        self.sim_stats = robust_stats(list(self.sim.values()), SIM_PRIOR, SIM_SCALE_PRIOR, SIM_SCALE_MIN)
        self.len_ratio = {k: length_log_ratio(a, e) for k, (a, e, _) in pairs.items()}
        self.len_stats = robust_stats(list(self.len_ratio.values()), LEN_PRIOR, LEN_SCALE_PRIOR, LEN_SCALE_MIN)

    def check(self, targets: list[int]) -> dict[int, list[FidelityFlag]]:
        out: dict[int, list[FidelityFlag]] = {}
        clause_jobs: list[tuple[int, int, int]] = []
        quote_jobs: list[tuple[int, tuple, list]] = []
        for k in targets:
            if k not in self.pairs:
                continue
            src, tgt, display = self.pairs[k]
            flags = out.setdefault(k, [])
            sim, z = self.sim[k], self.sim_stats.z(self.sim[k])
            drift = z < DRIFT_Z or sim < DRIFT_FLOOR
            if drift:
                flags.append(FidelityFlag(
                    "drift", "error" if sim < DRIFT_ERROR or z < 2 * DRIFT_Z else "warning",
                    f"meaning drift: the English is unusually far from the Arabic for this document "
                    f"(similarity {sim:.2f}, document median {self.sim_stats.median:.2f})",
                ))
            elif z < POLARITY_MAX_Z:
                # A flipped negation barely moves the embedding, but a pair
                # among the closest of its document is not reversed.
                polarity = polarity_flag(src, display, z)
                if polarity:
                    flags.append(polarity)
            zl = self.len_stats.z(self.len_ratio[k])
            words = len(src.split())
            if not drift and zl < PARTIAL_Z and words >= 6:
                share = math.exp(self.len_ratio[k] - self.len_stats.median)
                flags.append(FidelityFlag(
                    "partial_omission", "warning",
                    f"partial omission: the English is {share:.0%} of the length expected for this Arabic sentence",
                ))
            elif not drift and zl < PARTIAL_SOFT_Z and words >= LONG_SENTENCE_WORDS:
                for span in arabic_clauses(src):
                    clause_jobs.append((k, *span))
            elif not drift and zl > ADDED_Z and len(display.split()) >= 6:
                flags.append(FidelityFlag(
                    "partial_omission", "warning",
                    "partial addition: the English is much longer than this Arabic sentence; part of it may have no source",
                ))
            if not drift:
                en_quotes = [q for q in quotes(display, _QUOTE_EN) if len(q[2].split()) >= 3]
                if en_quotes:
                    quote_jobs.append((k, en_quotes, quotes(src, _QUOTE_AR)))
        self._clauses(clause_jobs, out)
        self._quotes(quote_jobs, out)
        return {k: v for k, v in out.items() if v}

    def _clauses(self, jobs, out) -> None:
        """An Arabic clause far from the whole English has no counterpart."""
        if not jobs:
            return
        vectors = self.encoder.encode([self.pairs[k][0][s:e] for k, s, e in jobs])
        done = set()
        for (k, s, e), v in zip(jobs, vectors):
            if k in done:
                continue
            sim = float(v @ self.tgt_vec[k])
            if sim < CLAUSE_FLOOR:
                done.add(k)
                text = self.pairs[k][0][s:e]
                out[k].append(FidelityFlag(
                    "partial_omission", "warning",
                    "partial omission: this part of the Arabic has no counterpart in the English",
                    [Span("src", s, e, text)],
                ))

    def _quotes(self, jobs, out) -> None:
        """Quoted English must match quoted Arabic, at a stricter threshold."""
        texts = []
        for _, en_q, ar_q in jobs:
            texts += [q[2] for q in en_q] + [q[2] for q in ar_q]
        if not texts:
            return
        vectors = iter(self.encoder.encode(texts))
        for k, en_q, ar_q in jobs:
            ev = [next(vectors) for _ in en_q]
            av = [next(vectors) for _ in ar_q]
            for (s, e, text), v in zip(en_q, ev):
                span = [Span("tgt", s, e, text)]
                if not av:
                    out[k].append(FidelityFlag("quote", "info", "quoted in the English but not in the Arabic", span))
                    continue
                best = max(range(len(av)), key=lambda i: float(v @ av[i]))
                sim = float(v @ av[best])
                if sim < QUOTE_FLOOR:
                    a = ar_q[best]
                    out[k].append(FidelityFlag(
                        "quote", "warning",
                        f"quotation differs from the Arabic quotation (similarity {sim:.2f}); quotes must be exact",
                        span + [Span("src", a[0], a[1], a[2])],
                    ))
