"""Document readers on fixtures the tests make: Word with a table and a
footnote, a news page with menus, an Arabic PDF, legacy encodings, and bad
input that must give a one-line error naming the file."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from align.errors import InputError
from align.readers import MAX_BYTES, read_bytes, read_document

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
AR_LINES = ["قال الرئيس إن النمو بلغ 3.5% في عام 2024 (تقديرات).", "لا شك أن الاقتصاد سينمو وفق وكالة Reuters."]


def docx_bytes(with_footnote: bool = True) -> bytes:
    import docx

    word = docx.Document()
    word.add_paragraph("قال الرئيس إن النمو بلغ ثلاثة في المئة.")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "العام", "النمو"
    table.cell(1, 0).text, table.cell(1, 1).text = "٢٠٢٤", "٣٫٥٪"
    word.add_paragraph("")
    word.add_paragraph("وأضاف أن الميزانية ستركز على التعليم.")
    out = io.BytesIO()
    word.save(out)
    if not with_footnote:
        return out.getvalue()
    # python-docx writes no footnotes: add the part, its relationship and content type.
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    footnotes = (
        f'<w:footnotes xmlns:w="{w}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f'</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>المصدر: وزارة المالية.</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    src, dst = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(dst, "w") as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            z.writestr(item, data)
        z.writestr("word/footnotes.xml", footnotes)
    return dst.getvalue()


def test_docx_paragraphs_and_table_in_reading_order_footnotes_apart(tmp_path):
    path = tmp_path / "ar.docx"
    path.write_bytes(docx_bytes())
    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.paragraphs == [
        "قال الرئيس إن النمو بلغ ثلاثة في المئة.", "العام", "النمو", "٢٠٢٤", "٣٫٥٪",
        "وأضاف أن الميزانية ستركز على التعليم.",
    ]  # fmt: skip
    assert doc.footnotes == ["المصدر: وزارة المالية."]
    assert "المصدر" not in doc.text
    assert doc.text.split("\n\n") == doc.paragraphs


NEWS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Growth</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<header><div class="menu">Menu | Log in | Subscribe now</div></header>
<article><h1>Growth reaches three percent</h1>
<p>The president said on Monday that economic growth reached 3.5 percent in 2024, according to government estimates.</p>
<p>He added that the new budget would focus on education and health, and that unemployment had fallen for the second year running.</p>
<p>Officials expect inflation to ease next year as energy prices stabilise across the region.</p></article>
<aside><h3>Read more</h3><ul><li><a href="/a">Ten things you missed this week</a></li><li><a href="/b">Markets close higher</a></li></ul></aside>
<footer>Copyright 2024 News Corp. All rights reserved. Contact us | Privacy policy</footer></body></html>"""


def test_html_keeps_the_article_and_drops_menus_and_boilerplate(tmp_path):
    path = tmp_path / "en.html"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    assert doc.paragraphs[0] == "Growth reaches three percent"
    assert doc.paragraphs[1].startswith("The president said on Monday")
    assert doc.paragraphs[-1].startswith("Officials expect inflation")
    for junk in ("Home", "Subscribe", "Read more", "Ten things", "Privacy policy", "Copyright"):
        assert junk not in doc.text


def test_html_page_saved_in_windows_1256():
    page = (
        '<html><head><meta charset="windows-1256"></head><body><nav>الرئيسية | رياضة</nav><article>'
        "<p>قال الرئيس يوم الاثنين إن النمو الاقتصادي بلغ ثلاثة ونصف في المئة هذا العام وفق تقديرات الحكومة.</p>"
        "<p>وأضاف أن الميزانية الجديدة ستركز على التعليم والصحة وأن البطالة تراجعت للعام الثاني على التوالي.</p>"
        "</article></body></html>"
    )
    doc = read_bytes(page.encode("cp1256"), "page.htm")
    assert doc.paragraphs[0].startswith("قال الرئيس يوم الاثنين")


def _arabic_pdf() -> bytes:
    pytest.importorskip("uharfbuzz")  # fpdf2 shapes Arabic with HarfBuzz
    if not DEJAVU.exists():
        pytest.skip("needs fonts-dejavu-core for an Arabic-capable TTF")
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=14)
    pdf.set_text_shaping(True)
    for line in AR_LINES:
        pdf.cell(pdf.epw, 10, line, new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.ln(10)
    pdf.cell(pdf.epw, 10, "The president said growth reached 3.5% in 2024.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_pdf_arabic_comes_out_in_logical_order():
    doc = read_bytes(_arabic_pdf(), "ar.pdf")
    assert doc.format == "pdf"
    # The two Arabic lines are one paragraph; the English after a gap another.
    assert doc.paragraphs == [" ".join(AR_LINES), "The president said growth reached 3.5% in 2024."]


def test_pdf_without_text_layer_is_refused_clearly():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a drawing, like a scan: no text
    with pytest.raises(InputError, match=r"scan\.pdf: the PDF has no text layer"):
        read_bytes(bytes(pdf.output()), "scan.pdf")


@pytest.mark.parametrize(
    "encoding, expected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1256", "windows-1256")],
)
def test_txt_encodings_are_detected_and_reported(tmp_path, encoding, expected):
    text = "قال الرئيس إن النمو بلغ 3.5%.\n\nوأضاف أن الميزانية ستركز على التعليم.\n"  # cp1256 has no ٣
    path = tmp_path / "ar.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert doc.encoding == expected
    assert doc.paragraphs == ["قال الرئيس إن النمو بلغ 3.5%.", "وأضاف أن الميزانية ستركز على التعليم."]
    # Anything but UTF-8 is said out loud.
    assert bool(doc.warnings) == (expected == "windows-1256")


def test_short_windows_1256_text_is_not_mistaken_for_east_asian():
    doc = read_bytes("خبر عاجل".encode("cp1256"), "short.txt")
    assert doc.paragraphs == ["خبر عاجل"] and doc.encoding == "windows-1256"


def test_txt_paragraphs_hard_wraps_and_one_paragraph_per_line():
    wrapped = read_bytes(b"First paragraph\nwrapped here.\n\nSecond one.\n", "a.txt")
    assert wrapped.paragraphs == ["First paragraph wrapped here.", "Second one."]
    per_line = read_bytes(b"Headline\nFirst paragraph.\r\nSecond paragraph.\n", "b.txt")
    assert per_line.paragraphs == ["Headline", "First paragraph.", "Second paragraph."]


def test_presplit_keeps_blank_lines_so_indices_are_line_numbers():
    doc = read_bytes("جملة أولى.\n\nجملة ثالثة.\n".encode(), "lines.txt", presplit=True)
    assert doc.paragraphs == ["جملة أولى.", "", "جملة ثالثة."]
    assert doc.text == "جملة أولى.\n\nجملة ثالثة."


def test_files_named_without_a_known_extension_are_read_as_text():
    # corpus files are often named "source.298696" or have no extension at all
    for name in ("bbc.381646", "article"):
        doc = read_bytes("قال الوزير إن الاتفاق سيوقع غدا.\n".encode("utf-8"), name)
        assert doc.format == "txt" and doc.text.startswith("قال الوزير")
    assert read_bytes(b"<!DOCTYPE html><html><body><p>Hi there.</p></body></html>", "page.2024").format == "html"


def test_markdown_without_markup():
    md = "# العنوان\n\nنص **مهم** مع [رابط](http://x).\n\n- بند أول\n- بند ثان\n"
    doc = read_bytes(md.encode(), "a.md")
    assert doc.paragraphs == ["العنوان", "نص مهم مع رابط.", "بند أول", "بند ثان"]


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "empty.txt", "empty.txt: the file is empty"),
        (b"  \n\n", "blank.txt", "blank.txt: the file is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "photo.docx", "photo.docx: is not a Word .docx file (it is a PNG image)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old.doc", "old.doc: is an old Word 97-2003"),
        (bytes(range(256)) * 40, "junk.txt", "junk.txt: is not a text file"),
        (b"%PDF-1.4\n%%EOF", "broken.pdf", "broken.pdf: is not a readable PDF"),
        (b"hello", "notes.odt", "notes.odt: unsupported file type"),
        (b"<html><body><nav>Home</nav></body></html>", "empty.html", "empty.html: no article text"),
        (b"PK\x03\x04" + bytes(40), "cut.docx", "cut.docx: is a damaged ZIP/Office file"),
    ],
)
def test_bad_input_gives_one_line_error_naming_the_file(data, name, message):
    with pytest.raises(InputError) as err:
        read_bytes(data, name)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


def test_docx_without_paragraph_text_has_no_text():
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    with pytest.raises(InputError, match="blank.docx: has no text"):
        read_bytes(out.getvalue(), "blank.docx")


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # sparse: costs no disk or memory
        fh.truncate(MAX_BYTES + 1)
    try:
        with pytest.raises(InputError, match=r"huge\.txt: the file is too large \(52 MB; the limit is 50 MB\)"):
            read_document(path)
    finally:
        path.unlink()


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_document(tmp_path)
