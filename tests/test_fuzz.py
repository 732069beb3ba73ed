"""Property-based fuzzing (hypothesis) of everything that takes text or a
file from a user: segmentation, every importer, every exporter, every
fidelity check.

The property everywhere: an :class:`~align.errors.InputError` with a
message, or a valid result; never any other exception.  The text is hostile
Unicode (Arabic letters and presentation forms, bidi controls, digits of
every script, separators, quotes, Arabic punctuation, tatweel, diacritics,
emoji, control characters, lone surrogates where the API takes ``str``);
the files are random well-formed-but-wrong XML and JSON, and our own exports
damaged at random.  No encoder is loaded: alignments are built from random
sentences and beads and checked with a hash encoder.

The example budget is fixed and the examples derandomised, so the suite is
reproducible and stays within its time; for a longer hunt, with failures
shrunk to a minimal example, run
``MUQABALA_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py``.
"""
from __future__ import annotations

import io
import json
import os
import re
import string
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from align.errors import InputError
from align.fidelity import KINDS, check_alignment, format_text_report
from align.fidelity.glossary import Glossary, Term, load_glossary
from align.formats import EXPORT_FORMATS, export_bytes, read_alignment, write_alignment
from align.formats.base import MQ_NS
from align.model import SEVERITIES, VERDICTS, Alignment, Bead, FidelityFlag, Sentence, Span
from align.segment import split_lines, split_sentences

EXAMPLES = int(os.environ.get("MUQABALA_FUZZ_EXAMPLES", "0"))


def budget(n: int, *, known_failure: bool = False):
    """A fixed, derandomised example budget.

    In the suite a failing example is reported as found, not shrunk
    (shrinking a random tree can take minutes); ``MUQABALA_FUZZ_EXAMPLES=N``
    is the hunting mode: N random examples, failures shrunk to a minimal
    one.  A property with a ``known_failure`` (marked xfail until its
    owner's fix lands) is never shrunk.
    """
    hunting = EXAMPLES and not known_failure
    phases = tuple(Phase) if hunting else (Phase.explicit, Phase.generate)
    return settings(max_examples=EXAMPLES or n, deadline=None, derandomize=not EXAMPLES, database=None,
                    phases=phases, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                          HealthCheck.function_scoped_fixture])  # fmt: skip


# --- hostile text ---------------------------------------------------------

ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x064B)] + list("ٱپچژگکیۀە")
PRESENTATION_FORMS = [chr(c) for c in (*range(0xFB50, 0xFB60), *range(0xFDF0, 0xFDFE), *range(0xFE70, 0xFEFD))]
BIDI_CONTROLS = list("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
DIACRITICS = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670"]
SEPARATORS = list(" \u00a0\u2009\u202f\u3000\t\n\r\u2028\u2029\u0085\x0b\x0c\u200b\u200c\u200d\ufeff")
PUNCTUATION = list(".!?…؟؛،٫٬٪%«»“”‘’\"'()[]-–—:;/,")
CONTROLS = list("\x00\x01\x1b\x7f\ufffe\uffff")
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧", "🇸🇦", "\ufe0f"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
# Short runs the checks look for: dates, numbers with separators, titles,
# months, number words, quotes.
FRAGMENTS = [
    "١٢ مايو ٢٠٢٤", "3.5%", "٣٫٥٪", "1,000", "١٬٠٠٠", "150.000", "2019", "٢٠١٩", "the 1990s", "التسعينيات",
    "Mr. Joko", "د. أحمد", "J. K.", "كانون الثاني", "January 5", "يوم الأحد", "on Sunday", "ثلاثة", "three",
    "مليون", "billion", "half", "نصف", "36th", "السادس والثلاثين", "«قال»", "“he said”", "[Iraqi]", "[4]",
    "(Reporting by Jane Doe)", "محمد", "Mohammed", "الولايات المتحدة", "the United States", "ـــ", "...",
]  # fmt: skip
# Dotted numbers crash the number check (lead's fix pending, see below).
DOTTED = ["12.05.2024", "2.0.1", "127.0.0.1", "٢٫٠٫١", "1,0003.5"]
ALL_DIGITS = st.characters(categories=["Nd"])

_SAFE_CHARS = ARABIC_LETTERS + PRESENTATION_FORMS + BIDI_CONTROLS + DIACRITICS + SEPARATORS + PUNCTUATION + EMOJI
_LATIN = list(string.ascii_letters)


def hostile_text(*, surrogates: bool = False, controls: bool = True, dotted: bool = True, max_size: int = 12):
    """Random text made of pieces of the hostile alphabet and fragments."""
    chars = _SAFE_CHARS + _LATIN + (CONTROLS if controls else []) + (SURROGATES if surrogates else [])
    piece = st.one_of(
        st.lists(st.sampled_from(chars) | ALL_DIGITS, max_size=8).map("".join),
        st.sampled_from(FRAGMENTS + (DOTTED if dotted else [])),
        st.text(max_size=4).filter(lambda t: surrogates or not re.search("[\ud800-\udfff]", t)),
    )
    return st.lists(piece, max_size=max_size).map("".join)


# XML 1.0 cannot hold these; an export replaces them, so round trips compare
# texts that do not hold them (the replacing is tested in test_formats).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --- segmentation ---------------------------------------------------------

LANGS = ["ar", "en", "de", "fr", "fa", "", "xx-YY"]


def assert_sentences(sentences):
    assert isinstance(sentences, list)
    for sentence in sentences:
        assert isinstance(sentence, Sentence) and isinstance(sentence.text, str)
        assert isinstance(sentence.paragraph, int) and sentence.paragraph >= 0


@budget(100)
@given(text=hostile_text(max_size=30), lang=st.sampled_from(LANGS))
def test_segmentation_never_crashes(text, lang):
    sentences = split_sentences(text, lang)
    assert_sentences(sentences)
    assert all(s.text and s.text == s.text.strip() for s in sentences)
    assert_sentences(split_lines(text))


@budget(10)
@given(text=st.tuples(hostile_text(surrogates=True), st.sampled_from(SURROGATES), hostile_text()).map("".join),
       lang=st.sampled_from(LANGS))
def test_segmentation_of_lone_surrogates_never_crashes(text, lang):
    assert_sentences(split_sentences(text, lang))


# --- random alignments ----------------------------------------------------

LANG_PAIRS = [("ar", "en"), ("ar-EG", "en-US"), ("AR", "en-GB"), ("fa", "de")]
FLAG_KINDS = ["omission", "addition", "drift", "partial_omission", "number", "date", "name", "quote", "glossary",
              "editorial"]  # fmt: skip


@st.composite
def alignments(draw, text=None, max_beads: int = 6):
    """A valid alignment: random bead shapes (0-1 … 3-3) over random
    sentences, random flags (spans inside the text), verdicts, comments."""
    text = hostile_text(controls=False, max_size=6) if text is None else text
    src, tgt, beads = [], [], []
    for _ in range(draw(st.integers(1, max_beads))):
        n_src, n_tgt = draw(st.sampled_from([(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)]))
        s_idx = tuple(range(len(src), len(src) + n_src))
        t_idx = tuple(range(len(tgt), len(tgt) + n_tgt))
        src += [Sentence(draw(text)) for _ in s_idx]
        tgt += [Sentence(draw(text)) for _ in t_idx]
        flags = []
        for _ in range(draw(st.integers(0, 2))):
            side = draw(st.sampled_from(["src", "tgt"]))
            joined = " ".join((src if side == "src" else tgt)[i].text for i in (s_idx if side == "src" else t_idx))
            start = draw(st.integers(0, len(joined)))
            end = draw(st.integers(start, len(joined)))
            spans = [Span(side, start, end, joined[start:end])] if draw(st.booleans()) else []
            confidence = draw(st.none() | st.floats(0, 1))
            kind = draw(st.sampled_from(FLAG_KINDS) | text.map(lambda t: t or "x"))
            flags.append(FidelityFlag(kind, draw(st.sampled_from(SEVERITIES)), draw(text), spans, confidence))
        if not s_idx and not t_idx:
            continue
        beads.append(Bead(s_idx, t_idx, draw(st.floats(0, 1)), flags, verdict=draw(st.sampled_from([None, *VERDICTS])),
                          comment=draw(text), reviewer=draw(text), reviewed_at=draw(st.sampled_from(["", "2025-03-01T10:00:00Z"]))))  # fmt: skip
    src_lang, tgt_lang = draw(st.sampled_from(LANG_PAIRS))
    alignment = Alignment(src, tgt, beads, src_lang=src_lang, tgt_lang=tgt_lang, meta={"src_name": draw(text)})
    alignment.validate()
    return alignment


def xml_text(max_size: int = 4):
    """Hostile text without what XML 1.0 cannot hold."""
    return hostile_text(controls=False, dotted=False, max_size=max_size).map(lambda t: _XML_ILLEGAL.sub("", t))


def records(alignment: Alignment) -> list[dict]:
    return [json.loads(line) for line in alignment.iter_jsonl()]


# --- exporters ------------------------------------------------------------

READABLE = ["jsonl", "tmx", "xliff", "xliff12"]


@budget(40)
@given(alignment=alignments(text=hostile_text(max_size=6)), fmt=st.sampled_from(sorted(EXPORT_FORMATS)))
def test_every_exporter_takes_any_alignment(tmp_path, alignment, fmt):
    """Control characters, bidi controls, formula-like text: every format
    exports (or says why not) and what it wrote parses."""
    try:
        data, result = export_bytes(alignment, fmt)
    except InputError as exc:
        assert str(exc) and fmt in ("xliff", "xliff12") and not any(b.src and b.tgt for b in alignment.beads)
        return
    assert isinstance(data, bytes) and result.units >= 0
    if fmt in ("tmx", "xliff", "xliff12"):
        etree.fromstring(data)
    elif fmt == "html":
        assert data.decode("utf-8").startswith("<!DOCTYPE html>")
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        assert load_workbook(io.BytesIO(data))["Beads"].max_row == len(alignment.beads) + 1
    elif fmt in READABLE:
        path = tmp_path / f"x{EXPORT_FORMATS[fmt]}"
        path.write_bytes(data)
        assert len(read_alignment(path).beads) == len(alignment.beads)


@budget(60)
@given(alignment=alignments(text=xml_text(6)), fmt=st.sampled_from(READABLE))
def test_round_trip_keeps_every_bead(tmp_path, alignment, fmt):
    """Our JSONL, TMX and XLIFF read back into the very same beads (texts
    byte-exact, scores, flags with spans and confidence, verdicts)."""
    path = tmp_path / f"r{EXPORT_FORMATS[fmt]}"
    try:
        write_alignment(alignment, path, fmt)
    except InputError:
        assert fmt.startswith("xliff") and not any(b.src and b.tgt for b in alignment.beads)
        return
    back = read_alignment(path)
    assert records(back) == records(alignment)


# --- importers ------------------------------------------------------------

def assert_valid_import(path):
    """The property of every importer: a valid alignment every exporter
    takes, or an InputError naming the file."""
    try:
        alignment = read_alignment(path)
    except InputError as exc:
        assert str(exc).startswith(str(path)), exc
        event("refused", re.sub(r"[\d'\"].*", "", str(exc)[len(str(path)) :])[:50])
        return None
    event("imported")
    alignment.validate()
    for fmt in EXPORT_FORMATS.keys() - {"xlsx"}:  # (xlsx is slow: test_every_exporter_takes_any_alignment)
        try:
            export_bytes(alignment, fmt)
        except InputError as exc:
            assert fmt.startswith("xliff") and "nothing to export" in str(exc)
    return alignment


NS2 = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The skeleton of each format: an element's required children (each 1-2
# times, now and then left out), optional children (0-2 times) and usual
# attributes.  The generator follows it, and now and then adds any element
# or attribute of the vocabulary, a comment, a processing instruction or an
# entity reference instead.
SKELETON = {
    "tmx": (["header", "body"], [], ["version"]), "header": ([], ["prop", "note"], ["srclang", "creationtool"]),
    "body": (["tu"], ["tu", "trans-unit"], []), "tu": (["tuv"], ["prop", "note", "tuv"], ["tuid"]),
    "tuv": (["seg"], ["prop"], [XML_LANG, "lang"]), "seg": ([], ["hi", "bpt", "ept", "ph"], []),
    "hi": ([], ["hi", "ph"], []), "prop": ([], [], ["type"]), "note": ([], [], []),
    "xliff": (["file"], [], ["version", "srcLang", "trgLang"]),
    "file": ([], ["unit", "body", "group"], ["id", "original", "source-language", "target-language"]),
    "group": ([], ["unit", "trans-unit"], ["id"]),
    "unit": (["segment"], ["notes", "segment", "ignorable"], ["id", "mq:src", "mq:tgt", "mq:score", "mq:kind", "mq:srcLengths", "mq:tgtLengths", "mq:verdict", "mq:reviewer"]),
    "notes": (["note"], ["note"], []), "segment": (["source"], ["target"], ["id", "state", "subState"]),
    "ignorable": (["source"], ["target"], []), "source": ([], ["g", "mrk", "pc", "ph", "bpt", "cp"], [XML_LANG]),
    "target": ([], ["g", "mrk", "pc", "ph", "ept", "cp"], [XML_LANG, "state"]),
    "trans-unit": (["source"], ["target", "note"], ["id", "approved", "mq:src", "mq:tgt", "mq:score", "mq:srcLengths", "mq:tgtLengths", "mq:verdict"]),
    "g": ([], ["g", "ph"], ["id"]), "mrk": ([], ["mrk"], ["id"]), "pc": ([], ["pc"], ["id"]),
}  # fmt: skip
# A file holds units in version 2 and a body of trans-units in 1.2.
FILE_CHILDREN = {NS2: (["unit"], ["unit", "group"]), NS12: (["body"], ["group"])}
NOTE_ATTRS = ["category", "priority", "from", "mq:kind", "mq:severity", "mq:spans", "mq:confidence", "mq:comment"]
TAGS = sorted({*SKELETON, "bpt", "ept", "ph", "it", "ut", "sub", "cp", "x"})
ATTRS = sorted({a for *_, attrs in SKELETON.values() for a in attrs} | set(NOTE_ATTRS) | {"hex", "type", "reviewedAt"})
VALUES = ["", "0", "1", "0 1", "2 1", "-1", "1e309", "nan", "inf", "-inf", "0.5", "ar", "en", "*all*", "ok",
          "needs_fix", "mq:needs_fix", "final", "reviewed", "signed-off", "yes", "comment", "flag", "number",
          "error", "warning", "bogus", "[0]:[0]", "[0, 1]:[]", "5:{}", "[", "{}", "[]", "[{}]", "null", "3 4",
          '[{"side": "src", "start": 0, "end": 3}]', '[{"side": "tgt", "start": -5, "end": 99, "text": 1}]',
          '{"kind": "number", "severity": "error", "reason": "x"}', '{"kind": 1, "severity": "info"}',
          "x-muqabala-score", "x-muqabala-bead", "x-muqabala-flag", "x-muqabala-meta", "x-muqabala-sentence-lengths",
          "x-muqabala-verdict", "x-muqabala-comment", "x-muqabala-reviewer", "1.2", "2.1", "2.0", "0041", "zz"]  # fmt: skip


# Texts inside random trees: cheaper to draw than hostile_text (the trees
# are about structure; hostile text has its own properties above).
_XML_SAFE_CHARS = [c for c in _SAFE_CHARS + _LATIN if len(c) == 1 and not _XML_ILLEGAL.match(c)]
TREE_TEXT = st.text(st.sampled_from(_XML_SAFE_CHARS + list("0123456789٠١٢")), max_size=6) | st.sampled_from(FRAGMENTS)


def _attribute(name: str) -> str:
    return f"{{{MQ_NS}}}{name[3:]}" if name.startswith("mq:") else name


@st.composite
def xml_trees(draw, tag: str | None = None, ns: str | None = None, depth: int = 0):
    """A random TMX or XLIFF (2.x or 1.2) tree, mostly following the
    format's skeleton, with random attribute values, text, comments,
    processing instructions and entity references (declared in the
    internal subset, or not)."""
    if tag is None:
        tag, ns = draw(st.sampled_from([("tmx", None)] * 3 + [("xliff", NS2)] * 3 + [("xliff", NS12)] * 3
                                       + [("xliff", None), (draw(st.sampled_from(TAGS)), None)]))  # fmt: skip
    el = etree.Element(f"{{{ns}}}{tag}" if ns else tag, nsmap={"mq": MQ_NS})
    required, optional, attrs = SKELETON.get(tag, ([], [], []))
    if tag == "file" and ns in FILE_CHILDREN:
        required, optional = FILE_CHILDREN[ns]
    if tag == "body" and ns == NS12:
        required, optional = ["trans-unit"], ["trans-unit", "group"]
    if tag == "note":
        attrs = NOTE_ATTRS
    usual = st.sampled_from(attrs) if attrs else st.sampled_from(ATTRS)
    for name in draw(st.lists(st.sampled_from(ATTRS) if draw(st.integers(0, 5)) == 0 else usual, max_size=5, unique=True)):
        el.set(_attribute(name), draw(st.sampled_from(VALUES) | TREE_TEXT))
    el.text = draw(st.none() | TREE_TEXT)
    if depth >= 6:
        return el
    most = 2 if depth < 3 else 1
    wanted = [c for c in required for _ in range(draw(st.integers(0, most) if draw(st.integers(0, 9)) == 0 else st.integers(1, most)))]
    wanted += [c for c in optional for _ in range(draw(st.integers(0, 1)) if depth < 5 else 0)]
    wanted = draw(st.permutations(wanted)) if len(wanted) > 1 else wanted
    for _ in range(draw(st.integers(0, 1))):
        wanted.insert(draw(st.integers(0, len(wanted))), draw(st.sampled_from(["*element", "*comment", "*pi", "*entity"])))
    for name in wanted:
        if name == "*element":
            child = draw(xml_trees(draw(st.sampled_from(TAGS)), draw(st.sampled_from([ns, None, NS2])), max(depth + 1, 4)))
        elif name == "*comment":
            child = etree.Comment(draw(TREE_TEXT).replace("-", ""))
        elif name == "*pi":
            child = etree.ProcessingInstruction("pi", draw(TREE_TEXT).replace("?>", ""))
        elif name == "*entity":
            child = etree.Entity(draw(st.sampled_from(["e", "nbsp"] * 4 + ["undeclared"])))
        else:
            child = draw(xml_trees(name, ns, depth + 1))
        child.tail = draw(st.none() | TREE_TEXT)
        el.append(child)
    return el


DOCTYPE = '<!DOCTYPE x [<!ENTITY e "E"><!ENTITY nbsp "&#160;">]>'


@budget(60)
@given(root=xml_trees(), doctype=st.sampled_from([True] * 5 + [False]))
def test_random_well_formed_xml_is_imported_or_refused(tmp_path, root, doctype):
    path = tmp_path / "random.xml"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype=DOCTYPE if doctype else None))
    assert_valid_import(path)


@st.composite
def damaged_exports(draw):
    """One of our own exports, then damaged: truncated, an attribute or a
    property replaced by a random value, or random bytes flipped."""
    alignment = draw(alignments(max_beads=3))
    fmt = draw(st.sampled_from(READABLE))
    try:
        data = export_bytes(alignment, fmt)[0]
    except InputError:
        data = export_bytes(alignment, "tmx")[0]
    how = draw(st.sampled_from(["value", "value", "value", "truncate", "bytes"]))
    if how == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if how == "bytes":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        return bytes(out)
    # Replace one quoted value (an attribute or a JSON string/number) with a random one.
    text = data.decode("utf-8")
    targets = [m.span(1) for m in re.finditer(r'"([^"<>]*)"', text)] + [m.span(1) for m in re.finditer(r">([^<]*)<", text)]
    targets += [m.span(1) for m in re.finditer(r": (-?[\d.e]+|null|true|false)", text)]
    a, b = draw(st.sampled_from(targets))
    new = draw(st.sampled_from(VALUES) | xml_text() | st.sampled_from(["NaN", "Infinity", '"x"', "[1]", "{}", '"\\ud800"']))
    if text[a - 1 : a] == '"' or text[a - 1 : a] == ">":
        new = new.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;") if fmt != "jsonl" else new
    return (text[:a] + new + text[b:]).encode("utf-8")


@budget(150)
@given(data=damaged_exports())
def test_damaged_exports_are_imported_or_refused(tmp_path, data):
    path = tmp_path / "damaged.dat"
    path.write_bytes(data)
    assert_valid_import(path)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 5) | st.floats(allow_nan=True, allow_infinity=True) | hostile_text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["side", "start", "end", "text", "kind", "severity", "reason", "confidence", "spans"]), inner, max_size=4),
    max_leaves=8,
)  # fmt: skip
BEAD_KEYS = ["src", "tgt", "src_text", "tgt_text", "score", "flags", "kind", "src_sentences", "tgt_sentences",
             "verdict", "comment", "reviewer", "reviewed_at"]  # fmt: skip


@budget(80)
@given(alignment=alignments(max_beads=3), changes=st.lists(st.tuples(st.integers(0, 5), st.sampled_from(BEAD_KEYS), JSON_VALUES), min_size=1, max_size=3))
def test_jsonl_with_random_values_is_imported_or_refused(tmp_path, alignment, changes):
    lines = records(alignment)
    for line_no, key, value in changes:
        lines[line_no % len(lines)][key] = value
    path = tmp_path / "random.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8", errors="surrogatepass")
    assert_valid_import(path)


@budget(40)
@given(content=st.lists(st.lists(hostile_text(max_size=3), min_size=1, max_size=3), max_size=5))
def test_glossary_files_are_loaded_or_refused(tmp_path, content):
    path = tmp_path / "g.csv"
    text = "\n".join(",".join(row) for row in content)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        glossary = load_glossary(path)
    except InputError as exc:
        assert str(exc).startswith(str(path))
        return
    assert glossary.terms and all(t.renderings for t in glossary.terms)


# --- fidelity checks ------------------------------------------------------

class HashEncoder:
    """A deterministic vector per text, so that the semantic checks see
    varied similarities (and flag) without a model."""

    name, dim = "hash", 16

    def encode(self, texts):
        return np.stack([np.random.default_rng(zlib.crc32(t.encode("utf-8", "surrogatepass"))).standard_normal(16)
                         for t in texts]).astype(np.float32) if len(texts) else np.zeros((0, 16), np.float32)


@st.composite
def glossaries(draw):
    terms = []
    for _ in range(draw(st.integers(0, 3))):
        arabic = draw(st.sampled_from(ARABIC_LETTERS)) + draw(hostile_text(max_size=2))
        terms.append(Term(arabic, [draw(hostile_text(max_size=2)).strip() or "x" for _ in range(2)]))
    return Glossary(terms) if terms else None


def assert_checked(alignment: Alignment):
    alignment.validate()
    for bead in alignment.beads:
        for flag in bead.flags:
            assert isinstance(flag, FidelityFlag) and (flag.reason or flag.kind not in KINDS)
            for span in flag.spans:
                assert span.side in ("src", "tgt") and 0 <= span.start <= span.end


def run_checks(alignment, glossary, press):
    check_alignment(alignment, HashEncoder(), glossary=glossary, press=press)
    assert_checked(alignment)
    assert isinstance(format_text_report(alignment, show_info=True), str)
    for fmt in ("jsonl", "html"):  # the flags must export too
        export_bytes(alignment, fmt)


@budget(60)
@given(alignment=alignments(text=hostile_text(max_size=8)), glossary=glossaries(), press=st.booleans())
def test_fidelity_checks_never_crash(alignment, glossary, press):
    run_checks(alignment, glossary, press)


@budget(10)
@given(alignment=alignments(text=st.tuples(hostile_text(max_size=3), st.sampled_from(DOTTED), hostile_text(max_size=3)).map(" ".join)),
       glossary=glossaries(), press=st.booleans())
def test_fidelity_checks_of_dotted_numbers_never_crash(alignment, glossary, press):
    run_checks(alignment, glossary, press)
