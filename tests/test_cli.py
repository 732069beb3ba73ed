"""The command line as a user runs it: ``python -m align`` in a subprocess
(the embedding cache and review store are the session's temporary ones)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from align.evaluate import parse_beads, score_dirs
from align.model import Alignment

from parallel_texts import AR, EN

REPO = Path(__file__).resolve().parents[1]
JSONL_KEYS = {"src", "tgt", "src_text", "tgt_text", "score", "flags"}


def run_cli(*args, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "align", *map(str, args)],
        cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=timeout,
    )


def write_lines(path: Path, lines) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path):
    """A five-sentence Arabic original and its English translation, one sentence a line."""
    return write_lines(tmp_path / "original.txt", AR[:5]), write_lines(tmp_path / "translation.txt", EN[:5])


def assert_one_line_error(result: subprocess.CompletedProcess, status: int = 2) -> str:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# ------------------------------------------------------------ align

def test_align_presplit_writes_gold_format_beads(pair, tmp_path):
    out = tmp_path / "out.beads"
    result = run_cli("align", *pair, "--presplit", "--format", "beads", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    beads = parse_beads(out.read_text(encoding="utf-8"))
    assert beads == [((i,), (i,)) for i in range(5)]


def test_align_presplit_writes_jsonl_that_round_trips(pair, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run_cli("align", *pair, "--presplit", "--format", "jsonl", "-o", out)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(records) == 5
    for k, record in enumerate(records):
        assert JSONL_KEYS <= set(record)
        assert (record["src"], record["tgt"]) == ([k], [k])
        assert record["src_text"] == AR[k] and record["tgt_text"] == EN[k]
        assert 0.0 <= record["score"] <= 1.0
        assert isinstance(record["flags"], list)
    alignment = Alignment.read_jsonl(out)
    assert [s.text for s in alignment.src] == AR[:5]
    assert [t.text for t in alignment.tgt] == EN[:5]
    assert len(alignment.beads) == len(records)
    for bead, record in zip(alignment.beads, records):
        rebuilt = alignment.bead_dict(bead)
        assert {k: rebuilt[k] for k in JSONL_KEYS} == {k: record[k] for k in JSONL_KEYS}


def test_align_writes_jsonl_to_standard_output(pair):
    result = run_cli("align", *pair, "--presplit")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [(r["src"], r["tgt"]) for r in lines] == [([k], [k]) for k in range(5)]


def test_align_finds_an_omission(tmp_path):
    src = write_lines(tmp_path / "ar.txt", AR[:6])
    tgt = write_lines(tmp_path / "en.txt", EN[:2] + EN[3:6])
    out = tmp_path / "out.beads"
    result = run_cli("align", src, tgt, "--presplit", "--format", "beads", "-o", out)
    assert result.returncode == 0, result.stderr
    assert ((2,), ()) in parse_beads(out.read_text(encoding="utf-8"))


# ------------------------------------------------------------ bad input

def test_no_cache_checks_without_touching_the_disk_cache(pair, tmp_path):
    folder = tmp_path / "disk-cache"
    result = subprocess.run(
        [sys.executable, "-m", "align", "align", *pair, "--presplit", "--check", "--no-cache"],
        cwd=REPO, env=dict(os.environ, MUQABALA_CACHE=str(folder)), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 5
    assert not folder.exists()


def test_missing_file_is_one_line(pair, tmp_path):
    line = assert_one_line_error(run_cli("align", tmp_path / "absent.txt", pair[1], "--presplit"))
    assert "absent.txt" in line


def test_empty_file_is_one_line(pair, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    line = assert_one_line_error(run_cli("align", empty, pair[1], "--presplit"))
    assert "empty" in line


def test_two_english_sides_is_one_line(pair):
    line = assert_one_line_error(run_cli("align", pair[1], pair[1], "--presplit"))
    assert "same language" in line


# ------------------------------------------------------------ batch

def test_batch_aligns_good_pairs_and_reports_the_bad_one(tmp_path):
    src_dir, tgt_dir, out_dir = tmp_path / "ar", tmp_path / "en", tmp_path / "out"
    src_dir.mkdir()
    tgt_dir.mkdir()
    write_lines(src_dir / "first.txt", AR[:4])
    write_lines(tgt_dir / "first.txt", EN[:4])
    write_lines(src_dir / "second.txt", AR[4:8])
    write_lines(tgt_dir / "second.txt", EN[4:8])
    (src_dir / "broken.txt").write_text("", encoding="utf-8")
    write_lines(tgt_dir / "broken.txt", EN[:2])
    # A link out of the folder is refused, not read into the outputs.
    secret = write_lines(tmp_path / "secret.txt", EN[8:10])
    (src_dir / "linked.txt").symlink_to(secret)
    write_lines(tgt_dir / "linked.txt", EN[8:10])
    result = run_cli("batch", src_dir, tgt_dir, out_dir, "--presplit", "--format", "beads", "--workers", "2")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for name in ("first.txt", "second.txt"):
        assert parse_beads((out_dir / name).read_text(encoding="utf-8")) == [((i,), (i,)) for i in range(4)]
    assert not (out_dir / "broken.txt").exists()
    broken = [line for line in result.stderr.splitlines() if "broken.txt" in line]
    assert len(broken) == 1, result.stderr
    assert "2 of 3" in result.stderr
    refused = [line for line in result.stderr.splitlines() if line.startswith("refused")]
    assert len(refused) == 1 and "--follow-symlinks" in refused[0], result.stderr
    assert not (out_dir / "linked.txt").exists()
    assert (out_dir / "manifest.jsonl").exists() and (out_dir / "corpus.tmx").exists()
    # The same command again has nothing left to do but the broken document.
    result = run_cli("batch", src_dir, tgt_dir, out_dir, "--presplit", "--format", "beads", "--workers", "1")
    assert "(0 this run, 2 unchanged since an earlier run)" in result.stderr, result.stderr


# ------------------------------------------------------------ eval

def test_eval_prints_table_and_json(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    write_lines(gold / "doc1", ["[0]:[0]", "[1, 2]:[1]", "[3]:[]", "[4]:[2]"])
    write_lines(pred / "doc1", ["[0]:[0]", "[1]:[1]", "[2]:[]", "[3]:[]", "[4]:[2]"])
    write_lines(gold / "doc2", ["[0]:[0]", "[]:[1]"])
    write_lines(pred / "doc2", ["[0]:[0, 1]:0.61"])
    table = run_cli("eval", gold, pred)
    assert table.returncode == 0, table.stderr
    assert "Precision" in table.stdout and "omission" in table.stdout and "addition" in table.stdout
    as_json = run_cli("eval", gold, pred, "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == score_dirs(gold, pred)


def test_eval_bad_input_is_one_line(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    write_lines(gold / "doc1", ["[0]:[0]"])
    assert "missing" in assert_one_line_error(run_cli("eval", gold, tmp_path))
    assert_one_line_error(run_cli("eval", tmp_path / "absent", tmp_path))
    pred = tmp_path / "pred"
    pred.mkdir()
    write_lines(pred / "doc1", ["0:0"])
    assert "doc1" in assert_one_line_error(run_cli("eval", gold, pred))
