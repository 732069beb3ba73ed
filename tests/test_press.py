"""Press-translation conventions: each convention recognised, and real
additions, translated headlines and translated content left alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from align.model import Bead, Sentence
from align.press import bracketed_spans, editorial_flag, find_editorial, scoring_text

SHARED_SUMMARY = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ntrex-dev" / "summary"

ARABIC = [
    "الفصائل العراقية ترفض الحكومة الجديدة",
    "أعلنت الفصائل العراقية يوم الأحد رفضها للحكومة الجديدة.",
    "وقال مصدر مطلع إن الفصائل عقدت اجتماعا قرب الميناء.",
    "وأضاف المصدر أن الوزارة لن تنتظر طويلا.",
    "وكانت الحكومة قد شكلت قبل أسبوعين.",
    "وطالبت الفصائل بانسحاب القوات الأجنبية من البلاد.",
    "ولم يصدر أي تعليق رسمي من بغداد.",
]


def sentences(lines, paragraphs=None):
    paragraphs = paragraphs or list(range(len(lines)))
    return [Sentence(t, p) for t, p in zip(lines, paragraphs)]


def press_article():
    """A published translation: intro, headline, body with a subheading,
    notes, closing.  Returns (lines, expected labels)."""
    lines = [
        "On June 3, 2019, the London-based daily Al-Quds Al-Arabi published a report on the "
        "government crisis in Iraq.",                                                        # 0 intro
        "The following is based on it.",                                                       # 1 intro
        "Iraqi factions reject the new government",                                            # 2 headline
        "The [Iraqi] factions announced on Sunday that they reject the new government.",       # 3
        "According to the source, the factions met near the port.[1]",                         # 4
        "He said: '[The ministry] will not wait long.'",                                       # 5
        "Demands for a Withdrawal",                                                            # 6 subheading
        "The government was formed two weeks ago.",                                            # 7
        "The factions demanded the withdrawal of foreign forces from the country.",            # 8
        "There was no official comment from Baghdad.",                                         # 9
        "Notes",                                                                               # 10
        "[1] The port of Umm Qasr, Iraq's main outlet to the Gulf.",                           # 11
        "Subscribe to our weekly digest of the Arab press.",                                   # 12
        "© 2019 Gulf Press Review. All rights reserved.",                                      # 13
    ]
    labels = {
        0: "editor's introduction", 1: "editor's introduction", 6: "subheading",
        10: "footnotes heading", 11: "footnote", 12: "closing boilerplate", 13: "closing boilerplate",
    }
    return lines, labels


# ------------------------------------------------------------ apparatus found


def test_full_press_article_apparatus_is_recognised():
    lines, labels = press_article()
    assert find_editorial(sentences(lines), sentences(ARABIC)) == labels


def test_apparatus_without_source_and_with_paragraphs():
    lines, labels = press_article()
    paragraphs = [0, 0, 1, 2, 2, 2, 3, 4, 4, 4, 5, 6, 7, 7]
    assert find_editorial(sentences(lines, paragraphs)) == labels


def test_intro_after_headline_with_summary_wording():
    lines = [
        "Hezbollah warns Israel over border wall",
        "This report summarises an article in the Lebanese daily Al-Akhbar of 12 February 2018.",
        "Hezbollah warned Israel on Monday against building a wall on the border.",
        "The party said the wall violates Lebanese sovereignty.",
        "Israel says the wall is on its own territory.",
    ]
    assert find_editorial(sentences(lines)) == {1: "editor's introduction"}


def test_dated_column_line_and_source_line_are_introductions():
    column = [
        "In a May 12, 2021 column in the Saudi government daily Okaz, Khalid Al-Suwailem criticized the Brotherhood.",
        "Below are excerpts from his column:",
        "The Brotherhood has always sought power, not reform.",
        "Its leaders fled to Turkey after 2013.",
        "* Khalid Al-Suwailem is a Saudi columnist.",
    ]
    assert find_editorial(sentences(column)) == {
        0: "editor's introduction", 1: "editor's introduction", 4: "footnote",
    }
    sourced = [
        "Source: Asharq Al-Awsat, London, 5 June 2020",
        "Egypt and Sudan agree on dam talks",
        "Egypt and Sudan agreed on Thursday to resume talks on the dam.",
        "The talks will resume next week.",
    ]
    assert find_editorial(sentences(sourced)) == {0: "editor's introduction"}


def test_dated_news_sentence_next_to_an_intro_stays_translated():
    lines = [
        "This report is based on an article in the daily Al-Hayat.",
        "TV audience breaks record",
        "More than 20 million people watched Thursday's testimony on six television networks.",
        "The hearing lasted nine hours.",
    ]
    assert find_editorial(sentences(lines)) == {0: "editor's introduction"}


def test_footnotes_with_superscript_markers_and_numbered_notes():
    lines = [
        "Ministers meet in Cairo",
        "The ministers met in Cairo on Tuesday.¹",
        "They discussed the Nile dam.²",
        "No agreement was reached.",
        "1. The meeting was the third this year.",
        "2. The Grand Ethiopian Renaissance Dam, under construction since 2011.",
        "It is the largest dam in Africa.",
    ]
    assert find_editorial(sentences(lines)) == {4: "footnote", 5: "footnote", 6: "footnote"}


def test_whole_bracketed_line_is_an_editors_note():
    lines = [
        "Ministers meet in Cairo",
        "The ministers met in Cairo on Tuesday.",
        "[Editor's note: the meeting had been postponed twice.]",
        "No agreement was reached.",
    ]
    assert find_editorial(sentences(lines)) == {2: "editor's note"}


def test_labels_become_info_flags_and_editorial_beads():
    flag = editorial_flag("subheading")
    assert (flag.kind, flag.severity) == ("editorial", "info")
    assert "subheading" in flag.reason.lower()
    assert Bead((), (3,), flags=[flag]).kind == "editorial"
    assert Bead((), (3,)).kind == "addition"
    assert editorial_flag("editor's introduction").reason.startswith("Editor's introduction")


# ------------------------------------------------ translated text left alone


def test_real_addition_in_the_middle_is_not_editorial():
    lines, labels = press_article()
    lines.insert(8, "The minister, a keen amateur astronomer, once named a comet after his daughter.")
    shifted = {(j + 1 if j >= 8 else j): v for j, v in labels.items()}
    found = find_editorial(sentences(lines), sentences(ARABIC))
    assert 8 not in found
    assert found == shifted


def test_translated_headline_at_the_top_is_not_editorial():
    lines = [
        "Iraqi Factions Reject The New Government",
        "The factions announced on Sunday that they reject the new government.",
        "They met near the port.",
        "There was no official comment from Baghdad.",
    ]
    assert find_editorial(sentences(lines), sentences(ARABIC)) == {}
    assert find_editorial(sentences(lines)) == {}


def test_title_case_line_mirrored_by_a_short_arabic_line_is_translated():
    arabic = ARABIC[:4] + ["المطالب"] + ARABIC[4:]
    lines = [
        "Iraqi factions reject the new government",
        "The factions announced on Sunday that they reject the new government.",
        "A source said the factions met near the port.",
        "The source added that the ministry would not wait long.",
        "The Demands",
        "The government was formed two weeks ago.",
        "The factions demanded the withdrawal of foreign forces.",
        "There was no official comment from Baghdad.",
    ]
    assert find_editorial(sentences(lines)) == {4: "subheading"}
    assert find_editorial(sentences(lines), sentences(arabic)) == {}


def test_title_case_sentence_inside_a_paragraph_is_not_a_subheading():
    lines = [
        "Iraqi factions reject the new government",
        "The factions met on Sunday.",
        "Baghdad Says Nothing",
        "There was no official comment.",
        "The government was formed two weeks ago.",
    ]
    assert find_editorial(sentences(lines, [0, 1, 1, 1, 2])) == {}
    assert find_editorial(sentences(lines, [0, 1, 2, 3, 3])) == {2: "subheading"}


def test_numbered_list_in_the_body_is_not_a_notes_block():
    lines = [
        "Five things to know about the vote",
        "Voters go to the polls on Sunday.",
        "Here is what is at stake.",
        "1. The prime minister's majority.",
        "2. The future of the coalition.",
    ]
    assert find_editorial(sentences(lines)) == {}


def test_original_articles_own_closing_line_is_translated():
    lines = [
        "Diver speaks out",
        "The diver said he felt inferior growing up.",
        "He now campaigns for equal rights.",
        "If you are struggling, call the helpline free on 116 123 or visit www.samaritans.org.",
    ]
    arabic = ARABIC[:3] + ["إذا كنت تعاني، اتصل مجانًا على الرقم 116123 أو زر الموقع www.samaritans.org."]
    assert find_editorial(sentences(lines), sentences(arabic)) == {}
    assert find_editorial(sentences(lines)) == {3: "closing boilerplate"}


def test_news_sentence_mentioning_a_newspaper_is_not_an_intro():
    lines = [
        "Minister resigns",
        "The minister told the newspaper on Monday that he would resign.",
        "His party said it would choose a successor within a week.",
    ]
    assert find_editorial(sentences(lines)) == {}


def test_empty_and_odd_input():
    assert find_editorial([]) == {}
    assert find_editorial([Sentence("")]) == {}
    assert find_editorial(sentences(["Only one line"])) == {}
    assert scoring_text("") == ""
    assert bracketed_spans("") == []
    with pytest.raises(TypeError):
        scoring_text(None)


# ------------------------------------------------------------- scoring text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The [Iraqi] factions met near the port.[4]", "The factions met near the port."),
        ("According to the source, the army withdrew 3,000 troops.", "The army withdrew 3,000 troops."),
        ("The article reported that the talks collapsed in Doha.", "The talks collapsed in Doha."),
        ("He said that the government would resign on Monday.", "The government would resign on Monday."),
        ('"We will not retreat," he said.', '"We will not retreat."'),
        ("The talks collapsed in Doha, according to the report.", "The talks collapsed in Doha."),
        ("As the author notes, the war is far from over.", "The war is far from over."),
        ("The city, [then the capital], fell in [2014] to the group.", "The city fell in to the group."),
        ("[T]he minister[s] left.", "The ministers left."),
        ("He was wounded near the port.(4)", "He was wounded near the port."),
        ("He was wounded near the port.[^4]", "He was wounded near the port."),
        ("The dam is the largest in Africa.²", "The dam is the largest in Africa."),
        ("The columnist Salim Al-Tamimi wrote that the plan had failed.", "The plan had failed."),
    ],
)
def test_scoring_text_removes_the_translators_words(text, expected):
    assert scoring_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "According to the Health Ministry, 40 people died.",   # a named source is content
        "Prime Minister Ali said that the talks had failed.",  # a named speaker is content
        "The report by Human Rights Watch said that the dam was unsafe.",  # another report, named
        "According to the source.",                            # a frame alone stays
        "The area covers 40 km² of desert.",                    # an exponent, not a marker
        "Article (4) of the constitution was amended.",        # an enumeration, not a marker
        "He said he would go.",                                # no 'that' or colon: kept
    ],
)
def test_scoring_text_keeps_content(text):
    assert scoring_text(text) == text


def test_bracketed_spans_mark_insertions_and_markers_in_displayed_text():
    text = "The [Iraqi] factions met near the port.[4] The area is 40 km²."
    spans = bracketed_spans(text)
    assert [text[s:e] for s, e in spans] == ["[Iraqi]", "[4]"]
    assert bracketed_spans("No brackets here.") == []


# ------------------------------------------------------------ dev set


@pytest.mark.skipif(not SHARED_SUMMARY.is_dir(), reason="needs ../shared/bench/ntrex-dev/summary")
def test_devset_gold_covers_every_line_and_apparatus_is_zero_one(tmp_path):
    from align.evaluate import read_beads
    from bench.press_devset import build, read_labels

    docs = build(SHARED_SUMMARY, tmp_path)
    assert len(docs) == len(list((SHARED_SUMMARY / "tgt").iterdir()))
    for doc in docs[:10]:
        lines = (tmp_path / "tgt" / doc).read_text(encoding="utf-8").splitlines()
        beads = read_beads(tmp_path / "gold" / doc)
        labels = read_labels(tmp_path / "labels" / doc)
        assert [j for _, t in beads for j in t] == list(range(len(lines)))
        assert labels and all(([], [j]) in [(list(s), list(t)) for s, t in beads] for j in labels)
        original = (SHARED_SUMMARY / "tgt" / doc).read_text(encoding="utf-8").splitlines()
        assert len(lines) - len(labels) == len(original)


# ------------------------------------------------------ with the aligner


def test_aligner_makes_apparatus_editorial_and_still_flags_a_real_addition():
    from align.aligner import align_sentences
    from align.encoders import load_encoder

    lines, labels = press_article()
    lines.insert(8, "The minister, a keen amateur astronomer, once named a comet after his daughter.")
    labels = {(j + 1 if j >= 8 else j): v for j, v in labels.items()}
    alignment = align_sentences(sentences(ARABIC), sentences(lines), load_encoder())
    kinds = {bead.tgt[0]: bead.kind for bead in alignment.beads if bead.tgt and not bead.src}
    assert {j for j, kind in kinds.items() if kind == "editorial"} == set(labels)
    assert kinds[8] == "addition"
    plain = align_sentences(sentences(ARABIC), sentences(lines), load_encoder(), press=False)
    assert not any(bead.kind == "editorial" for bead in plain.beads)
