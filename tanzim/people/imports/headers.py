"""Column titles → fields: Arabic and French synonyms, insensitive to case, accents and spacing.

A roll file names its columns as the secretariat that wrote it likes: "الاسم العائلي" or "النسب",
"Nom" or "NOM DE FAMILLE", "ر.ب.و" or "N° CIN". `header_field` maps one title to a field;
`mapping_detect` maps a header row and says what is missing or ambiguous, in which case the import
stops with status "needs_mapping" until somebody gives the mapping (`mapping_from_user`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tanzim.core.text import fold_arabic

# Name parts may come from several columns (an Arabic and a Latin one): each value goes to the
# Arabic or the Latin name by its script. Every other field takes exactly one column.
NAME_FIELDS = ("full_name", "last_name", "first_name")
FIELDS = (
    *NAME_FIELDS,
    "cin",
    "phone",
    "commune",
    "commune_code",
    "province",
    "birth_date",
    "gender",
    "joined_on",
    "number",
    "status",
)
IGNORED = "ignore"

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "full_name": ("الاسم الكامل", "nom complet"),
    "last_name": ("الاسم العائلي", "nom"),
    "first_name": ("الاسم الشخصي", "prénom"),
    "cin": ("رقم البطاقة الوطنية", "CIN"),
    "phone": ("الهاتف", "téléphone"),
    "commune": ("الجماعة", "commune"),
    "commune_code": ("رمز الجماعة", "code de la commune"),
    "province": ("الإقليم أو العمالة", "province ou préfecture"),
    "birth_date": ("تاريخ الازدياد", "date de naissance"),
    "gender": ("الجنس", "sexe"),
    "joined_on": ("تاريخ الانخراط", "date d'adhésion"),
    "number": ("رقم المنخرط", "numéro d'adhérent"),
    "status": ("الوضعية", "statut"),
    "name": ("الاسم", "nom"),
}

SYNONYMS: dict[str, list[str]] = {
    "full_name": [
        "الاسم الكامل",
        "الاسم الكامل بالعربية",
        "الاسم والنسب",
        "الاسم و النسب",
        "النسب والاسم",
        "الاسم العائلي والشخصي",
        "الاسم الشخصي والعائلي",
        "الاسم بالعربية",
        "الاسم بالحروف اللاتينية",
        "الاسم الكامل بالحروف اللاتينية",
        "الاسم بالفرنسية",
        "الاسم الكامل بالفرنسية",
        "nom complet",
        "nom complet (arabe)",
        "nom complet (latin)",
        "nom complet en arabe",
        "nom complet en français",
        "nom (latin)",
        "nom (arabe)",
        "nom et prénom",
        "nom & prénom",
        "nom prénom",
        "nom/prénom",
        "prénom et nom",
        "prénom nom",
        "nom en arabe",
        "nom en français",
        "nom en latin",
        "full name",
        "name",
    ],
    "last_name": [
        "الاسم العائلي",
        "الاسم العائلي بالعربية",
        "الاسم العائلي بالفرنسية",
        "الاسم العائلي بالحروف اللاتينية",
        "النسب",
        "النسب بالعربية",
        "النسب بالفرنسية",
        "اللقب",
        "العائلة",
        "اسم العائلة",
        "nom",
        "nom de famille",
        "nom (arabe) de famille",
        "nom de famille en arabe",
        "nom de famille en français",
        "nom fr",
        "nom ar",
        "famille",
        "last name",
        "surname",
        "family name",
    ],
    "first_name": [
        "الاسم الشخصي",
        "الاسم الشخصي بالعربية",
        "الاسم الشخصي بالفرنسية",
        "الاسم الشخصي بالحروف اللاتينية",
        "الاسم",
        "الإسم",
        "الاسم بالعربية الشخصي",
        "prénom",
        "prénom en arabe",
        "prénom en français",
        "prénom (latin)",
        "prénom (arabe)",
        "prénom arabe",
        "prénom latin",
        "prénom fr",
        "prénom ar",
        "first name",
        "given name",
    ],
    "cin": [
        "رقم البطاقة الوطنية",
        "رقم البطاقة الوطنية للتعريف",
        "رقم البطاقة الوطنية للتعريف الإلكترونية",
        "البطاقة الوطنية",
        "البطاقة الوطنية للتعريف",
        "ر.ب.و",
        "ر ب و",
        "ر.ب.ت.و",
        "ب.و",
        "ب.ت.و",
        "رقم ب.و",
        "رقم ب.ت.و",
        "رقم البطاقة",
        "cin",
        "c.i.n",
        "n° cin",
        "no cin",
        "num cin",
        "numéro cin",
        "numéro de cin",
        "cnie",
        "n° cnie",
        "carte nationale",
        "n° carte nationale",
        "numéro de la carte nationale",
        "carte d'identité nationale",
        "pièce d'identité",
    ],
    "phone": [
        "الهاتف",
        "هاتف",
        "رقم الهاتف",
        "الهاتف المحمول",
        "المحمول",
        "رقم المحمول",
        "الجوال",
        "téléphone",
        "telephone",
        "tél",
        "tel",
        "n° de téléphone",
        "n° téléphone",
        "numéro de téléphone",
        "gsm",
        "portable",
        "mobile",
        "phone",
    ],
    "commune": [
        "الجماعة",
        "جماعة",
        "الجماعة الترابية",
        "الجماعة أو المقاطعة",
        "الجماعة/المقاطعة",
        "المقاطعة",
        "جماعة السكنى",
        "جماعة الإقامة",
        "commune",
        "commune/arrondissement",
        "commune ou arrondissement",
        "arrondissement",
        "commune de résidence",
        "collectivité",
        "collectivité territoriale",
    ],
    "commune_code": [
        "رمز الجماعة",
        "رمز",
        "code commune",
        "code de la commune",
        "code hcp",
        "code géographique",
    ],
    "province": [
        "الإقليم",
        "العمالة",
        "الإقليم/العمالة",
        "العمالة/الإقليم",
        "العمالة أو الإقليم",
        "الإقليم أو العمالة",
        "province",
        "préfecture",
        "province/préfecture",
        "préfecture/province",
        "province ou préfecture",
    ],
    "birth_date": [
        "تاريخ الازدياد",
        "تاريخ الإزدياد",
        "تاريخ الميلاد",
        "سنة الازدياد",
        "سنة الإزدياد",
        "سنة الميلاد",
        "الازدياد",
        "date de naissance",
        "date naissance",
        "né le",
        "né(e) le",
        "naissance",
        "année de naissance",
        "birth date",
        "date of birth",
        "birth year",
    ],
    "gender": ["الجنس", "النوع", "ذكر/أنثى", "sexe", "genre", "h/f", "m/f", "sex", "gender"],
    "joined_on": [
        "تاريخ الانخراط",
        "تاريخ الإنخراط",
        "سنة الانخراط",
        "date d'adhésion",
        "date adhésion",
        "date de l'adhésion",
        "adhésion",
        "date d'inscription",
        "joined on",
    ],
    "number": [
        "رقم المنخرط",
        "رقم العضوية",
        "رقم الانخراط",
        "رقم الإنخراط",
        "رقم البطاقة الحزبية",
        "n° d'adhérent",
        "n° adhérent",
        "numéro d'adhérent",
        "numéro adhérent",
        "n° de membre",
        "numéro de membre",
        "matricule",
        "member number",
    ],
    "status": ["الوضعية", "الحالة", "statut", "status", "situation"],
    IGNORED: [
        "الهيئة المحلية",
        "الكتابة المحلية",
        "ر.ت",
        "ع.ر",
        "الرقم الترتيبي",
        "الرقم",
        "رقم",
        "ت",
        "n°",
        "n",
        "no",
        "n° d'ordre",
        "ordre",
        "instance locale",
        "secrétariat local",
        "observations",
        "ملاحظات",
        "العنوان",
        "adresse",
        "المهنة",
        "profession",
        "signature",
        "التوقيع",
        "البريد الإلكتروني",
        "email",
        "e-mail",
    ],
}

_NON_WORD = re.compile(r"[\W_]+")
_AL = re.compile(r"^ال(?=..)")


def header_key(text: object) -> str:
    """'N° CIN', 'n°cin' and ' Nº  C.I.N ' give one key; Arabic hamzas, diacritics and tatweel fold."""
    value = fold_arabic(str(text or "")).replace("°", " ").replace("º", " ")
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch) or "\u0600" <= ch <= "\u06ff")
    return _NON_WORD.sub("", value.lower())


_KEY_TO_FIELD: dict[str, str] = {}
for _field, _titles in SYNONYMS.items():
    for _title in _titles:
        _KEY_TO_FIELD.setdefault(header_key(_title), _field)

# When the exact title is unknown, distinctive fragments still tell the field (first match wins).
_FRAGMENTS: list[tuple[str, str]] = [
    (header_key("رقم المنخرط"), "number"),
    (header_key("رقم الانخراط"), "number"),
    (header_key("adherent"), "number"),
    (header_key("تاريخ الانخراط"), "joined_on"),
    (header_key("adhesion"), "joined_on"),
    (header_key("البطاقة الوطنية"), "cin"),
    ("cin", "cin"),
    ("cnie", "cin"),
    (header_key("هاتف"), "phone"),
    ("telephone", "phone"),
    ("gsm", "phone"),
    (header_key("ازدياد"), "birth_date"),
    (header_key("ميلاد"), "birth_date"),
    ("naissance", "birth_date"),
    (header_key("رمز الجماعة"), "commune_code"),
    ("codecommune", "commune_code"),
    (header_key("الجماعة"), "commune"),
    ("commune", "commune"),
    (header_key("الاسم العائلي"), "last_name"),
    ("nomdefamille", "last_name"),
    (header_key("الاسم الشخصي"), "first_name"),
    ("prenom", "first_name"),
]


def header_field(text: object) -> str | None:
    """The field a column title names, `IGNORED` for known columns we do not import, else None."""
    key = header_key(text)
    if not key:
        return None
    if key in _KEY_TO_FIELD:
        return _KEY_TO_FIELD[key]
    for fragment, name in _FRAGMENTS:
        if fragment and fragment in key:
            return name
    return None


@dataclass
class Mapping:
    """Columns of each field (0-based) and what keeps the mapping from being usable."""

    columns: dict[str, list[int]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    ambiguous: dict[str, list[int]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.ambiguous

    def as_json(self) -> dict[str, list[int]]:
        return {name: list(cols) for name, cols in self.columns.items()}


def mapping_check(columns: dict[str, list[int]]) -> Mapping:
    """Say what is missing (a name, a commune) or ambiguous (two columns for one field)."""
    mapping = Mapping(columns={k: sorted(set(v)) for k, v in columns.items() if v})
    has = mapping.columns.__contains__
    if not (has("full_name") or (has("last_name") and has("first_name"))):
        mapping.missing.append("name")
    if not (has("commune") or has("commune_code")):
        mapping.missing.append("commune")
    for name, cols in mapping.columns.items():
        if name not in NAME_FIELDS and len(cols) > 1:
            mapping.ambiguous[name] = cols
    return mapping


def header_score(cells: list[object]) -> int:
    """How many cells of a row are known column titles (to find the header row)."""
    return sum(1 for cell in cells if header_field(cell) not in (None, IGNORED))


def mapping_detect(cells: list[object]) -> Mapping:
    columns: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        name = header_field(cell)
        if name and name != IGNORED:
            columns.setdefault(name, []).append(index)
    return mapping_check(columns)


class MappingError(ValueError):
    """A mapping given by a user names an unknown field or column."""


def mapping_from_user(spec: dict[str, object], headers: list[str]) -> Mapping:
    """A mapping written by a person: {"cin": 3, "full_name": "الاسم", "last_name": ["النسب", "Nom"]}.

    Columns may be given by 0-based index or by title (compared like headers). Fields not named
    keep the detected columns, so a user only fixes what detection got wrong or missed; a field
    mapped to null or [] is dropped.
    """
    by_key = {}
    for index, title in enumerate(headers):
        by_key.setdefault(header_key(title), index)
    detected = mapping_detect(list(headers)).columns
    columns = {name: list(cols) for name, cols in detected.items()}

    def column(value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value < max(len(headers), 1):
                raise MappingError(f"column {value} does not exist")
            return value
        if isinstance(value, str):
            if value.strip().isdigit() and header_key(value) not in by_key:
                return column(int(value.strip()))
            key = header_key(value)
            if key in by_key:
                return by_key[key]
        raise MappingError(f"no column titled {value!r}")

    for name, value in spec.items():
        if name not in FIELDS:
            raise MappingError(f"unknown field {name!r}; fields: {', '.join(FIELDS)}")
        values = value if isinstance(value, list) else ([] if value is None else [value])
        chosen = [column(v) for v in values]
        for other, cols in columns.items():  # a column given explicitly leaves its detected field
            if other != name:
                columns[other] = [c for c in cols if c not in chosen]
        columns[name] = chosen
    return mapping_check(columns)


def column_keys(headers: list[str]) -> list[str]:
    """One distinct key per column for a row's raw values: its title, "#n" when it has none,
    "title (2)" when two columns share a title."""
    keys: list[str] = []
    seen: set[str] = set()
    for index, title in enumerate(headers):
        key = title.strip() or f"#{index + 1}"
        base, n = key, 2
        while key in seen:
            key, n = f"{base} ({n})", n + 1
        seen.add(key)
        keys.append(key)
    return keys
