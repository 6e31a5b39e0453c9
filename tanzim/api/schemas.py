import datetime

from ninja import Schema


class TerritoryOut(Schema):
    code: str
    level: str
    kind: str
    name_ar: str
    name_fr: str
    parent_code: str | None
    path: str
    population_2024: int | None

    @staticmethod
    def resolve_parent_code(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class OrganOut(Schema):
    id: int
    kind: str
    name_ar: str
    name_fr: str
    territory_code: str
    parent_id: int | None
    provisional: bool
    status: str
    chamber: str

    @staticmethod
    def resolve_territory_code(obj) -> str:
        return obj.territory.code


class PersonRef(Schema):
    id: int
    full_name_ar: str
    full_name_latin: str


class OrganRef(Schema):
    id: int
    kind: str
    name_ar: str
    name_fr: str
    territory_code: str

    @staticmethod
    def resolve_territory_code(obj) -> str:
        return obj.territory.code


class MandateOut(Schema):
    id: int
    person: PersonRef
    organ: OrganRef
    role: str
    title_ar: str
    title_fr: str
    how: str
    start: datetime.date | None
    end: datetime.date | None
    attested_from: datetime.date | None
    approved_on: datetime.date | None


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict]
