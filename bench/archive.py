"""Archive batches on Dask: throughput on 1 and 2 workers, scheduling
overhead, peak memory per worker as the archive grows, and pairing by
content (accuracy, orphans, the confidence threshold by cross-validation).

    python bench/archive.py [--bench ../shared/bench] [--memory-docs 100,500] [--skip-throughput]
        [--repeats 3] [--profiles clean,mixed,summary]

Throughput: each ntrex-dev profile aligned by ``run_batch`` (presplit, no
checks) on the batch's own ``LocalCluster`` of 1 and of 2 single-threaded
workers, each run with an empty embedding cache (``MUQABALA_CACHE`` pointed
at a new temporary folder), ``--repeats`` times each in turn, the best run
of each shown.  A document's wall and CPU seconds in its worker tell
waiting for a core (wall above CPU) from the work itself growing; the
client's CPU seconds are this process's (the scheduler runs in it).
Scheduling overhead is the share of the workers' time not spent inside a
document: ``1 - sum(document seconds) / (workers *
wall)``, with the wall time measured from submitting to the corpus outputs
written (the cluster's start is shown apart).  Memory: the peak resident
set of each worker process after aligning archives of N documents made by
repeating the mixed profile, each copy's translation one sentence short
(with the user's embedding cache: the figure is the pipeline's memory, not
the encoder's work).

Pairing: every profile's originals and translations (names shuffled);
linked one-to-one, a pair kept when its score reaches the confidence
centre.  The centre and scale of the logistic confidence are fitted by
5-fold cross-validation with folds grouped by document (an article is
never in training and test, in any profile), on scenarios drawn from the
training documents: all of them, a quarter of the originals removed, and a
quarter of the originals plus another quarter of the translations removed.
Held-out figures are on the same scenarios drawn from the test fold.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.archive import BatchOptions, run_batch  # noqa: E402
from align.archive import pairing  # noqa: E402
from align.archive.cluster import local_cluster, map_documents  # noqa: E402
from align.archive.manifest import Manifest  # noqa: E402
from align.archive.work import AlignOptions, document_signature  # noqa: E402
from align.encoders import default_cache_dir  # noqa: E402

PROFILES = ("clean", "mixed", "summary")
OPTIONS = AlignOptions(presplit=True)
FOLDS = 5
DRAWS = 10


def peak_rss_mb(cluster) -> list[float]:
    from distributed import Client

    with Client(cluster) as client:
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return sorted(peaks.values())


def timed_batch(src: Path, tgt: Path, workers: int, cache: Path | None = None) -> dict:
    """One batch on a fresh cluster, with an empty embedding cache unless ``cache`` is given."""
    work = Path(tempfile.mkdtemp(prefix="muqabala-archive-bench-"))
    saved = os.environ.get("MUQABALA_CACHE")
    os.environ["MUQABALA_CACHE"] = str(cache or work / "cache")  # the workers inherit it
    try:
        start = time.perf_counter()
        cluster = local_cluster(workers)
        started = time.perf_counter() - start
        try:
            start, client_cpu = time.perf_counter(), time.process_time()
            report = run_batch(src, tgt, work / "out", BatchOptions(align=OPTIONS, scheduler=cluster.scheduler_address,
                                                                  progress=False))
            wall, client_cpu = time.perf_counter() - start, time.process_time() - client_cpu
            peaks = peak_rss_mb(cluster)
        finally:
            cluster.close()
        for name, error in report.failed:
            print(f"failed {name}: {error}", flush=True)
        entries = [e for e in Manifest(work / "out").entries.values() if e.status == "done"]
        busy = sum(e.seconds for e in entries)
        return {"docs": len(report.done), "failed": len(report.failed), "sentences": sum(e.sentences for e in entries),
                "start": started, "wall": wall, "busy": busy, "cpu": sum(e.cpu_seconds for e in entries),
                "overhead": 1 - busy / (workers * wall), "client_cpu": client_cpu, "peaks": peaks}  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if saved is None:
            os.environ.pop("MUQABALA_CACHE", None)
        else:
            os.environ["MUQABALA_CACHE"] = saved


def throughput(bench: Path, repeats: int, profiles: list[str]) -> None:
    """1 and 2 workers in turn, ``repeats`` times each (so that a burst of
    load elsewhere on the machine hits both alike); the best run of each."""
    print(f"\n## Throughput (ntrex-dev, empty cache, presplit, no checks; best of {repeats}, runs interleaved)\n")
    print("| profile | workers | docs | sentences | cluster start s | wall s (all runs) | docs/s | speed-up | "
          "s per doc in a worker: wall / CPU | overhead | client CPU s | peak RSS per worker MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for profile in profiles:
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for _ in range(repeats):
            for workers in runs:
                runs[workers].append(timed_batch(bench / "ntrex-dev" / profile / "src",
                                                 bench / "ntrex-dev" / profile / "tgt", workers))
        base = None
        for workers, results in runs.items():
            r = min(results, key=lambda r: r["wall"])
            rate = r["docs"] / r["wall"]
            base = base or rate
            docs = max(r["docs"], 1)
            walls = ", ".join(f"{x['wall']:.1f}" for x in results)
            print(f"| {profile} | {workers} | {r['docs']} | {r['sentences']} | {r['start']:.1f} | "
                  f"{r['wall']:.1f} ({walls}) | {rate:.2f} | "
                  f"{rate / base:.2f}x | {r['busy'] / docs:.3f} / {r['cpu'] / docs:.3f} | "
                  f"{100 * r['overhead']:.1f} % | {r['client_cpu']:.1f} | "
                  f"{' / '.join(f'{p:.0f}' for p in r['peaks'])} |", flush=True)
        print(f"load average after {profile}: {os.getloadavg()[0]:.1f}", flush=True)


def grown_archive(bench: Path, size: int, folder: Path) -> tuple[Path, Path]:
    """``size`` documents: the mixed profile repeated, each copy's translation
    missing a different sentence (an omission; no sentence is new, so the
    cache serves every embedding and the figure is the pipeline's memory)."""
    source = bench / "ntrex-dev" / "mixed"
    names = sorted(p.name for p in (source / "src").iterdir())
    for side in ("src", "tgt"):
        (folder / side).mkdir(parents=True)
    for k in range(size):
        name = names[k % len(names)]
        for side in ("src", "tgt"):
            lines = (source / side / name).read_text(encoding="utf-8").splitlines()
            if side == "tgt" and len(lines) > 1:
                del lines[k % len(lines)]
            (folder / side / f"{k:05d}-{name}").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "src", folder / "tgt"


def memory(bench: Path, sizes: list[int]) -> None:
    print("\n## Peak memory per worker as the archive grows (2 workers, mixed profile repeated)\n")
    print("| documents | wall s | docs/s | peak RSS per worker MB | bench process peak RSS MB |")
    print("|---|---|---|---|---|")
    cache = default_cache_dir()  # the user's cache: the profile is encoded once, if ever
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="muqabala-archive-grown-") as folder:
            src, tgt = grown_archive(bench, size, Path(folder))
            r = timed_batch(src, tgt, 2, cache)
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"| {size} | {r['wall']:.1f} | {r['docs'] / r['wall']:.2f} | "
              f"{' / '.join(f'{p:.0f}' for p in r['peaks'])} | {own:.0f} |", flush=True)


# ------------------------------------------------------------------ pairing

def signatures(bench: Path) -> dict[tuple[str, str], list]:
    """Every document's pairing signature, computed on a 2-worker cluster."""
    from distributed import Client

    jobs = [(profile, side, path) for profile in PROFILES for side in ("src", "tgt")
            for path in sorted((bench / "ntrex-dev" / profile / side).iterdir())]
    found: dict[tuple[str, str], dict[str, object]] = {}
    cluster = local_cluster(2)
    try:
        with Client(cluster) as client:
            start = time.perf_counter()
            map_documents(client, document_signature, jobs,
                          args=lambda job: (job[2].name, str(job[2]), OPTIONS, "ar" if job[1] == "src" else "en"),
                          size=lambda job: job[2].stat().st_size,
                          on_result=lambda job, s: found.setdefault(job[:2], {}).__setitem__(s.name, s),
                          on_lost=lambda job, exc: None, sentences=lambda s: s.count if s else 0,
                          desc="signatures", progress=False)  # fmt: skip
            print(f"\nsignatures of {len(jobs)} documents: {time.perf_counter() - start:.1f} s on 2 workers")
    finally:
        cluster.close()
    return {key: [by_name[n] for n in sorted(by_name)] for key, by_name in found.items()}


def linked(src, tgt) -> list[tuple[int, int, float]]:
    """All one-to-one links (i, j, score), before any threshold."""
    scores = pairing.candidate_scores(src, tgt)
    return [(i, j, scores[(i, j)]) for i, j, _ in pairing.link(scores, threshold=0.0)]


def scenarios(sigs, docs: list[int], rng: random.Random):
    """(name, originals' ids, translations' ids) drawn from ``docs``."""
    quarter = max(1, len(docs) // 4)
    yield "shuffled", docs, rng.sample(docs, len(docs))
    for _ in range(DRAWS):
        gone = set(rng.sample(docs, quarter))
        yield "originals removed", [d for d in docs if d not in gone], docs
        kept = [d for d in docs if d not in gone]
        gone_t = set(rng.sample(kept, quarter))
        yield "both sides orphaned", kept, [d for d in docs if d not in gone_t]


def links_of(sigs, profile: str, src_ids, tgt_ids):
    """Linked pairs as (score, correct), and the orphans on each side."""
    src = [sigs[profile, "src"][d] for d in src_ids]
    tgt = [sigs[profile, "tgt"][d] for d in tgt_ids]
    out = [(score, src_ids[i] == tgt_ids[j], src_ids[i] in tgt_ids, tgt_ids[j] in src_ids)
           for i, j, score in linked(src, tgt)]
    orphans = len(set(src_ids) ^ set(tgt_ids))
    return out, orphans, len(set(src_ids) & set(tgt_ids))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2) -> tuple[float, float]:
    """Scale and centre of ``P(y) = 1 / (1 + exp(-scale * (x - centre)))`` by
    Newton's method on the L2-penalised log-loss (the classes are often
    separable; the penalty keeps the scale finite)."""
    a, b = 1.0, -float(np.median(x))
    for _ in range(100):
        p = 1 / (1 + np.exp(-(a * x + b)))
        grad = np.array([np.sum((p - y) * x) + l2 * a, np.sum(p - y)])
        w = p * (1 - p)
        hess = np.array([[np.sum(w * x * x) + l2, np.sum(w * x)], [np.sum(w * x), np.sum(w) + 1e-9]])
        step = np.linalg.solve(hess, grad)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-9:
            break
    return float(a), float(-b / a)


def evaluate(sigs, docs: list[int], centre: float, seed: int) -> dict:
    """Paired correctly (of originals with a counterpart), and orphans given a pair."""
    rng = random.Random(seed)
    counts = {"correct": 0, "pairable": 0, "orphans": 0, "orphans_paired": 0, "wrong_kept": 0}
    for profile in PROFILES:
        for _, src_ids, tgt_ids in scenarios(sigs, docs, rng):
            links, orphans, pairable = links_of(sigs, profile, src_ids, tgt_ids)
            kept = [link for link in links if link[0] >= centre]
            counts["pairable"] += pairable
            counts["orphans"] += orphans
            counts["correct"] += sum(correct for _, correct, _, _ in kept)
            counts["wrong_kept"] += sum(not correct for _, correct, _, _ in kept)
            # A link with an orphan on either side pairs that orphan with something.
            counts["orphans_paired"] += sum((not s_has) + (not t_has) for _, _, s_has, t_has in kept)
    return counts


def training_points(sigs, docs: list[int], seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = random.Random(seed)
    x, y = [], []
    for profile in PROFILES:
        for _, src_ids, tgt_ids in scenarios(sigs, docs, rng):
            for score, correct, _, _ in links_of(sigs, profile, src_ids, tgt_ids)[0]:
                x.append(score)
                y.append(float(correct))
    return np.array(x), np.array(y)


def pairing_figures(bench: Path) -> None:
    sigs = signatures(bench)
    n = len(sigs["clean", "src"])
    ids = list(range(n))
    print("\n## Pairing by content: cross-validated confidence (5 folds grouped by document)\n")
    print("| fold | test docs | centre | scale | paired correctly | wrong pairs kept | orphans paired |")
    print("|---|---|---|---|---|---|---|")
    order = random.Random(0).sample(ids, n)
    total = {"correct": 0, "pairable": 0, "orphans": 0, "orphans_paired": 0, "wrong_kept": 0}
    for fold in range(FOLDS):
        test = sorted(order[fold::FOLDS])
        train = sorted(set(ids) - set(test))
        scale, centre = fit_logistic(*training_points(sigs, train, seed=fold))
        c = evaluate(sigs, test, centre, seed=100 + fold)
        for key in total:
            total[key] += c[key]
        print(f"| {fold + 1} | {len(test)} | {centre:.3f} | {scale:.1f} | {c['correct']}/{c['pairable']} | "
              f"{c['wrong_kept']} | {c['orphans_paired']}/{c['orphans']} |", flush=True)
    print(f"| all | {n} | | | {total['correct'] / total['pairable']:.4f} | {total['wrong_kept']} | "
          f"{total['orphans_paired'] / max(total['orphans'], 1):.4f} |")
    scale, centre = fit_logistic(*training_points(sigs, ids, seed=999))
    print(f"\nfitted on all of ntrex-dev: CONFIDENCE_CENTRE = {centre:.3f}, CONFIDENCE_SCALE = {scale:.1f} "
          f"(align/archive/pairing.py has {pairing.CONFIDENCE_CENTRE}, {pairing.CONFIDENCE_SCALE})")
    print("\n## Pairing by content on each whole profile (62 documents a side, the library's constants)\n")
    print("| profile | names shuffled: paired correctly | a quarter of originals removed: orphans paired "
          f"({DRAWS} draws) | time to pair s |")
    print("|---|---|---|---|")
    centre = pairing.CONFIDENCE_CENTRE
    for profile in PROFILES:
        rng = random.Random(7)
        shuffled = rng.sample(ids, n)
        start = time.perf_counter()
        links, _, _ = links_of(sigs, profile, ids, shuffled)
        seconds = time.perf_counter() - start
        correct = sum(ok for score, ok, _, _ in links if score >= centre)
        orphans = orphans_paired = 0
        for _ in range(DRAWS):
            gone = set(rng.sample(ids, n // 4))
            kept = [d for d in ids if d not in gone]
            links, count, _ = links_of(sigs, profile, kept, rng.sample(ids, n))
            orphans += count
            orphans_paired += sum(not t_has for score, _, _, t_has in links if score >= centre)
        print(f"| {profile} | {correct}/{n} = {correct / n:.3f} | {orphans_paired}/{orphans} = "
              f"{orphans_paired / orphans:.3f} | {seconds:.2f} |", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench",
                        help="the shared benchmark folder (default: ../shared/bench)")
    parser.add_argument("--memory-docs", default="100,500",
                        help="archive sizes for the memory section, comma-separated (default: 100,500; 0 skips it)")
    parser.add_argument("--skip-throughput", action="store_true", help="pairing and memory only")
    parser.add_argument("--skip-pairing", action="store_true", help="throughput and memory only")
    parser.add_argument("--repeats", type=int, default=3, help="throughput runs per profile and worker count")
    parser.add_argument("--profiles", default=",".join(PROFILES), help="throughput profiles, comma-separated")
    args = parser.parse_args(argv)
    if not (args.bench / "ntrex-dev").is_dir():
        print(f"no benchmark data at {args.bench}", file=sys.stderr)
        return 2
    print(f"{os.cpu_count()} cores; load average at start {os.getloadavg()[0]:.1f}")
    if not args.skip_throughput:
        throughput(args.bench, args.repeats, args.profiles.split(","))
    sizes = [int(s) for s in args.memory_docs.split(",") if int(s) > 0]
    if sizes:
        memory(args.bench, sizes)
    if not args.skip_pairing:
        pairing_figures(args.bench)
    return 0


if __name__ == "__main__":
    sys.exit(main())
