"""Demo casework, ethics and premises (idempotent: a second run creates nothing).

- Citizens' files (synthetic): one in Beni Makada taken by its local secretariat, routed to the
  Tanger-Assilah parliamentarian (the elections demo's synthetic representative), raised with the
  government and answered; a few others at earlier steps (one overdue) in Tanger and Taounate.
  The parliamentarian gets a login (`tanji`), which sees only the files entrusted to him.
- Ethics: the seed 004 reader comment by رشيد السفياني («حرمان من البطاقة الحزبية، الحرمان من مقرات
  حزبية») recorded as a real complaint (source: seed 004) with a synthetic handling; synthetic
  members of the national committee and of the Tanger-Tétouan-Al Hoceïma regional committee (the
  seeds name none), and a synthetic complaint of a Beni Makada member against his local secretariat.
- Premises (synthetic): the Beni Makada local premises with opening hours and a reported need.

The demo follow link of the Beni Makada file is derived from SECRET_KEY (`demo_follow_token()`), so
it stays unguessable and can be printed for a demonstration.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from tanzim.access.models import Profile
from tanzim.casework.models import CaseEvent, CaseFile, Complaint, PremisesNeed
from tanzim.casework.queries import parliamentarians_for, token_digest
from tanzim.casework.services import (
    casefile_receive,
    casefile_step,
    complaint_decide,
    complaint_file,
    complaint_hearing_set,
    need_report,
    premises_add,
)
from tanzim.demo import seeds
from tanzim.organs.models import Mandate, Organ, Premises
from tanzim.organs.services import mandate_record
from tanzim.people.models import Person
from tanzim.people.services import person_create
from tanzim.territory.models import Territory

SYNTHETIC = seeds.SYNTHETIC_SOURCE
D = datetime.date
BENI_MAKADA = "01.511.01.03"
BENI_MAKADA_LOCAL = "الأمانة المحلية بمقاطعة بني مكادة"
DEMO_SUBJECT = "انقطاع متكرر للماء الصالح للشرب بحي بئر الشيفا"
PARLIAMENTARIAN_LOGIN = "tanji"
COMMITTEE_LOGIN = "hakam"

# Synthetic committee members: (key, name_ar, name_latin, gender, home, committee, role, login)
COMMITTEE_MEMBERS = [
    ("hakam", "عبد السلام الحكيمي", "Abdeslam Hakimi", "m", "MA", "national", "president", COMMITTEE_LOGIN),
    ("nazih", "لطيفة النزيه", "Latifa Nazih", "f", "MA", "national", "member", None),
    ("adil", "مصطفى العادل", "Mustapha Adil", "m", "01", "tta", "president", "adil"),
    ("amin", "فاطمة الأمين", "Fatima Amine", "f", "01", "tta", "member", None),
]

SOUFIANI_SOURCE = (
    f"{seeds.SEED_004} — تعليق القارئ رشيد السفياني: «حرمان من البطاقة الحزبية، الحرمان من مقرات حزبية». "
    "الشكاية حقيقية (مصدرها التعليق)؛ تاريخ التعليق غير مذكور فسُجلت بتاريخ التقرير، والمشتكى به غير مسمى "
    "فسُجلت ضد الأمانة العامة. المعالجة (الجلسة والقرار) بيانات تجريبية اصطناعية."
)


def demo_follow_token(reference: str | None = None) -> str:
    """The private follow token of a demo file, derived from SECRET_KEY (unguessable without it)."""
    ref = (
        reference or CaseFile.objects.filter(subject=DEMO_SUBJECT).values_list("reference", flat=True).first()
    )
    mac = hmac.new(
        settings.SECRET_KEY.encode(), f"tanzim.demo.casework:{ref}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(mac[:24]).decode().rstrip("=")


def _aware(day: D, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _login(username: str, person: Person) -> int:
    user = User.objects.filter(username=username).first()
    created = 0
    if user is None:
        user = User.objects.create_user(username=username, password=seeds.DEMO_PASSWORD)
        created = 1
    if not Profile.objects.filter(user=user).exists():
        Profile.objects.create(user=user, person=person)
    return created


def _backdate(case: CaseFile, days: list[D]) -> None:
    """Put the demo steps on their (synthetic) days, in order."""
    events = list(case.events.order_by("pk"))
    for event, day in zip(events, days, strict=False):
        event.at = _aware(day)
        event.save(update_fields=["at"])
    case.created_at = _aware(days[0])
    case.consent_at = _aware(days[0])
    case.status_changed_at = _aware(days[min(len(events), len(days)) - 1])
    case.save(update_fields=["created_at", "consent_at", "status_changed_at"])


def _demo_files() -> int:
    created = 0
    beni_makada = Territory.objects.get(code=BENI_MAKADA)
    local = Organ.objects.get(name_ar=BENI_MAKADA_LOCAL)
    laaziri = User.objects.filter(username="laaziri").first()
    parliamentarians = parliamentarians_for(beni_makada)
    if not CaseFile.objects.filter(subject=DEMO_SUBJECT).exists():
        case, _token = casefile_receive(
            organ=local,
            commune=beni_makada,
            category="infrastructure",
            subject=DEMO_SUBJECT,
            description=(
                "يشتكي سكان حي بئر الشيفا بمقاطعة بني مكادة من انقطاع الماء الصالح للشرب عدة مرات في الأسبوع "
                "منذ ثلاثة أشهر دون إشعار مسبق، ويطالبون بتدخل الجهات المختصة. (بيانات تجريبية اصطناعية)"
            ),
            citizen_name="كريمة الريفي",
            citizen_phone="0661000101",
            consent=True,
            by=laaziri,
            source=SYNTHETIC,
        )
        case.follow_digest = token_digest(demo_follow_token(case.reference))
        case.save(update_fields=["follow_digest"])
        casefile_step(
            case=case, status="under_study", by=None, public_note="ملفكم قيد الدراسة لدى الأمانة المحلية."
        )
        days = [D(2026, 2, 2), D(2026, 2, 5)]
        if parliamentarians:
            casefile_step(
                case=case,
                status="forwarded",
                by=None,
                parliamentarian=parliamentarians[0],
                internal_note="أحيل على النائب البرلماني للدائرة (بيانات تجريبية).",
            )
            casefile_step(
                case=case,
                status="raised",
                by=None,
                question_kind="written",
                question_reference="DEMO-2026-0412",
                question_date=D(2026, 2, 20),
            )
            casefile_step(
                case=case,
                status="answered",
                by=None,
                answer=(
                    "أفادت الوزارة المكلفة بالماء أن الانقطاعات ناتجة عن أشغال تجديد القناة الرئيسية، وأن الأشغال "
                    "ستنتهي في أجل شهرين مع توزيع صهاريج خلال فترة الأشغال. (جواب تجريبي اصطناعي)"
                ),
                answered_on=D(2026, 4, 10),
            )
            days += [D(2026, 2, 12), D(2026, 2, 20), D(2026, 4, 12)]
        _backdate(case, days)
        created += 1
    # Files at earlier steps, for the board (one received long ago: overdue).
    others = [
        (
            BENI_MAKADA_LOCAL,
            BENI_MAKADA,
            "social",
            "طلب الاستفادة من برنامج الدعم المباشر",
            "يوسف المرابط",
            40,
            [],
        ),
        (
            BENI_MAKADA_LOCAL,
            BENI_MAKADA,
            "education",
            "اكتظاظ الأقسام بمدرسة ابتدائية بالحي",
            "نادية الصنهاجي",
            3,
            ["under_study"],
        ),
        (
            "الأمانة المحلية بمقاطعة الشرف السواني",
            "01.511.01.06",
            "health",
            "غياب طبيب قار بالمركز الصحي",
            "سعيد الوزاني",
            10,
            [],
        ),
        (
            "الأمانة الإقليمية بتاونات",
            "03.531.01.05",
            "infrastructure",
            "تدهور الطريق الرابطة بين الدواوير",
            "حسن الشرقاوي",
            20,
            ["under_study"],
        ),
    ]
    for organ_name, code, category, subject, citizen, age, steps in others:
        if CaseFile.objects.filter(subject=subject).exists():
            continue
        case, _token = casefile_receive(
            organ=Organ.objects.get(name_ar=organ_name),
            commune=Territory.objects.get(code=code),
            category=category,
            subject=subject,
            description=f"{subject}. يطلب المواطن تدخل الحزب لدى الجهات المعنية. (بيانات تجريبية اصطناعية)",
            citizen_name=citizen,
            citizen_phone="0661000102",
            consent=True,
            source=SYNTHETIC,
        )
        for status in steps:
            casefile_step(case=case, status=status, by=None)
        start = timezone.localdate() - datetime.timedelta(days=age)
        _backdate(case, [start, *[start + datetime.timedelta(days=2)] * len(steps)])
        created += 1
    if parliamentarians:
        created += _login(PARLIAMENTARIAN_LOGIN, parliamentarians[0])
    return created


def _committee_members() -> int:
    created = 0
    committees = {
        "national": Organ.objects.get(name_ar="اللجنة الوطنية للتحكيم والأخلاقيات"),
        "tta": Organ.objects.filter(kind="ethics_committee", territory__code="01").first(),
    }
    for _key, name_ar, name_latin, gender, home, committee_key, role, login in COMMITTEE_MEMBERS:
        committee = committees[committee_key]
        person = Person.objects.filter(full_name_ar=name_ar, source=SYNTHETIC).first()
        if person is None:
            person = person_create(
                full_name_ar=name_ar,
                full_name_latin=name_latin,
                gender=gender,
                home=Territory.objects.get(code=home),
                source=SYNTHETIC,
            )
            created += 1
        if not Mandate.objects.filter(person=person, organ=committee).exists():
            mandate_record(
                person=person,
                organ=committee,
                role=role,
                how="appointed",
                start=D(2020, 6, 1),
                source=SYNTHETIC,
            )
        if login:
            created += _login(login, person)
    return created


def _demo_complaints() -> int:
    created = 0
    soufiani = Person.objects.filter(full_name_ar="رشيد السفياني").first()
    general = Organ.objects.get(kind="general_secretariat", territory__code="MA")
    if soufiani is not None and not Complaint.objects.filter(complainant=soufiani).exists():
        complaint = complaint_file(
            complainant=soufiani,
            category="card_refused",
            respondent_kind="organ",
            respondent_organ=general,
            description=(
                "«حرمان من البطاقة الحزبية، الحرمان من مقرات حزبية» — يشتكي المنخرط من حرمانه من البطاقة الحزبية "
                "ومن ولوج مقرات الحزب (تعليق على تقرير اجتماع الأمين العام مع الأمناء الجهويين)."
            ),
            by=None,
            filed_on=seeds.SEED_004_DAY,
            source=SOUFIANI_SOURCE,
        )
        complaint_hearing_set(
            complaint=complaint, at=_aware(D(2020, 6, 16), 15), place="المقر المركزي للحزب، الرباط", by=None
        )
        complaint_decide(
            complaint=complaint,
            outcome="partly_upheld",
            decision="تسلم للمشتكي بطاقته الحزبية بعد تسوية وضعيته لدى أمانته المحلية، ويمكن من ولوج مقرات الحزب. (قرار تجريبي)",
            reasons=(
                "ثبت للجنة أن المشتكي منخرط ولم يصدر في حقه أي قرار تأديبي يبرر حرمانه من البطاقة أو من المقرات، "
                "ولم يثبت أن الحرمان صادر عن قرار لهيئة بعينها. (تعليل تجريبي اصطناعي)"
            ),
            on=D(2020, 7, 1),
            by=None,
        )
        for event in complaint.events.all():
            day = {"filed": seeds.SEED_004_DAY, "hearing_set": D(2020, 6, 2), "decided": D(2020, 7, 1)}[
                event.status
            ]
            event.at = _aware(day)
            event.save(update_fields=["at"])
        created += 1
    member = (
        Person.objects.filter(home__code=BENI_MAKADA, source=SYNTHETIC, membership__isnull=False)
        .order_by("pk")
        .first()
    )
    local = Organ.objects.get(name_ar=BENI_MAKADA_LOCAL)
    if member is not None and not Complaint.objects.filter(complainant=member).exists():
        complaint_file(
            complainant=member,
            category="premises_refused",
            respondent_kind="organ",
            respondent_organ=local,
            description=(
                "يشتكي المنخرط من منعه من حضور لقاء بمقر الأمانة المحلية رغم توفره على بطاقته الحزبية. "
                "(شكاية تجريبية اصطناعية)"
            ),
            by=None,
            source=SYNTHETIC,
        )
        created += 1
    return created


def _demo_premises() -> int:
    created = 0
    local = Organ.objects.get(name_ar=BENI_MAKADA_LOCAL)
    premises = Premises.objects.filter(organ=local).first()
    if premises is None:
        premises = premises_add(
            organ=local,
            name_ar="مقر الأمانة المحلية ببني مكادة",
            name_fr="Local du secrétariat de Beni Makada",
            address="شارع تجريبي، بني مكادة، طنجة",
            commune=Territory.objects.get(code=BENI_MAKADA),
            opening_hours="من الإثنين إلى الجمعة، 17:00–20:00",
            source=SYNTHETIC,
        )
        premises.equipment = "10 كراسي، طاولة اجتماعات"
        premises.save(update_fields=["equipment"])
        created += 1
    if not PremisesNeed.objects.filter(premises=premises).exists():
        need_report(
            premises=premises,
            category="it",
            description="حاسوب وطابعة لتدبير لائحة المنخرطين وملفات المواطنين",
            by=None,
            source=SYNTHETIC,
        )
        created += 1
    return created


def demo_casework_load() -> int:
    """Create what is missing of the demo casework, complaints and premises; returns how many."""
    return _committee_members() + _demo_files() + _demo_complaints() + _demo_premises()


__all__ = ["CaseEvent", "demo_casework_load", "demo_follow_token"]
