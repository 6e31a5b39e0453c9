"""Matching people's names across spellings and across the Arabic and Latin scripts.

Pure functions, no database: used by member search (`tanzim.people.search`), imports and
de-duplication. Scores run from 0 to 100; `SAME_NAME` (85) is the score from which two words or
names are taken to be the same name written differently.

Words
-----
A name is folded (`tanzim.core.text.fold_arabic` / `fold_latin`: diacritics, tatweel, hamza forms of
alef, ؤ/ئ, ة→ه, accents and case) and split on spaces, hyphens and punctuation; apostrophes are
dropped inside words (M'hamed → mhamed). Alef maqsura (ى) is kept apart from ي: it sounds "a"
(مصطفى, موسى, ليلى). Particles are joined to the word they introduce, so that spacing does not
matter: the article (ال حجيرة → الحجيرة, El Hjira → elhjira, En-Najjari → ennajjari), بن/ابن and
Ben/Bin/Ibn (all written بن / ben), آيت/أيت and Aït/Ait (ايت / ait), أبو/بو, أو/Ou, and عبد/Abd/Abdel.
For ben, ait, ou, abou and bou the word without its particle is also indexed ("Ben Ali" is found by
"Ali").

Skeleton
--------
`skeleton(word)` is one consonant skeleton shared by both scripts, built from consonant classes:

    B ب پ b p        T ت ط ث t th   J ج j dj       H ح ه h         X خ kh x      D د ذ ض ظ d dh
    R ر r            Z ز z          S س ص s c(e,i,y)                 C ش ch sh sch  G غ gh
    F ف ڤ f v ph     K ق ك ڭ گ k q g c ck           L ل l    M م m    N ن n

Vowels are not part of the skeleton: a e i o u y w and ou in Latin, ا و ي ى and ع ء in Arabic
(Latin writes ع and hamza as vowels, و and ي as ou/w and i/y). Doubled consonants collapse
(Najjari = Najari, Mohammed = Mohamed; Arabic shadda is already gone). Further rules:

- the article is dropped: Arabic ال at the start of a word; Latin el-/al- before a consonant,
  a lone l before a consonant (Lhajj), and the assimilated forms en-/es-/ez-/ech-/et-/ed-/er-/an-/
  as-/… recognised by the doubled consonant that follows (Ennajjari, Essaidi, Echchaoui);
- a leading L that is not a recognisable article (Lahjira, لحجيرة, Lamrani, Ilham) is dropped when
  two consonants or more remain: in Moroccan names it is nearly always the article;
- after عبد / Abd the article's L is dropped too (Abdellatif = عبد اللطيف, Abderrahim = عبد الرحيم);
- a final ه is read as ة, i.e. a vowel (الحجيره = الحجيرة); a final Latin h is a consonant (Salah);
- French silent final e is dropped (Othmane, Amine); Arabizi digits 3/2 (ع/ء), 7 (ح), 9 (ق) and
  5 (خ) are read.

Examples: محمد, Mohamed, Mohammed, Mhamed → MHMD; أحمد, Ahmed → HMD; الحجيرة, الحجيره, لحجيرة,
El Hjira, Lahjira, Hjira → HJR; النجاري, Ennajjari, Najari → NJR.

Where a spelling is truly ambiguous a word has *variants* with a small cost (`skeleton_variants`):
the article's L kept (الياس ~ Ilyas), the leading L kept or dropped, a final ه read as h (عبد الله ~
Abdellah, فقيه ~ Fkih), a final Latin h dropped, Latin th/dh/sh read as two letters and Arabic
تح/طح/ته/دح/ده/سح/سه/صح as one (فتحي ~ Fathi, إسحاق ~ Ishak).

Similarity
----------
Two words with a common skeleton variant are compared vowel slot by vowel slot (the vowels
before, between and after the consonants). Arabic writes only long vowels, so:

- Arabic vs Latin: a Latin vowel where Arabic writes none costs nothing (short vowels: Mohamed =
  محمد), except i, which costs a little; an Arabic long vowel needs a compatible Latin one
  (ا ~ a/e, ي ~ i/e, و ~ ou/u/o): محمود ≠ Mohamed. A word-initial alef needs a Latin vowel (أحمد ≠
  Hamid), ع, ء and ى accept anything.
- Latin vs Latin: a vowel present in one and missing in the other costs a little (Mhamed ~
  Mohamed), e (the French schwa) is close to every vowel and o to u, other differences cost a
  full point (Mahmoud ≠ Mohamed, Ali ≠ Alaoui).
- Arabic vs Arabic: long vowels must agree (محمود ≠ محمد).

Each point of cost removes 20 from 100 (same script; less 1 and a tenth of the rapidfuzz distance
between the folded words, so that the exact spelling ranks first) or from 95 (across scripts);
identical folded words score 100. Words without a common skeleton score at most 70 (rapidfuzz
ratio of the skeletons, or of the folded words within one script: typos), so محمد / أحمد (MHMD /
HMD) stay apart. `name_similarity` pairs the words of two names whatever their order;
`query_similarity` and `person_name_score` rank a search query against names.

Known limits: Latin vowels cannot be checked against unvocalised Arabic (Mahmoud fits محمد as
well as Mohamed does; `person_name_score` prefers the person's own Latin spelling); names that
share a skeleton are told apart by their vowels only (Hajar / Hjira: 70, هاجر / Hjira: 81); a
compound written as one word in one spelling and two in the other (Fatimazahra) is recognised by
`name_similarity` only; typos that change a consonant fall back to the 70-point ceiling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from rapidfuzz import fuzz

from tanzim.core.text import fold_arabic, fold_latin

SAME_NAME = 85.0  # from this score two words or names are the same name written differently

_POINT = 20.0  # score removed per point of cost
_CROSS_BASE = 95.0  # best score across scripts: the exact spelling ranks first
_NO_SKELETON_CAP = 70.0  # best score of two words that share no skeleton
_BARE_COST = 15.0  # "Ben Ali" against "Ali"
_CROSS_DISCOUNT = 15.0  # a person written in the query's script is judged on that spelling first
_EXTRA_WORD_NAME = 8.0  # name_similarity: per word one name has more than the other
_JOINED = 88.0  # name_similarity: the same skeletons, split into words differently
_EXTRA_WORD_QUERY = 1.5  # query_similarity: per name word the query does not mention

# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------

_ARABIC_RUN = re.compile("([\u0600-\u06ff\u0750-\u077f\ue000]+)")
_SEPARATORS = re.compile(r"[\s\-_‐‑–—.,;:!?/\\()\[\]{}«»‹›\"“”،؛؟|+&*#@<>=~^]+")
_APOSTROPHES = re.compile("['’‘`´ʼʻ]")
_NOT_LATIN = re.compile("[^a-z0-9]")
_KEEP_ALEF_MAQSURA = "\ue000"  # ى survives fold_arabic under this private-use character

_AR_ARTICLE = "ال"
_AR_PARTICLES = {"بن": "بن", "ابن": "بن", "ابو": "ابو", "بو": "بو", "ايت": "ايت", "او": "او", "عبد": "عبد"}
_AR_BARE = {"بن", "ابو", "بو", "ايت", "او"}  # the word without the particle is indexed too
_LA_ARTICLES = {
    "el", "al", "l", "ul", "ed", "ad", "er", "ar", "es", "as", "ech", "ach", "esh", "ash",
    "ez", "az", "et", "at", "en", "an", "eth", "ath",
}  # fmt: skip
_LA_PARTICLES = {
    "ben": "ben", "bin": "ben", "ibn": "ben", "ebn": "ben",
    "ait": "ait", "ayt": "ait", "aith": "ait",
    "ou": "ou", "abou": "abou", "abu": "abou", "bou": "bou", "bu": "bou",
    "abd": "abd", "abdel": "abdel", "abdal": "abdal", "abdul": "abdul", "abdoul": "abdoul",
}  # fmt: skip
_LA_BARE = {"ben", "ait", "ou", "abou", "bou"}


@dataclass(frozen=True, slots=True)
class _Word:
    text: str  # folded, particles joined
    script: str  # "ar" or "la"
    bare: str = ""  # the word without a ben/ait/ou/abou/bou particle, if it had one


def _fold_arabic_word(run: str) -> str:
    folded = fold_arabic(run.replace("ى", _KEEP_ALEF_MAQSURA)).replace(_KEEP_ALEF_MAQSURA, "ى")
    return "".join(ch for ch in folded if unicodedata.category(ch).startswith("L"))


def _tokens(name: str) -> list[tuple[str, str]]:
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", name or ""))
    tokens = []
    for raw in _SEPARATORS.split(text):
        for run in _ARABIC_RUN.split(raw):
            if not run:
                continue
            if _ARABIC_RUN.fullmatch(run):
                word, script = _fold_arabic_word(run), "ar"
            else:
                word, script = _NOT_LATIN.sub("", fold_latin(run)), "la"
                if not re.search("[a-z]", word):
                    word = ""
            if word:
                tokens.append((script, word))
    return tokens


def _particle(script: str, token: str) -> str | None:
    """The normalised particle, or None when the token is an ordinary word."""
    if script == "ar":
        return _AR_ARTICLE if token == _AR_ARTICLE else _AR_PARTICLES.get(token)
    return token if token in _LA_ARTICLES else _LA_PARTICLES.get(token)


@lru_cache(maxsize=50_000)
def _words(name: str) -> tuple[_Word, ...]:
    tokens = _tokens(name)
    words: list[_Word] = []
    prefix: list[str] = []
    bare_after = -1  # index in `prefix` after which the bare word starts
    for index, (script, token) in enumerate(tokens):
        particle = _particle(script, token)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if particle and following and following[0] == script:
            if particle in (_AR_BARE if script == "ar" else _LA_BARE):
                bare_after = len(prefix)
            prefix.append(particle)
            continue
        parts = [*prefix, token]
        bare = "".join(parts[bare_after + 1 :]) if bare_after >= 0 else ""
        words.append(_Word("".join(parts), script, bare))
        prefix, bare_after = [], -1
    return tuple(words)


def match_words(name: str) -> list[str]:
    """The words of a name, folded, particles joined ("El Hjira" → "elhjira", "ابن علي" → "بنعلي")."""
    return [word.text for word in _words(name)]


def arabic_words(name: str) -> list[str]:
    """The Arabic-script words of a name, folded, particles joined (ال حجيرة → الحجيره)."""
    return [word.text for word in _words(name) if word.script == "ar"]


def latin_words(name: str) -> list[str]:
    """The Latin-script words of a name, folded, particles joined (Aït-Ali → aitali)."""
    return [word.text for word in _words(name) if word.script == "la"]


def index_words(full_name: str) -> list[tuple[str, str]]:
    """(word, skeleton) pairs to index a name under: its words, and the bare words after ben/ait/ou/bou."""
    pairs: dict[str, str] = {}
    for word in _words(full_name):
        for text in (word.text, word.bare):
            if text and text not in pairs:
                pairs[text] = _parse(word.script, text).skeleton
    return list(pairs.items())


# ---------------------------------------------------------------------------------------------
# Phonetic parse: consonant classes and vowel slots, with variants
# ---------------------------------------------------------------------------------------------

# A unit is ("C", class) or ("V", vowel); a group is ("G", ((units, cost), ...)), first = canonical.
_Unit = tuple

_LA_VOWELS = {"a": "a", "e": "e", "i": "i", "y": "i", "o": "o", "u": "u", "w": "u"}
_LA_CONSONANTS = {
    "b": "B", "p": "B", "t": "T", "d": "D", "j": "J", "g": "K", "k": "K", "q": "K", "x": "X",
    "r": "R", "z": "Z", "s": "S", "f": "F", "v": "F", "l": "L", "m": "M", "n": "N", "h": "H",
    "7": "H", "8": "H", "9": "K", "5": "X",
}  # fmt: skip
_LA_WILD = {"2", "3"}  # Arabizi hamza and ع
_LA_CONSONANT_LETTERS = "bcdfghjklmnpqrstvxz"
_LA_ARTICLE = re.compile(f"(?:[ea]l(?=[{_LA_CONSONANT_LETTERS}])|l(?=[{_LA_CONSONANT_LETTERS}]))")
_LA_ASSIMILATED = re.compile(r"[ea](ch|sh|th|dh|[tdrzsnl])(?=\1)")

_AR_VOWELS = {"ا": "a", "و": "u", "ي": "i", "ى": "*", "ع": "*", "ء": "*", "أ": "*", "إ": "*", "آ": "*"}
_AR_CONSONANTS = {
    "ب": "B", "پ": "B", "ت": "T", "ط": "T", "ث": "T", "ج": "J", "ح": "H", "خ": "X", "د": "D",
    "ذ": "D", "ض": "D", "ظ": "D", "ر": "R", "ز": "Z", "ژ": "Z", "س": "S", "ص": "S", "ش": "C",
    "چ": "C", "غ": "G", "ف": "F", "ڤ": "F", "ق": "K", "ك": "K", "ک": "K", "گ": "K", "ڭ": "K",
    "ل": "L", "م": "M", "ن": "N", "ه": "H",
}  # fmt: skip
_AR_BEFORE_H = {"ت": "T", "ط": "T", "ث": "T", "د": "D", "ذ": "D", "ض": "D", "س": "C", "ص": "C"}
_MAX_GROUPS = 4

# The Arabic article: dropped (canonical), or kept as an L after any vowel (الياس ~ Ilyas).
_AR_ARTICLE_L: tuple = ("G", (((), 0.0), ((("V", "*"), ("C", "L")), 0.0)))


@dataclass(frozen=True, slots=True)
class _Variant:
    skeleton: str
    slots: tuple[frozenset[str], ...]  # len(skeleton) + 1 vowel slots
    cost: float


@dataclass(frozen=True, slots=True)
class _Parsed:
    skeleton: str
    variants: tuple[_Variant, ...]


def _latin_article(first: str) -> _Unit:
    """The Latin article: dropped (canonical), or kept as an L after the vowel written (if any)."""
    kept = ((("V", _LA_VOWELS[first]), ("C", "L")) if first in "ea" else (("C", "L"),), 0.0)
    return ("G", (((), 0.0), kept))


def _latin_units(word: str) -> list[_Unit]:
    if len(word) >= 4 and word.endswith("e") and word[-2] not in "aeiouy":
        word = word[:-1]  # French silent e: Othmane, Amine
    units: list[_Unit] = []
    i, n = 0, len(word)
    if word.startswith("abd") and n > 4:
        units += [("V", "a"), ("C", "B"), ("C", "D")]
        i = 3
        while i < n and word[i] in "aeiou":
            units.append(("V", "*"))
            i += 1
        if i < n - 1 and word[i] == "l":  # Abdellatif, Abdelaziz: the article's l
            units.append(("G", (((), 0.0), ((("C", "L"),), 0.25))))
            i += 1
    elif match := _LA_ASSIMILATED.match(word):
        units.append(_latin_article(word[0]))
        i = 1 + len(match.group(1))  # Ennajjari → najjari, Echchaoui → chaoui
    elif (match := _LA_ARTICLE.match(word)) and n - match.end() >= 2:
        units.append(_latin_article(word[0]))
        i = match.end()  # Elhjira → hjira, Lhajj → hajj
    while i < n:
        two, ch = word[i : i + 2], word[i]
        nxt = word[i + 1] if i + 1 < n else ""
        step = 2
        if word[i : i + 3] in ("sch", "tch"):
            units.append(("C", "C"))
            step = 3
        elif two == "ch":
            units.append(("C", "C"))
        elif two == "sh":
            units.append(("G", (((("C", "C"),), 0.0), ((("C", "S"), ("C", "H")), 0.25))))
        elif two in ("th", "dh"):
            letter = "T" if ch == "t" else "D"
            units.append(("G", (((("C", letter),), 0.0), ((("C", letter), ("C", "H")), 0.25))))
        elif two == "kh":
            units.append(("C", "X"))
        elif two == "gh":
            units.append(("C", "G"))
        elif two == "ph":
            units.append(("C", "F"))
        elif two == "dj":
            units.append(("C", "J"))
        elif two == "ck" or (two == "qu" and i + 2 < n and word[i + 2] in "aeiouy"):
            units.append(("C", "K"))
        elif two in ("ou", "oo"):
            units.append(("V", "u"))
        else:
            step = 1
            if ch == "c":
                units.append(("C", "S" if nxt in "eiy" else "K"))
            elif ch == "h" and i == n - 1 and i > 0:  # Salah, Abdellah; may be silent
                units.append(("G", (((("C", "H"),), 0.0), ((), 0.25))))
            elif ch in _LA_VOWELS:
                units.append(("V", _LA_VOWELS[ch]))
            elif ch in _LA_CONSONANTS:
                units.append(("C", _LA_CONSONANTS[ch]))
            elif ch in _LA_WILD:
                units.append(("V", "*"))
        i += step
    return units


def _arabic_units(word: str) -> list[_Unit]:
    units: list[_Unit] = []
    i, n = 0, len(word)
    if word.startswith("عبد") and n > 3:
        units += [("V", "*"), ("C", "B"), ("C", "D")]
        i = 3
        if word.startswith(_AR_ARTICLE, 3) and n > 6:  # عبد اللطيف: the article's L dropped
            units.append(("G", (((("V", "*"),), 0.0), ((("V", "*"), ("C", "L")), 0.0))))
            i = 5
    elif word.startswith(_AR_ARTICLE) and n >= 4:
        units.append(_AR_ARTICLE_L)
        i = 2
    start = i
    while i < n:
        ch = word[i]
        nxt = word[i + 1] if i + 1 < n else ""
        if ch == "ا" and i == start:
            units.append(("V", "+"))  # word-initial alef: some vowel is written in Latin
        elif ch == "ه" and i == n - 1 and i > start:  # ة folded to ه, or a real final h
            units.append(("G", (((("V", "a"),), 0.0), ((("C", "H"),), 0.25))))
        elif ch in _AR_BEFORE_H and nxt in ("ح", "ه") and i + 1 < n - 1:
            first = _AR_CONSONANTS[ch]
            units.append(("G", (((("C", first), ("C", "H")), 0.0), ((("C", _AR_BEFORE_H[ch]),), 0.25))))
            i += 1
        elif ch in _AR_CONSONANTS:
            units.append(("C", _AR_CONSONANTS[ch]))
        elif ch in _AR_VOWELS:
            units.append(("V", _AR_VOWELS[ch]))
        i += 1
    return units


def _expand(units: list[_Unit]) -> list[tuple[list[tuple[str, str]], float, tuple[int, ...]]]:
    """Every choice of the groups' alternatives (the first: all canonical): units, cost, choices."""
    groups = [unit for unit in units if unit[0] == "G"]
    choices = [range(len(group[1]) if k < _MAX_GROUPS else 1) for k, group in enumerate(groups)]
    expanded = []
    for picked in product(*choices):
        flat: list[tuple[str, str]] = []
        cost = 0.0
        k = 0
        for unit in units:
            if unit[0] == "G":
                sub, extra = unit[1][picked[k]]
                flat.extend(sub)
                cost += extra
                k += 1
            else:
                flat.append(unit)
        expanded.append((flat, cost, picked))
    return expanded


def _shape(flat: list[tuple[str, str]]) -> tuple[str, list[frozenset[str]]]:
    consonants: list[str] = []
    slots: list[set[str]] = [set()]
    for kind, value in flat:
        if kind == "V":
            slots[-1].add(value)
        elif consonants and consonants[-1] == value and not slots[-1]:
            continue  # doubled consonant
        else:
            consonants.append(value)
            slots.append(set())
    return "".join(consonants), [frozenset(slot) for slot in slots]


@lru_cache(maxsize=100_000)
def _parse(script: str, text: str) -> _Parsed:
    units = _arabic_units(text) if script == "ar" else _latin_units(text)
    article = bool(units) and units[0][0] == "G" and units[0][1][0] == ((), 0.0)
    found: dict[tuple[str, tuple[frozenset[str], ...]], float] = {}
    canonical = ""
    for number, (flat, cost, picked) in enumerate(_expand(units)):
        skeleton, slots = _shape(flat)
        options = [(skeleton, slots, cost)]
        with_article_l = article and picked[0] == 1
        if skeleton.startswith("L") and len(skeleton) >= 2 and not with_article_l:
            # A leading L that is not a recognised article: Lahjira, لحجيرة, Ilham.
            drop = 0.25 if len(skeleton) >= 3 else 0.5
            options.append((skeleton[1:], [slots[0], *slots[2:]], cost + drop))
            if number == 0 and len(skeleton) >= 3:
                canonical = skeleton[1:]
        if number == 0 and not canonical:
            canonical = skeleton
        for option_skeleton, option_slots, option_cost in options:
            key = (option_skeleton, tuple(option_slots))
            if option_cost < found.get(key, 99.0):
                found[key] = option_cost
    variants = tuple(_Variant(key[0], key[1], cost) for key, cost in found.items())
    return _Parsed(canonical, variants)


def _as_word(text: str) -> _Word | None:
    """One word: a name's words joined, so that "El Hjira" or "بن علي" count as one."""
    words = _words(text)
    if not words:
        return None
    if len(words) == 1:
        return words[0]
    return _Word("".join(word.text for word in words), words[0].script)


def skeleton(word: str) -> str:
    """The cross-script consonant skeleton of one word ("El Hjira", "الحجيرة", "Lahjira" → "HJR")."""
    found = _as_word(word)
    return _parse(found.script, found.text).skeleton if found else ""


def skeleton_variants(word: str) -> frozenset[str]:
    """The skeleton and its variants for ambiguous spellings (الياس → {"S", "LS"}), for index lookups."""
    found = _as_word(word)
    if not found:
        return frozenset()
    return frozenset(variant.skeleton for variant in _parse(found.script, found.text).variants)


def name_skeletons(full_name: str) -> list[str]:
    """The skeleton of each word of a name ("Mohamed El Hjira" → ["MHMD", "HJR"])."""
    return [_parse(word.script, word.text).skeleton for word in _words(full_name)]


# ---------------------------------------------------------------------------------------------
# Similarity
# ---------------------------------------------------------------------------------------------

_COMPATIBLE = {"a": {"a", "e"}, "i": {"i", "e"}, "u": {"u", "o"}}
# e is French's schwa: close to any vowel; o and u are one vowel in Arabic.
_NEAR = {("e", v) for v in "aiou"} | {(v, "e") for v in "aiou"} | {("o", "u"), ("u", "o")}


def _slot_arabic_latin(arabic: frozenset[str], latin: frozenset[str], final: bool) -> float:
    if "*" in arabic or "*" in latin:
        return 0.0
    if "+" in arabic:
        if not latin:
            return 0.5  # أحمد needs its initial vowel: not Hmed
        arabic = arabic - {"+"}
    if not arabic:
        return 0.2 if "i" in latin else 0.0  # short vowels are not written in Arabic
    if any(vowel in _COMPATIBLE[long] for long in arabic for vowel in latin):
        return 0.0
    if not latin:
        return 0.5
    if final and "i" in arabic and "a" in latin:
        return 0.5  # مصطفي typed for مصطفى
    return 1.0


def _slot_latin(x: frozenset[str], y: frozenset[str]) -> float:
    if x == y or "*" in x or "*" in y:
        return 0.0
    if not x or not y:
        return 0.4  # Mhamed / Mohamed
    if x & y:
        return min(1.0, 0.4 * len(x ^ y))  # Ali / Alaoui: 0.8
    if any((p, q) in _NEAR for p in x for q in y):
        return 0.2  # Mohamed / Mohamad, Youssef / Yusuf
    return 1.0


def _slot_arabic(x: frozenset[str], y: frozenset[str]) -> float:
    if x == y or "*" in x or "*" in y:
        return 0.0
    cost = 0.5 if "+" in x ^ y else 0.0  # امحمد / محمد
    if (x ^ y) - {"+"}:
        cost += 1.0  # a long vowel written in one and not the other: محمود / محمد
    return cost


def _slots_cost(a: _Variant, script_a: str, b: _Variant, script_b: str) -> float:
    total = 0.0
    last = len(a.slots) - 1
    for index, (x, y) in enumerate(zip(a.slots, b.slots, strict=True)):
        if script_a == script_b:
            total += _slot_arabic(x, y) if script_a == "ar" else _slot_latin(x, y)
        elif script_a == "ar":
            total += _slot_arabic_latin(x, y, index == last)
        else:
            total += _slot_arabic_latin(y, x, index == last)
    return total


@lru_cache(maxsize=200_000)
def _pair(script_a: str, text_a: str, script_b: str, text_b: str) -> float:
    same_script = script_a == script_b
    if same_script and text_a == text_b:
        return 100.0
    a, b = _parse(script_a, text_a), _parse(script_b, text_b)
    best_cost = None
    for va in a.variants:
        for vb in b.variants:
            if va.skeleton != vb.skeleton:
                continue
            cost = va.cost + vb.cost + _slots_cost(va, script_a, vb, script_b)
            if best_cost is None or cost < best_cost:
                best_cost = cost
    text_ratio = fuzz.ratio(text_a, text_b) if same_script else 0.0
    fallback = min(
        _NO_SKELETON_CAP,
        max(
            0.7 * fuzz.ratio(a.skeleton, b.skeleton) if a.skeleton and b.skeleton else 0.0, 0.75 * text_ratio
        ),
    )
    if best_cost is None:
        return round(fallback, 2)
    if same_script:
        score = 100.0 - _POINT * best_cost - 1.0 - (100.0 - text_ratio) / 10.0
    else:
        score = _CROSS_BASE - _POINT * best_cost
    return round(max(score, fallback, 0.0), 2)


def _word_score(a: _Word, b: _Word) -> float:
    """Two words, trying the bare forms of "Ben Ali" / "Ait Ali" at a cost."""
    score = _pair(a.script, a.text, b.script, b.text)
    if a.bare:
        score = max(score, _pair(a.script, a.bare, b.script, b.text) - _BARE_COST)
    if b.bare:
        score = max(score, _pair(a.script, a.text, b.script, b.bare) - _BARE_COST)
    if a.bare and b.bare:
        score = max(score, _pair(a.script, a.bare, b.script, b.bare) - 2 * _BARE_COST)
    return score


def _query_word_score(query: _Word, word: _Word) -> float:
    """As `_word_score`, and a query word may be the beginning of the word (typing "Hji")."""
    score = _word_score(query, word)
    if (
        query.script == word.script
        and len(query.text) >= 2
        and word.text != query.text
        and word.text.startswith(query.text)
    ):
        score = max(score, 70.0 + 25.0 * len(query.text) / len(word.text))
    return score


def word_similarity(a: str, b: str) -> float:
    """0–100: how well one word matches another, in either script ("Hjira", "الحجيرة" → 95)."""
    word_a, word_b = _as_word(a), _as_word(b)
    if not word_a or not word_b:
        return 0.0
    return _word_score(word_a, word_b)


def query_word_similarity(query_word: str, word: str) -> float:
    """As `word_similarity`, and a query word that begins the word scores 70–95 (typing "Hji")."""
    word_q, word_w = _as_word(query_word), _as_word(word)
    if not word_q or not word_w:
        return 0.0
    return _query_word_score(word_q, word_w)


def _pairing(matrix: list[list[float]]) -> list[float]:
    """Greedy one-to-one pairing of rows and columns, best scores first; the paired scores."""
    cells = sorted(
        ((score, row, column) for row, line in enumerate(matrix) for column, score in enumerate(line)),
        key=lambda cell: -cell[0],
    )
    used_rows: set[int] = set()
    used_columns: set[int] = set()
    paired = []
    for score, row, column in cells:
        if row in used_rows or column in used_columns:
            continue
        used_rows.add(row)
        used_columns.add(column)
        paired.append(score)
    return paired


def name_similarity(a: str, b: str) -> float:
    """0–100: two full names, in any script and word order.

    Words are paired one to one (best pairs first); the score is the mean of the paired word
    scores, less 8 per word one name has beyond the other. Names whose words are split
    differently but whose skeletons run the same ("Fatimazahra" / "فاطمة الزهراء") score 88.
    """
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return 0.0
    paired = _pairing([[_word_score(x, y) for y in words_b] for x in words_a])
    score = sum(paired) / min(len(words_a), len(words_b))
    score -= _EXTRA_WORD_NAME * abs(len(words_a) - len(words_b))
    if len(words_a) != len(words_b):
        joined_a = "".join(_parse(word.script, word.text).skeleton for word in words_a)
        joined_b = "".join(_parse(word.script, word.text).skeleton for word in words_b)
        if joined_a and joined_a == joined_b:
            score = max(score, _JOINED)
    return round(max(0.0, min(100.0, score)), 2)


def _query_score(query: tuple[_Word, ...], name: tuple[_Word, ...], scripts: set[str]) -> float:
    if not query or not name:
        return 0.0
    matrix = []
    for q in query:
        line = []
        for word in name:
            score = _query_word_score(q, word)
            if word.script != q.script and q.script in scripts:
                score -= _CROSS_DISCOUNT
            line.append(score)
        matrix.append(line)
    paired = _pairing(matrix)
    score = sum(paired) / len(query)  # a query word left unpaired counts 0
    score -= _EXTRA_WORD_QUERY * max(0, len(name) - len(query))
    return round(max(0.0, min(100.0, score)), 2)


def query_similarity(query: str, name: str) -> float:
    """0–100: how well a search query matches a name (every query word should match a word)."""
    return _query_score(_words(query), _words(name), set())


def person_name_score(query: str, *names: str) -> float:
    """0–100: a query against a person's names (Arabic and Latin), the best of them.

    When the person has a name in the query word's script, a match in the other script counts 15
    less: "Mahmoud" is judged on "Mohamed" rather than on the unvocalised محمد.
    """
    query_words = _words(query)
    fields = [_words(name) for name in names if name]
    scripts = {word.script for field in fields for word in field}
    return max((_query_score(query_words, field, scripts) for field in fields), default=0.0)
