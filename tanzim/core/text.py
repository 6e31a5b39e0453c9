"""Normalisation of names written in Arabic or Latin script.

One place for the folding rules, so that territory lookup, people search and (later) roll
de-duplication agree on what "the same name" means.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

# Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef) and the tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ک": "ك",
        "ی": "ي",
        "گ": "ك",
        "ڭ": "ك",
        "ڤ": "ف",
    }
)
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")  # basic Latin and the accented letters of French
# Split before transliterating: spaces, hyphens and dashes, quotes and guillemets, Latin and Arabic
# punctuation (، ؛ ؟) all separate words.
_SEPARATORS = re.compile(r"[\s\-_‐‑–—'’‘`´.,;:!?/\\()\[\]«»‹›\"“”،؛؟]+")


def has_arabic(text: str) -> bool:
    return bool(_ARABIC_LETTER.search(text or ""))


def fold_arabic(text: str) -> str:
    """Remove diacritics/tatweel and fold hamza-carrying alefs, alef maqsura and taa marbuta."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _ARABIC_MARKS.sub("", text)
    return text.translate(_ARABIC_FOLDS)


def fold_latin(text: str) -> str:
    """Lower-case Latin text without accents (é→e, â→a, ï→i)."""
    return unidecode(text or "").lower()


def name_words(text: str) -> list[str]:
    """Fold a name and split it into words; hyphens, apostrophes and dots separate words.

    Arabic letters are folded with `fold_arabic`; every other character loses its accents and case.
    """
    words = []
    for raw in _SEPARATORS.split(fold_arabic(text)):
        word = "".join(ch if _ARABIC_LETTER.match(ch) else fold_latin(ch) for ch in raw)
        word = _SEPARATORS.sub("", word)  # transliteration may yield punctuation (e.g. ligatures)
        if word:
            words.append(word)
    return words


def name_key(text: str) -> str:
    """A spacing-insensitive key: 'Charf-Souani', 'charf souani' and 'CharfSouani' give one key."""
    return "".join(name_words(text))


def name_search_key(text: str) -> str:
    """Words joined by single spaces, for 'contains' searches on people's names."""
    return " ".join(name_words(text))
