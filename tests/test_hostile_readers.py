"""Hostile and unlucky input to the document readers (issue 13, items 6, 8,
10-13): zip bombs and many-paragraph Word files, a 1,000-page PDF, deeply
nested and oddly built web pages, a UTF-8 file with a bad byte, Arabic in
presentation forms, a Word run that starts with an entity reference, and a
property test over random text in every text-bearing format.

Every file is made here (``tests/hostile_files.py``).  Each case ends in a
clear :class:`InputError` or in the right text; the silent-loss cases check
that every word of the input reaches the output; the heavy cases run in a
subprocess under ``RLIMIT_AS`` so that a blow-up fails the test instead of
the machine."""
from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile_files
from align import readers
from align.errors import InputError
from align.language import check_pair, detect_language
from align.normalize import clean_for_reading, fold_presentation_forms
from align.readers import read_bytes

ROOT = Path(__file__).resolve().parent.parent
#: Address space for a reading subprocess: about three times what the readers
#: take on the cases that pass (180 MB at most), well under what the bombs
#: take unguarded (the 320 MiB bomb 640 MB, 3 million paragraphs 1.6 GB).
LIMIT_BYTES = 512 * 1024 * 1024

_READ_UNDER_LIMIT = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
from align.errors import InputError
from align.readers import read_document
try:
    doc = read_document(sys.argv[1])
except InputError as exc:
    print(json.dumps({"error": str(exc)}))
else:
    print(json.dumps({"paragraphs": doc.paragraphs, "warnings": doc.warnings}))
"""


def read_bounded(path: Path) -> dict:
    """Read ``path`` in a fresh process limited to :data:`LIMIT_BYTES`;
    ``{"error": message}`` or ``{"paragraphs": [...], "warnings": [...]}``.
    A traceback, a MemoryError or a kill fails the test."""
    run = subprocess.run(
        [sys.executable, "-c", _READ_UNDER_LIMIT, str(path), str(LIMIT_BYTES)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    return json.loads(run.stdout)


# ------------------------------------------------------ item 6: zip bombs


def test_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bomb.docx"
    hostile_files.docx_bomb(320 * 2**20, path)  # 320 MiB of XML in about 330 KB
    assert path.stat().st_size < 2**20
    result = read_bounded(path)
    assert re.fullmatch(r"bomb\.docx: its part 'word/document\.xml' would expand [\d,]+ times, to 33\d MB "
                        r"\(the limit is 100 times\): a zip bomb, not a document", result["error"]), result


def test_docx_of_three_million_tiny_paragraphs_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "tiny.docx"
    hostile_files.docx_tiny_paragraphs(3_000_000, path)
    assert path.stat().st_size < 1_000_000
    result = read_bounded(path)
    assert "tiny.docx: its part 'word/document.xml' would expand" in result["error"]


def test_docx_of_many_real_paragraphs_is_read_whole_in_bounded_memory(tmp_path):
    path = tmp_path / "long.docx"
    hostile_files.docx_distinct_paragraphs(100_000, seed=3, path=path)
    with zipfile.ZipFile(path) as z:
        written = re.findall(r"<w:t>(.*?)</w:t>", z.read("word/document.xml").decode())
    assert len(written) == 100_000
    assert read_bounded(path)["paragraphs"] == written


@pytest.mark.parametrize(
    "limit, value, message",
    [
        ("MAX_PART_BYTES", 100_000, r"its part 'word/\w+\.xml' unpacks to 0 MB \(the limit for one part is 0 MB\)"),
        ("MAX_UNPACKED_BYTES", 500_000, r"unpacks to \d MB \(the limit is 0 MB\); split the document or remove large embedded files"),
        ("MAX_ZIP_MEMBERS", 5, r"has 1\d parts inside \(the limit is 5\)"),
    ],
)
def test_each_zip_limit_refuses_with_its_own_message(monkeypatch, limit, value, message):
    data = hostile_files.docx_distinct_paragraphs(5000, seed=1)  # about 270 KB of XML, 17 parts
    assert read_bytes(data, "ok.docx").paragraphs  # within the real limits
    monkeypatch.setattr(readers, limit, value)
    with pytest.raises(InputError, match=rf"^big\.docx: {message}"):
        read_bytes(data, "big.docx")


def test_docx_member_that_understates_its_size_is_refused_not_inflated():
    # zipfile stops inflating at the stated size and fails the CRC: the guard may trust the headers.
    honest = hostile_files.plain_zip_docx(hostile_files.paragraph_xml("a") * 100_000)  # 3.5 MB of XML
    with pytest.raises(InputError, match="would expand"):
        read_bytes(honest, "bomb.docx")
    lying = hostile_files.claim_smaller_size(honest, "word/document.xml", 1000)
    with pytest.raises(InputError, match=r"^bomb\.docx: is not a readable Word \.docx file \(Bad CRC-32 for file 'word/document\.xml'\)$"):
        read_bytes(lying, "bomb.docx")


def test_zip_of_a_version_zipfile_does_not_know_is_damaged_not_a_crash():
    data = bytearray(hostile_files.plain_zip_docx(hostile_files.paragraph_xml("Hello.")))
    central = data.find(b"PK\x01\x02")
    data[central + 6:central + 8] = (122).to_bytes(2, "little")  # "version needed to extract": 12.2
    with pytest.raises(InputError, match=r"^odd\.docx: is a damaged ZIP/Office file$"):
        read_bytes(bytes(data), "odd.docx")


def test_word_template_parts_pass_the_ratio_guard():
    # python-docx's own styles.xml packs about 30 to 1: real parts are far from the limit.
    data = hostile_files.docx_from_body([hostile_files.paragraph_xml("Hello there.")])
    assert read_bytes(data, "plain.docx").paragraphs == ["Hello there."]


# ---------------------------------------------------- item 8: long PDFs


def test_thousand_page_pdf_is_read_whole_in_bounded_memory(tmp_path):
    path = tmp_path / "long.pdf"
    hostile_files.pdf_pages(1000, path, lines=1)
    result = read_bounded(path)
    text = " ".join(result["paragraphs"])
    assert re.findall(r"Page (\d+) line 0: the minister said the talks would go on\.", text) == [
        str(n) for n in range(1, 1001)
    ]


def test_pdf_pages_are_released_as_soon_as_they_are_read(monkeypatch):
    import pdfplumber.page

    events = []
    extract, close = pdfplumber.page.Page.extract_text_lines, pdfplumber.page.Page.close
    monkeypatch.setattr(pdfplumber.page.Page, "extract_text_lines",
                        lambda self, **kw: events.append(("read", self.page_number)) or extract(self, **kw))
    monkeypatch.setattr(pdfplumber.page.Page, "close",
                        lambda self: events.append(("close", self.page_number)) or close(self))
    read_bytes(hostile_files.pdf_pages(3), "three.pdf")
    # Each page is closed before the next is read (one reading each: no Arabic line).
    assert events[:6] == [("read", 1), ("close", 1), ("read", 2), ("close", 2), ("read", 3), ("close", 3)]


def test_pdf_whose_page_tree_cannot_be_read_is_refused_once_not_twice():
    # pdfplumber's close() would walk the broken page tree again and raise over our message
    broken = hostile_files.pdf_pages(2).replace(b"/MediaBox [0", b"/MediaBox [/x", 1)
    with pytest.raises(InputError, match=r"^broken\.pdf: is not a readable PDF \(PdfminerException\)$"):
        read_bytes(broken, "broken.pdf")


# --------------------------------------------------------- item 10: HTML


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_html_nested_two_thousand_levels_deep_loses_no_paragraph():
    page, words = hostile_files.nested_html(2000)
    doc = read_bytes(page.encode(), "deep.html")
    assert _words(doc.text) == words
    assert len(doc.paragraphs) == 2000


def test_html_nested_past_the_parser_limit_is_refused_not_cut_short():
    page, _ = hostile_files.nested_html(3000)
    with pytest.raises(InputError, match=r"^deep\.html: the page nests its elements deeper than 2,048 levels; "
                                         r"it cannot be read without losing text$"):
        read_bytes(page.encode(), "deep.html")


def _page(body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>t</title></head><body><article>{body}</article></body></html>".encode()


LONG = "The minister said on Monday that the talks with the union would go on next week in the capital."


@pytest.mark.parametrize(
    "body, paragraphs",
    [
        # <br> ends a line: no word glued to the next
        (f"<p>{LONG}<br>Line two of the statement<br/>line three</p>",
         [LONG, "Line two of the statement", "line three"]),
        (f"<div>Headline here<br><br>{LONG}</div>", ["Headline here", LONG]),
        # loose text beside blocks is a paragraph of its own
        (f"<div>Headline here<p>{LONG}</p><p>Second paragraph of the story.</p></div>",
         ["Headline here", LONG, "Second paragraph of the story."]),
        (f"<div><div>Headline here</div>{LONG}<p>Second paragraph of the story.</p></div>",
         ["Headline here", LONG, "Second paragraph of the story."]),
        (f"<div><b>Headline</b> here<p>{LONG}</p>Closing line of the story.</div>",
         ["Headline here", LONG, "Closing line of the story."]),
        # <pre>: blank lines separate paragraphs, single breaks are wraps
        ("<pre>Headline here\n\n" + LONG.replace(" the union ", " the union\n") + "\n\nSecond paragraph of the story.</pre>",
         ["Headline here", LONG, "Second paragraph of the story."]),
    ],
)
def test_html_blocks_and_line_breaks_keep_their_paragraphs(body, paragraphs):
    doc = read_bytes(_page(body), "page.html")
    assert doc.paragraphs == paragraphs


def test_html_characters_xml_cannot_hold_are_dropped_not_a_crash():
    body = f"<pre>Headline\uffff here</pre><div>{LONG}\x01<p>Second paragraph &#1;of the story.</p></div>"
    assert read_bytes(_page(body), "page.html").paragraphs == ["Headline here", LONG, "Second paragraph of the story."]


# ----------------------------------------------- item 11: one bad UTF-8 byte

AR_TEXT = ("قال الرئيس إن النمو الاقتصادي بلغ ثلاثة في المئة هذا العام.\n"
           "وأضاف أن الميزانية الجديدة ستركز على التعليم والصحة.\n"
           "وتراجعت البطالة للعام الثاني على التوالي وفق الأرقام الرسمية.\n")


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_one_invalid_byte_in_utf8_is_replaced_and_reported_by_line(bom):
    good = AR_TEXT.encode()
    cut = good.index("البطالة".encode()) + 1  # the second byte of ا dropped: line 3
    doc = read_bytes(bom + good[:cut] + good[cut + 1:], "ar.txt")
    assert doc.encoding == ("utf-8-sig" if bom else "utf-8")
    assert doc.paragraphs[:2] == AR_TEXT.splitlines()[:2]
    assert doc.paragraphs[2] == AR_TEXT.splitlines()[2].replace("البطالة", "\ufffdلبطالة")
    assert doc.warnings == ["ar.txt: 1 byte(s) that are not valid UTF-8 were replaced by \ufffd (line 3); "
                            "the rest of the file is UTF-8"]


def test_several_bad_bytes_are_counted_and_their_lines_listed():
    lines = [f"السطر رقم {n} من النص العربي الطويل." for n in range(1, 41)]
    data = "\n".join(lines).encode()
    for n in (5, 17):  # a stray Windows-1256 byte at the start of lines 5 and 17
        at = data.index(f"رقم {n} ".encode())
        data = data[:at] + b"\xc7" + data[at:]
    doc = read_bytes(data, "ar.txt")
    assert doc.encoding == "utf-8"
    assert "2 byte(s) that are not valid UTF-8" in doc.warnings[0] and "(lines 5, 17)" in doc.warnings[0]
    assert sum(p.count("\ufffd") for p in doc.paragraphs) == 2


def test_legacy_arabic_is_still_not_taken_for_damaged_utf8():
    doc = read_bytes(AR_TEXT.encode("cp1256"), "legacy.txt")
    assert doc.encoding == "windows-1256"
    assert doc.paragraphs == AR_TEXT.splitlines()


def test_latin1_english_with_one_accent_is_not_taken_for_damaged_utf8():
    doc = read_bytes("The café reopened on Monday after the storm.".encode("cp1252"), "en.txt")
    assert doc.encoding != "utf-8" and doc.paragraphs == ["The café reopened on Monday after the storm."]


# ------------------------------------------- item 12: presentation forms

PLAIN = "قال الرئيس إن مصر لا تريد الحرب"
# The same words as a PDF or an old web page stores them: contextual shapes and the lam-alef ligature.
SHAPED = "ﻗﺎﻝ ﺍﻟﺮﺋﻴﺲ ﺇﻥ ﻣﺼﺮ ﻻ ﺗﺮﻳﺪ ﺍﻟﺤﺮﺏ"


def as_file(fmt: str, text: str, *, escape: bool = True) -> tuple[bytes, str]:
    """``text`` written as a file of format ``fmt``; ``(data, filename)``."""
    if fmt == "docx":
        runs = [hostile_files.paragraph_xml(html.escape(line, quote=False)) for line in text.split("\n") if line]
        return hostile_files.docx_from_body(runs), "doc.docx"
    if fmt == "html":
        body = "".join(f"<p>{html.escape(line) if escape else line}</p>" for line in text.split("\n") if line)
        return _page(body), "page.html"
    return text.encode(), {"txt": "text.txt", "md": "text.md"}[fmt]


def test_shaped_text_is_the_plain_text_in_nfkc():
    assert SHAPED != PLAIN and fold_presentation_forms(SHAPED) == PLAIN


@pytest.mark.parametrize("fmt", ["txt", "md", "docx", "html"])
def test_presentation_forms_are_folded_by_every_reader(fmt):
    data, name = as_file(fmt, f"{SHAPED}.\n\n{SHAPED} أبدا.")
    doc = read_bytes(data, name)
    assert doc.paragraphs == [f"{PLAIN}.", f"{PLAIN} أبدا."]


def test_pasted_presentation_forms_are_arabic_to_detection_and_segmenting():
    guess = detect_language(SHAPED * 3)
    assert guess.code == "ar" and guess.arabic_ratio == 1.0
    assert check_pair(SHAPED, "The president said that Egypt does not want war.") == []
    assert clean_for_reading(SHAPED) == PLAIN


# ------------------------------------- item 13: a Word run's whole text


def test_docx_run_starting_with_an_entity_reference_keeps_its_text():
    prolog = b'<!DOCTYPE w:document [<!ENTITY org "the ministry">]>'
    body = [b"<w:p><w:r><w:t>&org; said the talks would go on</w:t></w:r>"
            b"<w:r><w:t xml:space=\"preserve\"> next week.</w:t></w:r></w:p>"]
    doc = read_bytes(hostile_files.docx_from_body(body, prolog=prolog), "entity.docx")
    # Entities are never expanded (billion laughs); the reference stays as written, the run whole.
    assert doc.paragraphs == ["&org; said the talks would go on next week."]


# ------------------------------------------------------- property test

_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # Arabic, with Arabic-Indic digits
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),  # presentation forms A
    st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),  # presentation forms B, BOM
    st.sampled_from("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d"),
    st.characters(categories=["Nd"]),  # digits of every script
    st.characters(categories=["Zs", "Zl", "Zp"]),  # separators
    st.sampled_from(" \n\n\t.،؛؟!?\"«»()[]<>&;#*-_=|\\/`~"),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(codec="utf-8"),  # anything at all, controls and astral planes included
)


@st.composite
def hostile_documents(draw, fmt):
    text = draw(st.text(_ALPHABET, max_size=300))
    if fmt == "docx":
        text = "".join(c for c in text if c in "\t\n" or (c >= " " and not 0xD800 <= ord(c) <= 0xDFFF))
        text = text.replace("\ufffe", "").replace("\uffff", "")
    data, name = as_file(fmt, text, escape=draw(st.booleans()))
    if fmt != "docx" and draw(st.booleans()):
        # invalid bytes spliced in anywhere: lone continuation bytes, cut sequences, overlongs
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.sampled_from([b"\x80", b"\xc3", b"\xe2\x82", b"\xff", b"\xc0\xaf", b"\xed\xa0\x80"])) + data[at:]
    return data, name


def _assert_text_or_input_error(data: bytes, name: str) -> None:
    try:
        doc = read_bytes(data, name)
    except InputError as exc:
        message = str(exc)
        assert message.startswith(f"{name}: ") and "\n" not in message
        return
    assert doc.paragraphs and all(isinstance(p, str) for p in doc.paragraphs)
    assert any(p.strip() for p in doc.paragraphs)
    # no presentation form left that NFKC would fold
    assert fold_presentation_forms(doc.text) == doc.text


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "docx"])
def test_any_text_in_any_format_gives_text_or_an_input_error(fmt):
    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(hostile_documents(fmt))
    def check(document):
        _assert_text_or_input_error(*document)

    check()


_WORD_FILE = hostile_files.plain_zip_docx(hostile_files.paragraph_xml("قال الرئيس إن النمو بلغ ثلاثة في المئة."))
_PDF_FILE = hostile_files.pdf_pages(2)
_EDITS = st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["set", "cut", "insert", "truncate"]),
                            st.binary(min_size=1, max_size=8)), min_size=1, max_size=5)


def _mangled(data: bytes, edits) -> bytes:
    data = bytearray(data)
    for where, edit, payload in edits:
        at = int(where * (len(data) - 1))
        if edit == "set":
            data[at:at + len(payload)] = payload
        elif edit == "cut":
            del data[at:at + 8 * len(payload)]
        elif edit == "insert":
            data[at:at] = payload
        else:
            del data[at + 1:]
    return bytes(data)


@settings(max_examples=60, deadline=None, database=None)
@given(_EDITS)
def test_mangled_word_files_give_text_or_an_input_error(edits):
    _assert_text_or_input_error(_mangled(_WORD_FILE, edits), "mangled.docx")


@settings(max_examples=40, deadline=None, database=None)
@given(_EDITS)
def test_mangled_pdfs_give_text_or_an_input_error(edits):
    _assert_text_or_input_error(_mangled(_PDF_FILE, edits), "mangled.pdf")

