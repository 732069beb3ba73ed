"""Batches on a Dask ``LocalCluster`` of two worker processes on the
loopback interface: the same beads as the serial path, resuming, a worker
killed mid-run, bad and refused documents among good ones, the streamed
translation memory against the TMX 1.4b DTD, the corpus report, and pairing
by content with documents that have no counterpart."""
from __future__ import annotations

import csv
import os
import signal
import threading
import time
import warnings
from pathlib import Path

import pytest
from lxml import etree

from align.archive import BatchOptions, run_batch
from align.archive.cluster import encoder_restriction, local_cluster
from align.archive.corpus import MemoryFilter, write_memory
from align.archive.documents import list_documents
from align.archive.manifest import Manifest
from align.archive.work import AlignOptions
from align.encoders import load_encoder
from align.model import Alignment, Bead, FidelityFlag, Sentence
from align.pipeline import align_files
from bench.archive_resume import session_processes

from parallel_texts import AR, EN

DTD = Path(__file__).parent / "schemas" / "tmx14.dtd"
# Three to four sentences a document, a name a spreadsheet would run as a formula.
DOCUMENTS = {"a.txt": (0, 3), "b.txt": (3, 5), "c.txt": (5, 8), "=SUM(1).txt": (8, 10), "e.txt": (10, 12)}
# No disk cache: each worker encodes for itself, so equality with the serial path is not the cache's doing.
OPTIONS = AlignOptions(presplit=True, cache=False)


def write_lines(path: Path, lines) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_folders(base: Path, documents=DOCUMENTS) -> tuple[Path, Path]:
    src, tgt = base / "ar", base / "en"
    src.mkdir(parents=True)
    tgt.mkdir(parents=True)
    for name, (start, end) in documents.items():
        write_lines(src / name, AR[start:end])
        write_lines(tgt / name, EN[start:end])
    return src, tgt


def unique_documents(src: Path, tgt: Path, count: int, tag: str) -> None:
    """``count`` documents of 12 sentences no worker has encoded yet (so each takes a while)."""
    src.mkdir()
    tgt.mkdir()
    for k in range(count):
        write_lines(src / f"{k}.txt", [f"{a} ({tag}{k})" for a in AR])
        write_lines(tgt / f"{k}.txt", [f"{e} ({tag}{k})" for e in EN])


@pytest.fixture(scope="module")
def cluster(isolated_state):
    """The local cluster ``batch`` starts, two workers offering one ``encoder`` each."""
    with local_cluster(2) as local:
        yield local


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """The serial path's JSONL of each document: in this process, one encoder, no disk cache."""
    src, tgt = make_folders(tmp_path_factory.mktemp("serial"))
    encoder = load_encoder(cache=None)
    return src, tgt, {
        name: align_files(src / name, tgt / name, presplit=True, encoder=encoder, check=False).to_jsonl()
        for name in DOCUMENTS
    }


def options(cluster, **kwargs) -> BatchOptions:
    return BatchOptions(align=kwargs.pop("align", OPTIONS), scheduler=cluster.scheduler_address, progress=False,
                        **kwargs)


def done_lines(out: Path) -> list[str]:
    import json

    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["name"] for line in lines if json.loads(line)["status"] == "done"]


def test_two_workers_write_what_the_serial_path_writes_and_report_bad_documents(cluster, serial, tmp_path):
    src, tgt, expected = serial
    secret = write_lines(tmp_path / "secret.txt", ["root:x:0:0:root:/root:/bin/bash"])
    (src / "link.txt").symlink_to(secret)
    (tgt / "link.txt").symlink_to(secret)
    (src / "empty.txt").write_text("", encoding="utf-8")
    write_lines(tgt / "empty.txt", EN[:2])
    write_lines(src / "english.txt", EN[:3])  # English on both sides
    write_lines(tgt / "english.txt", EN[:3])
    out = tmp_path / "out"
    try:
        report = run_batch(src, tgt, out, options(cluster))
    finally:
        for name in ("link.txt", "empty.txt", "english.txt"):
            (src / name).unlink()
            (tgt / name).unlink()
    for name, jsonl in expected.items():
        assert (out / (name + ".jsonl")).read_text(encoding="utf-8") == jsonl, name
    assert sorted(report.done) == sorted(DOCUMENTS)
    failed = dict(report.failed)
    assert set(failed) == {"empty.txt", "english.txt"}
    assert "empty" in failed["empty.txt"] and "same language" in failed["english.txt"]
    assert not (out / "empty.txt.jsonl").exists()
    # The link was refused, never read: the secret reaches no output.
    assert {r.name for r in report.refused} == {str(src / "link.txt"), str(tgt / "link.txt")}
    assert all("--follow-symlinks" in r.reason for r in report.refused)
    assert not any("root:x" in p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
    manifest = Manifest(out)
    assert manifest.entries["empty.txt"].status == "failed"
    assert manifest.entries[str(src / "link.txt")].status == "refused"

    # The corpus report: worst first, every document, totals, no formula.
    with open(out / "corpus-report.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body, totals = rows[0], rows[1:-1], rows[-1]
    status = header.index("status")
    assert sorted(row[status] for row in body[:4]) == ["failed", "failed", "refused", "refused"]
    assert "'=SUM(1).txt" in [row[0] for row in body]
    assert totals[0] == "all 9 documents" and totals[status] == "5 done"
    assert int(totals[header.index("source sentences")]) == 12
    assert (out / "corpus-report.xlsx").stat().st_size > 0
    page = (out / "corpus-report.html").read_text(encoding="utf-8")
    assert "<bdi>=SUM(1).txt</bdi>" in page and "<script>" in page

    # The translation memory holds every pair of every document, valid against the DTD.
    tmx = etree.parse(str(out / "corpus.tmx"))
    assert etree.DTD(str(DTD)).validate(tmx)
    assert len(tmx.findall("body/tu")) == report.memory_units == 12
    assert tmx.getroot().find("header").get("srclang") == "ar"


def test_an_interrupted_run_resumes_without_doing_a_document_twice(cluster, serial, tmp_path):
    src, tgt, expected = serial
    out = tmp_path / "out"

    def interrupt(result):
        raise KeyboardInterrupt  # Ctrl-C as the first document is recorded

    report = run_batch(src, tgt, out, options(cluster), on_result=interrupt)
    assert report.interrupted and len(report.done) == 1
    assert not (out / "corpus.tmx").exists()
    first = report.done[0]
    assert done_lines(out) == [first]
    report = run_batch(src, tgt, out, options(cluster))
    assert not report.interrupted
    assert report.unchanged == [first] and sorted(report.done) == sorted(set(DOCUMENTS) - {first})
    assert sorted(done_lines(out)) == sorted(DOCUMENTS)  # each exactly once
    for name, jsonl in expected.items():
        assert (out / (name + ".jsonl")).read_text(encoding="utf-8") == jsonl
    # A third run has nothing to do; a changed input is done again.
    assert sorted(run_batch(src, tgt, out, options(cluster)).unchanged) == sorted(DOCUMENTS)



def test_documents_ask_for_the_encoder_only_where_workers_offer_it(cluster):
    from distributed import Client, LocalCluster

    with Client(cluster.scheduler_address) as client:
        assert encoder_restriction(client) == {"encoder": 1}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        plain = LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None)
    with plain, Client(plain) as client:  # plain `dask worker`s: a restriction would leave the tasks waiting for ever
        assert encoder_restriction(client) is None

def test_a_changed_input_or_option_is_done_again(cluster, tmp_path):
    src, tgt = make_folders(tmp_path, {"a.txt": (0, 3), "b.txt": (3, 5)})
    out = tmp_path / "out"
    run_batch(src, tgt, out, options(cluster))
    write_lines(tgt / "b.txt", EN[3:4])
    report = run_batch(src, tgt, out, options(cluster))
    assert report.unchanged == ["a.txt"] and report.done == ["b.txt"]
    beads = AlignOptions(presplit=True, cache=False, fmt="beads")
    report = run_batch(src, tgt, out, options(cluster, align=beads))
    assert sorted(report.done) == ["a.txt", "b.txt"]
    assert (out / "a.txt").read_text(encoding="utf-8") == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"
    assert (out / ".alignments" / "a.txt.jsonl").exists()  # the corpus outputs read it


def test_a_worker_killed_mid_run_costs_only_its_document(cluster, tmp_path):
    from distributed import Client

    src, tgt = tmp_path / "ar", tmp_path / "en"
    unique_documents(src, tgt, 4, "")
    out = tmp_path / "out"
    killed, stop = [], threading.Event()
    with Client(cluster.scheduler_address) as client:
        client.wait_for_workers(2, timeout=60)
        pids = client.run(os.getpid)

        def kill_the_first_busy_worker():
            while not stop.is_set():
                busy = [address for address, keys in client.processing().items() if keys]
                if busy:
                    killed.append(busy[0])
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    return
                time.sleep(0.01)

        watcher = threading.Thread(target=kill_the_first_busy_worker)
        watcher.start()
        try:
            report = run_batch(src, tgt, out, options(cluster))
        finally:
            stop.set()
            watcher.join()
    assert killed, "no worker was ever seen busy"
    assert sorted(report.done) == [f"{k}.txt" for k in range(4)] and not report.failed, (report.done, report.failed)
    assert sorted(done_lines(out)) == sorted(report.done)  # each document recorded once
    for k in range(4):
        assert [(b.src, b.tgt) for b in Alignment.read_jsonl(out / f"{k}.txt.jsonl").beads] == [
            ((i,), (i,)) for i in range(12)]



def test_a_batch_killed_with_sigkill_resumes_to_the_same_outputs_doing_nothing_twice(tmp_path):
    import json
    import subprocess
    import sys

    src, tgt, out = tmp_path / "ar", tmp_path / "en", tmp_path / "out"
    unique_documents(src, tgt, 4, "kill")
    command = [sys.executable, "-m", "align", "batch", str(src), str(tgt), str(out), "--presplit", "--no-cache",
               "--workers", "1"]
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    client = subprocess.Popen(command, cwd=root, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while client.poll() is None and time.monotonic() < deadline and not (
            (out / "manifest.jsonl").exists() and done_lines(out)):
        time.sleep(0.02)
    os.kill(client.pid, signal.SIGKILL)  # kill -9 of the client, its first document recorded
    client.wait()
    assert client.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 20
    while session_processes(client.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not session_processes(client.pid), "a worker outlived its client"
    first = done_lines(out)
    assert 1 <= len(first) < 4 and not (out / "corpus.tmx").exists()  # one, unless this process was held up

    finished = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert sorted(done_lines(out)) == [f"{k}.txt" for k in range(4)]  # each document done once
    runs = [json.loads(line) for line in (out / "runs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [run["planned"] for run in runs] == [[f"{k}.txt" for k in range(4)],
                                                sorted(set(f"{k}.txt" for k in range(4)) - set(first))]
    assert runs[1]["manifest_lines"] == len(first)
    assert not list(out.rglob("*.part"))
    encoder = load_encoder(cache=None)
    for k in range(4):
        serial = align_files(src / f"{k}.txt", tgt / f"{k}.txt", presplit=True, encoder=encoder, check=False)
        assert (out / f"{k}.txt.jsonl").read_text(encoding="utf-8") == serial.to_jsonl()


# Documents of their own, for pairing: an Arabic original and an English
# translation without counterpart on the other side.
ORPHAN_AR = ["لعب الأطفال كرة القدم في الحديقة حتى غروب الشمس.", "ثم عادوا إلى بيوتهم متعبين وسعداء.",
             "أعدت الأم طبقا من الأرز والدجاج للعشاء."]
ORPHAN_EN = ["The recipe calls for two cups of flour, a pinch of salt and some warm water.",
             "Knead the dough for ten minutes and let it rest for an hour.",
             "Bake it in a hot oven until the crust is golden brown."]


def test_pairing_by_content_pairs_each_translation_with_its_original(cluster, tmp_path):
    src, tgt = tmp_path / "ar", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    spans = [(0, 3), (3, 6), (6, 9), (9, 12)]
    for k, (start, end) in enumerate(spans):
        write_lines(src / f"original-{k}.txt", AR[start:end])
        write_lines(tgt / f"translation-{(k * 3) % 4}.txt", EN[start:end])  # names shuffled
    write_lines(src / "orphan.txt", ORPHAN_AR)
    write_lines(tgt / "stray.txt", ORPHAN_EN)
    out = tmp_path / "out"
    report = run_batch(src, tgt, out, options(cluster, pair_by="content"))
    with open(out / "pairs.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert rows[0] == ["original", "translation", "confidence"]
    pairs = {(r[0], r[1]) for r in rows[1:]}
    assert pairs == {(f"original-{k}.txt", f"translation-{(k * 3) % 4}.txt") for k in range(4)} | {
        ("orphan.txt", ""), ("", "stray.txt")}
    confidences = [float(r[2]) for r in rows[1:] if r[0] and r[1]]
    assert all(0.5 <= c <= 1.0 for c in confidences)
    assert report.unpaired_originals == ["orphan.txt"] and report.unpaired_translations == ["stray.txt"]
    assert sorted(report.done) == [f"original-{k}.txt" for k in range(4)]
    alignment = Alignment.read_jsonl(out / "original-1.txt.jsonl")  # named after the original
    assert [s.text for s in alignment.tgt] == EN[3:6]


def test_symbolic_links_are_followed_only_when_asked(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_lines(folder / "real.txt", AR[:1])
    (folder / "link.txt").symlink_to(tmp_path / "elsewhere.txt")
    write_lines(tmp_path / "elsewhere.txt", AR[1:2])
    (folder / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    documents, refused = list_documents(folder)
    assert list(documents) == ["real.txt"] and len(refused) == 2
    documents, refused = list_documents(folder, follow_symlinks=True)
    assert list(documents) == ["link.txt", "real.txt"]
    assert [r.name for r in refused] == [str(folder / "dangling.txt")]


def test_the_streamed_memory_keeps_what_the_filters_ask_and_is_valid_tmx(tmp_path):
    def alignment(score_ok: float):
        src = [Sentence(a) for a in AR[:4]]
        tgt = [Sentence(e) for e in EN[:3]]
        beads = [
            Bead(src=(0,), tgt=(0,), score=score_ok, verdict="ok"),
            Bead(src=(1,), tgt=(1,), score=0.9, flags=[FidelityFlag("number", "error", "12 <> 13 & \"x\"")]),
            Bead(src=(2,), tgt=(2,), score=0.4),
            Bead(src=(3,), tgt=(), score=0.0),  # an omission is no translation unit
        ]
        return Alignment(src, tgt, beads)

    documents = [("عربي <1>.txt", alignment(0.8)), ("b\x01.txt", alignment(0.95))]
    path = tmp_path / "memory.tmx"
    assert write_memory(path, iter(documents), MemoryFilter()).units == 6
    tree = etree.parse(str(path))
    assert etree.DTD(str(DTD)).validate(tree), etree.DTD(str(DTD)).error_log
    names = [tu.find("prop").text for tu in tree.findall("body/tu")]
    assert names[0] == "عربي <1>.txt" and names[-1] == "b\ufffd.txt"
    assert write_memory(path, iter(documents), MemoryFilter(without_errors=True)).units == 4
    assert write_memory(path, iter(documents), MemoryFilter(min_score=0.5)).units == 4
    assert write_memory(path, iter(documents), MemoryFilter(reviewed_only=True, min_score=0.9)).units == 1
    assert write_memory(path, iter([]), MemoryFilter()).units == 0
    assert etree.DTD(str(DTD)).validate(etree.parse(str(path)))


def test_a_manifest_line_cut_short_by_a_crash_is_ignored(tmp_path):
    from align.archive.manifest import Entry

    manifest = Manifest(tmp_path)
    manifest.record(Entry("a.txt", "done", digests={"original": "1", "translation": "2"}, settings="s"))
    with open(tmp_path / "manifest.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"name": "b.txt", "status": "do')  # the process died mid-line
    reread = Manifest(tmp_path)
    assert list(reread.entries) == ["a.txt"] and reread.damaged_lines == 1
    reread.record(Entry("c.txt", "failed", error="x"))  # starts a line of its own after the cut one
    reread = Manifest(tmp_path)
    assert list(reread.entries) == ["a.txt", "c.txt"] and reread.damaged_lines == 1 and reread.lines == 3
    assert reread.is_current("a.txt", {"original": "1", "translation": "2"}, "s")
    assert not reread.is_current("a.txt", {"original": "1", "translation": "3"}, "s")
    assert not reread.is_current("a.txt", {"original": "1", "translation": "2"}, "other options")


def test_the_alignment_reuses_the_embeddings_computed_for_pairing(tmp_path):
    from align.archive.work import DocumentTask, align_document, document_signature, process_encoder

    src, tgt = make_folders(tmp_path, {"a.txt": (0, 3)})
    encoder = process_encoder(None, False)  # this process's encoder, as a worker's
    signatures = [document_signature("a.txt", str(src / "a.txt"), OPTIONS, None),
                  document_signature("a.txt", str(tgt / "a.txt"), OPTIONS, None)]
    assert [s.count for s in signatures] == [3, 3]
    encoded = encoder.misses
    result = align_document(DocumentTask("a.txt", str(src / "a.txt"), str(tgt / "a.txt"), OPTIONS))
    assert result.status == "done" and result.sentences == 6
    assert encoder.misses == encoded  # every sentence came from the cache


def test_the_approximate_index_finds_the_pairs_exact_search_finds():
    import numpy as np

    from align.archive.pairing import candidates, pair_documents
    from align.archive.work import Signature

    rng = np.random.default_rng(5)
    n, rows, dim = 400, 6, 160  # more dimensions than the index keeps
    common = rng.normal(size=dim) * 2  # what any two news texts share, taken away by the centring
    content = rng.normal(size=(n, rows, dim))  # each document's own sentences, in order

    def signature(name: str, sentences: np.ndarray) -> Signature:
        sentences = sentences / np.linalg.norm(sentences, axis=1, keepdims=True)
        mean = sentences.mean(axis=0)
        return Signature(name, name, vector=(mean / np.linalg.norm(mean)).astype(np.float32),
                         sentences=sentences.astype(np.float16), count=rows)

    def noisy(i: int) -> np.ndarray:
        return common + content[i] + 0.5 * rng.normal(size=(rows, dim))

    originals = [signature(f"original-{i}", noisy(i)) for i in range(n)]
    translations = [signature(f"translation-{i}", noisy(i)) for i in range(n) if i % 5]  # a fifth orphaned
    exact = pair_documents(originals, translations, approximate=False)
    assert {(p.original, p.translation) for p in exact} == {
        (f"original-{i}", f"translation-{i}" if i % 5 else None) for i in range(n)}
    assert pair_documents(originals, translations, approximate=True) == exact
    # Each translation's original is among the index's candidates, the other
    # neighbours are mostly a random draw here (isotropic vectors have no
    # principal components worth keeping).
    v = np.stack([s.vector for s in originals])
    w = np.stack([s.vector for s in translations])
    found = set(candidates(v, w, approximate=True))
    assert {(i, k) for k, i in enumerate(i for i in range(n) if i % 5)} <= found
