"""Roll import end to end, with real files: what goes in, what is reported, what never changes."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tanzim.access.models import AuditEvent
from tanzim.access.queries import members_visible
from tanzim.people.exports import roll_xlsx
from tanzim.people.imports.queries import import_find_unfinished, import_for_user, import_progress
from tanzim.people.imports.services import (
    ImportNotRunnable,
    import_candidate_keep_separate,
    import_candidate_merge,
    import_create,
    import_enqueue,
    import_mapping_set,
    import_run,
)
from tanzim.people.models import (
    Membership,
    NameWord,
    Person,
    PersonWord,
    RollImport,
    RollImportIssue,
    RollImportStatus,
)
from tanzim.people.services import person_create
from tests.factories import territory
from tests.people.imports.rollfiles import HEADERS_AR, HEADERS_FR, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

TAOUNATE_COMMUNE = "03.531.01.05"
KARIA = "03.531.01.03"
JBABRA = "03.531.05.07"
BENI_MAKADA = "01.511.01.03"

# The acceptance file: a CP1256 CSV with ';', a title row, Arabic headers, good and bad rows mixed.
ACCEPTANCE_ROWS: list[list[object]] = [
    ["لائحة المنخرطين — الكتابة الإقليمية بتاونات"],  # 1 title
    [],  # 2
    HEADERS_AR,  # 3
    ["العلوي", "محمد", "CD100001", "0661-23 45 67", "تاونات", "12/03/1985"],  # 4 good
    ["الإدريسي", "فاطمة", "cd 100002", "+212 662 12 34 56", "قرية بامحمد", "1990-01-02"],  # 5 good, variant
    ["بنعلي", "أحمد", "CD100003", "00212663123456", "جماعة تاونات", "01.02.1975"],  # 6 good
    ["السعيدي", "خديجة", "", "0664123456", "Jbabra", "1970"],  # 7 good, no CIN, French commune
    ["الوزاني", "أنس", "ZT900001", "+212661000001", "تاونات", "1963"],  # 8 demo member: unchanged
    ["الفاسي", "يوسف", "12AB", "0665123456", "تاونات", "1980"],  # 9 bad CIN
    ["التازي", "سعاد", "CD100009", "12345", "تاونات", "1981"],  # 10 bad phone
    ["الشرقاوي", "عمر", "CD100010", "0666123456", "مدينة الأحلام", "1982"],  # 11 unknown commune
    ["الطنجاوي", "كريم", "CD100011", "0667123456", "طنجة", "1983"],  # 12 Tanger: out of scope
    ["العلوي", "محمد", "CD100001", "0661234567", "تاونات", "12/03/1985"],  # 13 CIN again in file
    ["", "", "CD100013", "0668123456", "تاونات", "1984"],  # 14 no name
    ["المرابط", "ليلى", "ZT900002", "0669999999", "تاونات", "1976"],  # 15 demo CIN, other phone: doubtful
    ["البقالي", "نزهة", "CD100015", "0670123456", "تاونات", "31/02/1990"],  # 16 bad date
    ["الزياني", "إدريس", "CD100016", "0671123456", "سيدي المخفي", "1977"],  # 17 two communes: doubtful
]
ACCEPTANCE_EXPECTED = {
    9: ("rejected", "cin_invalid"),
    10: ("rejected", "phone_invalid"),
    11: ("rejected", "commune_unknown"),
    12: ("rejected", "out_of_scope"),
    13: ("rejected", "cin_duplicate_in_file"),
    14: ("rejected", "name_missing"),
    15: ("doubtful", "cin_exists_different"),
    16: ("rejected", "date_invalid"),
    17: ("doubtful", "commune_ambiguous"),
}


def people_state() -> dict[int, tuple]:
    """Every person and membership, every stored value (to prove nothing changed)."""
    memberships = {m["person_id"]: tuple(sorted(m.items())) for m in Membership.objects.values()}
    return {p["id"]: (tuple(sorted(p.items())), memberships.get(p["id"])) for p in Person.objects.values()}


def world_counts() -> tuple[int, ...]:
    return (
        Person.objects.count(),
        Membership.objects.count(),
        Person.history.count(),
        Membership.history.count(),
        NameWord.objects.count(),
        PersonWord.objects.count(),
    )


def issues_by_row(roll_import: RollImport) -> dict[int, tuple[str, str]]:
    return {i.row: (i.severity, i.code) for i in roll_import.issues.all()}


def _acceptance_file(tmp_path):
    return write_csv(tmp_path / "منخرطو تاونات.csv", ACCEPTANCE_ROWS, encoding="cp1256", delimiter=";")


def test_cp1256_roll_good_rows_in_bad_rows_reported_nothing_else_changed(
    tmp_path, taounate_provincial_secretary
):
    before = people_state()
    path = _acceptance_file(tmp_path)
    roll_import = import_create(user=taounate_provincial_secretary, file=path)
    assert (roll_import.status, roll_import.encoding, roll_import.delimiter) == ("queued", "cp1256", ";")
    assert roll_import.header_row == 3
    roll_import = import_run(roll_import=roll_import)

    assert roll_import.status == RollImportStatus.DONE
    assert (roll_import.rows_done, roll_import.created, roll_import.unchanged) == (14, 4, 1)
    assert (roll_import.rejected, roll_import.doubtful, roll_import.checkpoint) == (7, 2, 14)
    assert issues_by_row(roll_import) == ACCEPTANCE_EXPECTED

    # Good rows are in, normalised, attached to their commune, members with a number.
    alaoui = Person.objects.get(cin="CD100001")
    assert (alaoui.full_name_ar, alaoui.phone, alaoui.birth_year) == ("محمد العلوي", "+212661234567", 1985)
    assert alaoui.home == territory(TAOUNATE_COMMUNE) == alaoui.commune
    assert alaoui.name_key_ar == "محمد العلوي"
    assert alaoui.membership.number.startswith("M") and alaoui.membership.status == "active"
    assert alaoui.membership.roll_checked_on == timezone.localdate()
    assert Person.objects.get(cin="CD100002").home == territory(KARIA)  # "قرية بامحمد"
    saidi = Person.objects.get(full_name_ar="خديجة السعيدي")
    assert (saidi.cin, saidi.home) == ("", territory(JBABRA))
    assert alaoui.history.get().history_user == taounate_provincial_secretary
    assert alaoui.membership.history.get().history_type == "+"
    assert set(alaoui.name_words.values_list("word__word", flat=True)) == {"محمد", "العلوي"}
    assert set(alaoui.name_words.values_list("home_id", flat=True)) == {alaoui.home_id}  # for scoped search

    # Each bad row is reported with its reason, in Arabic and French, naming the value.
    cin = roll_import.issues.get(row=9)
    assert (cin.field, cin.raw["رقم البطاقة الوطنية"]) == ("cin", "12AB")
    assert cin.message_ar.startswith("رقم البطاقة الوطنية «12AB» غير صالح")
    assert cin.message_fr.startswith("CIN « 12AB » invalide")
    assert "السطر 4" in roll_import.issues.get(row=13).message_ar
    assert "طنجة" in roll_import.issues.get(row=12).message_ar
    assert roll_import.issues.get(row=15).candidate == Person.objects.get(cin="ZT900002")

    # Nothing that was there before changed (the demo member of row 15 keeps its phone).
    after = people_state()
    assert {pk: after[pk] for pk in before} == before
    assert Person.objects.get(cin="ZT900002").phone == "+212661000002"
    assert not Person.objects.filter(cin__in=["CD100011", "CD100013", "CD100015", "CD100016"]).exists()
    assert roll_import.report.name.endswith(".xlsx")

    # The same file again: nothing changes.
    state, counts = people_state(), world_counts()
    again = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    assert (again.created, again.unchanged, again.rejected, again.doubtful) == (0, 5, 7, 2)
    assert issues_by_row(again) == ACCEPTANCE_EXPECTED
    assert people_state() == state
    assert world_counts() == counts


def test_xlsx_with_arabic_headers_empty_and_repeated_header_rows(tmp_path, taounate_provincial_secretary):
    headers = [
        "ع.ر",
        "الاسم الكامل",
        "الاسم بالحروف اللاتينية",
        "ر.ب.و",
        "الهاتف",
        "الجماعة",
        "تاريخ الازدياد",
        "الجنس",
        "تاريخ الانخراط",
    ]
    born = datetime.datetime(1988, 5, 4)  # noqa: DTZ001 — Excel dates carry no time zone
    rows = [
        ["لائحة منخرطي الحزب"],
        headers,
        [1, "هاجر البقالي", "Hajar Bakkali", "CD200001", 662345678, "تاونات", born, "أنثى", "15/01/2020"],
        [2, "مصطفى التازي", "Mustapha Tazi", "CD200002", "0663345678", "Karia Ba Mohammed", 1979, "ذكر", ""],
        [],
        [None, None, None],
        headers,
        [3, "عمر الحجيرة", "", "CD200003", "0664345678", "اجبابرة", "1991", "ذ", datetime.date(2021, 6, 1)],
        [4, "سعاد العمراني", "", "CD200004", "0665345678", "تاونات", "1992", "ربما", ""],  # gender?
        [5, "نزهة القادري", "", "CD200005", "0666345678", "تاونات", "1993", "أنثى", "01/01/2099"],  # future
        [6, "كريم الزياني", "", "CD200006", "0667345678", "Beni Makada", "1994", "ذكر", ""],  # Tanger
    ]
    path = write_xlsx(tmp_path / "roll.xlsx", rows)
    before = people_state()
    roll_import = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))

    assert (roll_import.file_format, roll_import.header_row, roll_import.rows_done) == ("xlsx", 2, 6)
    assert (roll_import.created, roll_import.rejected) == (3, 3)
    assert issues_by_row(roll_import) == {
        9: ("rejected", "gender_invalid"),
        10: ("rejected", "date_implausible"),
        11: ("rejected", "out_of_scope"),
    }
    hajar = Person.objects.get(cin="CD200001")
    assert (hajar.full_name_ar, hajar.full_name_latin, hajar.gender) == ("هاجر البقالي", "Hajar Bakkali", "f")
    assert (hajar.phone, hajar.birth_year) == ("+212662345678", 1988)  # a number cell lost its 0
    assert hajar.name_key_latin == "hajar bakkali"
    assert hajar.membership.joined_on == datetime.date(2020, 1, 15)
    assert Person.objects.get(cin="CD200003").membership.joined_on == datetime.date(2021, 6, 1)
    after = people_state()
    assert {pk: after[pk] for pk in before} == before


def test_latin1_csv_with_french_headers_and_tabs(tmp_path, taounate_provincial_secretary):
    rows = [
        HEADERS_FR,
        ["El Fassi", "Hélène", "CD300001", "0661112233", "Aïn Aïcha", "12/03/1985"],
        ["Benjelloun", "Réda", "CD300002", "0661112234", "Taounate", "1986"],
        ["Zoé", "", "CD300003", "0661112235", "Taounate", "1987"],
    ]
    path = write_csv(tmp_path / "roll.csv", rows, encoding="latin-1", delimiter="\t")
    roll_import = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    assert (roll_import.encoding, roll_import.delimiter) == ("cp1252", "\t")
    assert (roll_import.created, roll_import.rejected) == (2, 1)
    assert issues_by_row(roll_import) == {4: ("rejected", "name_incomplete")}
    helene = Person.objects.get(cin="CD300001")
    assert (helene.full_name_latin, helene.name_key_latin, helene.name_key_ar) == (
        "Hélène El Fassi",
        "helene el fassi",
        "",
    )
    assert helene.home.code == "03.531.09.01"


def test_utf8_bom_csv_with_commas(tmp_path, taounate_provincial_secretary):
    rows = [
        ["Nom", "Prénom", "N° CIN", "GSM", "Commune", "Né le", "N° d'adhérent"],
        ["Alaoui", "Karim", "CD400001", "06 61 11 22 33", "Taounate", "1985-03-12", "TAO-0001"],
    ]
    path = write_csv(tmp_path / "roll.csv", rows, encoding="utf-8-sig", delimiter=",")
    roll_import = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    assert (roll_import.encoding, roll_import.delimiter, roll_import.created) == ("utf-8-sig", ",", 1)
    assert Person.objects.get(cin="CD400001").membership.number == "TAO-0001"


def test_dry_run_stores_nobody_and_reports_every_bad_or_doubtful_row(tmp_path, taounate_provincial_secretary):
    counts, state = world_counts(), people_state()
    path = _acceptance_file(tmp_path)
    roll_import = import_run(
        roll_import=import_create(user=taounate_provincial_secretary, file=path, dry_run=True)
    )
    assert (roll_import.status, roll_import.created, roll_import.unchanged) == ("done", 4, 1)
    assert (roll_import.rejected, roll_import.doubtful) == (7, 2)
    assert world_counts() == counts and people_state() == state

    sheet = openpyxl.load_workbook(roll_import.report.path, read_only=True).worksheets[0]
    lines = list(sheet.iter_rows(values_only=True))
    header, body = lines[0], lines[1:]
    assert header[:6] == (
        "السطر / Ligne",
        "الحكم / Verdict",
        "الحقل / Champ",
        "الرمز / Code",
        "السبب / Raison",
        "Raison / السبب بالفرنسية",
    )
    assert "رقم البطاقة الوطنية" in header
    assert {(line[0], line[3]) for line in body} == {
        (row, code) for row, (_s, code) in ACCEPTANCE_EXPECTED.items()
    }
    bad_cin = next(line for line in body if line[0] == 9)
    assert bad_cin[1] == "مرفوض / rejeté"
    assert "«12AB»" in bad_cin[4] and "« 12AB »" in bad_cin[5]
    assert bad_cin[header.index("رقم البطاقة الوطنية")] == "12AB"
    assert AuditEvent.objects.filter(action="people.import", detail__import_id=roll_import.pk).exists()


def test_cin_duplicates_are_never_stored_twice(tmp_path, taounate_provincial_secretary, national_admin):
    rows = [
        HEADERS_AR,
        ["العلوي", "محمد", "CD500001", "0661234567", "تاونات", "1985"],
        ["العلوي", "أحمد", "CD500001", "0661234568", "تاونات", "1986"],
        ["الوزاني", "أنس", "ZT900001", "0661000001", "Karia Ba Mohamed", "1963"],
    ]
    path = write_csv(tmp_path / "dup.csv", rows)
    first = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    second = import_run(roll_import=import_create(user=national_admin, file=path))
    assert (
        issues_by_row(first)
        == issues_by_row(second)
        == {
            3: ("rejected", "cin_duplicate_in_file"),
            4: ("doubtful", "cin_exists_different"),
        }
    )
    assert Person.objects.filter(cin="CD500001").count() == 1
    assert Person.objects.filter(cin="ZT900001").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name_ar="x", cin="CD500001", home=territory(TAOUNATE_COMMUNE))


def test_the_taounate_secretary_cannot_import_into_tanger(
    tmp_path, taounate_provincial_secretary, beni_makada_local_secretary, national_admin
):
    rows = [
        HEADERS_AR,
        ["الطنجاوي", "كريم", "CD600001", "0667123456", "طنجة", "1983"],
        ["المكادي", "سعيد", "CD600002", "0667123457", "بني مكادة", "1984"],
        ["العلوي", "هشام", "CD600003", "0667123458", "تاونات", "1985"],
    ]
    path = write_csv(tmp_path / "tanger.csv", rows, encoding="cp1256")
    taounate = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    assert issues_by_row(taounate) == {2: ("rejected", "out_of_scope"), 3: ("rejected", "out_of_scope")}
    assert "خارج نطاقك الترابي" in taounate.issues.get(row=2).message_ar
    assert "hors de votre territoire" in taounate.issues.get(row=3).message_fr
    assert not Person.objects.filter(cin__in=["CD600001", "CD600002"]).exists()

    beni_makada = import_run(roll_import=import_create(user=beni_makada_local_secretary, file=path))
    assert issues_by_row(beni_makada) == {
        2: ("rejected", "out_of_scope"),  # Tanger is above Beni Makada
        4: ("rejected", "out_of_scope"),
    }
    member = Person.objects.get(cin="CD600002").membership
    assert member.local_organ.kind == "local_secretariat"
    assert member.local_organ.territory == territory(BENI_MAKADA)

    everywhere = import_run(roll_import=import_create(user=national_admin, file=path))
    assert (everywhere.created, everywhere.unchanged, everywhere.rejected) == (1, 2, 0)


def test_a_user_without_territory_cannot_import(tmp_path, outsider):
    path = write_csv(tmp_path / "x.csv", [HEADERS_AR])
    with pytest.raises(PermissionDenied):
        import_create(user=outsider, file=path)


def test_unsure_columns_wait_for_a_mapping(tmp_path, taounate_provincial_secretary):
    rows = [["الاسم", "ب.ت.و", "الجماعة", "ملاحظة"], ["محمد العلوي", "CD700001", "تاونات", "-"]]
    path = write_csv(tmp_path / "unsure.csv", rows)
    roll_import = import_create(user=taounate_provincial_secretary, file=path)
    assert roll_import.status == RollImportStatus.NEEDS_MAPPING
    assert roll_import.headers == ["الاسم", "ب.ت.و", "الجماعة", "ملاحظة"]
    with pytest.raises(ImportNotRunnable):
        import_run(roll_import=roll_import)
    roll_import = import_mapping_set(
        roll_import=roll_import, mapping={"full_name": "الاسم"}, by=taounate_provincial_secretary
    )
    assert roll_import.status == RollImportStatus.QUEUED
    assert roll_import.mapping == {"full_name": [0], "cin": [1], "commune": [2]}
    assert import_run(roll_import=roll_import).created == 1


def test_a_mapping_given_up_front_and_a_header_row_chosen(tmp_path, taounate_provincial_secretary):
    rows = [["a", "b", "c"], ["x", "y", "z"], ["Alaoui Ahmed", "CD700002", "Taounate"]]
    path = write_csv(tmp_path / "plain.csv", rows)
    roll_import = import_create(
        user=taounate_provincial_secretary,
        file=path,
        header_row=2,
        mapping={"full_name": 0, "cin": 1, "commune": 2},
    )
    assert (roll_import.status, roll_import.header_row) == ("queued", 2)
    assert import_run(roll_import=roll_import).created == 1


def test_an_exported_roll_imports_back_unchanged(tmp_path, taounate_provincial_secretary):
    members = members_visible(taounate_provincial_secretary).filter(
        person__home__level__in=["commune", "arrondissement"]
    )
    path = tmp_path / "export.xlsx"
    path.write_bytes(roll_xlsx(members))
    counts = world_counts()
    roll_import = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    assert roll_import.rows_done == members.count() > 20
    assert (roll_import.unchanged, roll_import.created, roll_import.rejected, roll_import.doubtful) == (
        members.count(),
        0,
        0,
        0,
    )
    assert world_counts() == counts


def test_merge_fills_what_the_person_lacks_and_makes_a_member(tmp_path, taounate_provincial_secretary):
    known = person_create(full_name_ar="سعيد البقالي", home=territory(TAOUNATE_COMMUNE), birth_year=1980)
    rows = [HEADERS_AR, ["البقالي", "سعيد", "CD800001", "0661239999", "تاونات", "1980"]]
    path = write_csv(tmp_path / "merge.csv", rows)
    roll_import = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    issue = roll_import.issues.get()
    assert (issue.code, issue.candidate) == ("person_exists_different", known)
    assert not Membership.objects.filter(person=known).exists()

    person = import_candidate_merge(issue=issue, by=taounate_provincial_secretary)
    assert person == known
    known.refresh_from_db()
    assert (known.cin, known.phone, known.commune) == (
        "CD800001",
        "+212661239999",
        territory(TAOUNATE_COMMUNE),
    )
    assert known.membership.source == f"roll import #{roll_import.pk}, row 2"
    issue.refresh_from_db()
    assert (issue.resolution, issue.resolved_by, issue.resolved_person) == (
        "merged",
        taounate_provincial_secretary,
        known,
    )
    with pytest.raises(ValidationError):
        import_candidate_merge(issue=issue, by=taounate_provincial_secretary)
    assert AuditEvent.objects.filter(action="people.import.merge", target=str(known.pk)).exists()
    # The file again: now it is the same person, already a member.
    again = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    assert (again.unchanged, again.doubtful) == (1, 0)


def test_keep_separate_stores_the_row_as_another_person(tmp_path, taounate_provincial_secretary):
    rows = [HEADERS_AR, ["الوزان", "أنس", "", "0661000777", "تاونات", "1963"]]  # ~ demo member Anas Ouazzani
    path = write_csv(tmp_path / "similar.csv", rows)
    roll_import = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    issue = roll_import.issues.get()
    assert (issue.code, issue.severity) == ("similar_person", "doubtful")
    assert issue.candidate == Person.objects.get(cin="ZT900001")
    assert "أنس الوزاني" in issue.message_ar

    person = import_candidate_keep_separate(issue=issue, by=taounate_provincial_secretary)
    assert (person.full_name_ar, person.phone, person.home) == (
        "أنس الوزان",
        "+212661000777",
        territory(TAOUNATE_COMMUNE),
    )
    assert person.membership.number.startswith("M")
    assert person.history.get().history_user == taounate_provincial_secretary
    issue.refresh_from_db()
    assert issue.resolution == "kept_separate"


def test_decisions_are_refused_outside_the_scope_and_on_dry_runs(
    tmp_path, taounate_provincial_secretary, beni_makada_local_secretary
):
    rows = [HEADERS_AR, ["الوزان", "أنس", "", "0661000777", "تاونات", "1963"]]
    path = write_csv(tmp_path / "similar.csv", rows)
    dry = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path, dry_run=True))
    with pytest.raises(ValidationError):
        import_candidate_keep_separate(issue=dry.issues.get(), by=taounate_provincial_secretary)
    real = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    with pytest.raises(ValidationError):  # the row's commune is outside Beni Makada
        import_candidate_merge(issue=real.issues.get(), by=beni_makada_local_secretary)


def test_within_the_file_a_similar_row_is_doubtful_and_points_to_the_first(
    tmp_path, taounate_provincial_secretary
):
    rows = [
        HEADERS_AR,
        ["الحجيرة", "محمد", "", "0661000111", "تاونات", "1970"],
        ["الحجيره", "محمد", "", "0661000112", "تاونات", "1970"],  # same name, other spelling
        ["Hjira", "Mohamed", "", "0661000113", "Taounate", "1970"],  # in Latin letters
    ]
    path = write_csv(tmp_path / "similar.csv", rows)
    roll_import = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    first = Person.objects.get(phone="+212661000111")
    assert issues_by_row(roll_import) == {
        3: ("doubtful", "similar_in_file"),
        4: ("doubtful", "similar_in_file"),
    }
    for issue in roll_import.issues.all():
        assert (issue.related_row, issue.candidate) == (2, first)
        assert "السطر 2" in issue.message_ar and "ligne 2" in issue.message_fr


def test_the_web_page_runs_the_import_as_a_background_task(tmp_path, taounate_provincial_secretary):
    path = _acceptance_file(tmp_path)
    roll_import = import_create(user=taounate_provincial_secretary, file=path)
    assert import_progress(roll_import)["status"] == "queued"
    import_enqueue(roll_import=roll_import)  # immediate backend in tests
    progress = import_progress(roll_import)
    assert (progress["status"], progress["percent"], progress["created"], progress["rejected"]) == (
        "done",
        100,
        4,
        7,
    )
    assert progress["report"].endswith(".xlsx")
    with pytest.raises(ImportNotRunnable):
        import_enqueue(roll_import=RollImport.objects.get(pk=roll_import.pk))


def test_each_run_is_audited_and_imports_are_seen_by_their_owner(
    tmp_path, taounate_provincial_secretary, beni_makada_local_secretary, national_admin
):
    path = _acceptance_file(tmp_path)
    roll_import = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    event = AuditEvent.objects.get(action="people.import", detail__import_id=roll_import.pk)
    assert (event.user, event.target, event.count) == (taounate_provincial_secretary, path.name, 14)
    assert event.detail["created"] == 4 and event.detail["status"] == "done"
    assert import_for_user(taounate_provincial_secretary, roll_import.pk) == roll_import
    assert import_for_user(national_admin, roll_import.pk) == roll_import
    from django.http import Http404

    with pytest.raises(Http404):
        import_for_user(beni_makada_local_secretary, roll_import.pk)


def test_an_unfinished_import_of_the_same_file_is_found_again(tmp_path, taounate_provincial_secretary):
    path = _acceptance_file(tmp_path)
    roll_import = import_create(user=taounate_provincial_secretary, file=path)
    RollImport.objects.filter(pk=roll_import.pk).update(status=RollImportStatus.RUNNING)
    found = import_find_unfinished(
        user=taounate_provincial_secretary, sha256=roll_import.sha256, dry_run=False
    )
    assert found == roll_import
    assert (
        import_find_unfinished(user=taounate_provincial_secretary, sha256=roll_import.sha256, dry_run=True)
        is None
    )
    assert (
        import_find_unfinished(
            user=User.objects.get(username="admin"), sha256=roll_import.sha256, dry_run=False
        )
        is None
    )


def test_an_unreadable_file_is_refused_with_a_clear_message(tmp_path, taounate_provincial_secretary):
    path = tmp_path / "roll.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(ValidationError) as caught:
        import_create(user=taounate_provincial_secretary, file=path)
    assert "XLSX" in str(caught.value)
    assert not RollImport.objects.exists()


def test_issue_rows_count_like_a_spreadsheet(tmp_path, taounate_provincial_secretary):
    rows = [
        ["عنوان"],
        [],
        HEADERS_AR,
        [],
        ["", "", "", "", "", ""],
        ["العلوي", "", "CD900001", "", "تاونات", ""],
    ]
    path = write_csv(tmp_path / "rows.csv", rows)
    roll_import = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    assert issues_by_row(roll_import) == {6: ("rejected", "name_incomplete")}
    assert RollImportIssue.objects.get(roll_import=roll_import).field == "first_name"


def test_a_cin_held_outside_the_territory_is_refused_without_naming_its_holder(
    tmp_path, taounate_provincial_secretary
):
    holder = Person.objects.get(cin="ZT900029")  # a demo member of Beni Makada (Tanger)
    assert holder.home.code == BENI_MAKADA
    rows = [
        HEADERS_AR,
        ["العلوي", "محمد", "ZT900029", "0661234567", "تاونات", "1985"],
        ["-", "0", "", "", "تاونات", ""],
    ]
    path = write_csv(tmp_path / "elsewhere.csv", rows)
    roll_import = import_run(roll_import=import_create(user=taounate_provincial_secretary, file=path))
    assert issues_by_row(roll_import) == {
        2: ("rejected", "cin_exists_elsewhere"),
        3: ("rejected", "name_missing"),
    }
    issue = roll_import.issues.get(row=2)
    assert issue.candidate is None
    for part in (*holder.full_name_ar.split(), *holder.full_name_latin.split()):
        assert part not in issue.message_ar and part not in issue.message_fr


def test_an_uploaded_file_and_excel_unicode_text(tmp_path, taounate_provincial_secretary):
    """What the web page passes (an UploadedFile), in Excel's "Unicode text" (UTF-16, tabs)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = (
        "\t".join(HEADERS_AR)
        + "\r\n"
        + "\t".join(["العلوي", "سمير", "CD950001", "0661234567", "تاونات", "1980"])
    )
    upload = SimpleUploadedFile("لائحة.txt", text.encode("utf-16"), content_type="text/plain")
    roll_import = import_create(user=taounate_provincial_secretary, file=upload)
    assert (roll_import.original_name, roll_import.encoding, roll_import.delimiter) == (
        "لائحة.txt",
        "utf-16",
        "\t",
    )
    assert roll_import.file_size == len(text.encode("utf-16"))
    assert import_run(roll_import=roll_import).created == 1
    assert Person.objects.get(cin="CD950001").full_name_ar == "سمير العلوي"


def test_reading_the_rejected_rows_of_an_import_is_logged(
    tmp_path, taounate_provincial_secretary, taounate_client
):
    """The report quotes the file's rows (names, CINs, phones): reading it is a bulk read."""
    from django.urls import reverse

    roll_import = import_run(
        roll_import=import_create(user=taounate_provincial_secretary, file=_acceptance_file(tmp_path))
    )
    response = taounate_client.get(reverse("members:import", args=[roll_import.pk]))
    assert response.status_code == 200
    logged = AuditEvent.objects.get(action="people.import.rows", target=str(roll_import.pk))
    assert logged.user == taounate_provincial_secretary and logged.count == 9  # 7 rejected + 2 doubtful rows
