"""Press-translation development set and its benchmark.

Builds ``bench/out/press-dev`` from the NTREX ``summary`` profile (abridged
translations): each English document is dressed as a published press
translation — an editor's introduction, Title-Case subheadings every few
paragraphs, bracketed insertions, footnote markers with a notes block,
reporting frames, closing boilerplate — with the gold renumbered so that
every apparatus line is a ``[]:[k]`` bead.  Wording is generated
compositionally from many small pools so that no template repeats often.

Output, per document ``<doc>`` (one sentence per line, as the bench format)::

    src/<doc>         the Arabic, unchanged
    tgt/<doc>         the dressed English
    gold/<doc>        the gold beads, renumbered, apparatus as []:[k]
    labels/<doc>      "<line>\\t<label>" for every apparatus line (labels as
                      align.press.find_editorial gives them)
    edits/<doc>       "<line>\\t<bracket|marker|frame|partial>" for translated
                      lines that carry an inline convention
    paragraphs/<doc>  the paragraph number of each English line, for runs
                      that want paragraph structure

``python bench/press_devset.py`` builds the set, measures
``find_editorial`` alone (precision/recall of apparatus lines) and, when
``align.pipeline`` is importable, aligns the set end to end and prints
:func:`press_table` and the alignment scores beside those of the untouched
``summary`` set.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

SEED = 20240611
HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent.parent / "shared" / "bench" / "ntrex-dev" / "summary"
DEFAULT_OUT = HERE / "out" / "press-dev"

# ----------------------------------------------------------------- word pools

_NAME_PARTS = (
    "Sharq Quds Hayat Ahram Watan Riyadh Madina Khaleej Ittihad Bayan Rai Qabas Nahar Akhbar "
    "Shorouk Masry Jarida Anba Sabah Thawra Jadid Mustaqbal Binaa Wafd Dustour Ghad Sahafa "
    "Tahrir Yawm Mada Araby Wasat Mashhad Manar Safir Jumhuriya Bilad Nida Sharqiya"
).split()
_NATIONALITY = (
    "Saudi Egyptian Lebanese Iraqi Syrian Jordanian Qatari Emirati Kuwaiti Algerian Moroccan "
    "Tunisian Palestinian Yemeni Omani Bahraini Libyan Sudanese London-based pan-Arab "
    "Beirut-based Cairo-based government-owned independent opposition Gulf"
).split()
_OUTLET_TYPE = [
    "daily", "newspaper", "news website", "weekly", "online daily", "news portal", "magazine",
    "TV channel", "news agency", "daily newspaper", "website",
]
_ARTICLE = [
    "article", "report", "op-ed", "column", "editorial", "analysis", "interview", "piece",
    "commentary", "feature", "opinion piece", "news report",
]
_ROLE = ["columnist", "journalist", "writer", "commentator", "analyst", "correspondent", "editor"]
_FIRST = (
    "Khalid Ahmad Mahmoud Sami Nabil Huda Rania Tariq Faisal Abdallah Youssef Hassan Laila "
    "Mona Walid Ibrahim Samir Fatima Nadia Omar Ziad Jamal Hisham Amal Salim"
).split()
_LAST = (
    "Al-Suwailem Haddad Mansour Al-Rashed Khoury Nasrallah Abu Zeid Al-Hamad Shehab Qassem "
    "Al-Dosari Farhat Saleh Al-Ani Barakat Hijazi Al-Omari Darwish Karam Al-Tamimi"
).split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_ORG_A = "Middle East|Arab|Gulf|Levant|Mashreq|Maghreb|Regional|Arabic".split("|")
_ORG_B = "Press|Media|News|Opinion|Translation|Research".split("|")
_ORG_C = "Review|Monitor|Digest|Service|Institute|Watch|Bulletin|Observatory|Project".split("|")
_STOP = set(
    "the a an of in on at to for and or but with by from as that this these those was were is are be "
    "been has have had he she they it his her their its we our you your i not no will would could "
    "should said says also after before over about into than then there when where which who what "
    "while more most some such only other just very can may one two three".split()
)


def _outlet(rng: random.Random) -> str:
    a, b = rng.sample(_NAME_PARTS, 2)
    return rng.choice([f"Al-{a}", f"Al-{a} Al-{b}", a, f"Al-{a} Al-Arabi", f"{a}24", f"{a} Net", f"Al-{a} Al-Jadid"])


def _outlet_phrase(rng: random.Random, outlet: str) -> str:
    kind = rng.choice(_OUTLET_TYPE)
    return rng.choice([
        f"the {rng.choice(_NATIONALITY)} {kind} {outlet}",
        f"{outlet}, a {rng.choice(_NATIONALITY)} {kind},",
        f"the {kind} {outlet}",
        f"{outlet}",
        f"the {rng.choice(_NATIONALITY)} {kind} {outlet}",
    ])


def _date(rng: random.Random) -> str:
    y, m, d = rng.choice([2017, 2018, 2019, 2020]), rng.randrange(12), rng.randint(1, 28)
    month = _MONTHS[m]
    return rng.choice([
        f"{month} {d}, {y}", f"{d} {month} {y}", f"{month[:3]}. {d}, {y}", f"{d:02d}/{m + 1:02d}/{y}",
        f"{rng.choice(_WEEKDAYS)}, {month} {d}", f"{month} {d}", f"{rng.choice(_WEEKDAYS)}",
    ])


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _org(rng: random.Random) -> str:
    return f"{rng.choice(_ORG_A)} {rng.choice(_ORG_B)} {rng.choice(_ORG_C)}"


def _domain(org: str) -> str:
    initials = "".join(w[0] for w in org.split()).lower()
    return initials + (".org", ".net", ".com", ".info")[sum(map(ord, org)) % 4]


def _content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][a-z'-]{3,}", text) if w.lower() not in _STOP]


def _title(words: list[str]) -> str:
    small = {"a", "an", "the", "of", "in", "on", "and", "for", "to", "at", "over", "from", "with"}
    out = []
    for i, w in enumerate(words):
        out.append(w if (i and w.lower() in small) else w[:1].upper() + w[1:])
    return " ".join(out)


# ------------------------------------------------------------------ apparatus


def _intro(rng: random.Random, headline: str, topic: list[str]) -> list[str]:
    outlet = _outlet(rng)
    where = _outlet_phrase(rng, outlet)
    date, kind = _date(rng), rng.choice(_ARTICLE)
    by = rng.choice(["", "", f" by {rng.choice(_ROLE)} {_person(rng)}", f" by {_person(rng)}"])
    quoted = rng.choice([f'"{headline}"', f"“{headline}”", f"'{headline}'"])
    about = rng.choice([
        f"titled {quoted}", f"headlined {quoted}", f"under the title {quoted}",
        f"on {' '.join(topic[:2]).lower() or 'the subject'}", quoted, f"entitled {quoted}",
    ])
    on_date = rng.choice([f"on {date}", f"on {date}", f"in its {date} edition", f"dated {date}"])
    basis = rng.choice([
        "The following report is based on it.", "This report is based on that article.",
        "Below are excerpts from the article.", "Following are excerpts.", "Excerpts follow.",
        "What follows is an abridged translation.", "The main points are summarised below.",
        "This summary draws on the article.", "The report below is adapted from it.",
        "Below is a summary of its main points.", "The following is an abridged translation of the piece.",
        "Here are the highlights.", "Below, excerpts from the report:", "This digest draws on that piece.",
        f"The following summarizes the {kind}.", f"Below are the main points of the {kind}.",
        f"Key passages of the {kind} are translated below.", "Its highlights follow.",
    ])
    verb = rng.choice(["published", "ran", "carried", "posted", "featured", "printed"])
    form = rng.randrange(9)
    if form == 0:
        return [f"On {date}, {where} {verb} an {kind}{by} {about}.", basis]
    if form == 1:
        return [f"This report is based on an {kind}{by} published {on_date} in {where} {about}."]
    if form == 2:
        return [f"The following is a summary of {where}'s {kind} of {date}, {about}."]
    if form == 3:
        return [f"In an {kind} {about}, published {on_date}, {where} reported on the story.", basis]
    if form == 4:
        return [f"{where[:1].upper()}{where[1:]} {verb} an {kind}{by} {about} {on_date}.", basis]
    if form == 5:
        return [f"Below are excerpts from an {kind}{by} in {where}, published {on_date} {about}."]
    if form == 6:
        return [f"The following was translated from an {kind} that appeared in {where} {on_date}."]
    if form == 7:
        # No reference to the report itself: the hardest kind to recognise.
        return [f"Writing in {where} {on_date}, {rng.choice(_ROLE)} {_person(rng)} discussed {' and '.join(topic[:2]).lower() or 'the news'}."]
    return [f"{where[:1].upper()}{where[1:]} {verb} an {kind} {about} {on_date}; this digest summarises it."]


def _fix_articles(text: str) -> str:
    return re.sub(r"\ban (?=[^aeiouAEIOU\W])", "a ", re.sub(r"\ba (?=[aeiouAEIOU])", "an ", text))


def _closing(rng: random.Random, org: str) -> list[str]:
    domain = _domain(org)
    year = rng.choice([2018, 2019, 2020, 2021])
    pool = [
        f"{org} is an independent, non-profit media monitor.",
        f"This digest is published by {org}.",
        f"{org} is published by the {rng.choice(_ORG_A)} Foundation.",
        f"Translations are prepared by the {org} staff.",
        "Subscribe to our newsletter for the weekly press review.",
        f"Read more at {domain}.",
        "For the full article, see the outlet's website.",
        f"To receive these reports by email, sign up at {domain}.",
        "Follow us on Telegram and X for daily updates.",
        f"© {year} {org}. All rights reserved.",
        f"Copyright {year} {org}; reproduction requires written permission.",
        "The views expressed in the original article are the author's own.",
        f"Support our work: donate at {domain}/support.",
        f"Questions? Contact us at info@{domain}.",
        "Click here to read more translations from the Arabic press.",
        f"Read more: the {org} archive of translated articles.",
        f"Republication of this translation requires permission from {org}.",
        f"{org} translates the Arabic press for English readers.",  # no cue: hard
    ]
    return rng.sample(pool, rng.choice([1, 1, 2, 2, 3]))


_SUBHEAD = [
    "{A} and {B}", "The {A} Question", "{A}: {B}", "What {A} Means for {B}", "A New {A}",
    "{A} Under Pressure", "Reactions From {A}", "Why {A} Matters", "{A} Responds", "What Comes Next?",
    "The Road Ahead", "{A} in Focus", "Questions About {A}", "Concerns Over {A}", "The Role of {A}",
    "Between {A} and {B}", "From {A} to {B}", "Looking Ahead", "Criticism of {A}", "{A} Speaks Out",
    "A Turning Point", "{A} Reacts", "The {A} Debate", "Background", "{A}, {B} and {C}",
    "Who Is {A}?", "Inside the {A}", "{A} Versus {B}", "The Case of {A}", "A Look at {A}",
    "Timeline", "The Context", "{A} Again", "Doubts About {A}", "{A} on the Rise",
]


def _subheading(rng: random.Random, following: str) -> str:
    words = _content_words(following) or ["Events"]
    rng.shuffle(words)
    words += ["Reform", "Crisis", "Politics"]
    text = _title(rng.choice(_SUBHEAD).format(A=_title([words[0]]), B=_title([words[1]]), C=_title([words[2]])).split())
    return text.upper() if rng.random() < 0.05 else text


_NOTE_TEXT = [
    "{E} is {D}.", "The reference is to {E}, {D}.", "{E}: {D}.", "See {O}, {date}.",
    "{E} is {D}. It is often mentioned in the Arabic press.", "On {E}, see {O}, {date}.",
    "The author refers to {E}, {D}.", "{E} was {D} until {year}.",
]
_DESCRIPTIONS = [
    "a coalition of armed factions", "a former minister", "the ruling party", "a regional organisation",
    "a parliamentary bloc", "an opposition figure", "the country's largest trade union",
    "a state-owned company", "a religious authority", "a well-known television presenter",
]


def _note(rng: random.Random, entity: str) -> list[str]:
    text = rng.choice(_NOTE_TEXT).format(
        E=entity, D=rng.choice(_DESCRIPTIONS), O=_outlet(rng), date=_date(rng), year=rng.randint(1990, 2016)
    )
    parts = re.split(r"(?<=\.) (?=[A-Z])", text)
    return parts


# ------------------------------------------------------- inline conventions

_FUNCTION_START = set("The A An It He She They This That These Those But In On At For And Its His Her Their".split())


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first in _FUNCTION_START else text


def _frame(rng: random.Random, text: str) -> str:
    agent = rng.choice(["the article", "the report", "the author", "the paper", "the daily", "the source",
                        "the columnist", "the writer", "the website"])
    if text.startswith(("\"", "“", "'")):
        body = text.rstrip(".")
        if body.endswith(("\"", "”")) and body[-2:-1] == ".":
            body = body[:-2] + "," + body[-1]
        return rng.choice([f"{body} {agent} {rng.choice(['added', 'noted', 'wrote'])}.",
                           f"{agent.capitalize()} added: {text}"])
    form = rng.randrange(7)
    low = _lower_first(text)
    if form == 0:
        return f"According to {agent}, {low}"
    if form == 1:
        return f"{agent.capitalize()} {rng.choice(['reported', 'noted', 'added', 'stated'])} that {low}"
    if form == 2:
        return f"As {agent} {rng.choice(['notes', 'puts it', 'points out'])}, {low}"
    if form == 3 and text.endswith("."):
        return f"{text[:-1]}, {agent} {rng.choice(['says', 'writes', 'reported'])}."
    if form == 4 and text.endswith("."):
        return f"{text[:-1]}, according to {agent}."
    if form == 5:
        return f"{rng.choice(['He', 'She'])} said that {low}"
    return f"{agent.capitalize()} {rng.choice(['wrote', 'continued', 'explained'])}: {text}"


def _bracket(rng: random.Random, text: str) -> tuple[str, str]:
    """Insert one bracketed clarification; returns (text, kind)."""
    options = []
    m = list(re.finditer(r"\bthe (?=[a-z]{4,})", text))
    if m:
        options.append("adjective")
    if re.search(r"\b(he|she|they|it)\b", text):
        options.append("pronoun")
    if re.search(r"(?<=[a-z]) [A-Z][a-z]{3,}\b", text):
        options.append("apposition")
    if text.endswith("."):
        options.append("context")
    if text.startswith("The "):
        options.append("partial")
    if not options:
        return text, ""
    kind = rng.choice(options)
    if kind == "adjective":
        pos = rng.choice(m).end()
        adj = rng.choice(["Iraqi", "Lebanese", "Saudi", "Egyptian", "Syrian", "Iranian", "U.S.", "Israeli", "local", "then"])
        return f"{text[:pos]}[{adj}] {text[pos:]}", "bracket"
    if kind == "pronoun":
        pm = re.search(r"\b(he|she|they|it)\b", text)
        who = rng.choice(["the minister", "the president", "the group", "the government", "the official", _person(rng)])
        return f"{text[:pm.end()]} [{who}]{text[pm.end():]}", "bracket"
    if kind == "apposition":
        am = re.search(r"(?<=[a-z]) [A-Z][a-z]{3,}\b", text)
        what = rng.choice(["i.e., the opposition", "the former minister", f"in {rng.randint(1990, 2017)}",
                           "a reference to the ruling party", "sic", "..."])
        return f"{text[:am.end()]} [{what}]{text[am.end():]}", "bracket"
    if kind == "context":
        what = rng.choice([f"in {rng.randint(1990, 2017)}", f"of {rng.randint(1948, 2014)}", "in Iraq", "in Lebanon",
                           f"according to {_person(rng)}", "emphasis added"])
        return f"{text[:-1]} [{what}].", "bracket"
    return "[T]he " + text[4:], "partial"


_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _marker(style: str, k: int) -> str:
    return {"bracket": f"[{k}]", "caret": f"[^{k}]", "super": str(k).translate(_SUPER), "paren": f"({k})"}[style]


def _add_marker(rng: random.Random, text: str, mark: str) -> str:
    if text.endswith(".") and rng.random() < 0.6:
        return text + mark
    if text.endswith(".") and not mark.startswith("("):
        return text[:-1] + mark + "."
    words = text.split(" ")
    cut = max(1, len(words) // 2)
    if re.fullmatch(r"[A-Za-z]{3,}[,;]?", words[cut - 1]) and not mark.startswith("("):
        w = words[cut - 1]
        words[cut - 1] = w.rstrip(",;") + mark + w[len(w.rstrip(",;")):]
        return " ".join(words)
    return text + mark


# ------------------------------------------------------------------ building


def _read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _parse_gold(lines: list[str]) -> list[tuple[list[int], list[int]]]:
    out = []
    for line in lines:
        if line.strip():
            s, t = line.split(":")[:2]
            out.append(([int(x) for x in re.findall(r"\d+", s)], [int(x) for x in re.findall(r"\d+", t)]))
    return out


def dress_document(rng: random.Random, english: list[str], gold: list[tuple[list[int], list[int]]]):
    """One document dressed as a press translation.

    Returns ``(lines, gold, labels, edits, paragraphs)``: the new English
    lines, the renumbered gold beads, ``{line: label}`` for apparatus,
    ``{line: edit}`` for translated lines with inline conventions, and a
    paragraph number per line.
    """
    headline = english[0]
    topic = _content_words(" ".join(english[1:3]))
    style = rng.choice(["bracket"] * 6 + ["super"] * 2 + ["caret", "paren"])
    entities = [w for w in re.findall(r"\b[A-Z][a-z]{3,}(?: [A-Z][a-z]+)?", " ".join(english[1:])) if w.split()[0] not in _FUNCTION_START]

    # (kind, text, label, original index or None, paragraph-break-before)
    items: list[tuple[str, str, str, int | None]] = []
    intro = [_fix_articles(s) for s in _intro(rng, headline, topic)]
    intro_first = rng.random() < 0.5
    if intro_first:
        items += [("app", s, "editor's introduction", None) for s in intro]
    edits: dict[int, str] = {}
    notes: list[str] = []
    since_heading = 0
    gap = rng.randint(3, 5)
    for k, text in enumerate(english):
        if 0 < k < len(english) - 1 and since_heading >= gap:
            items.append(("app", _subheading(rng, " ".join(english[k:k + 2])), "subheading", None))
            since_heading, gap = 0, rng.randint(3, 5)
        edit = ""
        if k > 0:
            r = rng.random()
            if r < 0.12:
                text, edit = _frame(rng, text), "frame"
            elif r < 0.35:
                text, edit = _bracket(rng, text)
            if rng.random() < 0.13 and len(entities) > len(notes):
                notes.append(entities[len(notes)])
                text = _add_marker(rng, text, _marker(style, len(notes)))
                edit = edit or "marker"
        items.append(("tr", text, edit, k))
        since_heading += 1
        if k == 0 and not intro_first:
            items += [("app", s, "editor's introduction", None) for s in intro]
    if notes:
        if rng.random() < 0.6:
            items.append(("app", rng.choice(["Notes", "Footnotes", "Endnotes", "Notes:", "Sources", "Translator's notes"]), "footnotes heading", None))
        for n, entity in enumerate(notes, 1):
            mark = {"bracket": f"[{n}]", "caret": f"[^{n}]", "super": str(n).translate(_SUPER), "paren": f"{n}."}[style]
            for p, part in enumerate(_note(rng, entity)):
                items.append(("app", f"{mark} {part}" if p == 0 else part, "footnote", None))
    org = _org(rng)
    closing = _closing(rng, org)
    after_notes = rng.random() < 0.7
    closing_items = [("app", s, "closing boilerplate", None) for s in closing]
    if after_notes:
        items += closing_items
    else:
        first_note = next((i for i, it in enumerate(items) if it[2] in ("footnote", "footnotes heading")), len(items))
        items[first_note:first_note] = closing_items

    # Lines, labels, paragraphs.
    lines, labels, para = [], {}, []
    new_index: dict[int, int] = {}
    paragraph, in_para, last_label = -1, 0, None
    for kind, text, label, k in items:
        j = len(lines)
        lines.append(text)
        if kind == "app":
            labels[j] = label
            same = label == last_label and label in ("editor's introduction", "closing boilerplate") or (
                label == "footnote" and not re.match(r"^\s*(\[|\d|[⁰¹²³⁴⁵⁶⁷⁸⁹])", text))
            if not same:
                paragraph += 1
            last_label = label
            if label in ("subheading", "footnotes heading"):
                last_label = None
        else:
            new_index[k] = j
            if label:
                edits[j] = label
            if last_label != "tr" or in_para >= rng.randint(1, 3) or k == 0:
                paragraph, in_para = paragraph + 1, 0
            in_para += 1
            last_label = "tr" if k else None
        para.append(paragraph)

    # Gold: translated beads renumbered; each apparatus line a []:[j] bead
    # placed just before the bead holding the next translated line.
    beads = [(s, [new_index[t] for t in ts]) for s, ts in gold]
    pending = sorted(labels)
    out_beads: list[tuple[list[int], list[int]]] = []
    for s, ts in beads:
        if ts:
            while pending and pending[0] < ts[0]:
                out_beads.append(([], [pending.pop(0)]))
        out_beads.append((s, ts))
    out_beads += [([], [j]) for j in pending]
    return lines, out_beads, labels, edits, para


def build(source: Path = DEFAULT_SOURCE, out: Path = DEFAULT_OUT, seed: int = SEED) -> list[str]:
    """Write the development set; return the document names."""
    if not (source / "tgt").is_dir():
        raise FileNotFoundError(f"{source}: no tgt/ folder (expected the NTREX summary profile)")
    rng = random.Random(seed)
    docs = sorted(p.name for p in (source / "tgt").iterdir())
    for sub in ("src", "tgt", "gold", "labels", "edits", "paragraphs"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for doc in docs:
        english = _read(source / "tgt" / doc)
        gold = _parse_gold(_read(source / "gold" / doc))
        lines, beads, labels, edits, para = dress_document(rng, english, gold)
        (out / "src" / doc).write_text((source / "src" / doc).read_text(encoding="utf-8"), encoding="utf-8")
        (out / "tgt" / doc).write_text("".join(l + "\n" for l in lines), encoding="utf-8")
        (out / "gold" / doc).write_text("".join(f"{s}:{t}\n" for s, t in beads), encoding="utf-8")
        (out / "labels" / doc).write_text("".join(f"{j}\t{v}\n" for j, v in sorted(labels.items())), encoding="utf-8")
        (out / "edits" / doc).write_text("".join(f"{j}\t{v}\n" for j, v in sorted(edits.items())), encoding="utf-8")
        (out / "paragraphs" / doc).write_text("".join(f"{p}\n" for p in para), encoding="utf-8")
    return docs


# ------------------------------------------------------------------ measuring


def read_labels(path: Path) -> dict[int, str]:
    out = {}
    for line in _read(path):
        if line.strip():
            j, label = line.split("\t", 1)
            out[int(j)] = label
    return out


def press_table(devset_dir, predictions: dict) -> dict:
    """How the apparatus lines fare in aligned documents.

    ``predictions`` maps a document name to its :class:`align.model.Alignment`.
    Returns the number of apparatus lines, the share predicted ``editorial``
    (goal ≥ 0.95), the share in a bead carrying a warning or error flag (goal
    ≤ 0.05), per-label recall, and how many translated lines were wrongly
    predicted ``editorial``.
    """
    devset_dir = Path(devset_dir)
    total = editorial = flagged = translated = false_editorial = 0
    by_label: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc, alignment in sorted(predictions.items()):
        labels = read_labels(devset_dir / "labels" / doc)
        bead_of = {j: bead for bead in alignment.beads for j in bead.tgt}
        for j in range(len(alignment.tgt)):
            bead = bead_of[j]
            is_editorial = bead.kind == "editorial"
            if j in labels:
                total += 1
                editorial += is_editorial
                flagged += any(f.severity in ("warning", "error") for f in bead.flags)
                by_label[labels[j]][0] += 1
                by_label[labels[j]][1] += is_editorial
            else:
                translated += 1
                false_editorial += is_editorial
    share = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
    return {
        "documents": len(predictions),
        "apparatus_lines": total,
        "editorial_share": share(editorial, total),
        "flagged_share": share(flagged, total),
        "recall_by_label": {k: share(v[1], v[0]) for k, v in sorted(by_label.items())},
        "translated_lines": translated,
        "translated_marked_editorial": false_editorial,
    }


def recogniser_table(devset_dir, use_paragraphs: bool) -> dict:
    """Precision and recall of ``find_editorial`` alone over apparatus lines."""
    from align.model import Sentence
    from align.press import find_editorial

    devset_dir = Path(devset_dir)
    tp = fp = fn = 0
    per_label: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    false: list[str] = []
    for path in sorted((devset_dir / "tgt").iterdir()):
        doc = path.name
        lines = _read(path)
        paras = [int(x) for x in _read(devset_dir / "paragraphs" / doc)] if use_paragraphs else list(range(len(lines)))
        tgt = [Sentence(t, p) for t, p in zip(lines, paras)]
        src = [Sentence(t, i) for i, t in enumerate(_read(devset_dir / "src" / doc))]
        gold = read_labels(devset_dir / "labels" / doc)
        pred = find_editorial(tgt, src)
        for j, label in gold.items():
            per_label[label][0] += 1
            if j in pred:
                tp += 1
                per_label[label][1] += 1
            else:
                fn += 1
                misses.append(f"{doc}:{j} [{label}] {lines[j]}")
        for j in pred:
            if j not in gold:
                fp += 1
                false.append(f"{doc}:{j} [{pred[j]}] {lines[j]}")
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "apparatus_lines": tp + fn,
        "predicted": tp + fp,
        "recall_by_label": {k: round(v[1] / v[0], 4) for k, v in sorted(per_label.items())},
        "misses": misses,
        "false": false,
    }


def _align_dir(directory: Path, press: bool, encoder) -> dict:
    """Align every document of a bench folder as ``--presplit`` does (one
    sentence per line) and run the fidelity checks: the pipeline's stages,
    without its file readers."""
    from align.aligner import align_sentences
    from align.fidelity import check_alignment
    from align.model import Sentence

    out = {}
    for path in sorted((directory / "src").iterdir()):
        src = [Sentence(t, i) for i, t in enumerate(_read(path))]
        tgt = [Sentence(t, i) for i, t in enumerate(_read(directory / "tgt" / path.name))]
        alignment = align_sentences(src, tgt, encoder, press=press)
        check_alignment(alignment, encoder, press=press)
        out[path.name] = alignment
    return out


def _alignment_scores(directory: Path, predictions: dict) -> dict:
    from align.evaluate import read_beads, score_documents

    pairs = [(read_beads(directory / "gold" / doc), [(b.src, b.tgt) for b in a.beads]) for doc, a in predictions.items()]
    return score_documents(pairs)


def _brief_scores(s: dict) -> str:
    return (f"strict F1 {s['f1_strict']:.4f}, lax F1 {s['f1_lax']:.4f}, "
            f"omission F1 {s['omission']['f1']}, addition F1 {s['addition']['f1']} "
            f"(addition predicted {s['addition']['predicted']}, gold {s['addition']['gold']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="NTREX summary (or mixed) profile")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-align", action="store_true", help="measure find_editorial only")
    parser.add_argument("--show", type=int, default=10, help="misses and false hits to print")
    args = parser.parse_args(argv)
    try:
        docs = build(args.source, args.out)
    except FileNotFoundError as exc:
        print(f"press_devset: {exc}", file=sys.stderr)
        return 2
    labels = Counter(l for d in docs for l in read_labels(args.out / "labels" / d).values())
    print(f"built {len(docs)} documents in {args.out}; apparatus lines: {dict(labels)}")
    for use_paragraphs in (False, True):
        t = recogniser_table(args.out, use_paragraphs)
        mode = "paragraph structure" if use_paragraphs else "one sentence per line, no paragraphs"
        print(f"find_editorial ({mode}): precision {t['precision']}, recall {t['recall']} "
              f"({t['predicted']} predicted, {t['apparatus_lines']} apparatus); by label {t['recall_by_label']}")
        for line in t["misses"][: args.show]:
            print("   missed:", line)
        for line in t["false"][: args.show]:
            print("   false: ", line)
    if args.no_align:
        return 0
    try:
        from align.encoders import load_encoder

        encoder = load_encoder()
        press_pred = _align_dir(args.out, True, encoder)
        plain_pred = _align_dir(args.out, False, encoder)
        untouched = _align_dir(args.source, True, encoder)
    except ImportError as exc:
        print(f"aligner or fidelity checks not importable ({exc}): end-to-end figures skipped")
        return 0
    print("press table (press=True): ", press_table(args.out, press_pred))
    print("press table (press=False):", press_table(args.out, plain_pred))
    for name, directory, pred in (
        ("press-dev, press=True", args.out, press_pred),
        ("press-dev, press=False", args.out, plain_pred),
        ("untouched summary", args.source, untouched),
    ):
        s = _alignment_scores(directory, pred)
        print(f"{name}: {_brief_scores(s)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
