"""The pipeline on long inputs: progress for every stage, the cap on
sentences per side (issue 13, items 7 and 9).  Figures of time and memory
are in bench/hostile_scale.py, not here."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from align import pipeline
from align.errors import InputError
from parallel_texts import AR, EN

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.hostile_scale import HashEncoder  # noqa: E402  (shapes and flow, not meaning)


def test_every_stage_reports_increasing_progress_in_order():
    reports = []
    alignment = pipeline.align_texts(" ".join(AR), " ".join(EN), encoder=HashEncoder(), check=True,
                                     progress=lambda stage, fraction: reports.append((stage, fraction)))
    assert alignment.beads
    stages = list(dict.fromkeys(stage for stage, _ in reports))
    assert stages == ["segmenting", "encoding", "aligning", "checking"]
    for stage in stages:
        fractions = [f for s, f in reports if s == stage]
        assert fractions[0] == 0.0 and fractions[-1] == 1.0, stage
        assert fractions == sorted(fractions) and all(0.0 <= f <= 1.0 for f in fractions), stage
        assert stage != "checking" or len(set(fractions)) > 2, "checking reports only its start and end"
    # Stages do not interleave: each runs to its end before the next starts.
    assert [s for s, _ in reports] == sorted((s for s, _ in reports), key=stages.index)


def test_too_many_sentences_is_an_input_error_naming_the_limit(monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_SENTENCES", len(EN) - 1)
    with pytest.raises(InputError, match=f"at most {len(EN) - 1:,} a side") as caught:
        pipeline.align_texts("\n".join(AR), "\n".join(EN), encoder=HashEncoder(), check=False,
                             src_name="ar.txt", tgt_name="en.txt")
    assert "ar.txt has 12 sentences" in str(caught.value)
