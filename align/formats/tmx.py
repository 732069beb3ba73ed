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
    TOOL, XML_LANG, ExportResult, Unit, build_alignment, sentence_lengths, split_sentences, tool_version, xml_safe,
)  # fmt: skip
from align.model import Alignment

DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
P = "x-muqabala-"


def write(alignment: Alignment, *, include_unpaired: bool = True) -> tuple[bytes, ExportResult]:
    result = ExportResult("tmx", unpaired_included=include_unpaired)
    root = etree.Element("tmx", version="1.4")
    now = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    header = etree.SubElement(
        root,
        "header",
        {
            "creationtool": TOOL, "creationtoolversion": tool_version(), "segtype": "sentence",
            "o-tmf": TOOL, "adminlang": "en", "srclang": alignment.src_lang, "datatype": "plaintext",
            "creationdate": now,
        },
    )  # fmt: skip
    if alignment.meta:
        _prop(header, "meta", json.dumps(alignment.meta, ensure_ascii=False, default=str), result)
    body = etree.SubElement(root, "body")
    for number, bead in enumerate(alignment.beads):
        if not (bead.src and bead.tgt):
            result.unpaired.append(number)
            if not include_unpaired:
                continue
        tu = etree.SubElement(body, "tu", tuid=str(number + 1))
        _prop(tu, "bead", bead.to_gold(), result)
        _prop(tu, "kind", bead.kind, result)
        _prop(tu, "score", f"{bead.score:.4f}", result)
        if bead.verdict:
            _prop(tu, "verdict", bead.verdict, result)
        if bead.reviewer:
            _prop(tu, "reviewer", bead.reviewer, result)
        if bead.reviewed_at:
            _prop(tu, "reviewed-at", bead.reviewed_at, result)
        if bead.comment:
            _prop(tu, "comment", bead.comment, result)
        for flag in bead.flags:
            _prop(tu, "flag", json.dumps(flag.to_dict(), ensure_ascii=False), result)
        for flag in bead.flags:
            note = etree.SubElement(tu, "note")
            note.text = xml_safe(f"[{flag.severity}] {flag.kind}: {flag.reason}", f"bead {number + 1}", result)
        if bead.comment:
            note = etree.SubElement(tu, "note")
            note.text = xml_safe(f"Reviewer: {bead.comment}", f"bead {number + 1}", result)
        for side, lang in (("src", alignment.src_lang), ("tgt", alignment.tgt_lang)):
            if not getattr(bead, side):
                continue
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            lengths = sentence_lengths(alignment, bead, side)
            if lengths:
                _prop(tuv, "sentence-lengths", lengths, result)
            seg = etree.SubElement(tuv, "seg")
            seg.text = xml_safe(alignment.side_text(bead, side), f"bead {number + 1}", result)
        result.units += 1
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=DOCTYPE)
    return data, result


def _prop(parent, name: str, value: str, result: ExportResult) -> None:
    prop = etree.SubElement(parent, "prop", type=P + name)
    prop.text = xml_safe(value, "property", result)


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
    meta, warnings = {}, []
    if len(others) > 1:
        warnings.append(f"TMX holds {len(others) + 1} languages; read {src_lang} → {tgt_lang} only")
    for prop in header.findall("prop"):
        if prop.get("type") == P + "meta":
            try:
                meta = json.loads(prop.text or "{}")
            except json.JSONDecodeError:
                warnings.append("the alignment's metadata property is not JSON and was ignored")
    if warnings:
        meta["import_warnings"] = warnings
    units = []
    for tu in tus:
        props: dict[str, list[str]] = {}
        for prop in tu.findall("prop"):
            props.setdefault(prop.get("type", ""), []).append(prop.text or "")
        sides: dict[str, tuple[str, str]] = {}
        for tuv in tu.findall("tuv"):
            lang = _primary(_lang(tuv))
            seg = tuv.find("seg")
            lengths = next((p.text for p in tuv.findall("prop") if p.get("type") == P + "sentence-lengths"), None)
            sides.setdefault(lang, (_seg_text(seg) if seg is not None else "", lengths))
        src_text, src_lengths = sides.get(_primary(src_lang), ("", None))
        tgt_text, tgt_lengths = sides.get(_primary(tgt_lang), ("", None))
        try:
            unit = Unit(split_sentences(src_text, src_lengths), split_sentences(tgt_text, tgt_lengths))
            if P + "bead" in props:
                src_part, _, tgt_part = props[P + "bead"][0].partition(":")
                unit.src_indices, unit.tgt_indices = json.loads(src_part), json.loads(tgt_part)
            unit.score = float(props.get(P + "score", ["0"])[0])
            unit.flags = [json.loads(f) for f in props.get(P + "flag", [])]
        except (ValueError, TypeError) as exc:
            raise InputError(f"{name}: translation unit {tu.get('tuid', '?')} is malformed ({exc})") from None
        unit.verdict = props.get(P + "verdict", [None])[0]
        unit.reviewer = props.get(P + "reviewer", [""])[0]
        unit.reviewed_at = props.get(P + "reviewed-at", [""])[0]
        if P + "comment" in props:
            unit.comment = props[P + "comment"][0]
        elif not any(t.startswith(P) for t in props):
            unit.comment = "\n".join(n.text or "" for n in tu.findall("note")).strip()
        units.append(unit)
    return build_alignment(units, src_lang, tgt_lang, meta, name)


def _lang(tuv) -> str:
    return tuv.get(XML_LANG) or tuv.get("lang") or ""


def _primary(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def _seg_text(seg) -> str:
    """Text of a ``<seg>``: native codes (bpt, ept, ph, it, ut) are markup,
    not text; ``<hi>`` wraps text."""
    parts = [seg.text or ""]
    for child in seg:
        if child.tag == "hi":
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
