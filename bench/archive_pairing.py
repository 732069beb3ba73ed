"""Pairing by content as archives grow: time per size with exact and with
approximate (HNSW) candidate search, the fitted growth exponent, and the
index's recall against exact search.

    python bench/archive_pairing.py [--bench ../shared/bench] [--sizes 1000,4000,16000,64000] [--exact-max 16000]

Synthetic archives of N document pairs are built from the real signatures
of ntrex-dev clean's 62 pairs (encoded in this process, with the user's
embedding cache): document i takes pair ``i mod 62`` as its base, keeps 8
of its sentence rows (evenly spaced, in order: the order-aware score sees
an ordered document), and adds a direction of its own, shared by its
original and its translation (what makes document i itself and not just a
copy of its base), plus independent noise on every row of either side.
Everything is in ``align.archive.pairing``: ``candidates`` (the step that
is quadratic when exact) and ``pair_documents`` (centring, candidates,
re-scoring, linking), with the index forced on or off.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.archive import pairing  # noqa: E402
from align.archive.work import AlignOptions, Signature, document_signature  # noqa: E402

ROWS = 8
OWN = 1.0  # norm of a document's own direction, next to unit sentence rows
OWN_SENTENCES = 3
NOISE = 0.5  # norm of each row's independent noise


def base_signatures(bench: Path) -> tuple[list[Signature], list[Signature]]:
    folder = bench / "ntrex-dev" / "clean"
    options = AlignOptions(presplit=True)
    sides = []
    for side, lang in (("src", "ar"), ("tgt", "en")):
        paths = sorted((folder / side).iterdir())
        sides.append([document_signature(p.name, str(p), options, lang) for p in paths])
    return sides[0], sides[1]


def synthetic(bases: list[Signature], own: np.ndarray, seed: int) -> list[Signature]:
    """One side of an archive of ``len(own)`` documents (see the module's text)."""
    rng = np.random.default_rng(seed)
    dim = own.shape[1]
    out = []
    for i, direction in enumerate(own):
        base = bases[i % len(bases)].sentences.astype(np.float32)
        rows = base[np.unique(np.linspace(0, len(base) - 1, min(ROWS, len(base))).round().astype(int))]
        rows = rows + direction + rng.normal(scale=NOISE / np.sqrt(dim), size=rows.shape)
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        mean = rows.mean(axis=0)
        out.append(Signature(f"{i:06d}", "", vector=(mean / np.linalg.norm(mean)).astype(np.float32),
                             sentences=rows.astype(np.float16), count=len(rows)))
    return out


def archive(src_bases, tgt_bases, size: int) -> tuple[list[Signature], list[Signature]]:
    rng = np.random.default_rng(size)
    # A document's own direction: the sum of OWN_SENTENCES sentences drawn
    # from all the bases (real content, so it varies as embeddings do, along
    # their principal components, not evenly in every dimension).
    pool = np.concatenate([s.sentences.astype(np.float32) for s in src_bases + tgt_bases])
    pool -= pool.mean(axis=0)
    own = pool[rng.integers(len(pool), size=(size, OWN_SENTENCES))].sum(axis=1)
    own *= OWN / np.linalg.norm(own, axis=1, keepdims=True)
    return synthetic(src_bases, own, seed=2 * size), synthetic(tgt_bases, own, seed=2 * size + 1)


def centred_vectors(originals, translations) -> tuple[np.ndarray, np.ndarray]:
    return pairing.centring(originals)[0], pairing.centring(translations)[0]


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def exponent(sizes: list[int], seconds: list[float]) -> str:
    """The slope of log(time) against log(N), by least squares."""
    if len(sizes) < 2:
        return "n/a"
    return f"{np.polyfit(np.log(sizes), np.log(seconds), 1)[0]:.2f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench",
                        help="the shared benchmark folder (default: ../shared/bench)")
    parser.add_argument("--sizes", default="1000,4000,16000,64000", help="documents a side, comma-separated")
    parser.add_argument("--exact-max", type=int, default=16000, help="largest size searched exactly too")
    args = parser.parse_args(argv)
    if not (args.bench / "ntrex-dev").is_dir():
        print(f"no benchmark data at {args.bench}", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{os.cpu_count()} cores; load average at start {os.getloadavg()[0]:.1f}")
    (src_bases, tgt_bases), seconds = timed(base_signatures, args.bench)
    warm = np.eye(16, dtype=np.float32)
    pairing.candidates(warm, warm, approximate=True)  # FAISS's import, not counted in the first size
    print(f"base signatures: {len(src_bases)} + {len(tgt_bases)} documents in {seconds:.1f} s; synthetic documents "
          f"keep {ROWS} sentence rows; the library switches to the index at {pairing.APPROXIMATE_FROM} documents")
    print("\n| documents a side | candidates, exact s | candidates, HNSW s (build + query) | recall of HNSW "
          "candidates against exact | counterpart among HNSW candidates | pairing, library's choice s | "
          "paired correctly | pairs that differ, HNSW vs exact |")
    print("|---|---|---|---|---|---|---|---|")
    figures: dict[str, tuple[list[int], list[float]]] = {"exact": ([], []), "hnsw": ([], []), "pairing": ([], [])}
    for size in sizes:
        originals, translations = archive(src_bases, tgt_bases, size)
        v, w = centred_vectors(originals, translations)
        found, hnsw_s = timed(pairing.candidates, v, w, approximate=True)
        figures["hnsw"][0].append(size)
        figures["hnsw"][1].append(hnsw_s)
        exact_s = recall = differ = None
        if size <= args.exact_max:
            truth, exact_s = timed(pairing.candidates, v, w, approximate=False)
            figures["exact"][0].append(size)
            figures["exact"][1].append(exact_s)
            recall = len(set(found) & set(truth)) / len(truth)
        pairs, pairing_s = timed(pairing.pair_documents, originals, translations)
        figures["pairing"][0].append(size)
        figures["pairing"][1].append(pairing_s)
        correct = sum(p.original == p.translation for p in pairs if p.original and p.translation)
        if size <= args.exact_max and size >= pairing.APPROXIMATE_FROM:
            exact_pairs = pairing.pair_documents(originals, translations, approximate=False)
            differ = len(set(pairs) ^ set(exact_pairs)) // 2
        elif size < pairing.APPROXIMATE_FROM:
            differ = "(exact below the switch)"
        counterpart = len({(i, i) for i in range(size)} & set(found)) / size
        print(f"| {size:,} | {'—' if exact_s is None else f'{exact_s:.2f}'} | {hnsw_s:.2f} | "
              f"{'—' if recall is None else f'{recall:.4f}'} | {counterpart:.4f} | {pairing_s:.2f} | "
              f"{correct / size:.4f} | "
              f"{'—' if differ is None else differ} |", flush=True)
    indexed = [(n, t) for n, t in zip(*figures["pairing"]) if n >= pairing.APPROXIMATE_FROM]
    print("\ngrowth exponent (slope of log time on log N): "
          + ", ".join(f"{name} {exponent(*figures[name])}" for name in ("exact", "hnsw", "pairing"))
          + f"; pairing from {pairing.APPROXIMATE_FROM} documents on: "
          + exponent([n for n, _ in indexed], [t for _, t in indexed]))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
