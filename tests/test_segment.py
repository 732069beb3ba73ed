"""Sentence segmentation: every rule both ways, cleaning, hard boundaries,
length cap, presplit input, and the boundary scorer of bench/segmentation.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from align.model import Sentence
from align.segment import MAX_SENTENCE_CHARS, split_lines, split_sentences

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


def texts(text: str, lang: str) -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


# --- English ---------------------------------------------------------------

def test_english_titles_and_months_do_not_end_sentences():
    assert texts("Mr. Smith met Mrs. Jones and Dr. Brown in St. Louis on Jan. 5. They talked.", "en") == [
        "Mr. Smith met Mrs. Jones and Dr. Brown in St. Louis on Jan. 5.", "They talked."]


def test_english_sentence_starting_with_a_title_is_split_off():
    # blingfire alone keeps these together
    assert texts("It was late. Mr. Smith left. Dr. Ford spoke.", "en") == [
        "It was late.", "Mr. Smith left.", "Dr. Ford spoke."]


def test_english_dotted_acronyms_split_only_before_a_sentence_start():
    assert texts("The U.S. Army and the U.N. agreed. He lives in the U.S. The next day he left.", "en") == [
        "The U.S. Army and the U.N. agreed.", "He lives in the U.S.", "The next day he left."]
    assert texts("Voting was calm until 1 p.m. However, turnout was low.", "en") == [
        "Voting was calm until 1 p.m.", "However, turnout was low."]


def test_english_initials_numbers_and_decimals():
    assert texts("J. K. Rowling wrote No. 5 in Roe v. Wade. Growth was 3.5% or $3.5 million. It rose.", "en") == [
        "J. K. Rowling wrote No. 5 in Roe v. Wade.", "Growth was 3.5% or $3.5 million.", "It rose."]
    # "No." as an answer is a sentence
    assert texts("Did he agree? No. He refused.", "en") == ["Did he agree?", "No.", "He refused."]


def test_english_quotes_and_lowercase_continuations():
    assert texts('"Really?" she asked. He said "we need a deal." Then he left. "Yes!" It ended.', "en") == [
        '"Really?" she asked.', 'He said "we need a deal."', "Then he left.", '"Yes!"', "It ended."]
    assert texts("He wrote “It is over.” Nobody answered.", "en") == ["He wrote “It is over.”", "Nobody answered."]


def test_english_ellipsis_splits_only_before_a_capital():
    assert texts("I waited... and waited. Nothing... Then it came.", "en") == [
        "I waited... and waited.", "Nothing...", "Then it came."]


def test_english_list_markers_stay_with_their_item():
    assert texts("1. Open the file. 2. Read it.\n(a) first point\na) second point", "en") == [
        "1. Open the file.", "2. Read it.", "(a) first point", "a) second point"]


# --- Arabic ----------------------------------------------------------------

def test_arabic_question_mark_and_full_stop_split_but_comma_and_semicolon_do_not():
    assert texts("هل ستستمر الأزمة؟ نعم، قال الوزير؛ وستطول. انتهى الاجتماع!", "ar") == [
        "هل ستستمر الأزمة؟", "نعم، قال الوزير؛ وستطول.", "انتهى الاجتماع!"]


def test_arabic_abbreviations_and_initials():
    assert texts("قال د. أحمد إن م. علي وصل مع ع. محمود. وغادر الجميع.", "ar") == [
        "قال د. أحمد إن م. علي وصل مع ع. محمود.", "وغادر الجميع."]


def test_arabic_letter_name_initial_versus_acronym_at_sentence_end():
    # جون إف. كينيدي: an initial; سي إن إن.: an acronym that ends the sentence
    assert texts("التقى جون إف. كينيدي بالصحفيين. شاهدوه على سي إن إن. وانتهى البث.", "ar") == [
        "التقى جون إف. كينيدي بالصحفيين.", "شاهدوه على سي إن إن.", "وانتهى البث."]


def test_arabic_decimals_in_both_digit_sets():
    assert texts("بلغت النسبة ٣٫٥٪ وبلغ العدد ٣.٥ مليون و3.5 مليار. ثم تراجع.", "ar") == [
        "بلغت النسبة ٣٫٥٪ وبلغ العدد ٣.٥ مليون و3.5 مليار.", "ثم تراجع."]


def test_arabic_quotes_close_the_sentence():
    assert texts('قال الوزير: "سنرى." ثم غادر. وقال: «لن نتراجع.» وصمت.', "ar") == [
        'قال الوزير: "سنرى."', "ثم غادر.", "وقال: «لن نتراجع.»", "وصمت."]


def test_arabic_ellipsis_inside_a_sentence():
    assert texts("إنهم صغار وفضوليون جدًا ... إنهم لا يؤذون أحدًا. ثم غادر… ومضى.", "ar") == [
        "إنهم صغار وفضوليون جدًا ... إنهم لا يؤذون أحدًا.", "ثم غادر… ومضى."]


def test_arabic_list_markers_with_arabic_indic_digits():
    assert texts("١. البند الأول. ٢. البند الثاني.", "ar") == ["١. البند الأول.", "٢. البند الثاني."]


# --- other languages --------------------------------------------------------

def test_german_and_french_quotes_ordinals_and_titles():
    assert texts("Am 3. Oktober kam Dr. Müller z.B. mit Hr. Maier. Er sagte: »Gut.« Dann ging er.", "de") == [
        "Am 3. Oktober kam Dr. Müller z.B. mit Hr. Maier.", "Er sagte: »Gut.«", "Dann ging er."]
    assert texts("M. Dupont est arrivé. Il a dit : « Bonjour. » Puis il est parti.", "fr") == [
        "M. Dupont est arrivé.", "Il a dit : « Bonjour. »", "Puis il est parti."]


def test_unknown_language_still_splits_on_punctuation():
    assert texts("Ein Satz. Noch einer.", "xx") == ["Ein Satz.", "Noch einer."]


# --- lines, paragraphs, cleaning, limits -------------------------------------

def test_line_breaks_are_hard_boundaries_and_paragraphs_are_counted():
    sentences = split_sentences("Headline without stop\nFirst. Second\n\n\nNew paragraph.\n  \nLast", "en")
    assert sentences == [
        Sentence("Headline without stop", 0), Sentence("First.", 0), Sentence("Second", 0),
        Sentence("New paragraph.", 1), Sentence("Last", 2)]


def test_bom_bidi_controls_and_crlf_are_cleaned():
    text = "\ufeffقال\u200f الوزير.\r\nهل\u202b انتهى؟\r\n\r\nنعم.\rوداعا."
    assert split_sentences(text, "ar") == [
        Sentence("قال الوزير.", 0), Sentence("هل انتهى؟", 0), Sentence("نعم.", 1), Sentence("وداعا.", 1)]


def test_sentences_are_exact_substrings_of_the_cleaned_input():
    text = "  Mr.  Smith   said:\t\"Yes.\"   Then   he left…  \n\n ثم  غادر.  "
    for s in split_sentences(text, "en"):
        assert s.text and s.text == s.text.strip() and s.text in text


def test_empty_input():
    assert split_sentences("", "ar") == []
    assert split_sentences(" \n\n\t\n", "en") == []
    assert split_lines("") == []


def test_huge_unpunctuated_line_is_capped_at_whitespace():
    text = " ".join(["كلمة"] * 50_000)
    sentences = split_sentences(text, "ar")
    assert len(sentences) > 200
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(not s.text.startswith(" ") and s.text.split() == ["كلمة"] * len(s.text.split()) for s in sentences)
    assert "".join(s.text.replace(" ", "") for s in sentences) == text.replace(" ", "")


def test_cap_prefers_a_clause_break_and_leaves_short_sentences_alone():
    clause = "word " * 120 + "end, "
    sentences = texts(clause * 3 + "done.", "en")
    assert all(len(s) <= MAX_SENTENCE_CHARS for s in sentences)
    assert sentences[0].endswith(",")
    assert texts("word " * 150 + "done.", "en") == [("word " * 150 + "done.")]


def test_huge_line_without_any_whitespace_is_cut():
    sentences = split_sentences("ب" * 5_000, "ar")
    assert [len(s.text) for s in sentences] == [MAX_SENTENCE_CHARS] * 5


def test_large_input_completes():
    paragraph = ("قال د. أحمد إن النسبة ٣٫٥٪ هذا العام، وهل ستستمر؟ نعم. " * 40 + "\n") * 2
    text = paragraph * 2_500  # about 10 MB
    sentences = split_sentences(text, "ar")
    assert len(sentences) == 2 * 40 * 2 * 2_500
    assert sentences[-1].paragraph == 0 and sentences[-1].text == "نعم."


# --- presplit ---------------------------------------------------------------

def test_split_lines_keeps_line_numbers():
    text = "\ufeffFirst line. Still first.\r\n\r\nThird line\nFourth\n\n"
    assert split_lines(text) == [
        Sentence("First line. Still first.", 0), Sentence("", 0), Sentence("Third line", 1), Sentence("Fourth", 1)]


# --- the benchmark scorer ---------------------------------------------------

def test_boundary_scores():
    sys.path.insert(0, str(ROOT))
    from bench.segmentation import boundary_scores

    raw = "Title A first. Second one. Third."
    gold = ["Title", "A first.", "Second one.", "Third."]
    assert boundary_scores(raw, gold, gold) == (3, 0, 0)
    assert boundary_scores(raw, gold, ["Title A first.", "Second one. Third."]) == (1, 0, 2)
    assert boundary_scores(raw, gold, ["Title A first.", "Second one. Third."], skip_gold=1) == (1, 0, 1)
    assert boundary_scores(raw, gold, ["Title A", "first.", "Second one.", "Third."]) == (2, 1, 1)
    with pytest.raises(ValueError):
        boundary_scores(raw, gold, ["Something else."])


@pytest.mark.skipif(not (BENCH / "ntrex-dev").is_dir(), reason="no shared benchmark beside the checkout")
def test_beats_the_regex_baseline_on_ntrex_dev():
    sys.path.insert(0, str(ROOT))
    from bench.segmentation import segmentation_table

    ours = segmentation_table(BENCH)["ntrex-dev/clean"]
    baseline = segmentation_table(BENCH, "regex baseline")["ntrex-dev/clean"]
    for lang in ("ar", "en"):
        assert ours[lang]["f1"] > baseline[lang]["f1"]
        assert ours[lang]["p"] >= 0.97


# --- hostile sizes ----------------------------------------------------------

def test_long_unpunctuated_line_segments_into_bounded_pieces_keeping_every_word():
    words = [f"كلمة{i}" if i % 2 else f"word{i}" for i in range(30_000)]
    line = " ".join(words)
    assert len(line) > 200_000
    pieces = texts(line, "ar")
    assert all(0 < len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert len(pieces) <= 2 * len(line) // MAX_SENTENCE_CHARS + 1
    assert " ".join(pieces).split() == words  # nothing lost, nothing cut inside a word


def test_long_run_of_terminators_without_a_space_segments_into_bounded_pieces():
    # Rescanned from each of its characters, this run took minutes (quadratic).
    line = "Hello" + "!" * 200_000 + "world"
    pieces = texts(line, "en")
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert "".join(pieces) == line


def test_segmenting_reports_progress_in_order():
    text = "\n\n".join(f"Paragraph {i} says something. It ends here." for i in range(20_000))
    fractions = []
    sentences = split_sentences(text, "en", fractions.append)
    assert len(sentences) == 40_000
    assert len(fractions) > 3 and fractions[-1] == 1.0
    assert fractions == sorted(fractions) and all(0.0 <= f <= 1.0 for f in fractions)
