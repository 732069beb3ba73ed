"""The transliteration evidence: is an Arabic word spelt like a foreign name,
and which Arabic words does nothing in the English explain?"""
from __future__ import annotations

import json

import pytest

from align.fidelity.names import arabic_words, transliteration_examples, unexplained_words
from align.fidelity.transliteration import NO_WORD, TransliterationModel, default_model, ngrams

# Foreign names in Arabic spelling and ordinary Arabic words, none of them
# taken from the development documents.
NAMES = ["بيترسون", "ماكدونالد", "فيلادلفيا", "سوزانا", "روبرتو", "كريستوفر", "جنيفر", "بنسلفانيا"]
WORDS = ["المدرسة", "يكتبون", "استقبال", "الحكومة", "مستشفى", "اجتماعات", "المواطنين", "تعليمات"]


def test_ngrams_mark_the_ends_of_the_word():
    assert {"<", "<ب", "ت>", "بيت>", "<بيت"} <= ngrams("بيت") and "بيت" in ngrams("بيت")
    assert "<بيت>" not in ngrams("بيت")  # five characters: longer than LONGEST_NGRAM


def test_fitted_model_separates_the_classes_and_round_trips():
    words = NAMES * 3 + WORDS * 3
    model = TransliterationModel.fit(words, [True] * 24 + [False] * 24)
    assert min(map(model.log_odds, NAMES)) > max(map(model.log_odds, WORDS))
    again = TransliterationModel.from_json(json.loads(json.dumps(model.to_json())))
    for w in NAMES + WORDS + ["كلمة"]:
        assert again.log_odds(w) == pytest.approx(model.log_odds(w), abs=0.01)
    data = model.to_json()
    data["longest_ngram"] = 3
    with pytest.raises(ValueError, match="refit"):
        TransliterationModel.from_json(data)
    with pytest.raises(ValueError):
        TransliterationModel.fit(NAMES, [True] * len(NAMES))


def test_shipped_model_tells_foreign_names_from_arabic_words():
    model = default_model()
    names = [model.log_odds(w) for w in NAMES]
    words = [model.log_odds(w) for w in WORDS]
    # ranking, with room for one word of each kind out of place
    assert sorted(names)[1] > sorted(words)[-2]
    assert model.most_foreign([]) == (NO_WORD, None)
    score, where = model.most_foreign(["المدرسة", "بيترسون", "يكتبون"])
    assert where == 1 and score == model.log_odds("بيترسون")


def test_unexplained_words_leave_out_what_the_english_accounts_for():
    arabic = arabic_words("وقال بيترسون للصحفيين في واشنطن يوم الثلاثاء إن ثلاثة من إنستغرام غادروا")
    english = "Peterson told reporters in Washington on Tuesday that three Insta staff had left"
    words = [w for w, _ in unexplained_words(english, arabic)]
    # the names are explained (Insta: a clipped form), as are the weekday, the
    # number and the function words; ordinary words are left
    assert not {"بيترسون", "واشنطن", "ثلاثاء", "ثلاثه", "انستغرام", "في", "ان"} & set(words)
    assert {"صحفيين", "غادروا"} <= set(words)
    # with another name in the English, the Arabic name is unexplained
    swapped = english.replace("Peterson", "Jackman")
    assert "بيترسون" in [w for w, _ in unexplained_words(swapped, arabic)]


def test_training_words_label_renderings_of_the_english_names():
    examples = transliteration_examples(["وقال بيترسون للصحفيين إن الاجتماع انتهى"],
                                        ["The chief, Peterson, told reporters the meeting was over"])
    assert ("بيترسون", True) in examples
    assert ("صحفيين", False) in examples and not any(y for w, y in examples if w != "بيترسون")


def _candidates(rows):
    from align.fidelity import check_alignment
    from align.model import Alignment, Bead, Sentence

    al = Alignment(src=[Sentence(a) for a, _ in rows], tgt=[Sentence(e) for _, e in rows],
                   beads=[Bead((k,), (k,)) for k in range(len(rows))])
    check_alignment(al, _Encoder(), calibration=False)
    return [f for f in al.beads[-1].flags if f.kind == "name"]


class _Encoder:
    """Vectors that make every pair a faithful one: the name evidence only."""

    name = "constant"

    def encode(self, texts, **_):
        import numpy as np

        return np.ones((len(texts), 4), dtype=np.float32) / 2.0


CONTEXT = [("وصل الوفد إلى العاصمة صباح اليوم.", "The delegation reached the capital this morning."),
           ("وقال المسؤولون إن المحادثات كانت مثمرة.", "Officials said the talks had been fruitful.")]


def test_a_name_nothing_else_uses_cites_the_arabic_name_it_replaced():
    (flag,) = _candidates(CONTEXT + [("وقال المتحدث باسم الشرطة توماس بيترسون إن التحقيق مستمر.",
                                      "Police spokesman Hugh Jackman said the investigation continues.")])
    assert flag.evidence["check"] == "name_unrecognised" and flag.evidence["foreign"] > 0
    assert "بيترسون" in flag.reason and any(s.side == "src" and "بيترسون" in s.text for s in flag.spans)
    assert "بيترسون" in flag.evidence["unexplained"]


def test_a_name_arabic_translates_leaves_no_foreign_word():
    flags = _candidates(CONTEXT + [("وانضم حزب الخضر إلى الائتلاف الحاكم.", "The Greens joined the ruling coalition.")])
    assert all(f.evidence.get("foreign", NO_WORD) < 0 for f in flags)
    assert not any("«" in f.reason for f in flags)
