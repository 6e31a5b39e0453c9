"""Validation of one roll row: what it would store, or why not, in Arabic and French.

`RowChecker.check(cells, row=…)` returns a `RowData` (the values to store) and the row's
`Issue`s. A row with any rejected issue is not stored; a doubtful issue holds it back until
somebody decides. Messages name the field and the value, e.g.
"رقم البطاقة الوطنية «12AB» غير صالح" / "CIN « 12AB » invalide".
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone

from tanzim.core.text import _ARABIC_LETTER, _SEPARATORS, fold_arabic, fold_latin, has_arabic
from tanzim.people.imports.headers import FIELD_LABELS
from tanzim.people.imports.values import (
    cell_text,
    cin_parse,
    date_parse,
    gender_parse,
    phone_parse,
    status_parse,
)
from tanzim.people.models import MemberStatus
from tanzim.territory.models import LEVEL_RANK, Level, Territory
from tanzim.territory.queries import territory_resolve

REJECTED = "rejected"
DOUBTFUL = "doubtful"
COMMUNE_LEVELS = (Level.COMMUNE, Level.ARRONDISSEMENT)
_LETTER = re.compile(r"[^\W\d_]")
NAME_MAX = 200
NUMBER_MAX = 20

# code → (Arabic, French). Placeholders: value, field_ar/field_fr, other (an earlier row), name,
# fields_ar/fields_fr (the fields that differ), choices.
MESSAGES: dict[str, tuple[str, str]] = {
    "name_missing": ("الاسم فارغ", "Nom manquant"),
    "name_incomplete": (
        "الاسم ناقص: {field_ar} فارغ («{value}»)",
        "Nom incomplet : {field_fr} vide (« {value} »)",
    ),
    "name_too_long": (
        "الاسم «{value}» أطول من 200 حرف",
        "Nom « {value} » trop long (plus de 200 caractères)",
    ),
    "cin_invalid": (
        "رقم البطاقة الوطنية «{value}» غير صالح: حرف أو حرفان متبوعان بستة أرقام على الأكثر",
        "CIN « {value} » invalide : une ou deux lettres suivies d'au plus six chiffres",
    ),
    "phone_invalid": (
        "رقم الهاتف «{value}» ليس رقما مغربيا صالحا (+212…)",
        "Téléphone « {value} » : pas un numéro marocain valide (+212…)",
    ),
    "date_invalid": (
        "{field_ar} «{value}» غير مفهوم: اكتب اليوم/الشهر/السنة، مثلا 25/03/1985",
        "{field_fr} « {value} » illisible : écrire jour/mois/année, par exemple 25/03/1985",
    ),
    "date_implausible": (
        "{field_ar} «{value}» غير معقول",
        "{field_fr} « {value} » invraisemblable",
    ),
    "date_incomplete": (
        "{field_ar} «{value}» ناقص: اكتب اليوم والشهر والسنة",
        "{field_fr} « {value} » incomplète : jour, mois et année",
    ),
    "gender_invalid": (
        "الجنس «{value}» غير مفهوم: ذكر أو أنثى",
        "Sexe « {value} » incompris : H ou F",
    ),
    "status_invalid": ("الوضعية «{value}» غير معروفة", "Statut « {value} » inconnu"),
    "number_invalid": (
        "رقم المنخرط «{value}» أطول من 20 حرفا",
        "N° d'adhérent « {value} » trop long (plus de 20 caractères)",
    ),
    "commune_missing": ("الجماعة فارغة", "Commune manquante"),
    "commune_unknown": ("الجماعة «{value}» غير معروفة", "Commune « {value} » inconnue"),
    "commune_code_unknown": (
        "رمز الجماعة «{value}» غير معروف",
        "Code de commune « {value} » inconnu",
    ),
    "province_unknown": (
        "الإقليم أو العمالة «{value}» غير معروف",
        "Province ou préfecture « {value} » inconnue",
    ),
    "commune_ambiguous": (
        "الجماعة «{value}» تحمل اسمها عدة وحدات ({choices}): أضف عمود الإقليم أو رمز الجماعة",
        "Plusieurs unités s'appellent « {value} » ({choices}) : ajouter la province ou le code",
    ),
    "out_of_scope": (
        "الجماعة «{value}» خارج نطاقك الترابي",
        "La commune « {value} » est hors de votre territoire",
    ),
    "unreadable": (
        "حروف غير مقروءة في {field_ar} «{value}»: تحقق من ترميز الملف",
        "Caractères illisibles dans {field_fr} « {value} » : vérifier l'encodage du fichier",
    ),
    "cin_duplicate_in_file": (
        "رقم البطاقة الوطنية «{value}» مكرر: سبق في السطر {other}",
        "CIN « {value} » en double : déjà à la ligne {other}",
    ),
    "number_duplicate_in_file": (
        "رقم المنخرط «{value}» مكرر: سبق في السطر {other}",
        "N° d'adhérent « {value} » en double : déjà à la ligne {other}",
    ),
    "similar_in_file": (
        "قد يكون نفس الشخص المذكور في السطر {other} ({name})",
        "Peut-être la même personne qu'à la ligne {other} ({name})",
    ),
    "cin_exists_different": (
        "رقم البطاقة الوطنية «{value}» مسجل من قبل باسم {name} ببيانات مختلفة: {fields_ar}",
        "CIN « {value} » déjà enregistrée pour {name} avec d'autres données : {fields_fr}",
    ),
    "cin_exists_elsewhere": (
        "رقم البطاقة الوطنية «{value}» مسجل من قبل لشخص خارج نطاقك الترابي",
        "CIN « {value} » déjà enregistrée pour une personne hors de votre territoire",
    ),
    "person_exists_different": (
        "{name} مسجل من قبل ببيانات مختلفة: {fields_ar}",
        "{name} est déjà enregistré(e) avec d'autres données : {fields_fr}",
    ),
    "person_not_member": (
        "{name} مسجل من قبل دون أن يكون منخرطا: الدمج مقترح",
        "{name} est déjà enregistré(e) sans être adhérent(e) : fusion proposée",
    ),
    "similar_person": (
        "قد يكون {name} المسجل من قبل",
        "Peut-être {name}, déjà enregistré(e)",
    ),
    "number_taken": (
        "رقم المنخرط «{value}» مستعمل لشخص آخر",
        "N° d'adhérent « {value} » déjà attribué à une autre personne",
    ),
}

FIELD_LABELS_EXTRA = {
    "full_name_ar": ("الاسم بالعربية", "nom en arabe"),
    "full_name_latin": ("الاسم بالحروف اللاتينية", "nom en lettres latines"),
    "birth_year": ("سنة الازدياد", "année de naissance"),
    "membership": ("الانخراط", "adhésion"),
}


def field_label(name: str) -> tuple[str, str]:
    return FIELD_LABELS.get(name) or FIELD_LABELS_EXTRA.get(name) or (name, name)


@dataclass(slots=True)
class Issue:
    row: int
    severity: str
    field: str
    code: str
    message_ar: str
    message_fr: str
    candidate_id: int | None = None
    related_row: int | None = None


def issue_make(
    *, row: int, severity: str, code: str, field: str = "", value: object = "", **context: object
) -> Issue:
    """An issue with its two messages filled in (the field's name in both languages)."""
    label_ar, label_fr = field_label(field) if field else ("", "")
    fields = context.pop("fields", None) or []
    values = {
        "value": value,
        "field_ar": label_ar,
        "field_fr": label_fr,
        "fields_ar": "، ".join(field_label(f)[0] for f in fields),
        "fields_fr": ", ".join(field_label(f)[1] for f in fields),
        "other": "",
        "name": "",
        "choices": "",
        **context,
    }
    template_ar, template_fr = MESSAGES[code]
    return Issue(
        row=row,
        severity=severity,
        field=field,
        code=code,
        message_ar=template_ar.format(**values),
        message_fr=template_fr.format(**values),
        candidate_id=context.get("candidate_id"),  # type: ignore[arg-type]
        related_row=context.get("related_row"),  # type: ignore[arg-type]
    )


@dataclass(slots=True)
class RowData:
    """The values a valid row stores (Person + Membership)."""

    row: int
    full_name_ar: str
    full_name_latin: str
    name_key_ar: str
    name_key_latin: str
    gender: str
    birth_year: int | None
    phone: str
    cin: str
    home_id: int
    number: str
    joined_on: datetime.date | None
    status: str
    provided: frozenset[str] = field(default_factory=frozenset)  # fields the file gave for this row

    @property
    def display_name(self) -> str:
        return self.full_name_ar or self.full_name_latin


class NameKeys:
    """`tanzim.core.text.name_search_key`, with bounded caches of whole names and of folded words
    (a roll repeats first names and family names a lot)."""

    def __init__(self, limit: int = 200_000) -> None:
        self._words: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._limit = limit

    def _word(self, raw: str) -> str:
        folded = self._words.get(raw)
        if folded is None:
            word = "".join(ch if _ARABIC_LETTER.match(ch) else fold_latin(ch) for ch in raw)
            folded = _SEPARATORS.sub("", word)
            if len(self._words) >= self._limit:
                self._words.clear()
            self._words[raw] = folded
        return folded

    def key(self, text: str) -> str:
        key = self._names.get(text)
        if key is None:
            words = (self._word(raw) for raw in _SEPARATORS.split(fold_arabic(text)))
            key = " ".join(w for w in words if w)
            if len(self._names) >= self._limit:
                self._names.clear()
            self._names[text] = key
        return key


@dataclass(frozen=True, slots=True)
class Place:
    territory_id: int | None = None
    path: str = ""
    name: str = ""
    code: str = ""  # an issue code when no single unit is found
    choices: str = ""
    field: str = "commune"
    value: str = ""


class CommuneResolver:
    """Commune (or arrondissement) of a row, from its name, code or name + province; cached."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str, str], Place] = {}
        self._provinces: dict[str, Territory | None] = {}

    def _province(self, text: str) -> Territory | None:
        if text not in self._provinces:
            found = territory_resolve(text, levels=[Level.PROVINCE, Level.PREFECTURE_OF_ARRONDISSEMENTS])
            self._provinces[text] = found[0] if len(found) == 1 else None
        return self._provinces[text]

    def resolve(self, *, name: str, code: str = "", province: str = "") -> Place:
        key = (name, code, province)
        place = self._cache.get(key)
        if place is None:
            place = self._resolve(name=name, code=code, province=province)
            self._cache[key] = place
        return place

    @staticmethod
    def _place(unit: Territory) -> Place:
        return Place(territory_id=unit.pk, path=unit.path, name=unit.name_ar)

    def _resolve(self, *, name: str, code: str, province: str) -> Place:
        if code:
            unit = Territory.objects.filter(code=code.strip(), level__in=COMMUNE_LEVELS).first()
            if unit is None:
                return Place(code="commune_code_unknown", field="commune_code", value=code)
            return self._place(unit)
        if not name:
            return Place(code="commune_missing")
        within = None
        if province:
            within = self._province(province)
            if within is None:
                return Place(code="province_unknown", field="province", value=province)
        found = territory_resolve(name, levels=COMMUNE_LEVELS, within=within)
        if not found:
            return Place(code="commune_unknown", value=name)
        if len(found) > 1 and LEVEL_RANK[Level(found[0].level)] == LEVEL_RANK[Level(found[1].level)]:
            same_rank = [t for t in found if LEVEL_RANK[Level(t.level)] == LEVEL_RANK[Level(found[0].level)]]
            parents = dict(
                Territory.objects.filter(pk__in=[t.parent_id for t in same_rank]).values_list("pk", "name_ar")
            )
            choices = "، ".join(f"{t.name_ar} ({parents.get(t.parent_id, '')})" for t in same_rank[:5])
            return Place(code="commune_ambiguous", value=name, choices=choices)
        return self._place(found[0])


class RowChecker:
    """Checks rows against one import's mapping and the importer's scope (paths snapshot)."""

    def __init__(
        self, *, mapping: dict[str, list[int]], scope_paths: list[str], today: datetime.date | None = None
    ):
        self.mapping = {k: list(v) for k, v in mapping.items()}
        self.scope_paths = tuple(scope_paths)
        self._national = "MA/" in self.scope_paths
        self.today = today or timezone.localdate()
        self.names = NameKeys()
        self.communes = CommuneResolver()
        single = {
            k: v[0]
            for k, v in self.mapping.items()
            if v and k not in ("full_name", "last_name", "first_name")
        }
        self._col = single
        self._name_cols = [
            (k, c) for k in ("full_name", "last_name", "first_name") for c in self.mapping.get(k, [])
        ]

    def _cell(self, cells: list[object], name: str) -> object:
        col = self._col.get(name)
        if col is None or col >= len(cells):
            return None
        return cells[col]

    def _text(self, cells: list[object], name: str) -> str:
        col = self._col.get(name)
        if col is None or col >= len(cells):
            return ""
        return cell_text(cells[col])

    def in_scope(self, path: str) -> bool:
        if self._national:
            return True
        return any(path.startswith(p) for p in self.scope_paths)

    def _names(self, cells: list[object], row: int, issues: list[Issue]) -> tuple[str, str]:
        parts: dict[str, list[list[str]]] = {
            "full_name": [[], []],
            "last_name": [[], []],
            "first_name": [[], []],
        }
        for name, col in self._name_cols:
            value = cell_text(cells[col]) if col < len(cells) else ""
            if value and _LETTER.search(value):  # "-", "0", "…" are no names
                parts[name][0 if has_arabic(value) else 1].append(value)

        def compose(script: int) -> tuple[str, str, str]:
            """(full name, missing part, the part given) for one script."""
            if parts["full_name"][script]:
                return parts["full_name"][script][0], "", ""
            first, last = parts["first_name"][script], parts["last_name"][script]
            if first and last:
                return f"{first[0]} {last[0]}", "", ""
            if first:
                return "", "last_name", first[0]
            if last:
                return "", "first_name", last[0]
            return "", "", ""

        arabic, missing_ar, given_ar = compose(0)
        latin, missing_latin, given_latin = compose(1)
        if not arabic and not latin:
            if missing_ar or missing_latin:
                issues.append(
                    issue_make(
                        row=row,
                        severity=REJECTED,
                        code="name_incomplete",
                        field=missing_ar or missing_latin,
                        value=given_ar or given_latin,
                    )
                )
            else:
                issues.append(issue_make(row=row, severity=REJECTED, code="name_missing", field="name"))
            return "", ""
        for value in (arabic, latin):
            if len(value) > NAME_MAX:
                issues.append(
                    issue_make(
                        row=row, severity=REJECTED, code="name_too_long", field="name", value=value[:60]
                    )
                )
            if "\ufffd" in value:
                issues.append(
                    issue_make(row=row, severity=REJECTED, code="unreadable", field="name", value=value)
                )
        return (arabic or latin), latin

    def check(self, cells: list[object], *, row: int) -> tuple[RowData | None, list[Issue]]:
        issues: list[Issue] = []
        provided = set()
        full_name_ar, full_name_latin = self._names(cells, row, issues)

        cin_text = self._text(cells, "cin")
        cin = ""
        if cin_text:
            try:
                cin = cin_parse(cin_text)
                provided.add("cin")
            except ValueError:
                issues.append(
                    issue_make(row=row, severity=REJECTED, code="cin_invalid", field="cin", value=cin_text)
                )

        phone_text = self._text(cells, "phone")
        phone = ""
        if phone_text:
            try:
                phone = phone_parse(phone_text)
                provided.add("phone")
            except ValueError:
                issues.append(
                    issue_make(
                        row=row, severity=REJECTED, code="phone_invalid", field="phone", value=phone_text
                    )
                )

        birth_year = None
        birth_raw = self._cell(cells, "birth_date")
        if cell_text(birth_raw):
            try:
                _day, birth_year = date_parse(birth_raw)
                if not 1900 <= birth_year <= self.today.year:
                    raise OverflowError
                provided.add("birth_year")
            except ValueError:
                issues.append(
                    issue_make(
                        row=row,
                        severity=REJECTED,
                        code="date_invalid",
                        field="birth_date",
                        value=cell_text(birth_raw),
                    )
                )
                birth_year = None
            except OverflowError:
                issues.append(
                    issue_make(
                        row=row,
                        severity=REJECTED,
                        code="date_implausible",
                        field="birth_date",
                        value=cell_text(birth_raw),
                    )
                )
                birth_year = None

        joined_on = None
        joined_raw = self._cell(cells, "joined_on")
        if cell_text(joined_raw):
            code = ""
            try:
                joined_on, year = date_parse(joined_raw)
                if joined_on is None:
                    code = "date_incomplete"
                elif not year >= 1900 or joined_on > self.today:
                    code = "date_implausible"
                else:
                    provided.add("joined_on")
            except ValueError:
                code = "date_invalid"
            if code:
                joined_on = None
                issues.append(
                    issue_make(
                        row=row, severity=REJECTED, code=code, field="joined_on", value=cell_text(joined_raw)
                    )
                )

        gender = ""
        gender_text = self._text(cells, "gender")
        if gender_text:
            try:
                gender = gender_parse(gender_text)
                provided.add("gender")
            except ValueError:
                issues.append(
                    issue_make(
                        row=row, severity=REJECTED, code="gender_invalid", field="gender", value=gender_text
                    )
                )

        status = MemberStatus.ACTIVE.value
        status_text = self._text(cells, "status")
        if status_text:
            try:
                status = status_parse(status_text) or status
            except ValueError:
                issues.append(
                    issue_make(
                        row=row, severity=REJECTED, code="status_invalid", field="status", value=status_text
                    )
                )

        number = self._text(cells, "number")
        if number:
            if len(number) > NUMBER_MAX:
                issues.append(
                    issue_make(
                        row=row, severity=REJECTED, code="number_invalid", field="number", value=number
                    )
                )
                number = ""
            else:
                provided.add("number")

        commune_text = self._text(cells, "commune")
        place = self.communes.resolve(
            name=commune_text, code=self._text(cells, "commune_code"), province=self._text(cells, "province")
        )
        if place.territory_id is None:
            severity = DOUBTFUL if place.code == "commune_ambiguous" else REJECTED
            issues.append(
                issue_make(
                    row=row,
                    severity=severity,
                    code=place.code,
                    field=place.field,
                    value=place.value,
                    choices=place.choices,
                )
            )
        elif not self.in_scope(place.path):
            issues.append(
                issue_make(
                    row=row,
                    severity=REJECTED,
                    code="out_of_scope",
                    field="commune",
                    value=commune_text or place.name,
                )
            )

        if issues:
            return None, issues
        provided.add("home")
        return (
            RowData(
                row=row,
                full_name_ar=full_name_ar,
                full_name_latin=full_name_latin,
                name_key_ar=self.names.key(full_name_ar) if has_arabic(full_name_ar) else "",
                name_key_latin=self.names.key(full_name_latin),
                gender=gender,
                birth_year=birth_year,
                phone=phone,
                cin=cin,
                home_id=place.territory_id,  # type: ignore[arg-type]
                number=number,
                joined_on=joined_on,
                status=status,
                provided=frozenset(provided),
            ),
            issues,
        )
