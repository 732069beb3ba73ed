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
                           [Span("src", at_src, at_src + 4, "٣٫٥٪"), Span("tgt", at_tgt, at_tgt + 4, "3.5%")],
                           confidence=0.9312)],
             verdict="ok", comment="Fine <really> & good", reviewer="amal", reviewed_at="2025-03-01T10:00:00Z"),
        Bead((2,), (), 0.0, [FidelityFlag("omission", "error", "source sentence not translated")], verdict="needs_fix"),
        Bead((), (2,), 0.0, [FidelityFlag("editorial", "info", "wire-service credit line")]),
        Bead((3,), (3,), 0.5, [FidelityFlag("name", "warning", "name missing", confidence=0.0)]),
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
    assert ws.cell(5, src_col).value.startswith("'=SUM") and ws.cell(5, src_col).data_type == "s"
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


# --- hostile input (issue 13) ----------------------------------------------

XLIFF2_HEAD = '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mq="urn:muqabala:alignment:1" version="2.1" srcLang="ar" trgLang="en"><file id="f">'
XLIFF12_HEAD = '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="urn:muqabala:alignment:1" version="1.2"><file original="a" source-language="ar" target-language="en" datatype="plaintext"><body>'


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_xliff_source_with_comment_pi_and_entity_keeps_its_text(tmp_path, version):
    source = "قال<!-- a translator's remark -->الرئيس <?cat-tool keep?>ذلك &nbsp; اليوم."
    if version == "2.1":
        body = f'<unit id="u1"><segment><source>{source}</source><target>He<!--x--> said so.</target></segment></unit></file></xliff>'
        head = XLIFF2_HEAD
    else:
        body = f'<trans-unit id="1"><source>{source}</source><target>He<!--x--> said so.</target></trans-unit></body></file></xliff>'
        head = XLIFF12_HEAD
    path = tmp_path / "c.xlf"
    path.write_text('<!DOCTYPE xliff [<!ENTITY nbsp "&#160;">]>' + head + body, encoding="utf-8")
    alignment = read_alignment(path)
    assert alignment.src[0].text == "قالالرئيس ذلك &nbsp; اليوم."
    assert alignment.tgt[0].text == "He said so."
    assert any("&nbsp;" in w and "not expanded" in w for w in alignment.meta["import_warnings"])


def test_tmx_seg_with_comment_and_entity_keeps_its_text(tmp_path):
    path = tmp_path / "c.tmx"
    path.write_text(
        '<!DOCTYPE tmx [<!ENTITY co "Co.">]><tmx version="1.4"><header srclang="ar"/><body><tu><note>see<!--c--> &co; later</note>'
        '<tuv xml:lang="ar"><seg>شركة<!--c--> &co; <?pi x?>الكبرى</seg></tuv><tuv xml:lang="en"><seg>Big &co;</seg></tuv>'
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    alignment = read_alignment(path)
    assert [alignment.src[0].text, alignment.tgt[0].text] == ["شركة &co; الكبرى", "Big &co;"]
    assert alignment.beads[0].comment == "see &co; later"
    assert "&co;" in alignment.meta["import_warnings"][-1]


def xliff_with_flag(tmp_path, note_attributes: str):
    """An XLIFF 2.1 file of ours with one bead and one flag note."""
    path = tmp_path / "flag.xlf"
    path.write_text(
        XLIFF2_HEAD + '<unit id="u1" mq:src="0" mq:tgt="0" mq:score="0.5"><notes>'
        f'<note category="flag" {note_attributes}>12 vs 13</note></notes>'
        "<segment><source>١٢ رجلا.</source><target>13 men.</target></segment></unit></file></xliff>",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("spans", ["not json", "{&quot;side&quot;: 1}", "[1, 2]", "[{&quot;side&quot;: &quot;src&quot;}]"])
def test_xliff_spans_that_are_not_json_spans_are_dropped_with_a_warning(tmp_path, spans):
    alignment = read_alignment(xliff_with_flag(tmp_path, f'mq:kind="number" mq:severity="error" mq:spans="{spans}"'))
    (flag,) = alignment.beads[0].flags
    assert (flag.kind, flag.reason, flag.spans) == ("number", "12 vs 13", [])
    assert any("mq:spans" in w for w in alignment.meta["import_warnings"])


@pytest.mark.parametrize("confidence", ["nan", "1.5", "-0.1", "high"])
def test_xliff_flag_confidence_outside_0_1_is_refused(tmp_path, confidence):
    path = xliff_with_flag(tmp_path, f'mq:kind="drift" mq:severity="warning" mq:confidence="{confidence}"')
    with pytest.raises(InputError, match=r"confidence .* in \[0, 1\]"):
        read_alignment(path)


HOSTILE = "\x01bad\x0b\ufffe"


def hostile_alignment() -> Alignment:
    """User-supplied strings everywhere an export writes them (attributes
    included), each holding characters XML 1.0 cannot carry."""
    src, tgt = [Sentence("جملة" + HOSTILE)], [Sentence("A sentence" + HOSTILE)]
    flag = FidelityFlag("name" + HOSTILE, "warning", "reason" + HOSTILE, [Span("tgt", 0, 1, "A" + HOSTILE)], 0.5)
    bead = Bead((0,), (0,), 0.5, [flag], verdict="ok", comment="note" + HOSTILE, reviewer="amal" + HOSTILE,
                reviewed_at="2025" + HOSTILE)  # fmt: skip
    return Alignment(src, tgt, [bead], src_lang="ar", tgt_lang="en", meta={"src_name": "ar" + HOSTILE + ".txt"})


@pytest.mark.parametrize("fmt", ["tmx", "xliff", "xliff12"])
def test_every_user_string_in_an_xml_export_is_cleaned_attributes_included(tmp_path, fmt, tmx_dtd, xliff_xsd):
    path = tmp_path / f"h{EXPORT_FORMATS[fmt]}"
    result = write_alignment(hostile_alignment(), path, fmt)
    assert result.warnings and all("U+FFFD" in w for w in result.warnings)
    root = etree.parse(str(path)).getroot()
    if fmt == "tmx":
        assert tmx_dtd.validate(root), tmx_dtd.error_log
    elif fmt == "xliff":
        assert xliff_xsd.validate(root), xliff_xsd.error_log
    text = path.read_text(encoding="utf-8")
    assert "\x01" not in text and "amal\ufffdbad\ufffd\ufffd" in text
    back = read_alignment(path)
    assert back.beads[0].reviewer == "amal\ufffdbad\ufffd\ufffd"
    # (TMX carries a flag as JSON, whose escapes keep even the control characters.)
    assert back.beads[0].flags[0].kind.startswith("name") and back.beads[0].flags[0].confidence == 0.5


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "beads", "html"])
def test_text_exports_replace_lone_surrogates(fmt):
    alignment = Alignment([Sentence("جملة \ud800")], [Sentence("Text \udfff")], [Bead((0,), (0,), 0.5)])
    data, result = export_bytes(alignment, fmt)
    assert b"\xef\xbf\xbd" in data or fmt == "beads"
    assert any("surrogate" in w for w in result.warnings) or fmt == "beads"


@pytest.mark.parametrize(
    "name, content",
    [
        ("s.xlf", XLIFF2_HEAD + '<unit id="u1" mq:src="0" mq:tgt="0" mq:score="{score}"><segment><source>جملة.</source>'
                  "<target>A sentence.</target></segment></unit></file></xliff>"),
        ("s12.xlf", XLIFF12_HEAD + '<trans-unit id="1" mq:src="0" mq:tgt="0" mq:score="{score}"><source>جملة.</source>'
                    "<target>A sentence.</target></trans-unit></body></file></xliff>"),
        ("s.tmx", '<tmx version="1.4"><header srclang="ar"/><body><tu><prop type="x-muqabala-bead">[0]:[0]</prop>'
                  '<prop type="x-muqabala-score">{score}</prop><tuv xml:lang="ar"><seg>جملة.</seg></tuv>'
                  '<tuv xml:lang="en"><seg>A sentence.</seg></tuv></tu></body></tmx>'),
        ("s.jsonl", '{{"src": [0], "tgt": [0], "src_text": "جملة.", "tgt_text": "A sentence.", "score": {score}}}\n'),
    ],
)
@pytest.mark.parametrize("score", ["nan", "NaN", "inf", "-Infinity"])
def test_non_finite_scores_are_refused_on_import(tmp_path, name, content, score):
    if name.endswith(".jsonl") and score in ("nan", "inf"):
        score = {"nan": "NaN", "inf": "Infinity"}[score]  # the spellings Python's json accepts
    path = tmp_path / name
    path.write_text(content.format(score=score), encoding="utf-8")
    with pytest.raises(InputError, match="not a finite number") as err:
        read_alignment(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize(
    "record",
    [
        {"src": [0], "tgt": [0], "src_sentences": [5], "tgt_sentences": ["A."]},
        {"src": [0], "tgt": [0], "src_text": "أ.", "tgt_text": "A.", "comment": 7},
        {"src": [0], "tgt": [0], "src_text": "أ.", "tgt_text": "A.", "flags": [{"kind": 1, "severity": "info"}]},
        {"src": [0], "tgt": [0], "src_text": "أ.", "tgt_text": "A.",
         "flags": [{"kind": "x", "severity": "info", "spans": [{"side": "left", "start": 0, "end": 1}]}]},
    ],
)
def test_jsonl_values_of_the_wrong_type_are_refused(tmp_path, record):
    path = tmp_path / "w.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="JSONL schema"):
        read_alignment(path)


def test_tmx_bead_indices_that_are_not_lists_are_refused(tmp_path):
    path = tmp_path / "b.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="ar"/><body><tu tuid="7"><prop type="x-muqabala-bead">5:{}</prop>'
        '<tuv xml:lang="ar"><seg>جملة.</seg></tuv><tuv xml:lang="en"><seg>A.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="translation unit 7 is malformed"):
        read_alignment(path)


FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "\n", "\x00", "\uff1d", "\uff0b", "\uff0d", "\uff20"]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_tabular_export_neutralises_formula_cells(tmp_path, start):
    from openpyxl import load_workbook

    payload = start + "HYPERLINK(\"http://x\")"
    alignment = Alignment([Sentence("جملة")], [Sentence(payload)],
                          [Bead((0,), (0,), 0.5, [FidelityFlag(payload, "info", payload)], comment=payload,
                                reviewer=payload)])  # fmt: skip
    rows = list(csv.reader(io.StringIO(export_bytes(alignment, "csv")[0].decode("utf-8-sig"))))
    cells = dict(zip(rows[0], rows[1]))
    for column in ("tgt_text", "comment", "reviewer"):
        assert cells[column] == "'" + payload, column
    assert cells["flags"].startswith("[info]")  # starts with our own text
    tsv = export_bytes(alignment, "tsv")[0].decode().rstrip("\n").split("\t")
    assert tsv[4][:1] not in FORMULA_STARTS and tsv[4].endswith(payload[1:]) and len(tsv) == 5
    path = tmp_path / "f.xlsx"
    write_alignment(alignment, path, "xlsx")
    ws = load_workbook(path)["Beads"]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [v for v in values if v[:1] in FORMULA_STARTS]
    # (A workbook is XML, which cannot hold NUL: it becomes U+FFFD, which starts no formula.)
    assert ("'" + payload if start != "\x00" else "\ufffd" + payload[1:]) in values


def test_csv_quotes_every_field_so_a_semicolon_cannot_open_a_cell():
    alignment = Alignment([Sentence("جملة")], [Sentence("a;=1+1")], [Bead((0,), (0,), 0.5)])
    line = export_bytes(alignment, "csv", bom=False)[0].decode().splitlines()[1]
    assert '"a;=1+1"' in line and line.startswith('"1",')


def test_glossary_field_over_the_csv_limit_is_a_clear_error(tmp_path):
    from align.fidelity.glossary import MAX_FIELD_CHARS, load_glossary

    path = tmp_path / "g.csv"
    path.write_text("term,rendering\nمصطلح,term\nكلمة," + "x" * (MAX_FIELD_CHARS + 1) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3: a field is longer than 131,072 characters"):
        load_glossary(path)
    path.write_text("مصطلح," + "x" * (MAX_FIELD_CHARS - 10) + "\n", encoding="utf-8")
    assert len(load_glossary(path).terms[0].renderings[0]) == MAX_FIELD_CHARS - 10


def test_glossary_row_without_a_rendering_is_refused(tmp_path):
    from align.fidelity.glossary import load_glossary

    path = tmp_path / "g.csv"
    path.write_text("مصطلح, | \n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: no English rendering"):
        load_glossary(path)
