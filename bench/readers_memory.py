"""Peak memory and time of the document readers on hostile files.

    python bench/readers_memory.py [--scale 1.0] [--only NAME ...] [--code DIR]

Builds each file under a temporary folder (``tests/hostile_files.py``),
then reads it with ``align.readers.read_document`` in a fresh process and
prints the outcome (paragraph count or the InputError message), the wall
time and the process's peak resident memory (``ru_maxrss``; a bare process
that imports the readers is printed first as the floor).  ``--scale``
shrinks or grows the sizes of the issue-13 cases (1.0: a 3 GiB zip bomb,
3 million tiny paragraphs, 1,000 PDF pages of 30 lines).  ``--code`` reads
with the ``align`` package of another checkout (e.g. before a change).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile_files  # noqa: E402

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from align.errors import InputError
from align.readers import read_document
start = time.perf_counter()
try:
    outcome = f"{len(read_document(sys.argv[1]).paragraphs)} paragraphs" if sys.argv[1] else "imports only"
except InputError as exc:
    outcome = f"InputError: {exc}"
except MemoryError:
    outcome = "MemoryError"
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(path: str, code: Path) -> dict:
    run = subprocess.run([sys.executable, "-c", _CHILD, path, str(code)], capture_output=True, text=True)
    if run.returncode:
        return {"outcome": f"died (exit {run.returncode}): {run.stderr.strip().splitlines()[-1:]}",
                "seconds": float("nan"), "peak_mb": float("nan")}
    return json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", nargs="*", help="case names to run")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose align package reads the files")
    args = parser.parse_args()
    s = args.scale
    cases = {
        "zip-bomb": ("bomb.docx", lambda p: hostile_files.docx_bomb(int(3 * 2**30 * s), p)),
        "tiny-paragraphs": ("tiny.docx", lambda p: hostile_files.docx_tiny_paragraphs(int(3_000_000 * s), p)),
        "distinct-paragraphs": ("distinct.docx", lambda p: hostile_files.docx_distinct_paragraphs(int(500_000 * s), path=p)),
        "pdf-pages": ("long.pdf", lambda p: hostile_files.pdf_pages(int(1000 * s), p, lines=30)),
    }
    print(f"{'case':<22}{'file MB':>9}{'seconds':>9}{'peak MB':>9}  outcome")
    floor = measure("", args.code)
    print(f"{'(imports only)':<22}{'':>9}{'':>9}{floor['peak_mb']:>9.0f}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (filename, build) in cases.items():
            if args.only and name not in args.only:
                continue
            path = Path(tmp) / filename
            started = time.perf_counter()
            build(path)
            built = time.perf_counter() - started
            result = measure(str(path), args.code)
            size = path.stat().st_size / 1e6
            print(f"{name:<22}{size:>9.1f}{result['seconds']:>9.1f}{result['peak_mb']:>9.0f}  "
                  f"{result['outcome'][:90]}  (built in {built:.0f} s)")
            path.unlink()


if __name__ == "__main__":
    main()
