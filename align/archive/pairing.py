"""Pairing originals with their translations by content, when the two
folders do not share file names.

After Thompson & Koehn (2020, "Exploiting Sentence Order in Document
Alignment"): every document is a vector (the mean of its sentence
embeddings), candidates are each document's nearest neighbours on the other
side, and each candidate pair is re-scored with an order-aware sentence
score — every sentence's best match on the other side, less a penalty for
how far apart the two sit in their documents, averaged both ways (a summary
or an abridged translation matches its original's sentences in order, a
different article on the same subject does not).  Embeddings are first
centred on their side's mean (over the batch's sentences): a multilingual
encoder gives any two news texts a cosine near 0.8, and taking that common
part away leaves related documents well apart from unrelated ones.  Pairs
are then linked one-to-one, best first (competitive linking), and a pair is
kept only when its confidence (a logistic function of its score, fitted on
ntrex-dev, see :func:`confidence`) reaches :data:`THRESHOLD`; everything
else stays unpaired and is listed, never forced into a pair.  Pairing needs
a few documents a side for the centring to mean anything.

Finding the candidates exactly compares every document with every other
(quadratic); from :data:`APPROXIMATE_FROM` documents on the larger side they
come from an approximate nearest-neighbour index instead (FAISS's HNSW
graph over the vectors' principal components: building and querying it
grow as N log N), and the rest (re-scoring
the candidates, linking) is linear or N log N already.  ``bench/archive_pairing.py``
measures the growth and the index's recall against exact search.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .work import Signature

#: Nearest neighbours kept as candidates for each document, either side.
CANDIDATES = 8
#: Score lost per unit of distance between two sentences' relative positions.
POSITION_PENALTY = 0.5
#: Least confidence of a kept pair.
THRESHOLD = 0.5
#: Logistic link of :func:`confidence`: a pair scoring CONFIDENCE_CENTRE
#: has confidence 0.5.  Fitted by ``bench/archive.py`` on ntrex-dev
#: (document-grouped cross-validation; README "Archives").
CONFIDENCE_SCALE = 45.5
CONFIDENCE_CENTRE = 0.471
#: Documents compared per block when finding neighbours (bounds memory).
_BLOCK = 1024
#: From this many documents on the larger side, candidates come from the
#: approximate index (below it exact search takes under a second).
APPROXIMATE_FROM = 4096
#: The HNSW graph's links per node and its search depths when building and
#: querying (FAISS's defaults are 32 / 40 / 16; deeper searches buy recall),
#: over the document vectors' first HNSW_DIMENSIONS principal components
#: (distances 3 times cheaper than in e5's 384); it finds HNSW_RERANK times
#: the neighbours wanted, and the best of those by the full vectors are
#: kept.  Chosen on bench/archive_pairing.py: recall 0.98 of exact search's
#: neighbours at 16,000 documents, in half the time of a full-width graph.
HNSW_DIMENSIONS = 128
HNSW_RERANK = 4
HNSW_LINKS = 32
HNSW_BUILD_DEPTH = 80
HNSW_SEARCH_DEPTH = 64


@dataclass(frozen=True)
class Pair:
    """A row of ``pairs.tsv``: an original and its translation, or one of
    them alone (``None`` on the other side) with ``confidence`` ``None``."""

    original: str | None
    translation: str | None
    confidence: float | None = None


def order_aware_score(a: np.ndarray, b: np.ndarray) -> float:
    """Order-aware similarity of two documents' sentence embeddings (rows in
    document order): each sentence's best cosine on the other side less
    :data:`POSITION_PENALTY` times the gap in relative position, averaged
    over the sentences of both sides."""
    a, b = np.asarray(a, dtype=np.float32), np.asarray(b, dtype=np.float32)
    pa = (np.arange(len(a)) + 0.5) / len(a)
    pb = (np.arange(len(b)) + 0.5) / len(b)
    sim = a @ b.T - POSITION_PENALTY * np.abs(pa[:, None] - pb[None, :])
    return float(0.5 * (sim.max(axis=1).mean() + sim.max(axis=0).mean()))


def _neighbours(queries: np.ndarray, keys: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` most similar keys of each query (block by block)."""
    k = min(k, len(keys))
    out = np.empty((len(queries), k), dtype=np.int64)
    for start in range(0, len(queries), _BLOCK):
        sim = queries[start : start + _BLOCK] @ keys.T
        out[start : start + _BLOCK] = np.argpartition(-sim, k - 1, axis=1)[:, :k]
    return out


def _approximate_neighbours(queries: np.ndarray, keys: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` nearest keys of each query by inner product (-1 where the
    search found fewer): :data:`HNSW_RERANK` times ``k`` found in an HNSW
    index of the keys' first :data:`HNSW_DIMENSIONS` principal components,
    the ``k`` best of them by their full vectors."""
    import faiss

    keys = np.ascontiguousarray(keys, dtype=np.float32)
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    wanted = min(HNSW_RERANK * k, len(keys))
    graph = faiss.IndexHNSWFlat(min(HNSW_DIMENSIONS, keys.shape[1]), HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = HNSW_BUILD_DEPTH
    graph.hnsw.efSearch = max(HNSW_SEARCH_DEPTH, wanted)
    projection = faiss.PCAMatrix(keys.shape[1], graph.d) if graph.d < keys.shape[1] else None
    index = faiss.IndexPreTransform(projection, graph) if projection else graph
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)  # threads insert in a racy order: one thread builds the same graph every run
    try:
        index.train(keys)
        index.add(keys)
        _, found = index.search(queries, wanted)
    finally:
        faiss.omp_set_num_threads(threads)
    out = np.empty((len(queries), min(k, len(keys))), dtype=np.int64)
    for start in range(0, len(queries), _BLOCK):
        block = found[start : start + _BLOCK]
        sim = np.einsum("qd,qkd->qk", queries[start : start + _BLOCK], keys[np.maximum(block, 0)])
        sim[block < 0] = -np.inf
        best = np.argsort(-sim, axis=1, kind="stable")[:, : out.shape[1]]
        out[start : start + _BLOCK] = np.take_along_axis(block, best, axis=1)
    return out


def candidates(v: np.ndarray, w: np.ndarray, k: int = CANDIDATES,
               approximate: bool | None = None) -> list[tuple[int, int]]:
    """The candidate pairs ``(i, j)``, sorted: each row of ``v``'s ``k``
    nearest rows of ``w`` and the other way round (unit vectors, cosine),
    by exact search or, when ``approximate`` (default: from
    :data:`APPROXIMATE_FROM` rows on either side), from an HNSW index."""
    if approximate is None:
        approximate = max(len(v), len(w)) >= APPROXIMATE_FROM
    search = _approximate_neighbours if approximate else _neighbours
    pairs = {(i, int(j)) for i, row in enumerate(search(v, w, k)) for j in row if j >= 0}
    pairs |= {(int(i), j) for j, row in enumerate(search(w, v, k)) for i in row if i >= 0}
    return sorted(pairs)


def centring(signatures: Sequence[Signature]):
    """Document vectors less their side's mean sentence, re-normalised, and
    the function that does the same to a document's sentences (applied as
    each is scored: a side's centred sentences are not all kept at once)."""
    rows = sum(len(s.sentences) for s in signatures)
    mean = sum(s.sentences.astype(np.float32).sum(axis=0) for s in signatures) / rows

    def unit(x: np.ndarray) -> np.ndarray:
        x = x.astype(np.float32) - mean
        return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)

    return unit(np.stack([s.vector for s in signatures])), unit


def candidate_scores(originals: Sequence[Signature], translations: Sequence[Signature],
                     k: int = CANDIDATES, approximate: bool | None = None) -> dict[tuple[int, int], float]:
    """``{(i, j): score}`` for each candidate pair: the mean of the (centred)
    document vectors' cosine and the order-aware sentence score."""
    if not originals or not translations:
        return {}
    v, unit_original = centring(originals)
    w, unit_translation = centring(translations)
    scores, current, a = {}, -1, None
    for i, j in candidates(v, w, k, approximate):  # sorted: each original's sentences centred once
        if i != current:
            current, a = i, unit_original(originals[i].sentences)
        scores[(i, j)] = 0.5 * (float(v[i] @ w[j]) + order_aware_score(a, unit_translation(translations[j].sentences)))
    return scores


def confidence(score: float) -> float:
    """A pair's confidence in [0, 1]: a logistic function of its score."""
    return float(1.0 / (1.0 + np.exp(-CONFIDENCE_SCALE * (score - CONFIDENCE_CENTRE))))


def link(scores: dict[tuple[int, int], float], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """One-to-one pairs ``(i, j, confidence)``, best score first, kept when
    their confidence reaches ``threshold``."""
    taken_i, taken_j, out = set(), set(), []
    for (i, j), _ in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if i in taken_i or j in taken_j:
            continue
        taken_i.add(i)
        taken_j.add(j)
        c = confidence(scores[(i, j)])
        if c >= threshold:
            out.append((i, j, c))
    return out


def pair_documents(originals: Sequence[Signature], translations: Sequence[Signature],
                   threshold: float = THRESHOLD, approximate: bool | None = None) -> list[Pair]:
    """Pairs by content, then the unpaired originals and translations
    (a document that could not be read or encoded is unpaired);
    ``approximate`` as in :func:`candidates`."""
    src = [s for s in originals if s.vector is not None]
    tgt = [s for s in translations if s.vector is not None]
    linked = link(candidate_scores(src, tgt, approximate=approximate), threshold)
    pairs = [Pair(src[i].name, tgt[j].name, round(c, 4)) for i, j, c in linked]
    paired_src = {src[i].name for i, _, _ in linked}
    paired_tgt = {tgt[j].name for _, j, _ in linked}
    pairs.sort(key=lambda p: p.original)
    pairs += [Pair(s.name, None) for s in originals if s.name not in paired_src]
    pairs += [Pair(None, s.name) for s in translations if s.name not in paired_tgt]
    return pairs


def pairs_tsv(pairs: Sequence[Pair]) -> str:
    """``pairs.tsv``: header ``original, translation, confidence``; an empty
    cell on the side a document has no counterpart."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["original", "translation", "confidence"])
    for p in pairs:
        writer.writerow([p.original or "", p.translation or "", "" if p.confidence is None else f"{p.confidence:.4f}"])
    return out.getvalue()
