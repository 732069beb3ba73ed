"""XLIFF 2.1 and 1.2 export and import.

XLIFF 2.1 (core namespace ``urn:oasis:names:tc:xliff:document:2.0``,
``version="2.1"``): one ``<unit>`` per bead holding one ``<segment>``;
``<source>``/``<target>`` carry ``xml:lang``; flags and the reviewer's
comment are ``<note>`` elements (category ``flag``/``comment``, priority 1
for errors, 3 warnings, 8 info); the verdict sets the segment ``state``:
``ok`` → ``reviewed``, ``needs_fix`` → ``initial`` with ``subState
mq:needs_fix`` (the target is not yet acceptable), none → ``translated``.
XLIFF 1.2 (for older tools): ``<trans-unit>`` with ``approved`` and the
target ``state`` (``signed-off``, ``needs-review-translation``,
``translated``).  Bead indices, score, kind and flag details (spans,
confidence) travel as attributes in our own namespace, which both schemas
allow, so our files read back exactly.  Every attribute and text goes
through :func:`~align.formats.base.xml_element`.  An addition has an empty ``<source>``, an omission no
``<target>``.

The importer also reads XLIFF from CAT tools: every segment (2.x) or
trans-unit (1.2) is a bead; ``final``/``signed-off``/``approved`` read as
verdict ``ok``.  Comments and processing instructions inside a segment
are not text; entity references are kept as written, with a warning.
"""
from __future__ import annotations

import json

from lxml import etree

from align.errors import InputError
from align.formats.base import (
    MQ_NS, XML_LANG, ExportResult, Unit, build_alignment, entity_warning, inline_text, parse_score, sentence_lengths,
    split_sentences, xml_element,
)  # fmt: skip
from align.model import Alignment, Span

NS2 = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
_PRIORITY = {"error": "1", "warning": "3", "info": "8"}
_STATE2 = {"ok": "reviewed", "needs_fix": "initial", None: "translated"}
_STATE12 = {"ok": "signed-off", "needs_fix": "needs-review-translation", None: "translated"}


def _mq(name: str) -> str:
    return f"{{{MQ_NS}}}{name}"


def write(alignment: Alignment, *, include_unpaired: bool = True, version: str = "2.1") -> tuple[bytes, ExportResult]:
    """Serialise ``alignment`` as XLIFF ``version`` "2.1" or "1.2"."""
    v2 = version != "1.2"
    ns = NS2 if v2 else NS12
    result = ExportResult("xliff" if v2 else "xliff12", unpaired_included=include_unpaired)

    where = "file"

    def el(parent, tag, attrib=None, text=None, nsmap=None):
        return xml_element(parent, f"{{{ns}}}{tag}", attrib, text, result=result, where=where, nsmap=nsmap)

    nsmap = {None: ns, "mq": MQ_NS}
    name = str(alignment.meta.get("src_name") or alignment.meta.get("name") or "alignment")
    if v2:
        root = el(None, "xliff", {"version": "2.1", "srcLang": alignment.src_lang, "trgLang": alignment.tgt_lang},
                  nsmap=nsmap)
        file = el(root, "file", {"id": "f1", "original": name})
        container = file
    else:
        root = el(None, "xliff", {"version": "1.2"}, nsmap=nsmap)
        file = el(root, "file", {
            "original": name, "source-language": alignment.src_lang,
            "target-language": alignment.tgt_lang, "datatype": "plaintext",
        })  # fmt: skip
        container = el(file, "body")
    for number, bead in enumerate(alignment.beads):
        if not (bead.src and bead.tgt):
            result.unpaired.append(number)
            if not include_unpaired:
                continue
        where = f"bead {number + 1}"
        attrib = {
            "id": f"u{number + 1}", _mq("src"): " ".join(map(str, bead.src)), _mq("tgt"): " ".join(map(str, bead.tgt)),
            _mq("score"): f"{bead.score:.4f}", _mq("kind"): bead.kind,
        }  # fmt: skip
        for key, value in (
            ("verdict", bead.verdict), ("reviewer", bead.reviewer), ("reviewedAt", bead.reviewed_at),
            ("srcLengths", sentence_lengths(alignment, bead, "src")),
            ("tgtLengths", sentence_lengths(alignment, bead, "tgt")),
        ):  # fmt: skip
            if value:
                attrib[_mq(key)] = value
        src_text, tgt_text = alignment.src_text(bead), alignment.tgt_text(bead)
        if v2:
            unit = el(container, "unit", attrib)
            if bead.flags or bead.comment:
                notes = el(unit, "notes")
                for flag in bead.flags:
                    _flag_note(el, notes, flag, {"category": "flag", "priority": _PRIORITY[flag.severity]})
                if bead.comment:
                    el(notes, "note", {"category": "comment"}, bead.comment)
            seg_attrib = {"id": "s1", "state": _STATE2[bead.verdict] if bead.tgt else "initial"}
            if bead.verdict == "needs_fix":
                seg_attrib["subState"] = "mq:needs_fix"
            segment = el(unit, "segment", seg_attrib)
            el(segment, "source", {XML_LANG: alignment.src_lang}, src_text)
            if bead.tgt:
                el(segment, "target", {XML_LANG: alignment.tgt_lang}, tgt_text)
        else:
            attrib["approved"] = "yes" if bead.verdict == "ok" else "no"
            unit = el(container, "trans-unit", attrib)
            el(unit, "source", {XML_LANG: alignment.src_lang}, src_text)
            if bead.tgt:
                el(unit, "target", {XML_LANG: alignment.tgt_lang, "state": _STATE12[bead.verdict]}, tgt_text)
            for flag in bead.flags:
                _flag_note(el, unit, flag, {"from": "muqabala", "priority": _PRIORITY[flag.severity]})
            if bead.comment:
                el(unit, "note", {"from": bead.reviewer or "reviewer", _mq("comment"): "yes"}, bead.comment)
        result.units += 1
    if not result.units:
        raise InputError("nothing to export: the alignment has no paired beads (XLIFF needs at least one unit)")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True), result


def _flag_note(el, parent, flag, attrib: dict) -> None:
    attrib = {**attrib, _mq("kind"): flag.kind, _mq("severity"): flag.severity}
    if flag.confidence is not None:
        attrib[_mq("confidence")] = f"{flag.confidence:.4f}"
    if flag.spans:
        attrib[_mq("spans")] = json.dumps([s.to_dict() for s in flag.spans], ensure_ascii=False)
    el(parent, "note", attrib, flag.reason)


def read(root, name: str) -> Alignment:
    """An alignment from a parsed ``<xliff>`` root, 2.x or 1.2."""
    ns = etree.QName(root).namespace
    reader = _Reader(name, ns)
    if ns == NS2:
        src_lang, tgt_lang = root.get("srcLang") or "ar", root.get("trgLang") or "en"
        units = [u for unit in root.iter(f"{{{ns}}}unit") for u in reader.units2(unit)]
    elif ns == NS12:
        file = root.find(f"{{{ns}}}file")
        if file is None:
            raise InputError(f"{name}: XLIFF 1.2 file without a <file> element")
        src_lang, tgt_lang = file.get("source-language") or "ar", file.get("target-language") or "en"
        units = [reader.unit12(tu) for tu in root.iter(f"{{{ns}}}trans-unit")]
    else:
        raise InputError(f"{name}: unknown XLIFF namespace {ns!r}")
    warnings = reader.warnings + entity_warning(reader.entities)
    return build_alignment(units, src_lang, tgt_lang, {"import_warnings": warnings} if warnings else {}, name)


# Inline elements whose content is original markup (1.2) rather than text.
_CODE_TAGS = {"bpt", "ept", "ph", "it", "sub"}


def _wraps_text(tag: str) -> bool:
    return tag not in _CODE_TAGS


class _Reader:
    """Reads the units of one XLIFF file, gathering its import warnings."""

    def __init__(self, name: str, ns: str) -> None:
        self.name, self.ns = name, ns
        self.warnings: list[str] = []
        self.entities: set[str] = set()

    def _q(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}"

    def _text(self, el) -> str:
        return inline_text(el, _wraps_text, self.entities) if el is not None else ""

    def _ours(self, unit_el, unit: Unit) -> None:
        """Fill ``unit`` from our own attributes, when the file has them."""
        if unit_el.get(_mq("src")) is None:
            return
        where = f"{self.name}: unit {unit_el.get('id')}"
        try:
            unit.src_indices = [int(i) for i in unit_el.get(_mq("src")).split()]
            unit.tgt_indices = [int(j) for j in unit_el.get(_mq("tgt"), "").split()]
            unit.src_sentences = split_sentences(" ".join(unit.src_sentences), unit_el.get(_mq("srcLengths")))
            unit.tgt_sentences = split_sentences(" ".join(unit.tgt_sentences), unit_el.get(_mq("tgtLengths")))
        except ValueError as exc:
            raise InputError(f"{where} is malformed ({exc})") from None
        unit.score = parse_score(unit_el.get(_mq("score"), "0"), where)
        unit.verdict = unit_el.get(_mq("verdict"))
        unit.reviewer = unit_el.get(_mq("reviewer"), "")
        unit.reviewed_at = unit_el.get(_mq("reviewedAt"), "")

    def _flag(self, note, unit_id: str) -> dict:
        """A flag from one of our notes: its spans are dropped, with a
        warning, when they are not a JSON list of spans (the flag itself and
        its reason are kept); a confidence must be a number in [0, 1]."""
        flag = {"kind": note.get(_mq("kind")), "severity": note.get(_mq("severity"), "info"), "reason": self._text(note)}
        spans = note.get(_mq("spans"))
        if spans:
            try:
                flag["spans"] = [Span.from_dict(d).to_dict() for d in json.loads(spans)]
            except (ValueError, TypeError, KeyError, AttributeError):
                self.warnings.append(f"unit {unit_id}: a flag's mq:spans is not a JSON list of spans; "
                                     "the flag is kept without its highlighted spans")
        confidence = note.get(_mq("confidence"))
        if confidence is not None:
            try:
                value = float(confidence)
            except ValueError:
                value = float("nan")
            if not 0.0 <= value <= 1.0:  # also refuses NaN
                raise InputError(f"{self.name}: unit {unit_id}: a flag's confidence {confidence!r} is not a number "
                                 "in [0, 1]")
            flag["confidence"] = value
        return flag

    def _notes(self, note_els, unit: Unit, unit_id: str, is_comment) -> None:
        comments = []
        for note in note_els:
            if note.get(_mq("kind")):
                unit.flags.append(self._flag(note, unit_id))
            elif is_comment(note) or unit.src_indices is None:
                comments.append(self._text(note))
        unit.comment = "\n".join(c for c in comments if c)

    def units2(self, unit_el) -> list[Unit]:
        units = []
        for segment in unit_el.iter(self._q("segment")):
            src = self._text(segment.find(self._q("source")))
            tgt = self._text(segment.find(self._q("target")))
            unit = Unit([src] if src else [], [tgt] if tgt else [])
            state = segment.get("state")
            if segment.get("subState") == "mq:needs_fix":
                unit.verdict = "needs_fix"
            elif state in ("reviewed", "final") and tgt:
                unit.verdict = "ok"
            units.append(unit)
        if units:
            first = units[0]
            self._ours(unit_el, first)
            notes = unit_el.find(self._q("notes"))
            if notes is not None:
                self._notes(notes.findall(self._q("note")), first, unit_el.get("id", "?"),
                            lambda n: n.get("category") == "comment")
        return units

    def unit12(self, tu) -> Unit:
        target = tu.find(self._q("target"))
        src, tgt = self._text(tu.find(self._q("source"))), self._text(target)
        unit = Unit([src] if src else [], [tgt] if tgt else [])
        state = target.get("state") if target is not None else None
        if tu.get("approved") == "yes" or state in ("signed-off", "final"):
            unit.verdict = "ok" if tgt else None
        self._ours(tu, unit)
        self._notes(tu.findall(self._q("note")), unit, tu.get("id", "?"), lambda n: n.get(_mq("comment")) == "yes")
        return unit
