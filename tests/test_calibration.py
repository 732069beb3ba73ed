"""The calibration layer: evidence to confidence, confidence to severity."""
from __future__ import annotations

import json

import numpy as np
import pytest

from align.fidelity.calibration import (ERROR_CONFIDENCE, INFO_CONFIDENCE, WARNING_CONFIDENCE, CalibrationModel,
                                        calibrate, default_model, severity_for)
from align.model import Alignment, Bead, FidelityFlag, Sentence


def test_severity_has_fixed_meanings():
    assert severity_for(0.95) == "error" and severity_for(ERROR_CONFIDENCE) == "error"
    assert severity_for(0.89) == "warning" and severity_for(WARNING_CONFIDENCE) == "warning"
    assert severity_for(0.5) == "info" and severity_for(INFO_CONFIDENCE) == "info"
    assert severity_for(0.1) is None


def _toy_model() -> CalibrationModel:
    rng = np.random.default_rng(0)
    evidences, labels = [], []
    for _ in range(400):
        real = bool(rng.random() < 0.3)
        evidences.append({"check": "number_changed" if rng.random() < 0.5 else "drift",
                          "strength": float(rng.normal(2.0 if real else -2.0, 1.0)), "doc_z": float(rng.normal())})
        labels.append(real)
    return CalibrationModel.fit(evidences, labels)


def test_fitted_model_orders_by_evidence_and_round_trips():
    model = _toy_model()
    weak, strong = {"check": "drift", "strength": -3.0}, {"check": "drift", "strength": 3.0}
    p_weak, p_strong = model.predict([weak, strong])
    assert p_weak < 0.2 < 0.8 < p_strong
    again = CalibrationModel.from_json(json.loads(json.dumps(model.to_json())))
    assert np.allclose(again.predict([weak, strong]), [p_weak, p_strong], atol=1e-4)


def test_a_check_the_model_never_saw_is_judged_like_its_family():
    from align.fidelity.calibration import family

    assert family("date_weekday_changed") == family("number_changed") == "facts"
    assert family("name_swapped") == "names" and family("negation_tgt") == family("drift") == "meaning"
    rng = np.random.default_rng(1)
    evidences, labels = [], []
    for _ in range(400):
        fact = bool(rng.random() < 0.5)
        real = bool(rng.random() < 0.5)
        # a changed number is real whatever the margin; drift is real when the margin is low
        margin = float(rng.normal(0.1, 0.05)) if fact or not real else float(rng.normal(-0.05, 0.05))
        evidences.append({"check": "number_changed" if fact else "drift", "margin": margin,
                          "strength": float(rng.normal(1.5 if real else -1.5, 1.0)) if fact else 0.0})
        labels.append(real)
    model = CalibrationModel.fit(evidences, labels)
    unseen = {"check": "date_weekday_changed", "margin": 0.15, "strength": 1.5}
    assert "date_weekday_changed" not in model.checks
    assert model.predict([unseen])[0] > model.predict([dict(unseen, check="drift")])[0]


def test_a_model_for_other_features_is_refused():
    data = _toy_model().to_json()
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="refit"):
        CalibrationModel.from_json(data)


def test_calibrate_sets_severity_from_confidence_and_sorts():
    model = _toy_model()
    flags = [
        FidelityFlag("drift", "warning", "weak", evidence={"check": "drift", "strength": -3.0}),
        FidelityFlag("number", "warning", "strong", evidence={"check": "number_changed", "strength": 3.0}),
        FidelityFlag("glossary", "warning", "a rule outcome"),
        FidelityFlag("drift", "warning", "middling", evidence={"check": "drift", "strength": 0.3}),
    ]
    out = calibrate(flags, model)
    reasons = [f.reason for f in out]
    assert "weak" not in reasons  # below the info floor: dropped
    assert reasons[0] == "a rule outcome" and out[0].confidence is None and out[0].severity == "warning"
    confidences = [f.confidence for f in out[1:]]
    assert confidences == sorted(confidences, reverse=True)
    for f in out[1:]:
        assert f.severity == severity_for(f.confidence)


def test_shipped_model_knows_every_check_the_checks_raise():
    model = default_model()
    for check in ("drift", "negation_tgt", "negation_src", "number_changed", "number_missing_en",
                  "partial_subspan", "name_swapped", "quote_differs"):
        assert check in model.checks
    assert model.meta.get("cross_validated"), "the shipped model records its cross-validated figures"


def test_confidence_round_trips_through_jsonl_and_the_store(tmp_path):
    from align.store import ReviewStore

    flag = FidelityFlag("number", "error", "number changed", confidence=0.9312)
    al = Alignment(src=[Sentence("أ")], tgt=[Sentence("a")], beads=[Bead((0,), (0,), 0.9, [flag])])
    path = tmp_path / "a.jsonl"
    path.write_text(al.to_jsonl(), encoding="utf-8")
    (back,) = Alignment.read_jsonl(path).beads[0].flags
    assert back.confidence == pytest.approx(0.9312)
    store = ReviewStore(f"sqlite:///{tmp_path / 'r.db'}")
    job = store.create_job(al, "j")
    (stored,) = store.load_job(job)[1].beads[0].flags
    assert stored.confidence == pytest.approx(0.9312)


# --- the calibrated judgement on constructed documents (real encoder) -----

from parallel_texts import PAIRS  # noqa: E402

from align.fidelity import check_alignment  # noqa: E402


@pytest.fixture(scope="module")
def encoder():
    from align.encoders import load_encoder

    return load_encoder()


def judged(encoder, arabic: str, english: str, context=PAIRS):
    """The calibrated flags of one pair checked inside a document of faithful pairs."""
    rows = list(context) + [(arabic, english)]
    al = Alignment(src=[Sentence(a) for a, _ in rows], tgt=[Sentence(e) for _, e in rows],
                   beads=[Bead((k,), (k,)) for k in range(len(rows))])
    check_alignment(al, encoder)
    return al.beads[-1].flags


def problems(flags):
    return {f.kind for f in flags if f.severity != "info"}


@pytest.mark.parametrize("arabic,english", [
    # كمية is "quantity", not a number
    ("وزادت كمية الأمطار هذا العام بشكل كبير.", "The amount of rain increased considerably this year."),
    # a connective or a day-phrase rendered idiomatically is not a partial omission
    ("لذا، قرر السكان البقاء في منازلهم.", "So the residents decided to stay in their homes."),
    ("وفي يوم الجمعة، عاد الوفد إلى العاصمة.", "On Friday, the delegation returned to the capital."),
    # a dotted date is digits, not a crash or a mismatch
    ("صدر القرار في 12.05.2024 بعد اجتماع طويل.", "The decision was issued on 12.05.2024 after a long meeting."),
])
def test_faithful_renderings_are_not_flagged(encoder, arabic, english):
    assert problems(judged(encoder, arabic, english)) == set()


@pytest.mark.parametrize("arabic,english,kinds", [
    ("ارتفع عدد القتلى في الهجوم إلى 45 شخصا.", "The death toll in the attack rose to 54.", {"number"}),
    ("وقال الوزير إن الحكومة سترفع الضرائب هذا العام.",
     "The minister said the government will not raise taxes this year.", {"drift"}),
    ("أعلنت الشرطة أنها اعتقلت ثلاثة رجال بعد مداهمة منزل في وسط المدينة.",
     "The recipe calls for two cups of flour and a pinch of salt.", {"drift"}),
    ("وأكد المتحدث باسم الجيش أن القوات انسحبت من المدينة بعد أسبوعين من القتال العنيف مع المسلحين.",
     "The army spokesman confirmed that the troops withdrew.", {"partial_omission", "drift"}),
])
def test_real_errors_are_flagged(encoder, arabic, english, kinds):
    flags = judged(encoder, arabic, english)
    assert problems(flags) & kinds
    top = flags[0]
    assert top.confidence is not None and top.severity == severity_for(top.confidence)


def test_a_weekday_is_never_offered_as_the_swapped_name():
    from align.fidelity.names import is_ordinary_arabic_word

    for word in ("الثلاثاء", "يوم الجمعة", "ساعتين", "ثلاثة", "مارس", "كانون الثاني"):
        assert is_ordinary_arabic_word(word), word
    for word in ("روزا", "جونسون", "بيروت"):
        assert not is_ordinary_arabic_word(word), word
