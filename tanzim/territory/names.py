"""Administrative prefixes of unit names, in Arabic and French, both ways.

`titled_name(taounate)` gives "إقليم تاونات" / "Province de Taounate"; `strip_prefix` takes
"إقليم تاونات" apart into a level hint and the bare name, for `territory_resolve`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import get_language

from tanzim.core.text import name_words

if TYPE_CHECKING:
    from tanzim.territory.models import Territory

# Elision ("d'Assilah") before a vowel only: Moroccan names' h and y are pronounced ("de Hay-Hassani").
_VOWELS = "aeiouâàéèêëîïôöûüAEIOUÂÀÉÈÊËÎÏÔÖÛÜ"

# (folded words of the prefix, level it implies). Longest first: the first match wins.
_PREFIXES: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("عماله", "مقاطعات"), ("prefecture_of_arrondissements",)),
    (("prefecture", "d", "arrondissements"), ("prefecture_of_arrondissements",)),
    (("prefecture", "des", "arrondissements"), ("prefecture_of_arrondissements",)),
    (("الجماعه", "الحضريه"), ("commune",)),
    (("الجماعه", "القرويه"), ("commune",)),
    (("الجماعه", "الترابيه"), ("commune",)),
    (("الجماعه",), ("commune",)),
    (("جماعه",), ("commune",)),
    (("بلديه",), ("commune",)),
    (("commune", "urbaine"), ("commune",)),
    (("commune", "rurale"), ("commune",)),
    (("commune",), ("commune",)),
    (("municipalite",), ("commune",)),
    (("مقاطعه",), ("arrondissement",)),
    (("arrondissement",), ("arrondissement",)),
    (("جهه",), ("region",)),
    (("region",), ("region",)),
    (("اقليم",), ("province",)),
    (("عماله",), ("province",)),
    (("province",), ("province",)),
    (("prefecture",), ("province",)),
]
_FRENCH_LINKS = {"de", "d", "du", "des", "la", "l"}


def strip_prefix(words: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """Remove a leading administrative prefix; return (levels it implies, remaining words)."""
    for prefix, levels in _PREFIXES:
        n = len(prefix)
        if tuple(words[:n]) == prefix and len(words) > n:
            rest = words[n:]
            while len(rest) > 1 and rest[0] in _FRENCH_LINKS:
                rest = rest[1:]
            return levels, rest
    return (), words


def split_name(text: str) -> tuple[tuple[str, ...], str]:
    """ "إقليم تاونات" -> (("province",), "تاونات"): level hint and spacing-insensitive key."""
    levels, words = strip_prefix(name_words(text))
    return levels, "".join(words)


_AR_TITLES = {
    ("region", ""): "جهة",
    ("province", "province"): "إقليم",
    ("province", "prefecture"): "عمالة",
    ("prefecture_of_arrondissements", ""): "عمالة مقاطعات",
    ("commune", "urban"): "جماعة",
    ("commune", "rural"): "جماعة",
    ("arrondissement", ""): "مقاطعة",
}
_FR_TITLES = {
    ("region", ""): "Région",
    ("province", "province"): "Province",
    ("province", "prefecture"): "Préfecture",
    ("prefecture_of_arrondissements", ""): "Préfecture d'arrondissements",
    ("commune", "urban"): "Commune",
    ("commune", "rural"): "Commune",
    ("arrondissement", ""): "Arrondissement",
}


def titled_name(territory: Territory) -> str:
    key = (territory.level, territory.kind)
    if (get_language() or "ar").startswith("fr") and territory.name_fr:
        prefix = _FR_TITLES.get(key)
        if not prefix:
            return territory.name_fr
        if territory.level == "region":
            return f"{prefix} {territory.name_fr}"
        link = "d'" if territory.name_fr[0] in _VOWELS else "de "
        return f"{prefix} {link}{territory.name_fr}"
    prefix = _AR_TITLES.get(key)
    return f"{prefix} {territory.name_ar}" if prefix else territory.name_ar
