"""What the fidelity checks cost on top of aligning, as the CLI user pays it.

A ~100-sentence article (the first four ntrex-dev mixed documents joined,
one sentence per line) is aligned with ``python -m align align --presplit
--no-cache`` with and without ``--check``; each command runs a few times and
the best run counts (a few-second process is at the mercy of whatever else
the machine does).  Prints both times and their ratio.

    python bench/check_cost.py [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIXED = ROOT.parent / "shared" / "bench" / "ntrex-dev" / "mixed"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    if not MIXED.exists():
        raise SystemExit(f"{MIXED}: the development data is not there")
    docs = sorted(p.name for p in (MIXED / "src").iterdir())[:4]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for side in ("src", "tgt"):
            path = Path(tmp) / f"{side}.txt"
            path.write_text("".join((MIXED / side / d).read_text(encoding="utf-8") for d in docs), encoding="utf-8")
            paths.append(str(path))
        sizes = [len(Path(p).read_text(encoding="utf-8").splitlines()) for p in paths]
        base = [sys.executable, "-m", "align", "align", "--presplit", "--no-cache", *paths, "-o", os.devnull]
        commands = {"align": base, "align --check": base + ["--check"]}
        best = {label: float("inf") for label in commands}
        for _ in range(args.runs):
            for label, cmd in commands.items():
                start = time.perf_counter()
                subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
                best[label] = min(best[label], time.perf_counter() - start)
    print(f"{' + '.join(docs)}: {sizes[0]} + {sizes[1]} sentences, best of {args.runs} runs")
    for label, seconds in best.items():
        print(f"  {label:14s} {seconds:6.2f} s")
    print(f"  ratio          {best['align --check'] / best['align']:.2f}x")


if __name__ == "__main__":
    main()
