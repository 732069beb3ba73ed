"""The second fidelity dev-set generator (bench/fidelity_devset2.py) on a
small clean folder written here: its output format, determinism, error
rate, and that every change it labels is the change its label says."""
from __future__ import annotations

import difflib
import json
import re

import pytest

from align.errors import InputError
from bench.fidelity_devset2 import KINDS, generate

# Each document names its own people and places (never written in lower case,
# each capitalised inside a sentence somewhere), so a swapped-in name can be
# traced to the document it came from.
DOCS = {
    "alpha": [
        "Storm hits the coast of Avalon",
        "The storm killed 1,250 people in Avalon on Tuesday, officials said on the radio.",
        "Mayor Harriet Quimby said the city will rebuild the harbour before the winter.",
        "Prices rose by 4.5 percent in March, and the government has promised more aid to the farmers.",
        "Rescue teams from Brindisi arrived after the roads were cleared by soldiers.",
        "Quimby did not visit the shelters, which were crowded with families who had lost their homes.",
        "Three ships are carrying food to the island, and two more will leave Brindisi next week.",
        "The council approved a plan to spend 2 million dollars on new sea walls.",
        "Fishermen in Avalon say they cannot go back to sea until the nets are repaired.",
        "Harriet Quimby has visited the hospital where 40 children are being treated.",
    ],
    "beta": [
        "Election results in Tarragona",
        "Voters in Tarragona elected Ignatius Frobisher as governor on Sunday, ending a long campaign.",
        "Frobisher won 52 percent of the vote, while his rival took 45 percent.",
        "The turnout increased to 71 percent, the highest since 1998, according to the commission.",
        "Frobisher has promised to build 300 schools and to cut taxes for small firms.",
        "His rival Dorotea Kowalczyk did not concede, saying the count in Lisbon was flawed.",
        "Kowalczyk is expected to challenge the result in court next month.",
        "Supporters gathered in the main square of Tarragona, where they sang until midnight.",
        "The commission said four ballot boxes were missing, but the police found them later.",
        "Observers from Lisbon said the vote was free and that they saw no fraud.",
    ],
    "gamma": [
        "Museum reopens in Valparaiso",
        "The national museum in Valparaiso reopened on Friday after a renovation that lasted five years.",
        "Curator Amadou Okonkwo said the building now holds 12,000 objects, twice as many as before.",
        "Visitors queued for hours, and the museum will stay open late every Saturday in June.",
        "Okonkwo has not revealed the cost of the work, which was paid for by private donors.",
        "The collection includes maps from Zanzibar that were thought lost during the war.",
        "Ticket prices fell to 8 dollars, and children under ten will enter for free.",
        "Okonkwo said the staff had worked through the night to finish the displays on time.",
        "A new wing devoted to sailors from Zanzibar will open in 2026.",
        "The city council has approved more funds for the museum's school programme.",
    ],
}
NEGATORS = re.compile(r"\b(?:not|never|no longer|cannot|failed|refused|declined|ceased|no plans)\b|n't\b", re.I)
ANTONYM_PAIRS = {frozenset(p) for p in [("rose", "fell"), ("increased", "decreased"), ("won", "lost"),
                                        ("approved", "rejected"), ("higher", "lower"), ("more", "less")]}
NUMBER = re.compile(r"\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:twen|thir|"
                    r"for|fif|six|seven|eigh|nine)ty|hundred|thousand|million|billion|trillion)s?\b|\b(?:mon|tues|"
                    r"wednes|thurs|fri|satur|sun)day\b|\b(?:january|february|march|april|may|june|july|august|"
                    r"september|october|november|december)\b", re.I)


def write_clean(folder, docs=DOCS):
    for side in ("src", "tgt"):
        (folder / side).mkdir(parents=True)
    for name, lines in docs.items():
        (folder / "tgt" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / "src" / name).write_text("\n".join(f"جملة {k} من {name}" for k in range(len(lines))) + "\n",
                                           encoding="utf-8")
    return folder


def read_out(out):
    return {p.stem: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
            for p in sorted(out.glob("*.jsonl"))}


def test_output_format_manifest_and_untouched_pairs(tmp_path):
    clean = write_clean(tmp_path / "clean")
    manifest = generate(clean, tmp_path / "out", seed=5, error_rate=0.5)
    out = read_out(tmp_path / "out")
    assert sorted(out) == sorted(DOCS)
    counts = dict.fromkeys(("none",) + KINDS, 0)
    for doc, records in out.items():
        src = (clean / "src" / doc).read_text(encoding="utf-8").splitlines()
        assert [r["i"] for r in records] == list(range(len(DOCS[doc])))
        for r, a, e in zip(records, src, DOCS[doc]):
            assert set(r) == {"i", "src", "tgt", "tgt_original", "label", "detail"}
            assert (r["src"], r["tgt_original"]) == (a, e)
            counts[r["label"]] += 1
            if r["label"] == "none":
                assert r["tgt"] == e and r["detail"] == ""
            else:
                assert r["tgt"] != e and r["detail"]
        assert records[0]["label"] == "none"  # the headline stays clean
    saved = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert saved == manifest
    assert (saved["seed"], saved["error_rate"], saved["counts"]) == (5, 0.5, counts)
    assert counts["none"] < sum(len(v) for v in DOCS.values())


def test_same_seed_same_output_other_seed_other_output(tmp_path):
    clean = write_clean(tmp_path / "clean")
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        generate(clean, tmp_path / name, seed=seed, error_rate=0.5)
    assert read_out(tmp_path / "a") == read_out(tmp_path / "b")
    assert read_out(tmp_path / "a") != read_out(tmp_path / "c")


def test_error_rate_is_roughly_respected(tmp_path):
    # 3 documents of 61 lines: the same sentences again, with other numbers.
    docs = {name: lines[:1] + [re.sub(r"\d+", str(k + 3), line) for k in range(6) for line in lines[1:]]
            for name, lines in DOCS.items()}
    clean = write_clean(tmp_path / "clean", docs)
    pairs = sum(len(v) - 1 for v in docs.values())  # headlines are never corrupted
    for rate in (0.15, 0.4):
        counts = generate(clean, tmp_path / f"out{rate}", seed=3, error_rate=rate)["counts"]
        # binomial with n = 180: 3 standard deviations are below 0.11
        assert abs((pairs + len(docs) - counts["none"]) / pairs - rate) < 0.11
    assert generate(clean, tmp_path / "none", error_rate=0.0)["counts"]["none"] == pairs + len(docs)


def _inserted(old: str, new: str) -> list[str]:
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [" ".join(b[j1:j2]) for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("replace", "insert")]


def test_every_mechanism_makes_a_real_change_of_its_kind(tmp_path):
    clean = write_clean(tmp_path / "clean")
    seen = set()
    for seed in range(4):
        generate(clean, tmp_path / f"out{seed}", seed=seed, error_rate=1.0)
        for doc, records in read_out(tmp_path / f"out{seed}").items():
            for r in records:
                old, new, label = r["tgt_original"], r["tgt"], r["label"]
                seen.add(label)
                if label == "number":
                    numbers = [sorted(x.lower() for x in NUMBER.findall(text)) for text in (old, new)]
                    assert numbers[0] != numbers[1], r
                elif label == "negation":
                    words = {frozenset((x.lower(), y.lower())) for x, y in zip(old.split(), new.split())}
                    assert len(NEGATORS.findall(old)) != len(NEGATORS.findall(new)) or words & ANTONYM_PAIRS, r
                elif label == "name":
                    (name,) = [w.strip(".,'\"") for w in _inserted(old, new)]
                    assert not any(name in line for line in DOCS[doc]), r
                    assert any(name in line for other, lines in DOCS.items() if other != doc for line in lines), r
                elif label == "half_dropped":
                    assert len(new.split()) <= 0.62 * len(old.split()) + 1, r
                    assert old.startswith(new.rstrip('."\'')), r
                elif label == "replaced":
                    others = [line for other, lines in DOCS.items() if other != doc for line in lines]
                    borrowed = max(_inserted(old, new), key=len)
                    assert any(borrowed.rstrip('."') in line for line in others), r
    assert seen == {"none", *KINDS}


def test_a_folder_with_unpaired_lines_is_refused(tmp_path):
    clean = write_clean(tmp_path / "clean")
    (clean / "src" / "alpha").write_text("سطر واحد\n", encoding="utf-8")
    with pytest.raises(InputError, match="alpha"):
        generate(clean, tmp_path / "out")
    with pytest.raises(InputError, match="src"):
        generate(tmp_path / "missing", tmp_path / "out")
    with pytest.raises(InputError, match="error rate"):
        generate(write_clean(tmp_path / "clean2"), tmp_path / "out", error_rate=1.5)
