"""How fast the review app answers, driven headless (Streamlit's AppTest).

    python bench/app_speed.py [--bench ../shared/bench] [--repeat 5]

1. A ~100-sentence article (NTREX-dev clean documents run together) pasted
   and aligned with the checks, as the Align button does it: *cold* (empty
   embedding cache, the encoder already loaded) and *warm* (the same texts
   again, embeddings cached).  Issue 12's targets on 2 cores: <= 5 s cold,
   <= 2 s warm.
2. Each step of the review loop on a 500-bead job (NTREX gold beads, every
   fourth one carrying a warning): open the review, next flagged, a verdict
   (with its auto-advance), the Flagged filter, a search, next bead, the
   dense grid.  Target: <= 0.3 s each.  Median of ``--repeat`` runs.

Times are the server side of one rerun (the script run that answers the
click), which is what the reviewer waits for before the browser redraws.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def read_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def article(folder: Path, sentences: int) -> tuple[str, str]:
    """Documents run together until the Arabic side has ``sentences`` lines."""
    src, tgt = [], []
    for doc in sorted((folder / "src").iterdir()):
        src += read_lines(doc)
        tgt += read_lines(folder / "tgt" / doc.name)
        if len(src) >= sentences:
            break
    return "\n\n".join(src), "\n\n".join(tgt)


def big_alignment(folder: Path, beads: int):
    """An alignment of at least ``beads`` beads from the gold files, sentence
    indices renumbered across documents; every fourth bead flagged."""
    import ast

    from align.model import Alignment, Bead, FidelityFlag, Sentence

    src, tgt, out = [], [], []
    for doc in sorted((folder / "gold").iterdir()):
        s_lines, t_lines = read_lines(folder / "src" / doc.name), read_lines(folder / "tgt" / doc.name)
        for line in doc.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            s, t = (ast.literal_eval(part) for part in line.split(":"))
            flags = [FidelityFlag("drift", "warning", "meaning may drift", confidence=0.6)] if len(out) % 4 == 3 else []
            out.append(Bead(tuple(i + len(src) for i in s), tuple(j + len(tgt) for j in t), 0.8, flags))
        src += [Sentence(x) for x in s_lines]
        tgt += [Sentence(x) for x in t_lines]
        if len(out) >= beads:
            break
    alignment = Alignment(src, tgt, out, meta={"press": False})
    alignment.validate()
    return alignment


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = args.bench / "ntrex-dev" / "clean"
    if not folder.exists():
        sys.exit(f"no NTREX-dev data at {folder}")
    tmp = Path(tempfile.mkdtemp(prefix="muqabala-app-speed-"))
    os.environ["MUQABALA_STORE"] = f"sqlite:///{tmp}/reviews.db"
    os.environ["MUQABALA_CACHE"] = str(tmp / "cache")
    from streamlit.testing.v1 import AppTest

    from align.store import ReviewStore

    def app(**params) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.query_params.update(params)
        at.run()
        assert not at.exception, at.exception
        return at

    def align(src: str, tgt: str) -> float:
        at = app(reviewer="bench")
        at.text_area(key="src_text").set_value(src)
        at.text_area(key="tgt_text").set_value(tgt).run()
        seconds = timed(at.button(key="align").click().run)
        assert not at.exception and at.session_state.job is not None, at.exception
        return seconds

    # the encoder is loaded once per process (st.cache_resource), on other sentences
    warm_up = article(args.bench / "ntrex-dev" / "summary", 5)
    align(warm_up[0].split("\n\n")[0], warm_up[1].split("\n\n")[0])
    src, tgt = article(folder, 100)
    n_src, n_tgt = len(src.split("\n\n")), len(tgt.split("\n\n"))
    cold = align(src, tgt)
    warm = [align(src, tgt) for _ in range(max(1, args.repeat // 2))]
    print(f"align + check in the app, {n_src} + {n_tgt} sentences: cold {cold:.2f} s, "
          f"warm {statistics.median(warm):.2f} s (median of {len(warm)})  [targets 5 s / 2 s]")
    # the same work without the app, stage by stage (cold: an encoder on a fresh cache)
    from align.encoders import load_encoder
    from align.pipeline import align_texts

    encoder = load_encoder(cache=tmp / "cache-direct")
    stages: dict[str, float] = {}
    clock = [time.perf_counter()]

    def progress(stage: str, fraction: float) -> None:
        now = time.perf_counter()
        stages[stage] = stages.get(stage, 0.0) + now - clock[0]
        clock[0] = now

    total = timed(lambda: align_texts(src, tgt, encoder=encoder, progress=progress))
    print(f"  the pipeline alone, cold: {total:.2f} s ("
          + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()) + ")")

    store = ReviewStore()
    alignment = big_alignment(folder, 500)
    job_id = store.create_job(alignment, "500 beads")
    print(f"review loop on a job of {len(alignment.beads)} beads "
          f"({len(alignment.src)} + {len(alignment.tgt)} sentences), median of {args.repeat} [target 0.3 s]:")
    steps: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        at = app(job=str(job_id), reviewer="bench")
        steps.setdefault("open the review", []).append(timed(at.segmented_control(key="view").set_value("Review").run))
        steps.setdefault("next flagged (N)", []).append(timed(at.button(key="kb-queue").click().run))
        steps.setdefault("verdict + advance (O)", []).append(timed(at.button(key="kb-ok").click().run))
        steps.setdefault("next bead (J)", []).append(timed(at.button(key="kb-next").click().run))
        steps.setdefault("filter: Flagged", []).append(timed(at.selectbox(key="flt").set_value("Flagged").run))
        steps.setdefault("search", []).append(timed(at.text_input(key="search").set_value("الرئيس").run))
        at.text_input(key="search").set_value("").run()
        steps.setdefault("dense grid on", []).append(timed(at.toggle(key="grid").set_value(True).run))
        steps.setdefault("verdict in the grid (O)", []).append(timed(at.button(key="kb-ok").click().run))
        assert not at.exception, at.exception
    for step, seconds in steps.items():
        print(f"  {step:<26} {statistics.median(seconds):.3f} s   (max {max(seconds):.3f} s)")


if __name__ == "__main__":
    main()
