"""Review logic without Streamlit: filters, the review queue and its
auto-advance, search in both languages, the activity log as CSV; and the
HTML report's bidi isolation, flag order and 1-based numbering."""
import csv
import io

from lxml import html as lhtml

from align.formats.html import sentence_numbers, sorted_flags, table_html, text_html, write
from align.model import Alignment, Bead, FidelityFlag, Sentence, isolate_bidi
from align.review import (
    activity_csv,
    advance,
    filter_beads,
    filter_choices,
    next_in_queue,
    search,
    search_key,
    step,
)
from align.store import Activity

WARN = FidelityFlag("number", "warning", "12 in the Arabic, 13 in the English", confidence=0.7)
INFO = FidelityFlag("name", "info", "context")


def alignment():
    ar = ["قَالَ الرَّئِيسُ إنّ الاجتماع انتهى.", "وأضـــاف أن الوفد سيصل.", "ولم يصدر أي تعليق.",
          "أكد الوزير إن ١٢ شخصاً أصيبوا.", "وقالت المصادر إنّ التحقيق مستمر."]
    en = ["The president said the meeting was over.", "He added the delegation would arrive.",
          "The Minister confirmed 13 people were hurt.", "Sources said the inquiry goes on."]
    beads = [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8, [INFO]), Bead((2,), (), 0.1, [
        FidelityFlag("omission", "error", "not translated")]), Bead((3,), (2,), 0.6, [WARN]),
        Bead((4,), (3,), 0.9, [WARN])]
    al = Alignment([Sentence(t) for t in ar], [Sentence(t) for t in en], beads)
    al.validate()
    return al


def test_flagged_filter_is_the_queue_and_shrinks_as_beads_are_reviewed():
    al = alignment()
    assert filter_beads(al, "Flagged") == [2, 3, 4]  # the info flag is context, not a problem
    assert filter_beads(al, "Flag: name") == [1] and "Flag: omission" in filter_choices(al)
    assert next_in_queue(al, None) == 2 and next_in_queue(al, 2) == 3 and next_in_queue(al, 4) == 2
    al.beads[3].verdict = "ok"
    assert filter_beads(al, "Flagged") == [2, 4] and next_in_queue(al, 2) == 4
    assert filter_beads(al, "Unreviewed") == [0, 1, 2, 4]
    al.beads[2].verdict = al.beads[4].verdict = "needs_fix"
    assert filter_beads(al, "Flagged") == [] and next_in_queue(al, 0) is None
    assert filter_beads(al, "Needs fix") == [2, 4]


def test_auto_advance_goes_to_the_next_unreviewed_bead_of_the_view():
    al = alignment()
    al.beads[2].verdict = "ok"  # just given
    assert advance(al, filter_beads(al, "Flagged"), 2) == 3
    assert advance(al, filter_beads(al, "All"), 2) == 3
    al.beads[0].verdict = "ok"
    assert advance(al, filter_beads(al, "All"), 0) == 1
    al.beads[4].verdict = "ok"
    assert advance(al, filter_beads(al, "Flagged"), 4) == 3  # wraps round
    al.beads[3].verdict = "ok"
    assert advance(al, filter_beads(al, "Flagged"), 3) is None


def test_step_moves_within_the_view_and_stops_at_its_ends():
    assert step([2, 3, 4], 3, 1) == 4 and step([2, 3, 4], 4, 1) == 4 and step([2, 3, 4], 2, -1) == 2
    assert step([2, 3, 4], None, 1) == 2 and step([2, 3, 4], 0, -1) == 4 and step([], 1, 1) is None


def test_search_in_both_languages_ignoring_diacritics_tatweel_and_hamza_forms():
    al = alignment()
    assert search(al, "الرئيس") == [0]  # the text has harakat and shadda
    assert search(al, "واضاف") == [1]  # tatweel, and أ typed as ا
    assert search(al, "ان") == [0, 1, 3, 4]  # إنّ / أن / إن
    assert search(al, "12") == [3] and search(al, "١٢") == [3]  # Arabic-Indic digits are folded
    assert search(al, "minister") == [3] and search(al, "  THE   president ") == [0]
    assert search(al, "inquiry", shown=[0, 1]) == [] and search(al, "", shown=[1, 2]) == [1, 2]
    assert search_key("أَإآ ـــ") == "ااا"


def test_activity_csv_has_a_header_and_neutralises_formulas():
    rows = list(csv.reader(io.StringIO(activity_csv([
        Activity("2026-12-01T10:00:00+00:00", "=HYPERLINK(\"x\")", "verdict", "bead 3", "ok; comment: +1"),
    ]))))
    assert rows[0] == ["at", "reviewer", "action", "beads", "detail"]
    assert rows[1][1].startswith("'=") and rows[1][4].startswith("ok")


def test_report_quotes_arabic_inside_bdi_in_logical_order():
    quote = "١٢ شخصاً…"
    reason = f"the Arabic says {isolate_bidi(quote)} and the English {isolate_bidi('13 people')}"
    al = alignment()
    al.beads[3].flags = [FidelityFlag("number", "error", reason, confidence=0.91)]
    doc = lhtml.fromstring(write(al)[0])
    bdis = doc.xpath("//tr[@id='bead-4']//p[@class='flag']/bdi")
    assert [b.text for b in bdis] == [quote, "13 people"]  # the characters in the order they were written
    assert "\u2068" not in doc.xpath("//tr[@id='bead-4']//p[@class='flag']")[0].text_content()
    assert text_html("<b>\u2068x\u2069</b>") == "&lt;b&gt;<bdi>x</bdi>&lt;/b&gt;"
    assert text_html("a\nb") == "a<br>b"


def test_flags_sorted_by_confidence_with_none_last_and_shown():
    bead = Bead((0,), (0,), 0.5, [FidelityFlag("editorial", "info", "apparatus"),
                                  FidelityFlag("name", "warning", "n", confidence=0.4),
                                  FidelityFlag("number", "error", "x", confidence=0.93)])
    assert [f.kind for f in sorted_flags(bead)] == ["number", "name", "editorial"]
    al = Alignment([Sentence("نص")], [Sentence("text")], [bead])
    doc = lhtml.fromstring(table_html(al, [0]))
    flags = [p.text_content() for p in doc.xpath("//p[@class='flag']")]
    assert flags[0].startswith("error number 93%") and flags[1].startswith("warning name 40%")
    assert flags[2] == "info editorial: apparatus"


def test_report_numbers_beads_and_sentences_from_one_and_puts_the_source_left():
    al = alignment()
    doc = lhtml.fromstring(write(al)[0])
    first = doc.xpath("//tbody/tr")[0]
    assert first.get("id") == "bead-1" and first.xpath("td")[0].text_content() == "1ar 1 · en 1"
    assert doc.xpath("//tr[@id='bead-3']/td/span[@class='idx']")[0].text == "ar 3 · en –"
    assert [th.text for th in doc.xpath("//thead/tr/th")][1:3] == ["Source (ar)", "Target (en)"]
    assert sentence_numbers(Bead((3, 4), (1,))) == "src 4–5 · tgt 2"
    assert doc.xpath("//input[@id='dense']")  # the report's dense-rows switch
    grid = lhtml.fromstring(table_html(al, [1, 3], dense=True, cursor=3))
    assert grid.get("class") == "beads dense"
    assert [tr.get("id") for tr in grid.xpath("//tr[contains(@class, 'cursor')]")] == ["bead-4"]
    assert len(grid.xpath("//tbody/tr")) == 2
