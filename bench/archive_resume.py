"""Resume at random points: run ``python -m align batch`` on a small
archive, kill it at random moments (SIGKILL of the client process, as
``kill -9``; SIGINT to its whole process group, as Ctrl-C on a terminal),
run it again until it finishes, and check what an uninterrupted run gives.

    python bench/archive_resume.py [--bench ../shared/bench] [--docs 12] [--series 4] [--kills 3] [--seed 1]

Checks, each printed with its outcome:

* every output equals the uninterrupted run's byte for byte: each
  document's output, ``pairs.tsv`` when pairing by content, the corpus
  report's CSV and HTML, and ``corpus.tmx`` once its creation date is set
  aside (the XLSX holds its creation time, the manifest the seconds each
  document took);
* no document was aligned twice: each has exactly one ``done`` line in the
  manifest, and no run planned a document that the manifest lines before
  it (``runs.jsonl``'s ``manifest_lines``) already held done from the same
  inputs and options;
* no temporary file is left in ``OUT`` and no process of a killed run
  outlives it (the local cluster's workers watch their parent).

Each series starts from an empty ``OUT`` and an empty embedding cache (the
reference has its own) and tries ``--kills`` interrupts, each at a moment
drawn uniformly over what that run should take (the cluster's start, then
the documents left: start, aligning and the corpus outputs all get hit),
then runs the command to the end.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.archive.manifest import MANIFEST_NAME, RUNS_NAME  # noqa: E402

#: Seconds a batch takes to start its cluster and load the encoder, about.
STARTUP = 6.0
# Files whose bytes legitimately differ from run to run (timestamps, seconds).
UNSTABLE = {MANIFEST_NAME, RUNS_NAME, "corpus-report.xlsx"}


def small_archive(bench: Path, docs: int, folder: Path) -> tuple[Path, Path]:
    source = bench / "ntrex-dev" / "mixed"
    for side in ("src", "tgt"):
        (folder / side).mkdir(parents=True)
        for path in sorted((source / side).iterdir())[:docs]:
            shutil.copyfile(path, folder / side / path.name)
    return folder / "src", folder / "tgt"


def batch_command(src: Path, tgt: Path, out: Path, args) -> list[str]:
    command = [sys.executable, "-m", "align", "batch", str(src), str(tgt), str(out), "--presplit",
               "--workers", str(args.workers)]
    return command + (["--pair-by", "content"] if args.pair_by_content else [])


def session_processes(sid: int) -> list[int]:
    """Processes still alive in session ``sid`` (the batch and its workers)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def run(command: list[str], env: dict, kill_after: float | None = None, how: str = "") -> tuple[int, float, list[int]]:
    """Run ``command`` in a session of its own, killed ``how`` after
    ``kill_after`` seconds unless it is done by then; its return code, wall
    time and the processes of its session alive 10 s after it ended."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        if how == "SIGKILL":
            os.kill(process.pid, signal.SIGKILL)  # the client only, as kill -9 would
        else:
            os.killpg(process.pid, signal.SIGINT)  # the whole group, as Ctrl-C does
        process.wait()
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    if "Traceback" in stderr:  # Ctrl-C too should stop with a line, not a traceback
        print(f"{how or 'run'} after {kill_after}: exit {process.returncode}\n{stderr[-3000:]}", file=sys.stderr)
    deadline = time.monotonic() + 10
    while session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = session_processes(process.pid)
    for pid in left:  # ours: a worker that outlived its client
        os.kill(pid, signal.SIGKILL)
    return process.returncode, wall, left


def outputs(out: Path) -> dict[str, bytes]:
    """Every file of ``out`` but the unstable ones, the TMX's creation date set aside."""
    found = {}
    for path in sorted(out.rglob("*")):
        name = str(path.relative_to(out))
        if path.is_file() and name not in UNSTABLE:
            data = path.read_bytes()
            if name == "corpus.tmx":
                data = re.sub(rb'creationdate="[^"]*"', b'creationdate=""', data)
            found[name] = data
    return found


def manifest_lines(out: Path) -> list[dict | None]:
    lines: list[dict | None] = []
    if not (out / MANIFEST_NAME).exists():
        return lines
    for line in (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            lines.append(None)  # cut short by a kill
    return lines


def redone(out: Path) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Done lines per document; (run, document) where a run planned a
    document the manifest already held done."""
    lines = manifest_lines(out)
    done: dict[str, int] = {}
    for entry in lines:
        if entry and entry["status"] == "done":
            done[entry["name"]] = done.get(entry["name"], 0) + 1
    wrong = []
    runs = [json.loads(line) for line in (out / RUNS_NAME).read_text(encoding="utf-8").splitlines()
            if line.strip().endswith("}")]  # a line cut short by a kill planned nothing that ran
    for number, planned in enumerate(runs, 1):
        before: dict[str, dict] = {}
        for entry in lines[: planned["manifest_lines"]]:
            if entry:
                before[entry["name"]] = entry
        for name in planned["planned"]:
            previous = before.get(name)  # the inputs and options never change here
            if previous and previous["status"] == "done":
                wrong.append((number, name))
    return done, wrong


def check(reference: Path, out: Path, docs: int, code: int) -> list[str]:
    """What is wrong with a finished series' ``out`` (nothing: an empty list)."""
    expected, found = outputs(reference), outputs(out)
    differ = sorted(name for name in expected.keys() | found.keys() if expected.get(name) != found.get(name))
    temporary = [str(p.relative_to(out)) for p in out.rglob("*.part")]
    done, wrong = redone(out)
    twice = sorted(name for name, count in done.items() if count != 1)
    problems = [f"{out.name}: the last run ended with {code}"] if code else []
    problems += [f"{out.name}: {name} differs from the uninterrupted run's" for name in differ]
    problems += [f"{out.name}: {len(done)} of {docs} documents done"] if len(done) != docs else []
    problems += [f"{out.name}: {name} done more than once" for name in twice]
    problems += [f"{out.name}: run {run} planned {name}, already done" for run, name in wrong]
    problems += [f"{out.name}: temporary file left: {name}" for name in temporary]
    if not problems:
        print(f"{out.name}: {len(expected)} files equal to the uninterrupted run's, {len(done)} documents each "
              "done once, no run planned a document already done, no temporary file left")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench",
                        help="the shared benchmark folder (default: ../shared/bench)")
    parser.add_argument("--docs", type=int, default=12, help="documents in the archive (from ntrex-dev mixed)")
    parser.add_argument("--series", type=int, default=4, help="series, each from an empty OUT and cache")
    parser.add_argument("--kills", type=int, default=3, help="interrupts tried per series before a run left to finish")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pair-by-content", action="store_true", help="pair by content instead of by name")
    args = parser.parse_args(argv)
    if not (args.bench / "ntrex-dev").is_dir():
        print(f"no benchmark data at {args.bench}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    print(f"{os.cpu_count()} cores; load average at start {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="muqabala-archive-resume-") as folder:
        work = Path(folder)
        src, tgt = small_archive(args.bench, args.docs, work / "in")
        env = {**os.environ, "MUQABALA_CACHE": str(work / "cache-reference"), "PYTHONPATH": str(ROOT)}
        code, reference_wall, left = run(batch_command(src, tgt, work / "reference", args), env)
        if code != 0:
            print(f"the uninterrupted run failed ({code})", file=sys.stderr)
            return 1
        print(f"uninterrupted run: {args.docs} documents in {reference_wall:.1f} s, {len(left)} processes left\n")
        print("| series | run | signal | after s | exit | done in the manifest | processes left |")
        print("|---|---|---|---|---|---|---|")
        failures, orphans, kills = [], 0, 0
        for series in range(1, args.series + 1):
            env["MUQABALA_CACHE"] = str(work / f"cache-{series}")
            out = work / f"out-{series}"
            command = batch_command(src, tgt, out, args)
            for number in range(1, args.kills + 2):
                done = sum(1 for e in manifest_lines(out) if e and e["status"] == "done")
                if number <= args.kills:
                    # Uniform over what this run should take: the start, then the documents left.
                    how = rng.choice(("SIGKILL", "SIGINT"))
                    after = rng.uniform(0.0, STARTUP + (reference_wall - STARTUP) * (args.docs - done) / args.docs)
                    code, _, left = run(command, env, after, how)
                else:  # the run left to finish
                    how, after = "—", None
                    code, _, left = run(command, env)
                kills += code != 0
                orphans += len(left)
                done = sum(1 for e in manifest_lines(out) if e and e["status"] == "done")
                print(f"| {series} | {number} | {how} | {'—' if after is None else f'{after:.1f}'} | {code} | "
                      f"{done} | {len(left)} |", flush=True)
                if code == 0:
                    break
            failures += check(work / "reference", out, args.docs, code)
        print(f"\n{kills} runs interrupted in {args.series} series; processes that outlived their run: {orphans}")
        for line in failures:
            print(line)
        ok = not failures and not orphans
        print("RESUME OK" if ok else "RESUME FAILED")
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
