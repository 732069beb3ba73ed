"""Exporters and importers: schema validity, round trips, report content,
foreign CAT-tool files and bad input."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from lxml import etree

from align.errors import InputError
from align.formats import EXPORT_FORMATS, export_bytes, read_alignment, write_alignment
from align.model import Alignment, Bead, FidelityFlag, Sentence, Span

SCHEMAS = Path(__file__).parent / "schemas"
RLM, RLE, PDF_ = "\u200f", "\u202b", "\u202c"


@pytest.fixture(scope="module")
def tmx_dtd():
    return etree.DTD(str(SCHEMAS / "tmx14.dtd"))


@pytest.fixture(scope="module")
def xliff_xsd():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff_core_2.0.xsd")))


def make_alignment() -> Alignment:
    """Every bead kind, many-to-many, diacritics, tatweel, bidi marks,
    Arabic digits, markup-like text and double spaces inside sentences."""
    src = [
        Sentence("قالَ الرئيسُ إنّ النموَّ بلغ ٣٫٥٪ هذا العام."),
        Sentence(f"{RLE}وأضاف{PDF_} أن  الميزانيـــة الجديدة{RLM} ستركز على التعليم."),
        Sentence("وهذه جملة لم تُترجم."),
        Sentence("=SUM(A1) <b>ليس</b> & \"اقتباس\""),
    ]
    tgt = [
        Sentence("The president said growth reached 3.5% this year, adding that the new budget"),
        Sentence("would focus on education."),
        Sentence("(Reporting by Jane Doe; editing by John Roe)"),
        Sentence("=SUM(A1) <b>not</b> & \"quote\""),
    ]
    at_src, at_tgt = src[0].text.index("٣٫٥٪"), tgt[0].text.index("3.5%")
    beads = [
        Bead((0, 1), (0, 1), 0.8731,
             [FidelityFlag("number", "error", "٣٫٥٪ vs 3.5% checked",
                           [Span("src", at_src, at_src + 4, "٣٫٥٪"), Span("tgt", at_tgt, at_tgt + 4, "3.5%")])],
             verdict="ok", comment="Fine <really> & good", reviewer="amal", reviewed_at="2025-03-01T10:00:00Z"),
        Bead((2,), (), 0.0, [FidelityFlag("omission", "error", "source sentence not translated")], verdict="needs_fix"),
        Bead((), (2,), 0.0, [FidelityFlag("editorial", "info", "wire-service credit line")]),
        Bead((3,), (3,), 0.5, [FidelityFlag("name", "warning", "name missing")]),
    ]  # fmt: skip
    alignment = Alignment(src, tgt, beads, meta={"src_name": "ar.docx"})
    alignment.validate()
    return alignment


def bead_records(alignment: Alignment) -> list[dict]:
    return [json.loads(line) for line in alignment.iter_jsonl()]


@pytest.mark.parametrize("fmt", ["jsonl", "tmx", "xliff", "xliff12"])
def test_round_trip_keeps_beads_texts_scores_flags_and_verdicts(tmp_path, fmt):
    alignment = make_alignment()
    path = tmp_path / f"out{EXPORT_FORMATS[fmt]}"
    write_alignment(alignment, path, fmt)
    back = read_alignment(path)
    assert bead_records(back) == bead_records(alignment)
    # Byte-exact Arabic: diacritics, tatweel and bidi controls survive.
    assert [s.text.encode() for s in back.src] == [s.text.encode() for s in alignment.src]
    assert (back.src_lang, back.tgt_lang) == ("ar", "en")


def test_tmx_validates_against_the_dtd_with_required_header(tmx_dtd):
    data, result = export_bytes(make_alignment(), "tmx")
    root = etree.fromstring(data)
    assert tmx_dtd.validate(root), tmx_dtd.error_log
    header = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attr)
    assert header.get("segtype") == "sentence" and header.get("srclang") == "ar"
    tus = root.findall("body/tu")
    assert len(tus) == 4
    first = tus[0]
    assert [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in first.findall("tuv")] == ["ar", "en"]
    # A 2-2 bead is one unit with the sentences of each side joined.
    assert first.find("tuv[2]/seg").text == "The president said growth reached 3.5% this year, adding that the new budget would focus on education."
    props = {p.get("type"): p.text for p in first.findall("prop")}
    assert props["x-muqabala-score"] == "0.8731" and props["x-muqabala-verdict"] == "ok"
    assert any("number" in n.text for n in first.findall("note"))
    assert result.unpaired == [1, 2] and result.unpaired_included


def test_tmx_can_leave_unpaired_beads_out_and_says_so(tmp_path, tmx_dtd):
    alignment = make_alignment()
    path = tmp_path / "out.tmx"
    result = write_alignment(alignment, path, "tmx", include_unpaired=False)
    root = etree.parse(str(path)).getroot()
    assert tmx_dtd.validate(root)
    assert all(len(tu.findall("tuv")) == 2 for tu in root.iter("tu"))
    assert result.units == 2 and result.unpaired == [1, 2] and not result.unpaired_included
    assert any("left out" in line and "2, 3" in line for line in result.lines())
    back = read_alignment(path)
    assert [b.kind for b in back.beads] == ["pair", "pair"]
    assert back.meta["import_warnings"]


@pytest.mark.parametrize("include_unpaired", [True, False])
def test_xliff21_validates_against_the_official_schema(xliff_xsd, include_unpaired):
    data, _ = export_bytes(make_alignment(), "xliff", include_unpaired=include_unpaired)
    root = etree.fromstring(data)
    assert xliff_xsd.validate(root), xliff_xsd.error_log
    assert root.get("version") == "2.1" and root.get("srcLang") == "ar" and root.get("trgLang") == "en"


def test_xliff21_state_follows_verdict_and_notes_carry_flags_and_comment():
    data, _ = export_bytes(make_alignment(), "xliff")
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    root = etree.fromstring(data)
    units = root.findall(".//x:unit", ns)
    states = [u.find("x:segment", ns).get("state") for u in units]
    assert states == ["reviewed", "initial", "translated", "translated"]
    assert units[1].find("x:segment", ns).get("subState") == "mq:needs_fix"
    notes = units[0].findall("x:notes/x:note", ns)
    assert [n.get("category") for n in notes] == ["flag", "comment"]
    assert notes[1].text == "Fine <really> & good"
    source = units[0].find("x:segment/x:source", ns)
    assert source.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert units[1].find("x:segment/x:target", ns) is None  # an omission has no target


def test_xml_exports_survive_control_characters(xliff_xsd, tmx_dtd):
    alignment = Alignment([Sentence("نص\x0bمع حرف تحكم")], [Sentence("text\x01here")], [Bead((0,), (0,), 0.9)])
    data, result = export_bytes(alignment, "xliff")
    assert xliff_xsd.validate(etree.fromstring(data))
    assert result.warnings and "U+FFFD" in result.warnings[0]
    data, _ = export_bytes(alignment, "tmx")
    assert tmx_dtd.validate(etree.fromstring(data))


def test_reads_a_cat_tool_tmx(tmp_path):
    path = tmp_path / "cat.tmx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="SDL" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en-US" srclang="AR-SA" datatype="xml"/>
<body>
<tu><tuv xml:lang="ar-SA"><seg>قال <bpt i="1">&lt;b&gt;</bpt>الرئيس<ept i="1">&lt;/b&gt;</ept> ذلك.</seg></tuv>
<tuv xml:lang="en-US"><seg>The <hi>president</hi> said so.</seg></tuv></tu>
<tu><note>check this</note><tuv xml:lang="ar-SA"><seg>جملة ثانية.</seg></tuv><tuv xml:lang="en-US"><seg>Second.</seg></tuv></tu>
</body></tmx>""",
        encoding="utf-8",
    )
    alignment = read_alignment(path)
    assert (alignment.src_lang, alignment.tgt_lang) == ("AR-SA", "en-US")
    assert [s.text for s in alignment.src] == ["قال الرئيس ذلك.", "جملة ثانية."]
    assert alignment.tgt[0].text == "The president said so."
    assert [b.to_gold() for b in alignment.beads] == ["[0]:[0]", "[1]:[1]"]
    assert alignment.beads[1].comment == "check this"


def test_reads_cat_tool_xliff_12_and_20(tmp_path):
    x12 = tmp_path / "a.xlf"
    x12.write_text(
        """<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a" source-language="ar" target-language="en" datatype="plaintext"><body>
<trans-unit id="1" approved="yes"><source>مرحبا <g id="1">بالعالم</g></source><target state="final">Hello <g id="1">world</g></target></trans-unit>
<trans-unit id="2"><source>جملة.</source><target state="needs-translation">Sentence.</target><note>fix later</note></trans-unit>
</body></file></xliff>""",
        encoding="utf-8",
    )
    a = read_alignment(x12)
    assert [s.text for s in a.src] == ["مرحبا بالعالم", "جملة."] and a.tgt[0].text == "Hello world"
    assert [b.verdict for b in a.beads] == ["ok", None] and a.beads[1].comment == "fix later"
    x20 = tmp_path / "b.xlf"
    x20.write_text(
        """<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ar" trgLang="en">
<file id="f"><unit id="u"><segment state="final"><source>أ.</source><target>A.</target></segment>
<ignorable><source> </source></ignorable><segment><source>ب.</source><target>B.</target></segment></unit></file></xliff>""",
        encoding="utf-8",
    )
    b = read_alignment(x20)
    assert [bead.to_gold() for bead in b.beads] == ["[0]:[0]", "[1]:[1]"]
    assert [bead.verdict for bead in b.beads] == ["ok", None]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"<?xml version='1.0'?><tmx version='1.4'><header srclang='ar'/><body><tu><tuv xml:lang='ar'><seg>", "not well-formed"),
        (b"<html><body>hi</body></html>", "neither TMX nor XLIFF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "neither our JSONL"),
        (b'{"src": [0], "tgt": [0]}\n{"src": [5], "tgt": [1]}\n', "JSONL"),
        (b"<tmx version='1.4'><header srclang='ar'/><body/></tmx>", "no translation units"),
    ],
)
def test_bad_alignment_files_give_one_line_errors_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.tmx"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_alignment(path)
    assert str(path) in str(err.value) and message in str(err.value) and "\n" not in str(err.value)


def test_csv_is_excel_friendly():
    data, _ = export_bytes(make_alignment(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 4
    assert rows[0]["src_text"] == make_alignment().src_text(make_alignment().beads[0])  # RTL text intact
    assert rows[3]["src_text"].startswith("'=SUM")  # not run as a formula
    assert rows[1]["kind"] == "omission" and rows[1]["verdict"] == "needs_fix"
    plain, _ = export_bytes(make_alignment(), "csv", bom=False)
    assert not plain.startswith(b"\xef\xbb\xbf")


def test_tsv_and_beads_have_one_line_per_bead():
    alignment = make_alignment()
    tsv = export_bytes(alignment, "tsv")[0].decode().splitlines()
    assert [line.split("\t")[:3] for line in tsv] == [
        ["0,1", "0,1", "0.8731"], ["2", "", "0.0000"], ["", "2", "0.0000"], ["3", "3", "0.5000"]
    ]
    assert all(len(line.split("\t")) == 5 for line in tsv)
    beads = export_bytes(alignment, "beads")[0].decode().splitlines()
    assert beads == ["[0, 1]:[0, 1]", "[2]:[]", "[]:[2]", "[3]:[3]"]


def test_xlsx_review_workbook(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    write_alignment(make_alignment(), path, "xlsx")
    wb = load_workbook(path)
    ws = wb["Beads"]
    header = [c.value for c in ws[1]]
    assert ws.max_row == 5
    for kind in ("editorial", "name", "number", "omission"):
        assert kind in header  # one column per flag kind
    src_col = header.index("source (ar)") + 1
    assert ws.cell(2, src_col).alignment.readingOrder == 2 and ws.cell(2, src_col).alignment.horizontal == "right"
    assert ws.cell(5, src_col).value.startswith("=SUM") and ws.cell(5, src_col).data_type == "s"
    assert ws.cell(2, header.index("verdict") + 1).value == "ok"
    assert len(ws.conditional_formatting) >= 1
    summary = {row[0].value: row[1].value for row in wb["Summary"].iter_rows(min_row=2)}
    assert summary["omitted sentences"] == 1 and summary["beads: editorial"] == 1


def test_html_report_is_escaped_rtl_and_flags_spans(tmp_path):
    from lxml import html as lhtml

    path = tmp_path / "r.html"
    write_alignment(make_alignment(), path, "html")
    text = path.read_text(encoding="utf-8")
    assert "<b>ليس</b>" not in text and "&lt;b&gt;ليس&lt;/b&gt;" in text
    doc = lhtml.fromstring(text)
    cells = doc.xpath("//td[contains(@class, 'src')]")
    assert len(cells) == 4 and all(c.get("dir") == "rtl" and c.get("lang") == "ar" for c in cells)
    marks = doc.xpath("//tr[@id='bead-1']//mark")
    assert [m.text for m in marks] == ["٣٫٥٪", "3.5%"]
    assert doc.xpath("//tr[@id='bead-3']")[0].get("class").split().count("has-editorial") == 1
    assert doc.xpath("//tr[@id='bead-1']//td")[-1].text_content().startswith("Fine <really> & good")
    bar = doc.xpath("//div[@class='coverage']/span")
    assert [s.get("class") for s in bar] == ["translated", "omitted"]


def test_html_report_marks_the_translators_insertions_only_in_press_translations():
    from lxml import html as lhtml

    alignment = Alignment(
        [Sentence("قالت الفصائل إنها لن تنتظر.")], [Sentence("The [Iraqi] factions said they would not wait.[4]")],
        [Bead((0,), (0,), 0.9)],
    )
    doc = lhtml.fromstring(export_bytes(alignment, "html")[0].decode())
    assert [i.text for i in doc.xpath("//td[contains(@class, 'tgt')]//ins")] == ["[Iraqi]", "[4]"]
    assert "The [Iraqi] factions said they would not wait.[4]" in doc.xpath("//td[contains(@class, 'tgt')]")[0].text_content()
    alignment.meta["press"] = False
    doc = lhtml.fromstring(export_bytes(alignment, "html")[0].decode())
    assert not doc.xpath("//ins")


def test_reports_take_coverage_from_a_given_summary():
    from align.fidelity import DocumentSummary

    summary = DocumentSummary(src_sentences=10, omitted_sentences=4, src_chars=1000, translated_chars=250,
                              omitted_chars=750)  # fmt: skip
    text = export_bytes(make_alignment(), "html", summary=summary)[0].decode()
    assert "25.0% of the source (by characters) is translated, 75.0% omitted" in text
    assert "4 of 10 source sentences omitted" in text


def test_write_to_open_files(tmp_path):
    alignment = make_alignment()
    out = io.StringIO()
    write_alignment(alignment, out, "tmx")
    assert out.getvalue().startswith("<?xml")
    binary = io.BytesIO()
    write_alignment(alignment, binary, "jsonl")
    assert Alignment.from_bead_dicts([json.loads(l) for l in binary.getvalue().decode().splitlines()]).beads
    with pytest.raises(ValueError):
        write_alignment(alignment, io.StringIO(), "xlsx")
