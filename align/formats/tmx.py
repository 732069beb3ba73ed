"""TMX 1.4b export and import.

One ``<tu>`` per bead, both sides as ``<tuv>`` with the sentences of a
many-to-many bead joined by a space.  Score, kind, sentence indices,
verdict, reviewer and each flag (as JSON) are ``<prop type="x-muqabala-…">``
so that our own TMX reads back exactly; flags and the reviewer's comment are
also ``<note>`` elements, which CAT tools show.  Omissions and additions are
not translation units: with ``include_unpaired`` they are written as
one-language units (the DTD allows a single ``<tuv>``), else left out; the
:class:`~align.formats.base.ExportResult` lists them either way.

The importer also reads TMX from other tools: each ``<tu>`` becomes one
bead of one sentence per side, inline codes dropped, ``<hi>`` text kept.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from lxml import etree

from align.errors import InputError
from align.formats.base import (
    TOOL, XML_LANG, ExportResult, Unit, build_alignment, entity_warning, inline_text, parse_score, sentence_lengths,
    split_sentences, tool_version, xml_element,
)  # fmt: skip
from align.model import Alignment

DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
P = "x-muqabala-"


def write(alignment: Alignment, *, include_unpaired: bool = True) -> tuple[bytes, ExportResult]:
    result = ExportResult("tmx", unpaired_included=include_unpaired)
    root = xml_element(None, "tmx", {"version": "1.4"}, result=result, where="header")
    now = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    header = xml_element(
        root,
        "header",
        {
            "creationtool": TOOL, "creationtoolversion": tool_version(), "segtype": "sentence",
            "o-tmf": TOOL, "adminlang": "en", "srclang": alignment.src_lang, "datatype": "plaintext",
            "creationdate": now,
        },
        result=result, where="header",
    )  # fmt: skip
    if alignment.meta:
        _prop(header, "meta", json.dumps(alignment.meta, ensure_ascii=False, default=str), result, "header")
    body = xml_element(root, "body", result=result, where="header")
    for number, bead in enumerate(alignment.beads):
        if not (bead.src and bead.tgt):
            result.unpaired.append(number)
            if not include_unpaired:
                continue
        where = f"bead {number + 1}"
        tu = xml_element(body, "tu", {"tuid": str(number + 1)}, result=result, where=where)
        _prop(tu, "bead", bead.to_gold(), result, where)
        _prop(tu, "kind", bead.kind, result, where)
        _prop(tu, "score", f"{bead.score:.4f}", result, where)
        if bead.verdict:
            _prop(tu, "verdict", bead.verdict, result, where)
        if bead.reviewer:
            _prop(tu, "reviewer", bead.reviewer, result, where)
        if bead.reviewed_at:
            _prop(tu, "reviewed-at", bead.reviewed_at, result, where)
        if bead.comment:
            _prop(tu, "comment", bead.comment, result, where)
        for flag in bead.flags:
            _prop(tu, "flag", json.dumps(flag.to_dict(), ensure_ascii=False), result, where)
        for flag in bead.flags:
            confidence = f" (confidence {flag.confidence:.2f})" if flag.confidence is not None else ""
            xml_element(tu, "note", text=f"[{flag.severity}] {flag.kind}: {flag.reason}{confidence}",
                        result=result, where=where)
        if bead.comment:
            xml_element(tu, "note", text=f"Reviewer: {bead.comment}", result=result, where=where)
        for side, lang in (("src", alignment.src_lang), ("tgt", alignment.tgt_lang)):
            if not getattr(bead, side):
                continue
            tuv = xml_element(tu, "tuv", {XML_LANG: lang}, result=result, where=where)
            lengths = sentence_lengths(alignment, bead, side)
            if lengths:
                _prop(tuv, "sentence-lengths", lengths, result, where)
            xml_element(tuv, "seg", text=alignment.side_text(bead, side), result=result, where=where)
        result.units += 1
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=DOCTYPE)
    return data, result


def _prop(parent, name: str, value: str, result: ExportResult, where: str) -> None:
    xml_element(parent, "prop", {"type": P + name}, value, result=result, where=where)


def read(root, name: str) -> Alignment:
    """An alignment from a parsed ``<tmx>`` root (see :func:`align.formats.read_alignment`)."""
    header = root.find("header")
    body = root.find("body")
    if header is None or body is None:
        raise InputError(f"{name}: not a TMX file (no <header> or <body>)")
    tus = body.findall("tu")
    src_lang = header.get("srclang") or ""
    if not src_lang or src_lang == "*all*":
        first = next((tuv for tu in tus for tuv in tu.findall("tuv")), None)
        src_lang = _lang(first) if first is not None else "ar"
    langs = [_lang(tuv) for tu in tus for tuv in tu.findall("tuv")]
    others = list(dict.fromkeys(lang for lang in langs if _primary(lang) != _primary(src_lang)))
    tgt_lang = others[0] if others else ("en" if _primary(src_lang) != "en" else "ar")
    meta, warnings, entities = {}, [], set()

    def text(el) -> str:
        """The text of a <prop> or <note>: no markup inside, but comments,
        processing instructions and entity references as in a <seg>."""
        return inline_text(el, _no_markup, entities)

    if len(others) > 1:
        warnings.append(f"TMX holds {len(others) + 1} languages; read {src_lang} → {tgt_lang} only")
    for prop in header.findall("prop"):
        if prop.get("type") == P + "meta":
            try:
                meta = json.loads(text(prop) or "{}")
            except json.JSONDecodeError:
                meta = None
            if not isinstance(meta, dict):
                meta = {}
                warnings.append("the alignment's metadata property is not a JSON object and was ignored")
    units = []
    for tu in tus:
        props: dict[str, list[str]] = {}
        for prop in tu.findall("prop"):
            props.setdefault(prop.get("type", ""), []).append(text(prop))
        sides: dict[str, tuple[str, str]] = {}
        for tuv in tu.findall("tuv"):
            lang = _primary(_lang(tuv))
            seg = tuv.find("seg")
            lengths = next((text(p) for p in tuv.findall("prop") if p.get("type") == P + "sentence-lengths"), None)
            sides.setdefault(lang, (inline_text(seg, _wraps_text, entities) if seg is not None else "", lengths))
        src_text, src_lengths = sides.get(_primary(src_lang), ("", None))
        tgt_text, tgt_lengths = sides.get(_primary(tgt_lang), ("", None))
        where = f"{name}: translation unit {tu.get('tuid', '?')}"
        try:
            unit = Unit(split_sentences(src_text, src_lengths), split_sentences(tgt_text, tgt_lengths))
            if P + "bead" in props:
                src_part, _, tgt_part = props[P + "bead"][0].partition(":")
                unit.src_indices, unit.tgt_indices = _indices(src_part), _indices(tgt_part)
            unit.flags = [json.loads(f) for f in props.get(P + "flag", [])]
        except (ValueError, TypeError) as exc:
            raise InputError(f"{where} is malformed ({exc})") from None
        unit.score = parse_score(props.get(P + "score", ["0"])[0], where)
        unit.verdict = props.get(P + "verdict", [None])[0]
        unit.reviewer = props.get(P + "reviewer", [""])[0]
        unit.reviewed_at = props.get(P + "reviewed-at", [""])[0]
        if P + "comment" in props:
            unit.comment = props[P + "comment"][0]
        elif not any(t.startswith(P) for t in props):
            unit.comment = "\n".join(text(n) for n in tu.findall("note")).strip()
        units.append(unit)
    warnings += entity_warning(entities)
    if warnings:
        meta["import_warnings"] = warnings
    return build_alignment(units, src_lang, tgt_lang, meta, name)


def _indices(text: str) -> list[int]:
    """One side of a ``[0, 1]:[2]`` bead property."""
    value = json.loads(text)
    if not isinstance(value, list) or not all(type(i) is int for i in value):
        raise ValueError(f"bead indices {text!r} are not a list of integers")
    return value


def _lang(tuv) -> str:
    return tuv.get(XML_LANG) or tuv.get("lang") or ""


def _primary(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def _no_markup(tag: str) -> bool:
    return False


def _wraps_text(tag: str) -> bool:
    """Inside a ``<seg>``, native codes (bpt, ept, ph, it, ut) are markup,
    not text; ``<hi>`` wraps text."""
    return tag == "hi"
