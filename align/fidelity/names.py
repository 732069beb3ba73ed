"""The name check: capitalised English names need a counterpart in the Arabic.

Owns picking names out of English text (capitalised words that are not
sentence-initial function words, titles, months or acronyms), the
transliteration matcher that compares an English name with Arabic words
(both reduced to a consonant skeleton, with Arabic clitics and the article
stripped, and compared by a weighted edit distance in which long vowels and
h are cheap and near sounds — k/q/g, s/z/sh, t/d — half price), and a small
table of names Arabic translates rather than transliterates (Egypt → مصر,
White House → البيت الأبيض).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..model import FidelityFlag, Span
from ..normalize import normalize_arabic
from .dates import EN_MONTHS, EN_WEEKDAYS

# Skeletons at least this similar count as the same name.
MATCH = 0.72

# Capitalised words that are not names, or that Arabic renders as ordinary
# words (titles, institutions, compass points): never flagged.
_GENERIC = set("""
the a an and or but if in on at of for to from by with as into about after before over under
he she it they we i you his her its their our my your this that these those there here then
mr mrs ms miss dr prof sir sen rep gov gen lt col capt sgt st jr sr mt
president prime minister secretary general governor mayor senator representative chief director
chairman chairwoman ceo king queen prince princess sheikh emir pope judge justice officer spokesman
spokeswoman ambassador commander leader chancellor lord lady
north south east west northern southern eastern western central upper lower new old great greater
united national international federal royal republic kingdom state states city county province
university college school hospital airport street road avenue square river sea ocean island islands
bay gulf mount lake park museum church mosque center centre department ministry agency office
committee council union party association foundation company group bank fund organization
organisation authority commission court police army navy force forces guard service services
house senate congress parliament assembly government administration club league cup championship
olympic olympics games world day week year news times post journal daily press radio tv
god christmas easter ramadan eid islamic muslim muslims christian christians jewish arab arabs
democrat democrats democratic republican republicans conservative conservatives labour liberal
supreme security global foreign research institute institution district festival judiciary intelligence
artificial defense defence stadium channel hotel power premier premiership elite next game citizen
affairs development economic finance health education energy environment justice interior trade
public social human rights federation conference summit forum award awards prize market exchange
""".split())

# Names Arabic usually translates: English word -> Arabic stems (normalised).
_EXONYMS_RAW = {
    "america": "امريك", "american": "امريك", "americans": "امريك",
    "britain": "بريطان", "british": "بريطان", "england": "انجلتر انكلتر انجليز انكليز",
    "english": "انجليز انكليز", "germany": "المان", "german": "المان", "germans": "المان",
    "egypt": "مصر", "egyptian": "مصر", "greece": "يونان", "greek": "يونان", "japan": "يابان", "japanese": "يابان",
    "china": "صين", "chinese": "صين", "india": "هند", "indian": "هند", "turkey": "ترك", "turkish": "ترك",
    "syria": "سوري", "syrian": "سوري", "iraq": "عراق", "iraqi": "عراق", "jordan": "اردن", "lebanon": "لبنان",
    "israel": "اسرايل", "israeli": "اسرايل", "palestine": "فلسطين", "palestinian": "فلسطين", "palestinians": "فلسطين",
    "morocco": "مغرب", "moroccan": "مغرب", "algeria": "جزاير", "tunisia": "تونس", "libya": "ليبي", "sudan": "سودان",
    "yemen": "يمن", "kuwait": "كويت", "qatar": "قطر", "emirates": "امارات", "bahrain": "بحرين",
    "oman": "عمان", "saudi": "سعود", "iran": "ايران", "iranian": "ايران", "russia": "روس", "russian": "روس",
    "france": "فرنس", "french": "فرنس", "spain": "اسبان", "spanish": "اسبان", "italy": "ايطال", "italian": "ايطال",
    "europe": "اوروب اوروپ", "european": "اوروب", "africa": "افريقي", "african": "افريقي", "asia": "اسيا اسيوي",
    "netherlands": "هولند", "dutch": "هولند", "holland": "هولند", "switzerland": "سويسر", "swiss": "سويسر",
    "sweden": "سويد", "swedish": "سويد", "norway": "نرويج", "denmark": "دنمارك دانمارك", "austria": "نمسا",
    "belgium": "بلجيك", "ireland": "ايرلند", "irish": "ايرلند", "scotland": "اسكتلند", "scottish": "اسكتلند",
    "wales": "ويلز", "welsh": "ويلز", "korea": "كوري", "korean": "كوري", "koreans": "كوري", "mexico": "مكسيك",
    "canada": "كندا", "canadian": "كندي", "brazil": "برازيل", "australia": "استرالي", "australian": "استرالي",
    "poland": "بولند بولون", "ukraine": "اوكران", "hungary": "مجر", "cyprus": "قبرص", "finland": "فنلند",
    "jerusalem": "قدس", "mecca": "مكه", "cairo": "قاهره", "damascus": "دمشق", "athens": "اثينا", "rome": "روما",
    "white": "الابيض", "pentagon": "بنتاغون بنتاجون", "kurdish": "كرد اكراد", "kurds": "كرد اكراد",
    "shia": "شيع", "shiite": "شيع", "sunni": "سن", "islam": "اسلام", "middle": "الاوسط",
    "twitter": "تويتر", "facebook": "فيسبوك فيس بوك", "instagram": "انستغرام انستجرام انستقرام",
}
_EXONYMS = {k: [normalize_arabic(s) for s in v.split()] for k, v in _EXONYMS_RAW.items()}

_WORD = re.compile(r"[A-Z][A-Za-z\u00c0-\u024f]*(?:['’-][A-Za-z\u00c0-\u024f]+)*")
_SENTENCE_START = re.compile(r"(^|[.!?:;\"“”‘«»(\[—–-]\s*|\n)\s*$")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0671-\u06d3\u06fa-\u06ff]+")
_AR_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ب", "ل", "ف", "ك")
_AR_SUFFIXES = ("يون", "يين", "ون", "ين", "يه", "ي", "ه", "ات")


@dataclass
class Name:
    text: str  # the English word as written
    start: int
    end: int
    key: str  # lower case, article and possessive removed


def english_names(text: str, document_names: set[str] | None = None) -> list[Name]:
    """Capitalised name words of an English sentence.

    A sentence-initial word counts only when the document also capitalises
    it mid-sentence (``document_names``, keys from :func:`mid_sentence_names`)
    or it is a known exonym.
    """
    out = []
    for m in _WORD.finditer(text):
        word = m.group()
        key = _name_key(word)
        if not key or key in _GENERIC or key in EN_MONTHS or key.rstrip("s") in EN_WEEKDAYS:
            continue
        if len(word) > 1 and word.replace("-", "").isupper():
            continue  # acronyms (GOP, NATO) are usually translated
        if len(key) < 3:
            continue
        if _SENTENCE_START.search(text[: m.start()]) and key not in _EXONYMS and key not in (document_names or set()):
            continue
        out.append(Name(word, m.start(), m.end(), key))
    return out


def mid_sentence_names(texts: list[str]) -> set[str]:
    """Keys of words the document capitalises somewhere mid-sentence."""
    found = set()
    for text in texts:
        for m in _WORD.finditer(text):
            if not _SENTENCE_START.search(text[: m.start()]):
                found.add(_name_key(m.group()))
    return found


def is_exonym(name: Name) -> bool:
    return name.key in _EXONYMS


def _name_key(word: str) -> str:
    w = word.lower().replace("’", "'")
    w = re.sub(r"'s$", "", w)
    w = re.sub(r"^(al|el|ad|ar|as|ash|at|az|an)-", "", w)
    return w.replace("'", "").replace("-", "")


# --- transliteration skeletons -------------------------------------------

_EN_DIGRAPHS = [("sch", "X"), ("sh", "X"), ("ch", "X"), ("th", "T"), ("ph", "F"), ("kh", "K"), ("gh", "G"),
                ("dh", "D"), ("ck", "K"), ("qu", "K"), ("ou", "W"), ("oo", "W"), ("ee", "Y"), ("ie", "Y")]
_EN_LETTERS = {"b": "B", "p": "B", "d": "D", "f": "F", "v": "F", "g": "G", "h": "H", "j": "J", "k": "K",
               "l": "L", "m": "M", "n": "N", "q": "K", "r": "R", "s": "S", "t": "T", "w": "W", "x": "KS",
               "y": "Y", "z": "Z", "o": "W", "u": "W", "i": "Y", "e": "Y", "a": ""}
_AR_LETTERS = {"ب": "B", "پ": "B", "ت": "T", "ث": "T", "ج": "J", "چ": "X", "ح": "H", "خ": "K", "د": "D",
               "ذ": "Z", "ر": "R", "ز": "Z", "س": "S", "ش": "X", "ص": "S", "ض": "D", "ط": "T", "ظ": "Z",
               "غ": "G", "ف": "F", "ڤ": "F", "ق": "K", "ك": "K", "گ": "G", "ل": "L", "م": "M", "ن": "N",
               "ه": "H", "و": "W", "ي": "Y", "ی": "Y"}
_NEAR = {frozenset(p) for p in ("KG", "GJ", "KX", "SZ", "SX", "TD", "DZ", "TS", "BF", "WF", "JX", "JZ", "WY")}
# Vowel letters and h cost less to insert or delete; the length a distance
# is divided by counts them at the same weight, so short names stay strict.
_CHEAP = {"W": 0.5, "Y": 0.5, "H": 0.6}


def en_skeleton(word: str) -> str:
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if "a" <= c <= "z")
    out = []
    i = 0
    while i < len(w):
        for digraph, code in _EN_DIGRAPHS:
            if w.startswith(digraph, i):
                out.append(code)
                i += len(digraph)
                break
        else:
            c = w[i]
            if c == "c":
                out.append("S" if w[i + 1 : i + 2] in ("e", "i", "y") else "K")
            elif c == "e" and i == len(w) - 1 and i > 0:
                pass  # a final silent e
            else:
                out.append(_EN_LETTERS.get(c, ""))
            i += 1
    return _collapse("".join(out))


def ar_skeleton(word: str) -> str:
    word = word.replace("تش", "چ")  # تشيلي: Chile
    return _collapse("".join(_AR_LETTERS.get(c, "") for c in word))


def _collapse(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=100_000)
def similarity(a: str, b: str) -> float:
    """1 - weighted edit distance / longer weighted length, on two skeletons."""
    if not a or not b:
        return 0.0
    prev = [0.0]
    for cb in b:
        prev.append(prev[-1] + _CHEAP.get(cb, 1.0))
    for ca in a:
        row = [prev[0] + _CHEAP.get(ca, 1.0)]
        for j, cb in enumerate(b, 1):
            sub = 0.0 if ca == cb else (0.4 if frozenset((ca, cb)) in _NEAR else 1.0)
            row.append(min(prev[j - 1] + sub, prev[j] + _CHEAP.get(ca, 1.0), row[j - 1] + _CHEAP.get(cb, 1.0)))
        prev = row
    return 1.0 - prev[-1] / max(_weight(a), _weight(b))


def _weight(s: str) -> float:
    return sum(_CHEAP.get(c, 1.0) for c in s)


def arabic_candidates(text: str) -> dict[str, tuple[int, int]]:
    """Skeletons of the Arabic words (clitics and article stripped, and
    adjacent pairs joined, for عبد الله ~ Abdullah) -> the span they came from."""
    words = [(m.start(), m.end(), normalize_arabic(m.group())) for m in _ARABIC_WORD.finditer(text)]
    out: dict[str, tuple[int, int]] = {}
    for k, (start, end, w) in enumerate(words):
        forms = {w}
        for p in _AR_PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= 2:
                forms.add(w[len(p) :])
        for f in list(forms):
            for s in _AR_SUFFIXES:
                if f.endswith(s) and len(f) - len(s) >= 2:
                    forms.add(f[: -len(s)])
        if k + 1 < len(words) and words[k + 1][0] - end <= 2:
            nxt = words[k + 1][2]
            forms |= {f + nxt for f in list(forms)}
        for f in forms:
            sk = ar_skeleton(f)
            if sk:
                out.setdefault(sk, (start, end))
    return out


def find_counterpart(name: Name, arabic_text: str, candidates: dict[str, tuple[int, int]] | None = None):
    """The span of the Arabic that renders ``name``, or None."""
    ar_key = normalize_arabic(arabic_text)
    if name.key in _EXONYMS:
        for stem in _EXONYMS[name.key]:
            pos = ar_key.find(stem)
            if pos >= 0:
                return (pos, pos + len(stem))
        return None
    candidates = arabic_candidates(arabic_text) if candidates is None else candidates
    forms = {name.key}
    if name.key.endswith("s"):
        forms.add(name.key[:-1])
    if "ng" in name.key:  # Beijing ~ بكين, Pyongyang ~ بيونغيانغ
        forms |= {f.replace("ng", "n") for f in forms}
    threshold = MATCH
    best, where = 0.0, None
    for form in forms:
        sk = en_skeleton(form)
        consonants = len(sk.replace("W", "").replace("Y", "").replace("H", ""))
        if consonants < 2:
            return (0, 0)  # too short to judge: never flagged
        need = max(0.85, threshold) if consonants == 2 else threshold
        for cand, span in candidates.items():
            sim = similarity(sk, cand)
            if sim > best:
                best, where = sim, span
        if best >= need:
            return where
    return None


@dataclass
class DocumentNames:
    """What the name check learns from the whole English document."""

    capitalised: set[str]  # keys of words capitalised mid-sentence somewhere
    common: set[str]  # words also written in lower case: ordinary words

    @classmethod
    def from_texts(cls, texts: list[str]) -> "DocumentNames":
        lower = {w for t in texts for w in re.findall(r"\b[a-z][a-z]+\b", t)}
        return cls(mid_sentence_names(texts), lower)


def name_groups(text: str, document: DocumentNames) -> list[list[Name]]:
    """Runs of name words ("Elizabeth Warren", "Boston Globe"): a run has a
    counterpart when any of its words has one (translators drop first names)."""
    groups: list[list[Name]] = []
    words = re.findall(r"[A-Za-z]{4,}", text)
    if words and sum(w[0].isupper() for w in words) > 0.6 * len(words):
        return []  # a title-case headline: capitals say nothing
    for name in english_names(text, document.capitalised):
        if name.key in document.common and name.key not in _EXONYMS:
            continue
        if groups and re.fullmatch(r"\s+|\s+(?:of|de|al|bin|ibn|van|von|the)\s+", text[groups[-1][-1].end : name.start]):
            groups[-1].append(name)
        else:
            groups.append([name])
    return groups


def check_names(
    src_texts: list[str], tgt_texts: list[str], document: DocumentNames, indices: list[int]
) -> tuple[dict[int, list[FidelityFlag]], dict[int, list[tuple[Name, tuple[int, int]]]]]:
    """Name flags for the beads at ``indices`` (positions into the text
    lists; the neighbours are read for the swap test), and the names matched
    to Arabic spans (for the consistency check)."""
    flags: dict[int, list[FidelityFlag]] = {}
    matched: dict[int, list[tuple[Name, tuple[int, int]]]] = {}
    cands: dict[int, dict] = {}

    def candidates(k: int):
        if k not in cands:
            cands[k] = arabic_candidates(src_texts[k])
        return cands[k]

    def found_in(group: list[Name], k: int) -> list[tuple[Name, tuple[int, int]]] | None:
        hits = [(n, find_counterpart(n, src_texts[k], candidates(k))) for n in group]
        if all(w is None for _, w in hits):
            return None
        return [(n, w) for n, w in hits if w not in (None, (0, 0))]

    for k in indices:
        if not src_texts[k] or not tgt_texts[k]:
            continue
        out = []
        for group in name_groups(tgt_texts[k], document):
            hits = found_in(group, k)
            if hits is not None:
                matched.setdefault(k, []).extend(hits)
                continue
            text = tgt_texts[k][group[0].start : group[-1].end]
            span = [Span("tgt", group[0].start, group[-1].end, text)]
            neighbour = next(
                (n for n in (k - 1, k + 1) if 0 <= n < len(src_texts) and src_texts[n] and found_in(group, n)),
                None,
            )
            elsewhere = neighbour is not None or any(
                src_texts[n] and found_in(group, n) for n in range(len(src_texts)) if n != k
            )
            if neighbour is not None:
                out.append(FidelityFlag(
                    "name", "error",
                    f"name '{text}' is not in this Arabic sentence but in the "
                    f"{'previous' if neighbour < k else 'next'} one: swapped or misplaced?",
                    span,
                ))
            elif elsewhere:
                out.append(FidelityFlag("name", "warning", f"name '{text}' has no counterpart in this Arabic sentence", span))
            else:
                # Found nowhere in the Arabic document: most often a rendering
                # the matcher does not know (Brexit, translated titles).
                out.append(FidelityFlag("name", "info", f"name '{text}' not recognised anywhere in the Arabic", span))
        if out:
            flags[k] = out
    return flags, matched
