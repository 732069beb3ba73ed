"""The name check: capitalised English names need a counterpart in the Arabic.

Owns picking names out of English text (capitalised words that are not
sentence-initial function words, titles, months or acronyms), the
transliteration matcher that compares an English name with Arabic words
(both reduced to a consonant skeleton, with Arabic clitics and the article
stripped, and compared by a weighted edit distance in which long vowels and
h are cheap and near sounds — k/q/g, s/z/sh, t/d — half price), and a small
table of names Arabic translates rather than transliterates (Egypt → مصر,
White House → البيت الأبيض), with CLDR's Arabic names of countries.  Words
run together without spaces (common in Arabic web text) are searched inside;
Latin-script names left in the Arabic match as written.

Checked both ways: an English name its Arabic sentence does not render, and
a document name whose Arabic rendering (learnt from the pairs that carry
both) is in an Arabic sentence whose English does not mention it.  Together
they read as a swap.  Absent alone is weak evidence (translators write "she"
for a name the English repeats), except for countries and for a name the
English document uses in only a few sentences.

A name flag also carries how much the Arabic word that nothing in the
English explains is spelt like a foreign name (:mod:`.transliteration`):
a replaced name leaves its original behind in the Arabic, a name Arabic
translates leaves only ordinary words.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ..model import FidelityFlag, Span, isolate_bidi
from ..normalize import normalize_arabic
from .dates import EN_MONTHS, EN_WEEKDAYS, arabic_months, arabic_weekdays
from .numbers import arabic_numbers
from .transliteration import default_model as transliteration_model

# Skeletons at least this similar count as the same name.
MATCH = 0.72
# A match taken as the document's rendering of a name (the swap and
# unrendered-name tests try names against many sentences, so chance matches
# add up) must be closer, the more so the fewer consonants the name has:
# consonants -> least similarity.
STRICT_MATCH = {3: 0.85, 4: 0.8}
STRICT_MATCH_LONG = 0.75
# A name the English document uses in at most this many sentences is not
# one a translator replaces with a pronoun or a description.
RARE_NAME_MENTIONS = 3
# ... nor one last named more than this many sentences before or after.
RECENT_SENTENCES = 2
# Renderings are learnt, and replaced names looked for, among the sentences
# within this many of the one checked: the whole of any news article, and
# time linear in the length of a book.
NAME_WINDOW = 50
# A word this long is usually several words run together (a typesetting
# fault common in Arabic web text); names are looked for inside it.
RUN_ON_LETTERS = 10
INNER_MATCH = 0.8
# An Arabic word at least this like a capitalised word of its English
# sentence is explained by it, for the transliteration evidence: looser than
# MATCH, so that a spelling the matcher rejects (Rangers ~ رينجرز) is not
# taken for a name the English lacks.
EXPLAINED = 0.6
# A name flag cites the Arabic word most like a foreign name when the
# transliteration model gives it at least these log-odds (even odds).
CITED_FOREIGN = 0.0

# Capitalised words that are not names, or that Arabic renders as ordinary
# words (titles, institutions, compass points): never flagged.
_GENERIC = set("""
the a an and or but if in on at of for to from by with as into about after before over under
he she it they we i you his her its their our my your this that these those there here then
mr mrs ms miss dr prof sir sen rep gov gen lt col capt sgt det insp supt st jr sr mt
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
    # Acronyms are never taken as names, but they explain the Arabic word.
    "us": "امريك", "usa": "امريك", "uk": "بريطان مملكه",
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
    "jerusalem": "قدس", "beijing": "بكين بيجين", "mecca": "مكه", "cairo": "قاهره", "damascus": "دمشق", "athens": "اثينا", "rome": "روما",
    "white": "الابيض", "pentagon": "بنتاغون بنتاجون", "kurdish": "كرد اكراد", "kurds": "كرد اكراد",
    "shia": "شيع", "shiite": "شيع", "sunni": "سن", "islam": "اسلام", "middle": "الاوسط",
    # Brexit is translated: الخروج (exit) of Britain from the European Union.
    "brexit": "بريكست خروج بريطان مملكه اوروب", "tories": "محافظ", "tory": "محافظ",
    "brussels": "بروكسل", "cologne": "كولونيا", "vienna": "فيينا", "geneva": "جنيف", "munich": "ميونخ ميونيخ",
    "venice": "البندقيه", "lisbon": "لشبون", "hague": "لاهاي",
    "twitter": "تويتر", "facebook": "فيسبوك فيس بوك", "instagram": "انستغرام انستجرام انستقرام",
}


def _country_names() -> dict[str, list[str]]:
    """English key -> Arabic stem of every country and territory with a
    one-word English name in CLDR (through babel): Arabic has settled forms
    for them (Honduras ~ هندوراس, Austria ~ النمسا), so a missing one is
    missing.  The stem drops the article and a final alef, so that the
    adjective (بوليفي from بوليفيا) matches too."""
    from babel import Locale

    arabic_names = Locale("ar").territories
    out = {}
    for code, english in Locale("en").territories.items():
        if not code.isalpha() or code not in arabic_names or not re.fullmatch(r"[A-Za-z]+", english):
            continue
        word = normalize_arabic(arabic_names[code]).split()[-1]
        word = word[2:] if word.startswith("ال") else word
        out[english.lower()] = [word[:-1] if len(word) >= 5 and word.endswith("ا") else word]
    return out


_HAND_EXONYMS = {k: [normalize_arabic(s) for s in v.split()] for k, v in _EXONYMS_RAW.items()}
_EXONYMS = {k: v for k, v in _country_names().items() if k not in _GENERIC} | _HAND_EXONYMS

# Institutions and events named with ordinary capitalised words that Arabic
# translates (and the name check therefore never tries to transliterate):
# English phrase -> Arabic stems, any of which renders it.
_INSTITUTIONS_RAW = {
    "Supreme Court": "المحكمه محكمه", "Senate": "الشيوخ الشيوخ سيناتور", "Congress": "الكونغرس الكونجرس الكونكرس",
    "White House": "البيت الابيض", "United Nations": "الامم المتحده", "Security Council": "مجلس الامن",
    "European Union": "الاتحاد الاوروبي", "Olympics": "اولمب", "Olympic": "اولمب", "Christmas": "ميلاد كريسماس",
    "Radio": "راديو اذاع", "Premiership": "دوري ممتاز بريميرشيب", "Champions League": "ابطال", "World Cup": "كاس العالم مونديال",
}
_INSTITUTIONS = [(re.compile(r"(?<![\w-])" + re.escape(k) + r"(?![\w-])"), [normalize_arabic(x) for x in v.split()])
                 for k, v in _INSTITUTIONS_RAW.items()]

_WORD = re.compile(r"[A-Z][A-Za-z\u00c0-\u024f]*(?:['’-][A-Za-z\u00c0-\u024f]+)*")
_SENTENCE_START = re.compile(r"(^|[.!?:;\"“”‘«»(\[—–-]\s*|\n)\s*$")
# A Latin-script word; a dotted acronym (U.S., U.N.) is one word.
_LATIN_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][A-Za-z'’]*")
# What may stand between two words of one name ("Bank of England", "Omar al Bashir").
_RUN_GAP = re.compile(r"\s+|\s+(?:of|de|al|bin|ibn|van|von|the)\s+")
# Letters, digits and the diacritics between them (أيضًا is one word).
_ARABIC_WORD = re.compile(r"[\u0621-\u065f\u0660-\u0669\u0670-\u06d3\u06fa-\u06ff]+")
_AR_ARTICLES = ("وبال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال")  # the article with its clitics
_AR_PREFIXES = _AR_ARTICLES + ("و", "ب", "ل", "ف", "ك")
# Arabic function words, never a name's rendering however close their
# skeleton (بينما ~ Panama, فقط ~ FAQs): normalised, and also with و or ف.
_AR_FUNCTION_WORDS = {normalize_arabic(w) for w in """
من إلى على عن في مع بين بينما عندما حيث حين حينما الذي التي الذين اللذان اللتان اللواتي أن إن أنه أنها إنه إنها
كان كانت يكون تكون كانوا هذا هذه ذلك تلك هؤلاء أولئك هناك قد لقد لم لن لا ما ماذا كيف أين متى أو أم ثم
لكن بل حتى إذا لو كل بعض غير فقط أيضا جدا مجرد كما منذ خلال عبر نحو ضد دون بعد قبل عند لدى أمام خلف فوق تحت
""".split()}
_AR_SUFFIXES = ("يون", "يين", "ون", "ين", "يه", "ي", "ه", "ات")


@dataclass
class Name:
    text: str  # the English word as written
    start: int
    end: int
    key: str  # lower case, article and possessive removed
    # With the ordinary capitalised word before it, where Arabic writes the
    # two as one name (New York ~ نيويورك): "newyork".
    compound: str = ""


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
        if len(word) > 1 and re.fullmatch(r"[A-Z]+s?", word.replace("-", "")):
            continue  # acronyms (GOP, NATO, MPs) are usually translated
        if len(key) < 3:
            continue
        if _SENTENCE_START.search(text[: m.start()]) and key not in _EXONYMS and key not in (document_names or set()):
            continue
        before = re.search(r"\b([A-Z][a-z]+) $", text[: m.start()])
        compound = _name_key(before.group(1)) + key if before and _name_key(before.group(1)) in _GENERIC else ""
        out.append(Name(word, m.start(), m.end(), key, compound))
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


def _english_keys(english: str) -> set[str]:
    """The name keys of every Latin-script word of a sentence."""
    return {_name_key(w) for w in _LATIN_WORD.findall(english)}


def _name_key(word: str) -> str:
    w = word.lower().replace("’", "'").replace(".", "")
    w = re.sub(r"'s$", "", w)
    w = re.sub(r"^(al|el|ad|ar|as|ash|at|az|an)-", "", w)
    return w.replace("'", "").replace("-", "")


# --- transliteration skeletons -------------------------------------------

_EN_DIGRAPHS = [("tio", "XW"), ("sch", "X"), ("sh", "X"), ("ch", "X"), ("th", "T"), ("ph", "F"), ("kh", "K"), ("gh", "G"),
                ("dh", "D"), ("ck", "K"), ("qu", "K"), ("ou", "W"), ("oo", "W"), ("ee", "Y"), ("ie", "Y")]
_EN_LETTERS = {"b": "B", "p": "B", "d": "D", "f": "F", "v": "F", "g": "G", "h": "H", "j": "J", "k": "K",
               "l": "L", "m": "M", "n": "N", "q": "K", "r": "R", "s": "S", "t": "T", "w": "W", "x": "KS",
               "y": "Y", "z": "Z", "o": "W", "u": "W", "i": "Y", "e": "Y",
               # a is mostly unwritten in Arabic, but the consonants either
               # side of it stay two (Nancy ~ نانسي): "|" keeps them apart
               # while doubled letters collapse, then goes.
               "a": "|"}
_AR_LETTERS = {"ب": "B", "پ": "B", "ت": "T", "ث": "T", "ج": "J", "چ": "X", "ح": "H", "خ": "K", "د": "D",
               "ذ": "Z", "ر": "R", "ز": "Z", "س": "S", "ش": "X", "ص": "S", "ض": "D", "ط": "T", "ظ": "Z",
               "غ": "G", "ف": "F", "ڤ": "F", "ق": "K", "ك": "K", "گ": "G", "ل": "L", "م": "M", "ن": "N",
               "ه": "H", "و": "W", "ي": "Y", "ی": "Y"}
_NEAR = ("KG", "GJ", "KX", "SZ", "SX", "TD", "DZ", "TS", "BF", "WF", "JX", "JZ", "WY")
_NEAR_TO = {c: "".join(p.replace(c, "", 1) for p in _NEAR if c in p) for c in {c for p in _NEAR for c in p}}
# Vowel letters and h cost less to insert or delete; the length a distance
# is divided by counts them at the same weight, so short names stay strict.
_CHEAP = {"W": 0.5, "Y": 0.5, "H": 0.6}
# Swapping two near letters (k/g, s/z, t/d ...) costs this.
NEAR_SWAP = 0.4


@lru_cache(maxsize=100_000)
def en_skeleton(word: str) -> str:
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if "a" <= c <= "z")
    w = re.sub(r"(?<=[aou])gh$", "", w)  # a silent final gh: Kavanaugh ~ كافانو
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
            elif c in "ei" and i == 0:
                pass  # Arabic writes an initial e or i with a bare alef (Elvie ~ إليفي)
            else:
                out.append(_EN_LETTERS.get(c, ""))
            i += 1
    return _collapse("".join(out)).replace("|", "")


@lru_cache(maxsize=100_000)
def ar_skeleton(word: str) -> str:
    word = word.replace("تش", "چ")  # تشيلي: Chile
    # Arabic writes a doubled consonant once (with a shadda, if at all), so
    # two in a row are two sounds with an unwritten vowel between them
    # (إيفيننج: Evening); only doubled vowel letters are one.
    return re.sub(r"([WYH])\1+", r"\1", "".join(_AR_LETTERS.get(c, "") for c in word))


def _collapse(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=100_000)
def similarity(a: str, b: str) -> float:
    """1 - weighted edit distance / longer weighted length, on two skeletons."""
    if not a or not b:
        return 0.0
    return 1.0 - _edit_row(a, b, free_ends=False)[-1] / max(_weight(a), _weight(b))


def inner_similarity(a: str, b: str) -> float:
    """How well skeleton ``a`` matches some stretch of the longer skeleton
    ``b`` (edit distance with free ends on ``b``), as 1 - distance / weight(a)."""
    if not a or not b:
        return 0.0
    return 1.0 - min(_edit_row(a, b, free_ends=True)) / _weight(a)


def _edit_row(a: str, b: str, *, free_ends: bool) -> list[float]:
    """Last row of the weighted edit distance of ``a`` against ``b``: vowel-like
    letters are cheap to drop, near letters cheap to swap; with ``free_ends``
    ``a`` may start and end anywhere in ``b``.  (The costs are looked up
    once per letter, not per cell: this runs tens of thousands of times a
    document.)"""
    drop_b = [_CHEAP.get(cb, 1.0) for cb in b]
    prev = [0.0] * (len(b) + 1)
    if not free_ends:
        for j, cost in enumerate(drop_b, 1):
            prev[j] = prev[j - 1] + cost
    for ca in a:
        drop_a = _CHEAP.get(ca, 1.0)
        near = _NEAR_TO.get(ca, "")
        left = prev[0] + drop_a
        row = [left]
        for j, cb in enumerate(b):
            sub = prev[j] + (0.0 if ca == cb else NEAR_SWAP if cb in near else 1.0)
            up = prev[j + 1] + drop_a
            left = left + drop_b[j]
            left = sub if sub < up and sub < left else (up if up < left else left)
            row.append(left)
        prev = row
    return prev


@lru_cache(maxsize=100_000)
def _weight(s: str) -> float:
    return sum(_CHEAP.get(c, 1.0) for c in s)


_LOWEST_STRICT_MATCH = min(STRICT_MATCH_LONG, *STRICT_MATCH.values())
_CHEAPEST_INDEL = min(_CHEAP.values())
_CHEAPEST_EDIT = min(_CHEAPEST_INDEL, NEAR_SWAP)


@dataclass
class ArabicWords:
    """An Arabic sentence prepared for name look-ups."""

    text: str
    key: str  # normalised text, for the exonym stems
    forms: dict[str, tuple[int, int]]  # skeleton of a word form -> span of the word
    runons: list[tuple[str, tuple[int, int]]]  # skeletons of words run together
    latin: dict[str, tuple[int, int]]  # Latin-script words left untranslated (Inrupt)
    stems: dict[str, tuple[int, int]]  # each word without clitics (see _stem) -> its span


def arabic_words(text: str) -> ArabicWords:
    """Skeletons of the Arabic words (clitics and article stripped, and
    adjacent pairs joined, for عبد الله ~ Abdullah) with the spans they came
    from; words long enough to be several run together are kept whole for a
    search inside them."""
    words = [(m.start(), m.end(), normalize_arabic(m.group())) for m in _ARABIC_WORD.finditer(text)]
    forms: dict[str, tuple[int, int]] = {}
    runons = []
    stems = {}
    for k, (start, end, w) in enumerate(words):
        if w in _AR_FUNCTION_WORDS or w[:1] in "وف" and w[1:] in _AR_FUNCTION_WORDS:
            continue
        stems.setdefault(_stem(w), (start, end))
        if _runs_on(w):
            runons.append((ar_skeleton(w), (start, end)))
        variants = {w}
        for p in _AR_PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= 2:
                variants.add(w[len(p) :])
        for f in list(variants):
            for s in _AR_SUFFIXES:
                if f.endswith(s) and len(f) - len(s) >= 2:
                    variants.add(f[: -len(s)])
        if k + 1 < len(words) and words[k + 1][0] - end <= 2:
            nxt = words[k + 1][2]
            variants |= {f + nxt for f in list(variants)}
        for f in sorted(variants, key=lambda v: (-len(v), v)):  # sorted: the same spans on every run
            sk = ar_skeleton(f)
            if sk:
                forms.setdefault(sk, (start, end))
    latin = {}
    for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*", text):
        latin.setdefault(_name_key(m.group()), (m.start(), m.end()))
    return ArabicWords(text, normalize_arabic(text), forms, runons, latin, stems)


def _consonants(skeleton: str) -> int:
    return len(skeleton.replace("W", "").replace("Y", "").replace("H", ""))


def name_likeness(name: Name, arabic: ArabicWords) -> float:
    """How closely the Arabic word most like ``name`` resembles it (skeleton
    similarity, 0 to 1): evidence for the calibration layer on a name the
    matcher did not accept (a spelling it does not know is close, a swapped
    name is not)."""
    sk = en_skeleton(name.key)
    return _closest_form(sk, arabic.forms)[0] if sk else 0.0


def _closest_form(sk: str, forms: dict[str, tuple[int, int]], best: float = 0.0, where=None, floor: float = 0.0):
    """(similarity, span) of the Arabic form most like skeleton ``sk``, if
    better than ``best`` (forms less similar than ``floor`` need not be
    found).  Forms that cannot beat both are skipped without computing
    their weighted distance: every edit costs at least :data:`_CHEAPEST_EDIT`,
    so the plain Levenshtein distance (computed in C) bounds it from below,
    and a length difference costs at least the cheapest insertion per letter."""
    weight = _weight(sk)
    for cand, span in forms.items():
        longer = max(weight, _weight(cand))
        bound = 1.0 - _CHEAPEST_INDEL * abs(len(sk) - len(cand)) / longer
        if bound <= best or bound < floor:
            continue
        bound = 1.0 - _CHEAPEST_EDIT * Levenshtein.distance(sk, cand) / longer
        if bound <= best or bound < floor:
            continue
        sim = similarity(sk, cand)
        if sim > best:
            best, where = sim, span
    return best, where


def find_counterpart(name: Name, arabic: ArabicWords | str, *, strict: bool = False):
    """The span of the Arabic that renders ``name``; ``(0, 0)`` when the name
    is too short to judge (never flagged); None when nothing renders it.
    ``strict`` asks for a match close enough to be taken as the document's
    rendering of the name."""
    if isinstance(arabic, str):
        arabic = arabic_words(arabic)
    if name.key in arabic.latin:
        return arabic.latin[name.key]
    if name.key in _EXONYMS and not strict:  # stems, not renderings: Britain and British share one
        stems = _EXONYMS[name.key]
        for m in _ARABIC_WORD.finditer(arabic.text):
            word = normalize_arabic(m.group())
            # Words run together (الصينوروسيابشأن) are searched inside.
            if names_place(word, stems) or _runs_on(word) and any(stem in word for stem in stems):
                return m.start(), m.end()
    forms = {name.key} | ({name.compound} if name.compound else set())
    parts = re.split(r"[-'’]", name.text.lower())
    if len(parts) > 1:  # Berners-Lee ~ بيرنرز لي, Plasco-Flaxman ~ بلاسكو, Yong-ho ~ يونج
        forms |= {_name_key(p) for p in parts if len(p) >= 3}
    if name.key.endswith("s"):
        forms.add(name.key[:-1])
    if "ng" in name.key:  # Beijing ~ بكين, Pyongyang ~ بيونغيانغ
        forms |= {f.replace("ng", "n") for f in forms}
    # No form less similar than the lowest threshold below can be returned.
    floor = _LOWEST_STRICT_MATCH if strict else min(_LOWEST_STRICT_MATCH, MATCH)
    best, where = 0.0, None
    for form in sorted(forms, key=lambda f: (f != name.key, f)):
        sk = en_skeleton(form)
        consonants = _consonants(sk)
        if consonants < 2 or strict and consonants < 3:
            if form != name.key:
                continue  # a variant too short to judge (Yong -> yon) says nothing
            return None if strict else (0, 0)
        # A known place without its known form renders only as a close
        # transliteration (a spelling the table lacks, Chile ~ شيلي), not as
        # a chance likeness (European ~ المعروفين).
        if strict or name.key in _EXONYMS and consonants >= 3:
            need = STRICT_MATCH.get(consonants, STRICT_MATCH_LONG)
        else:
            need = 0.85 if consonants == 2 else MATCH
        best, where = _closest_form(sk, arabic.forms, best, where, floor)
        if best >= need:
            return where
        if consonants >= 3:
            for cand, span in arabic.runons:
                if inner_similarity(sk, cand) >= INNER_MATCH:
                    return span
    return None


@dataclass
class DocumentNames:
    """What the name check learns from the whole English document."""

    capitalised: set[str]  # keys of words capitalised mid-sentence somewhere
    common: set[str]  # words also written in lower case: ordinary words
    mates: dict[str, list[Name]] = field(default_factory=dict)  # key -> names sharing a run with it
    display: dict[str, str] = field(default_factory=dict)  # key -> the name as first written
    mentions: dict[str, list[int]] = field(default_factory=dict)  # key -> the sentences that name it

    @classmethod
    def from_texts(cls, texts: list[str]) -> "DocumentNames":
        """Learn from ``texts``, one per bead (empty where there is none), so
        that ``mentions`` holds the bead positions :func:`check_names` uses."""
        lower = {w for t in texts for w in re.findall(r"\b[a-z][a-z]+\b", t)}
        doc = cls(mid_sentence_names(texts), lower)
        for k, text in enumerate(texts):
            groups = name_groups(text, doc)
            for key in {n.key for group in groups for n in group}:
                doc.mentions.setdefault(key, []).append(k)
            for group in groups:
                for n in group:
                    doc.display.setdefault(n.key, n.text)
                    mates = doc.mates.setdefault(n.key, [])
                    mates += [m for m in group if m.key != n.key and all(m.key != x.key for x in mates)]
        return doc


_TITLE_CASE_LOWER = set("a an the and or nor but of in on at to for by with from as into vs via "
                        "his her its their our my your".split())
_QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]")


def _title_case(text: str) -> bool:
    """A title-case headline: mostly capitalised words, and no lower-case
    word other than the short function words and possessives title case
    leaves small (a sentence has lower-case verbs: "Desert Island Discs is
    on BBC Radio 4")."""
    words = re.findall(r"[A-Za-z]{4,}", text)
    if not words or sum(w[0].isupper() for w in words) <= 0.6 * len(words):
        return False
    # (The t of a contraction, "Didn't", is no lower-case word.)
    return all(w in _TITLE_CASE_LOWER for w in re.findall(r"(?<!['’])\b[a-z]+\b", text))


def name_groups(text: str, document: DocumentNames) -> list[list[Name]]:
    """Runs of name words ("Elizabeth Warren", "Boston Globe"): a run has a
    counterpart when any of its words has one (translators drop first names)."""
    groups: list[list[Name]] = []
    if _title_case(text):
        return []  # a title-case headline: capitals say nothing
    # A quoted title of a work ("Just the Funny Parts") is translated.
    titles = [m.span(1) for m in _QUOTED.finditer(text) if len(m.group(1).split()) >= 3 and _title_case(m.group(1))]
    for name in english_names(text, document.capitalised):
        if name.key in document.common and name.key not in _EXONYMS or any(s <= name.start < e for s, e in titles):
            continue
        # A possessive ends a run: "Macedonia's Telma" names two things.
        last = groups[-1][-1] if groups else None
        if last and not re.search(r"['’]s$", last.text) and _RUN_GAP.fullmatch(text[last.end : name.start]):
            groups[-1].append(name)
        else:
            groups.append([name])
    return groups


def check_names(
    src_texts: list[str], tgt_texts: list[str], document: DocumentNames, indices: list[int]
) -> tuple[dict[int, list[FidelityFlag]], dict[int, list[tuple[Name, tuple[int, int]]]]]:
    """Name flags for the beads at ``indices`` (positions into the text
    lists; every pair is read to learn the document's renderings), and the
    names matched to Arabic spans (for the consistency check).

    Both directions: an English name with no rendering in its Arabic
    sentence, and an Arabic rendering of a document name (learnt from the
    pairs that mention it) whose English sentence does not mention it.  The
    two together are a swap.  Renderings are compared as Arabic words, not
    skeletons, so that trying every name of a document against a sentence
    does not pile up chance matches.
    """
    flags: dict[int, list[FidelityFlag]] = {}
    matched: dict[int, list[tuple[Name, tuple[int, int]]]] = {}
    prepared = {k: arabic_words(src_texts[k]) for k in range(len(src_texts)) if src_texts[k] and tgt_texts[k]}
    unmatched: dict[int, list[list[Name]]] = {}
    renderings: dict[str, dict[str, int]] = {}  # name key -> Arabic stem -> an Arabic sentence with it

    # Names of a matched run that are not rendered themselves (Jeremy
    # Europe, where only Jeremy is): weak alone, since translators keep a
    # first name or a surname, but evidence of a name put in.
    parts_missing: dict[int, list[Name]] = {}
    for k, arabic in prepared.items():
        for group in name_groups(tgt_texts[k], document):
            result = _found_in(group, arabic, document)
            if result is None:
                unmatched.setdefault(k, []).append(group)
                continue
            hits, missing = result
            matched.setdefault(k, []).extend(hits)
            parts_missing.setdefault(k, []).extend(missing)
            for n, _ in hits:
                span = _rendering_here(n, arabic)
                if span is not None:
                    renderings.setdefault(n.key, {}).setdefault(_stem(src_texts[k][span[0]:span[1]]), k)

    # A name its own sentence does not render but another Arabic sentence
    # does (closely): that is where the translator put it.  (A known place
    # is rendered by its known form, not by a likeness found by search.)
    learnt = set(renderings)
    for k, groups in unmatched.items():
        for n in (n for group in groups for n in group if n.key not in learnt and not is_exonym(n)):
            for j in _window(k, prepared):
                span = find_counterpart(n, prepared[j], strict=True) if j != k else None
                if span is None:
                    continue
                word = src_texts[j][span[0]:span[1]]
                # A word with the article is an Arabic word that happens to
                # look like the name (البيانات ~ Bennett), not its rendering.
                if not normalize_arabic(word).startswith(_AR_ARTICLES):
                    renderings.setdefault(n.key, {}).setdefault(_stem(word), j)

    learnt_order = {key: i for i, key in enumerate(renderings)}
    mentioned_at: dict[int, set[str]] = {}
    for key, positions in document.mentions.items():
        for j in positions:
            mentioned_at.setdefault(j, set()).add(key)
    for k in indices:
        if k not in prepared:
            continue
        claimed = [w for _, w in matched.get(k, [])]
        nearby = set().union(*(mentioned_at.get(j, set()) for j in _window(k, mentioned_at)))
        # In the order they were learnt, which decides what a flag cites first.
        nearby_renderings = {key: renderings[key]
                             for key in sorted(nearby & renderings.keys(), key=learnt_order.get)}
        unrendered = _unrendered(tgt_texts[k], prepared[k], document, nearby_renderings, claimed)
        out = []
        # The Arabic word most like a foreign name that nothing in the
        # English explains: what a replaced name leaves behind.
        foreign = Foreign.of(tgt_texts[k], prepared[k]) \
            if unmatched.get(k) or parts_missing.get(k) else None
        for group in unmatched.get(k, []):
            text = tgt_texts[k][group[0].start : group[-1].end]
            span = [Span("tgt", group[0].start, group[-1].end, text)]
            likeness = max(name_likeness(n, prepared[k]) for n in group)
            if unrendered:
                key, (s, e) = unrendered.pop(0)
                arabic = src_texts[k][s:e]
                out.append(FidelityFlag(
                    "name", "error",
                    f"name '{text}' is not in this Arabic sentence, which names «{isolate_bidi(arabic)}»"
                    f"{_elsewhere(document, key)} instead: swapped?",
                    span + [Span("src", s, e, arabic)],
                    evidence={"check": "name_swapped", "likeness": likeness},
                ))
                continue
            if any(is_exonym(n) for n in group):
                # Country and city names have known Arabic forms: missing is
                # missing, wherever else the document renders them.
                out.append(FidelityFlag("name", "warning", f"name '{text}' is not in this Arabic sentence", span,
                                        evidence={"check": "name_place_missing", "likeness": likeness,
                                                  **foreign.evidence}))
                continue
            elsewhere = sorted({j for n in group for j in renderings.get(n.key, {}).values() if j != k},
                               key=lambda j: abs(j - k))
            if elsewhere:
                distance = float(abs(elsewhere[0] - k))
                where = (f"in the {'previous' if elsewhere[0] < k else 'next'} one" if distance == 1
                         else "elsewhere in the document")
                # Absent alone is weak (the Arabic often says "the victim" or
                # "she" for a name the English repeats); it takes a place or
                # people the Arabic names and the English does not to read as
                # a replaced name.
                other = _unmatched_exonym(tgt_texts[k], prepared[k]) or _unmatched_document_name(
                    tgt_texts[k], prepared[k], document, nearby, claimed)
                if other:
                    out.append(FidelityFlag(
                        "name", "warning",
                        f"name '{text}' is not in this Arabic sentence (but {where}), which names "
                        f"«{isolate_bidi(src_texts[k][other[0]:other[1]])}» instead: replaced?",
                        span + [Span("src", other[0], other[1], src_texts[k][other[0]:other[1]])],
                        evidence={"check": "name_replaced", "likeness": likeness, "strength": distance}))
                elif _not_a_pronoun_for(group, k, document) and distance > 1 \
                        and not prepared[k].runons and not _part_of_a_longer_name(group, tgt_texts[k]):
                    # Not a name the Arabic would say "she" for: it was
                    # dropped, or is not the name here.  (Words run together
                    # may hide a short name.)
                    out.append(FidelityFlag(
                        "name", "warning",
                        f"name '{text}' is not in this Arabic sentence (but {where}): dropped or replaced?", span,
                        evidence={"check": "name_dropped", "likeness": likeness, "strength": distance,
                                  **foreign.evidence}))
                else:
                    out.append(FidelityFlag("name", "info",
                                            f"name '{text}' is not in this Arabic sentence but {where}", span,
                                            evidence={"check": "name_elsewhere", "likeness": likeness,
                                                      "strength": distance, **foreign.evidence}))
            else:
                # Found nowhere: most often a rendering the matcher does not
                # know, or an English word used as a name that Arabic translates.
                message, spans = f"name '{text}' not recognised in the Arabic", span
                if foreign.score >= CITED_FOREIGN:
                    s, e = foreign.span
                    word = src_texts[k][s:e]
                    message += f", which names «{isolate_bidi(word)}» (by its spelling) where the English has nothing like it"
                    spans = span + [Span("src", s, e, word)]
                out.append(FidelityFlag("name", "info", message, spans,
                                        evidence={"check": "name_unrecognised", "likeness": likeness,
                                                  # named only here: nothing else vouches for it
                                                  "strength": float(all(len(document.mentions.get(n.key, ())) <= 1
                                                                        for n in group)),
                                                  **foreign.evidence}))
        for n in parts_missing.get(k, []):
            out.append(FidelityFlag("name", "info", f"name '{n.text}' is not in this Arabic sentence (the rest of "
                                    f"its name is)", [Span("tgt", n.start, n.end, n.text)],
                                    evidence={"check": "name_part_missing", "strength": float(is_exonym(n)),
                                              "likeness": name_likeness(n, prepared[k]), **foreign.evidence}))
        out += _missing_institutions(tgt_texts[k], prepared[k])
        for key, (s, e) in unrendered:
            arabic = src_texts[k][s:e]
            # Alone this is context: English often says "he" or "Mrs May"
            # where the Arabic repeats the full name.
            out.append(FidelityFlag(
                "name", "info",
                f"the Arabic names «{isolate_bidi(arabic)}»{_elsewhere(document, key)} but this English sentence does not",
                [Span("src", s, e, arabic)],
                evidence={"check": "name_unrendered"},
            ))
        if out:
            flags[k] = out
    return flags, matched


def _window(k: int, positions) -> list[int]:
    """The positions among ``positions`` (a container of bead positions)
    within ``NAME_WINDOW`` of ``k``, in order."""
    return [j for j in range(max(0, k - NAME_WINDOW), k + NAME_WINDOW + 1) if j in positions]


def _not_a_pronoun_for(group: list[Name], k: int, document: DocumentNames) -> bool:
    """Whether English sentence ``k`` names ``group`` where a translator would
    not have put "she" or "the victim": translators do that for a name the
    English keeps repeating and named a sentence or two before, not for one
    it names in only a few sentences, or last named several sentences away."""
    mentions = [document.mentions.get(n.key, []) for n in group]
    if min(len(m) for m in mentions) <= RARE_NAME_MENTIONS:
        return True
    return min((abs(j - k) for m in mentions for j in m if j != k), default=0) > RECENT_SENTENCES


def _part_of_a_longer_name(group: list[Name], english: str) -> bool:
    """Whether ``group`` runs into an ordinary capitalised word (Select
    Committee, Trades Union, Desert Island, Evening News): the name of an
    institution or a work, which Arabic translates in one sentence and
    transliterates in another."""
    after = re.match(r"\s+([A-Z][a-z]+)", english[group[-1].end:])
    return bool(after) and _name_key(after.group(1)) in _GENERIC


def _elsewhere(document: DocumentNames, key: str) -> str:
    return f" ({document.display[key]} elsewhere in the English)" if key in document.display else ""


def _missing_institutions(english: str, arabic: ArabicWords) -> list[FidelityFlag]:
    """Warnings for translated institution names (the Supreme Court ~
    المحكمة العليا) that the Arabic sentence does not render."""
    if _title_case(english):
        return []
    out, seen = [], []
    for rx, stems in _INSTITUTIONS:
        for m in rx.finditer(english):
            if any(m.start() < e and s < m.end() for s, e in seen):
                continue
            seen.append((m.start(), m.end()))
            # The last word of another institution's name (the Trades Union
            # Congress) is not this institution.
            before = re.search(r"\b([A-Z][a-z]+)\s+$", english[: m.start()])
            if before and before.group(1).lower() not in _TITLE_CASE_LOWER:
                continue
            if not any(stem in arabic.key for stem in stems):
                out.append(FidelityFlag("name", "warning", f"name '{m.group()}' is not in this Arabic sentence",
                                        [Span("tgt", m.start(), m.end(), m.group())],
                                        evidence={"check": "name_institution_missing"}))
    return out


def _rendering_here(name: Name, arabic: ArabicWords):
    """The span of the Arabic word that renders ``name`` in a pair whose
    English has it: a strict match, or for a short name (Chile ~ تشيلي,
    Wasilla ~ واسيلا: two consonants, too few for a strict match) the same
    skeleton exactly.  Learning in the pair that names it is not a search
    over the document, so an exact short match is safe here."""
    span = find_counterpart(name, arabic, strict=True)
    if span is not None:
        return span
    sk = en_skeleton(name.key)
    return arabic.forms.get(sk) if _consonants(sk) >= 2 else None


# What may follow a place's stem in a word that names it: nothing, or an
# ending of its adjective or plural (مصر، مصري، مصرية، مصريون، كوريا).
_PLACE_ENDINGS = {"", "ا", "ه", "ي", "يا", "يه", "يون", "يين", "ين", "ون", "ات", "يات", "ان", "يان"}


def names_place(arabic_word: str, stems) -> bool:
    """Whether an Arabic word is a form of the place (or people) whose Arabic
    stems are ``stems``: a stem that begins the word after its clitics and is
    followed by an adjective or plural ending at most, so that مصر is in
    المصريين but not in مصرع, nor روس in رؤساء, nor ترك in تركت or مشترك."""
    word = normalize_arabic(arabic_word)
    forms = {word} | {word[len(p):] for p in _AR_PREFIXES if word.startswith(p)}
    return any(f.startswith(stem) and f[len(stem):] in _PLACE_ENDINGS for f in forms for stem in stems)


def _runs_on(word: str) -> bool:
    """Whether an Arabic word is too long to be one word, counted without the
    article (بالقشعريرة is one word, however long): several run together."""
    return len(word) - next((len(p) for p in _AR_ARTICLES if word.startswith(p)), 0) >= RUN_ON_LETTERS


def _unmatched_exonym(english: str, arabic: ArabicWords):
    """The span of a country, city or people the Arabic names (by its known
    Arabic stem) while the English has no word of that stem; None if none."""
    english_stems = {stem for w in _english_keys(english) for stem in _EXONYMS.get(w, ())}
    # The hand-made table only: CLDR's short stems also begin ordinary words
    # and names (كيني, Kenya, in كينيدي).
    wanted = sorted({stem for stems in _HAND_EXONYMS.values() for stem in stems
                     if stem not in english_stems and len(stem) >= 3 and " " not in stem})
    for m in _ARABIC_WORD.finditer(arabic.text):
        if names_place(m.group(), wanted):
            return m.start(), m.end()
    return None


def _unmatched_document_name(english: str, arabic: ArabicWords, document: DocumentNames, nearby: set[str],
                             claimed):
    """The span of an Arabic word that closely transliterates a name the
    document's English uses nearby (``nearby``: keys of the names within
    ``NAME_WINDOW`` sentences) but this English sentence lacks (and that no
    word of this sentence explains); None if none.  Together with a name of
    this English that its Arabic lacks, that reads as a replacement."""
    present = _english_keys(english)
    # (A hand-made exonym is translated, not transliterated.)
    absent = [Name(document.display[key], 0, len(document.display[key]), key) for key in document.display
              if key in nearby and key not in present and key not in _HAND_EXONYMS
              and not any(m.key in present for m in document.mates.get(key, []))]
    for m in _ARABIC_WORD.finditer(arabic.text):
        if any(m.start() < e and s < m.end() for s, e in claimed):
            continue
        word = arabic_words(m.group())
        if any(find_counterpart(name, word, strict=True) for name in absent) and not _accounted(m.group(), english):
            return m.start(), m.end()
    return None


def _found_in(group: list[Name], arabic: ArabicWords, document: DocumentNames):
    """The group's names matched in an Arabic sentence (a first name or
    surname the document pairs with them counts: translators use either),
    and, when some are, the group's other names that nothing renders; None
    when none is."""
    hits = [(n, find_counterpart(n, arabic)) for n in group]
    # A name too short to judge (Gus, ``(0, 0)``) does not vouch for the run
    # when a longer name of it is missing (Gus Poyet).
    if all(w is None or w == (0, 0) for _, w in hits) and any(w is None for _, w in hits):
        keys = {n.key for n in group}
        mates = [m for n in group for m in document.mates.get(n.key, []) if m.key not in keys]
        if not any(find_counterpart(m, arabic) not in (None, (0, 0)) for m in mates):
            return None
    found = [(n, w) for n, w in hits if w not in (None, (0, 0))]
    keys = {n.key for n, _ in found}
    # A run vouched for only by a mate the document pairs with it has no
    # names of its own found, and so none to call missing.
    missing = [n for n, w in hits if w is None and n.key not in keys] if found else []
    return found, missing


def _stem(arabic_word: str) -> str:
    """An Arabic word without its clitics and article, as a lexicon key."""
    w = normalize_arabic(arabic_word.strip())
    for p in _AR_PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 3:
            return w[len(p):]
    return w


def _unrendered(english: str, arabic: ArabicWords, document: DocumentNames, renderings, claimed) -> list:
    """(name key, Arabic span) for each name whose learnt Arabic rendering is
    in this sentence while neither it, a clipped form of it, nor a name it
    runs with is in the English, and for each capitalised Latin-script name
    the Arabic keeps as written (Inrupt, Telma) that the English lacks."""
    present = _english_keys(english)
    capitalised = {_name_key(w) for w in _LATIN_WORD.findall(english) if w[0].isupper()}
    out = [(key, span) for key, span in arabic.latin.items()
           if len(key) >= 3 and arabic.text[span[0]].isupper() and key not in present
           and not any(span[0] < e and s < span[1] for s, e in claimed)]
    for key, stems in renderings.items():
        if key in present or any(m.key in present for m in document.mates.get(key, [])):
            continue
        if any(len(c) >= 4 and key.startswith(c) for c in capitalised):
            continue  # a clipped form of the name (Insta for Instagram, Juve for Juventus)
        for stem in stems:
            span = arabic.stems.get(stem)
            if span is None:
                continue
            word = arabic.text[span[0]:span[1]]
            if not any(span[0] < e and s < span[1] for s, e in claimed + [w for _, w in out]) \
                    and not _accounted(word, english) and not is_ordinary_arabic_word(word):
                out.append((key, span))
            break
    return out


def is_ordinary_arabic_word(word: str) -> bool:
    """A weekday, a month or a number word (الثلاثاء, ساعتين, ثلاثة): words
    the date and number readers know, which a chance likeness to a name's
    rendering must never turn into "the Arabic names X instead"."""
    return bool(arabic_weekdays(word) or arabic_months(word) or arabic_numbers(word))


def _accounted(arabic_word: str, english: str) -> bool:
    """Whether a word of this English sentence explains the Arabic word,
    though the name check does not count it as a name: a capitalised
    ordinary word transliterated ("the Post" ~ بوست) or a word whose Arabic
    stem is known (Brexit ~ خروج بريطانيا)."""
    for w in _LATIN_WORD.findall(english):
        key = _name_key(w)
        if names_place(arabic_word, _EXONYMS.get(key, ())):
            return True
        if w[0].isupper() and len(key) >= 3 and find_counterpart(Name(w, 0, len(w), key), arabic_word, strict=True):
            return True
    return False


def unexplained_words(english: str, arabic: ArabicWords) -> list[tuple[str, tuple[int, int]]]:
    """(word, span) of each Arabic word of the pair that nothing in its
    English explains: not a function word, a number, a weekday or a month,
    not a known place of the English, and not like any capitalised English
    word (at :data:`EXPLAINED`).  The word is normalised, its article
    dropped (its other clitics stay: they begin names too, واشنطن).  What
    is left is ordinary words, and any name the English does not render.
    (Words beside a rendered name are kept: leaving them out as a first
    name the English dropped, تراك بالين for Palin, lost more swapped
    surnames than it spared faithful pairs.)"""
    capitalised = [w for w in _LATIN_WORD.findall(english) if w[0].isupper() and len(_name_key(w)) >= 3]
    claimed = []
    for w in capitalised:
        span = find_counterpart(Name(w, 0, len(w), _name_key(w)), arabic)
        if span and span != (0, 0):
            claimed.append(span)
    skeletons = [sk for sk in (en_skeleton(_name_key(w)) for w in capitalised) if sk]
    out = []
    for m in _ARABIC_WORD.finditer(arabic.text):
        word = normalize_arabic(m.group())
        if len(word) < 3 or word in _AR_FUNCTION_WORDS or word[:1] in "وف" and word[1:] in _AR_FUNCTION_WORDS:
            continue
        if any(m.start() < e and s < m.end() for s, e in claimed):
            continue
        if is_ordinary_arabic_word(word) or _accounted(m.group(), english):
            continue
        forms = arabic_words(m.group()).forms
        if any(_closest_form(sk, forms, floor=EXPLAINED)[0] >= EXPLAINED for sk in skeletons):
            continue
        # A clipped form in the English (Insta for إنستغرام) explains it too.
        whole = ar_skeleton(word)
        if any(_consonants(sk) >= 3 and inner_similarity(sk, whole) >= INNER_MATCH for sk in skeletons):
            continue
        out.append((_without_article(m.group()), m.span()))
    return out


def _without_article(word: str) -> str:
    """A normalised word without its article; one written with a hamza
    (إليزابيث، ألبرتو) begins a name, not the article, and is kept whole."""
    key = normalize_arabic(word)
    if word.startswith(("إل", "أل")):
        return key
    for article in _AR_ARTICLES:
        if key.startswith(article) and len(key) - len(article) >= 2:
            return key[len(article):]
    return key


def transliteration_examples(src_texts: list[str], tgt_texts: list[str]) -> list[tuple[str, bool]]:
    """Training words for :class:`~align.fidelity.transliteration.TransliterationModel`
    from a document's faithful pairs: each Arabic word the matcher takes as
    the rendering of a name of its English (True), and each word nothing in
    its English explains (False: ordinary words, and the few names the
    matcher misses)."""
    document = DocumentNames.from_texts(tgt_texts)
    out = []
    for src, tgt in zip(src_texts, tgt_texts):
        if not src or not tgt:
            continue
        arabic = arabic_words(src)
        renderings = [span for group in name_groups(tgt, document) for n in group
                      if (span := _rendering_here(n, arabic)) not in (None, (0, 0))]
        for m in _ARABIC_WORD.finditer(src):
            if any(m.start() < e and s < m.end() for s, e in renderings) and len(m.group()) >= 3:
                out.append((_without_article(m.group()), True))
        out += [(word, False) for word, span in unexplained_words(tgt, arabic)
                if not any(span[0] < e and s < span[1] for s, e in renderings)]
    return out


@dataclass
class Foreign:
    """The unexplained Arabic words of a pair and the one spelt most like a
    transliterated foreign name (its log-odds, ``transliteration.NO_WORD``
    if none)."""

    words: list[str]
    score: float
    span: tuple[int, int] | None

    @classmethod
    def of(cls, english: str, arabic: ArabicWords) -> "Foreign":
        found = unexplained_words(english, arabic)
        score, k = transliteration_model().most_foreign(w for w, _ in found)
        return cls([w for w, _ in found], score, found[k][1] if k is not None else None)

    @property
    def evidence(self) -> dict:
        # The words go with the score so that bench/fidelity_eval.py can
        # score them again with each fold's own model.
        return {"foreign": self.score, "unexplained": self.words}
