"""Language detection and the source/target pair check."""
from align.language import check_pair, detect_language

AR = "قال الرئيس إن النمو الاقتصادي بلغ ثلاثة في المئة هذا العام، وفق تقديرات الحكومة."
EN = "The president said economic growth reached three percent this year, according to government estimates."
FR = "Le président a dit que la croissance a atteint trois pour cent cette année, selon le gouvernement."


def test_detects_arabic_english_and_french():
    assert detect_language(AR).code == "ar" and detect_language(AR).arabic_ratio == 1.0
    assert detect_language(EN).code == "en" and detect_language(EN).confidence > 0.9
    assert detect_language(FR).code == "fr"
    assert detect_language("12345 ...").code == "und"


def test_a_right_pair_is_silent():
    assert check_pair(AR, EN) == []


def test_swapped_pair_is_a_warning():
    (issue,) = check_pair(EN, AR)
    assert issue.kind == "swapped" and issue.severity == "warning" and "swapped" in issue


def test_same_language_and_no_text_are_errors():
    assert [(i.kind, i.severity) for i in check_pair(AR, AR)] == [("same_language", "error")]
    assert [(i.kind, i.severity) for i in check_pair(EN, EN)] == [("same_language", "error")]
    assert [(i.kind, i.severity) for i in check_pair("٣٫٥ — 2024", EN)] == [("no_text", "error")]


def test_unexpected_language_is_a_warning_only_when_sure():
    assert [(i.kind, i.severity) for i in check_pair(AR, FR)] == [("unexpected_language", "warning")]
    assert check_pair(AR, "OK") == []  # too short to name a language
