"""Writes for citizens' files, ethics complaints and premises. Views and demo call these only."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from tanzim.access.scope import scope_for
from tanzim.casework.models import (
    APPEAL_DAYS,
    CASE_TRANSITIONS,
    CaseAttachment,
    CaseCategory,
    CaseEvent,
    CaseFile,
    CaseStatus,
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintStatus,
    NeedCategory,
    NeedStatus,
    Outcome,
    PremisesNeed,
    QuestionKind,
    RespondentKind,
    VisitorHit,
)
from tanzim.casework.queries import (
    committee_members,
    competent_committee,
    national_committee,
    organ_leads,
    parliamentarians_for,
    secretariat_for,
    token_digest,
)
from tanzim.core.templatetags.tanzim import date_ma
from tanzim.organs.models import Mandate, Organ, Premises, PremisesStatus
from tanzim.people.models import Person
from tanzim.people.validators import normalize_phone
from tanzim.press.models import InboxKind, InboxMessage
from tanzim.territory.models import Level, Territory

# The purpose of the processing, shown next to the consent box (law 09-08 on personal data).
CONSENT_TEXT = gettext_lazy(
    "I agree that the party processes the data I give here (name, contact details, description and "
    "attachments) for the sole purpose of studying my issue and carrying it to the competent "
    "authorities through its parliamentarians, in accordance with law 09-08 on the protection of "
    "personal data. Only the party organs handling my file and the parliamentarian it is entrusted to "
    "read it. I may ask to see, correct or delete my data by writing to the party."
)

# Public form: what a person filling it in by hand never trips, what a script usually does.
PUBLIC_MIN_SECONDS = 5
PUBLIC_FORM_MAX_AGE = 24 * 3600
PUBLIC_FILES_PER_DAY = 3  # per visitor (keyed hash of address and browser)
FOLLOW_FAILURES_PER_HOUR = 10  # wrong follow links a visitor may try before being refused
_PUBLIC_SALT = "tanzim.casework.public"
_VISITOR_SALT = b"tanzim.casework.visitor"

ATTACHMENT_TYPES = {  # extension: (content type, magic bytes)
    ".pdf": ("application/pdf", [b"%PDF-"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
}
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENTS_MAX = 3


# --- Helpers ---------------------------------------------------------------------------------------


def visitor_hash(visitor_key: str, user_agent: str) -> str:
    """A keyed hash (HMAC-SHA256) of the visitor's address and browser; the address is never stored."""
    key = hashlib.sha256(_VISITOR_SALT + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, f"{visitor_key}|{user_agent}".encode(), hashlib.sha256).hexdigest()


def _notify(people, *, subject_ar: str, subject_fr: str, url: str) -> int:
    messages = [
        InboxMessage(
            person=p, kind=InboxKind.NOTICE, subject_ar=subject_ar[:300], subject_fr=subject_fr[:300], url=url
        )
        for p in {p.pk: p for p in people}.values()
    ]
    InboxMessage.objects.bulk_create(messages)
    return len(messages)


def _next_reference(model, prefix: str, year: int | None = None) -> str:
    year = year or timezone.localdate().year
    stem = f"{prefix}-{year}-"
    last = (
        model.objects.filter(reference__startswith=stem)
        .order_by("-reference")
        .values_list("reference", flat=True)
    )
    number = int(last[0].rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{number:05d}"


def _save_with_reference(instance, prefix: str, year: int | None = None) -> None:
    for _attempt in range(5):
        instance.reference = _next_reference(type(instance), prefix, year)
        try:
            with transaction.atomic():
                instance.save()
            return
        except IntegrityError:
            if type(instance).objects.filter(reference=instance.reference).exists():
                continue
            raise
    raise ValidationError(_("Could not number the record; try again."))


def _person_of(user) -> Person | None:
    from tanzim.access.queries import _person_id

    person_id = _person_id(user) if user is not None else None
    return Person.objects.filter(pk=person_id).first() if person_id else None


# --- Citizens' files ------------------------------------------------------------------------------


def attachment_check(upload: UploadedFile) -> str:
    """The content type of an acceptable attachment (PDF, JPEG, PNG up to 5 MB), else ValidationError."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError(
            {
                "attachments": _("“%(name)s”: only PDF, JPEG and PNG files are accepted.")
                % {"name": upload.name}
            }
        )
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"attachments": _("“%(name)s” is larger than 5 MB.") % {"name": upload.name}})
    content_type, magics = ATTACHMENT_TYPES[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise ValidationError(
            {
                "attachments": _("“%(name)s” is not really a %(kind)s file.")
                % {"name": upload.name, "kind": suffix[1:].upper()}
            }
        )
    return content_type


def _contact(name: str, phone: str, email: str) -> tuple[str, str, str]:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"citizen_name": _("Give the citizen's name.")})
    phone = normalize_phone(phone) if phone else ""
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({"citizen_email": _("This e-mail address is not valid.")}) from error
    return name[:200], phone, email


@transaction.atomic
def casefile_receive(
    *,
    organ: Organ,
    commune: Territory,
    category: str,
    subject: str,
    description: str,
    citizen_name: str,
    citizen_phone: str = "",
    citizen_email: str = "",
    consent: bool,
    channel: str = Channel.DESK,
    by: User | None = None,
    attachments: list[UploadedFile] | None = None,
    visitor: str = "",
    source: str = "",
) -> tuple[CaseFile, str]:
    """Take a citizen's file. Returns the file and its private follow token (shown once)."""
    if not consent:
        raise ValidationError({"consent": _("The citizen's consent to the processing is required.")})
    if commune.level not in (Level.COMMUNE, Level.ARRONDISSEMENT):
        raise ValidationError({"commune": _("Choose a commune or an arrondissement.")})
    if not commune.path.startswith(organ.territory.path):
        raise ValidationError({"commune": _("This commune is outside the territory of the organ.")})
    if category not in CaseCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    subject, description = " ".join((subject or "").split()), (description or "").strip()
    if not subject:
        raise ValidationError({"subject": _("Give the subject of the file.")})
    if len(description) < 20:
        raise ValidationError({"description": _("Describe the issue in a few sentences.")})
    name, phone, email = _contact(citizen_name, citizen_phone, citizen_email)
    uploads = [u for u in (attachments or []) if u]
    if len(uploads) > ATTACHMENTS_MAX:
        raise ValidationError({"attachments": _("At most three attachments.")})
    types = [attachment_check(u) for u in uploads]
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    case = CaseFile(
        organ=organ,
        commune=commune,
        category=category,
        subject=subject[:200],
        description=description[:10000],
        channel=channel,
        citizen_name=name,
        citizen_phone=phone,
        citizen_email=email,
        consent_at=now,
        consent_text=str(CONSENT_TEXT),
        status=CaseStatus.RECEIVED,
        status_changed_at=now,
        follow_digest=token_digest(token),
        visitor=visitor,
        created_by=by if by is not None and by.is_authenticated else None,
        created_at=now,
        source=source,
    )
    _save_with_reference(case, "CW")
    CaseEvent.objects.create(
        case=case,
        at=now,
        status=CaseStatus.RECEIVED,
        public_note=_("Your file was received by %(organ)s.") % {"organ": organ.name},
        by=case.created_by,
    )
    for upload, content_type in zip(uploads, types, strict=True):
        CaseAttachment.objects.create(
            case=case,
            file=upload,
            original_name=Path(upload.name).name[:200],
            content_type=content_type,
            size=upload.size,
        )
    leads = organ_leads(organ)
    _notify(
        leads,
        subject_ar=f"ملف مواطن جديد {case.reference}: {case.subject}",
        subject_fr=f"Nouveau dossier citoyen {case.reference} : {case.subject}",
        url=f"/casework/{case.pk}/",
    )
    return case, token


def public_form_token(*, now: datetime.datetime | None = None) -> str:
    moment = (now or timezone.now()).timestamp()
    return signing.dumps({"t": round(moment, 3)}, salt=_PUBLIC_SALT)


def public_form_age(token: str, *, now: datetime.datetime | None = None) -> float | None:
    """Seconds since the form was shown, or None when the token is not ours or too old."""
    try:
        data = signing.loads(token or "", salt=_PUBLIC_SALT, max_age=PUBLIC_FORM_MAX_AGE)
    except signing.BadSignature:
        return None
    return (now or timezone.now()).timestamp() - float(data.get("t", 0))


def casefile_submit_public(
    *,
    commune: Territory | None,
    category: str,
    subject: str,
    description: str,
    citizen_name: str,
    citizen_phone: str,
    citizen_email: str,
    consent: bool,
    form_token: str,
    honeypot: str,
    visitor_key: str,
    user_agent: str,
    attachments: list[UploadedFile] | None = None,
) -> tuple[CaseFile, str]:
    """A citizen's file sent through the public form: spam checks, then the local secretariat of the
    commune (or the nearest secretariat above it) takes it."""
    age = public_form_age(form_token)
    if honeypot or age is None:
        raise ValidationError(_("The form has expired; please fill it in again."))
    if age < PUBLIC_MIN_SECONDS:
        raise ValidationError(_("The form was sent too quickly; please check it and send it again."))
    visitor = visitor_hash(visitor_key, user_agent)
    since = timezone.now() - datetime.timedelta(days=1)
    if (
        VisitorHit.objects.filter(kind="public_form", visitor=visitor, at__gte=since).count()
        >= PUBLIC_FILES_PER_DAY
    ):
        raise ValidationError(_("Too many files were sent from this connection today; try again tomorrow."))
    if commune is None:
        raise ValidationError({"commune": _("Choose your commune.")})
    if not citizen_phone and not citizen_email:
        raise ValidationError({"citizen_phone": _("Give a phone number or an e-mail address.")})
    organ = secretariat_for(commune)
    if organ is None:
        raise ValidationError({"commune": _("No party organ covers this commune yet.")})
    case, token = casefile_receive(
        organ=organ,
        commune=commune,
        category=category,
        subject=subject,
        description=description,
        citizen_name=citizen_name,
        citizen_phone=citizen_phone,
        citizen_email=citizen_email,
        consent=consent,
        channel=Channel.PUBLIC_FORM,
        attachments=attachments,
        visitor=visitor,
    )
    _hit_record("public_form", visitor)
    return case, token


def follow_allowed(*, visitor_key: str, user_agent: str) -> bool:
    """False once a visitor has tried too many wrong follow links in the last hour."""
    visitor = visitor_hash(visitor_key, user_agent)
    since = timezone.now() - datetime.timedelta(hours=1)
    return VisitorHit.objects.filter(kind="follow_miss", visitor=visitor, at__gte=since).count() < (
        FOLLOW_FAILURES_PER_HOUR
    )


def _hit_record(kind: str, visitor: str) -> None:
    """Count a visitor's hit; hits older than two days serve no limit and are purged on the way."""
    now = timezone.now()
    VisitorHit.objects.filter(at__lt=now - datetime.timedelta(days=2)).delete()
    VisitorHit.objects.create(kind=kind, visitor=visitor, at=now)


def follow_miss_record(*, visitor_key: str, user_agent: str) -> None:
    _hit_record("follow_miss", visitor_hash(visitor_key, user_agent))


def casefile_can_act(*, case: CaseFile, user: User) -> bool:
    """The organ in charge (or one above it) and the assigned parliamentarian may move the file on."""
    if scope_for(user).contains(case.organ.territory):
        return True
    person = _person_of(user)
    return person is not None and case.parliamentarian_id == person.pk


@transaction.atomic
def casefile_step(
    *,
    case: CaseFile,
    status: str,
    by: User | None,
    public_note: str = "",
    internal_note: str = "",
    parliamentarian: Person | None = None,
    question_kind: str = "",
    question_reference: str = "",
    question_date: datetime.date | None = None,
    answer: str = "",
    answered_on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> CaseFile:
    """Move a file to its next status, with what that status needs:
    forwarded → the parliamentarian (one of those for the file's territory);
    raised → the kind of question, its reference and date; answered → the answer and its date;
    closed → a note for the citizen."""
    if status not in CASE_TRANSITIONS.get(case.status, []):
        raise ValidationError(
            {
                "status": _("A file %(from)s cannot become %(to)s.")
                % {
                    "from": CaseStatus(case.status).label,
                    "to": CaseStatus(status).label if status in CaseStatus.values else status,
                }
            }
        )
    if by is not None and not casefile_can_act(case=case, user=by):
        raise ValidationError(
            _("Only the organ in charge and the assigned parliamentarian may move this file on.")
        )
    fields = ["status", "status_changed_at"]
    public_note, internal_note = (public_note or "").strip(), (internal_note or "").strip()
    if status == CaseStatus.FORWARDED:
        allowed = {p.pk for p in parliamentarians_for(case.commune)}
        if parliamentarian is None:
            raise ValidationError({"parliamentarian": _("Choose the parliamentarian the file goes to.")})
        if parliamentarian.pk not in allowed:
            raise ValidationError(
                {"parliamentarian": _("This parliamentarian does not represent the file's territory.")}
            )
        case.parliamentarian = parliamentarian
        fields.append("parliamentarian")
        public_note = public_note or _("Your file was entrusted to a parliamentarian of the party.")
    elif status == CaseStatus.RAISED:
        if question_kind not in (QuestionKind.WRITTEN, QuestionKind.ORAL):
            raise ValidationError({"question_kind": _("Say whether the question is written or oral.")})
        if not (question_reference or "").strip():
            raise ValidationError({"question_reference": _("Give the reference of the question.")})
        if question_date is None:
            raise ValidationError({"question_date": _("Give the date of the question.")})
        case.question_kind = question_kind
        case.question_reference = question_reference.strip()[:60]
        case.question_date = question_date
        fields += ["question_kind", "question_reference", "question_date"]
        public_note = public_note or _(
            "Your issue was raised with the government (%(kind)s no. %(ref)s of %(day)s)."
        ) % {
            "kind": QuestionKind(question_kind).label,
            "ref": case.question_reference,
            "day": date_ma(question_date),
        }
    elif status == CaseStatus.ANSWERED:
        if not (answer or "").strip():
            raise ValidationError({"answer": _("Give the government's answer.")})
        if answered_on is None:
            raise ValidationError({"answered_on": _("Give the date of the answer.")})
        if case.question_date and answered_on < case.question_date:
            raise ValidationError({"answered_on": _("The answer cannot come before the question.")})
        case.answer = answer.strip()
        case.answered_on = answered_on
        fields += ["answer", "answered_on"]
        public_note = public_note or _("The government answered on %(day)s; its answer is below.") % {
            "day": date_ma(answered_on)
        }
    elif status == CaseStatus.CLOSED and not public_note:
        raise ValidationError({"public_note": _("Tell the citizen why the file is closed.")})
    now = at or timezone.now()
    case.status = status
    case.status_changed_at = now
    case.save(update_fields=fields)
    CaseEvent.objects.create(
        case=case, at=now, status=status, public_note=public_note, internal_note=internal_note, by=by
    )
    if status == CaseStatus.FORWARDED:
        _notify(
            [case.parliamentarian],
            subject_ar=f"ملف مواطن محال عليكم {case.reference}: {case.subject}",
            subject_fr=f"Dossier citoyen qui vous est confié {case.reference} : {case.subject}",
            url=f"/casework/{case.pk}/",
        )
    return case


def casefile_link_renew(*, case: CaseFile, by: User | None) -> str:
    """A new private follow link (the old one stops working); shown once."""
    token = secrets.token_urlsafe(24)
    case.follow_digest = token_digest(token)
    case.save(update_fields=["follow_digest"])
    return token


# --- Ethics and arbitration -----------------------------------------------------------------------


def _complaint_parties(complaint: Complaint) -> list[Person]:
    people = [complaint.complainant]
    if complaint.respondent_kind == RespondentKind.PERSON:
        people.append(complaint.respondent_person)
    else:
        people.extend(organ_leads(complaint.respondent_organ))
    return people


def is_committee_member(*, user: User | None, committee: Organ) -> bool:
    person = _person_of(user)
    return person is not None and Mandate.objects.current().filter(person=person, organ=committee).exists()


def _event(complaint: Complaint, status: str, text: str, by: User | None) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint, status=status, committee=complaint.committee, text=text, by=by
    )


@transaction.atomic
def complaint_file(
    *,
    complainant: Person,
    category: str,
    respondent_kind: str,
    description: str,
    by: User | None,
    respondent_organ: Organ | None = None,
    respondent_person: Person | None = None,
    decision_complained_of: str = "",
    recorded_by_organ: Organ | None = None,
    filed_on: datetime.date | None = None,
    source: str = "",
) -> Complaint:
    """File a complaint; it goes to the competent committee (regional of the complainant's region
    when there is one, else national), whose members are notified."""
    if category not in ComplaintCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    if respondent_kind == RespondentKind.ORGAN and respondent_organ is None:
        raise ValidationError({"respondent_organ": _("Choose the organ complained against.")})
    if respondent_kind == RespondentKind.PERSON and respondent_person is None:
        raise ValidationError({"respondent_person": _("Choose the person complained against.")})
    if respondent_kind not in RespondentKind.values:
        raise ValidationError({"respondent_kind": _("Say whom the complaint is against.")})
    if respondent_kind == RespondentKind.PERSON and respondent_person == complainant:
        raise ValidationError({"respondent_person": _("A member cannot complain against himself.")})
    if category == ComplaintCategory.ORGAN_DECISION and not decision_complained_of.strip():
        raise ValidationError({"decision_complained_of": _("Say which decision is complained of.")})
    if len((description or "").strip()) < 20:
        raise ValidationError({"description": _("Describe the facts in a few sentences.")})
    committee = competent_committee(complainant)
    complaint = Complaint(
        complainant=complainant,
        recorded_by_organ=recorded_by_organ,
        category=category,
        respondent_kind=respondent_kind,
        respondent_organ=respondent_organ if respondent_kind == RespondentKind.ORGAN else None,
        respondent_person=respondent_person if respondent_kind == RespondentKind.PERSON else None,
        decision_complained_of=decision_complained_of.strip()[:300],
        description=description.strip(),
        committee=committee,
        first_committee=committee,
        filed_on=filed_on or timezone.localdate(),
        source=source,
    )
    _save_with_reference(complaint, "ETH", complaint.filed_on.year)
    _event(complaint, ComplaintStatus.FILED, "", by)
    _notify(
        committee_members(committee),
        subject_ar=f"شكاية جديدة {complaint.reference} أمام {committee.name_ar}",
        subject_fr=f"Nouvelle plainte {complaint.reference} devant {committee.name_fr or committee.name_ar}",
        url=f"/ethics/{complaint.pk}/",
    )
    return complaint


def _require_committee(complaint: Complaint, by: User | None) -> None:
    if by is not None and not is_committee_member(user=by, committee=complaint.committee):
        raise ValidationError(_("Only the members of the committee seized may do this."))


@transaction.atomic
def complaint_hearing_set(
    *, complaint: Complaint, at: datetime.datetime, place: str, by: User | None
) -> Complaint:
    """The committee sets the hearing; the parties are notified."""
    _require_committee(complaint, by)
    if complaint.status not in (ComplaintStatus.FILED, ComplaintStatus.HEARING_SET, ComplaintStatus.APPEALED):
        raise ValidationError({"hearing_at": _("This complaint has been decided.")})
    if at is None:
        raise ValidationError({"hearing_at": _("Give the date and time of the hearing.")})
    if not (place or "").strip():
        raise ValidationError({"hearing_place": _("Give the place of the hearing.")})
    complaint.hearing_at = at
    complaint.hearing_place = place.strip()[:200]
    complaint.status = ComplaintStatus.HEARING_SET
    complaint.save(update_fields=["hearing_at", "hearing_place", "status"])
    when = timezone.localtime(at)
    _event(complaint, ComplaintStatus.HEARING_SET, f"{when:%Y-%m-%d %H:%M} — {complaint.hearing_place}", by)
    _notify(
        _complaint_parties(complaint),
        subject_ar=f"استدعاء لجلسة الاستماع في الشكاية {complaint.reference} يوم {when:%Y-%m-%d} على الساعة {when:%H:%M}",
        subject_fr=f"Convocation à l'audience, plainte {complaint.reference}, le {when:%d/%m/%Y} à {when:%H:%M}",
        url=f"/ethics/{complaint.pk}/",
    )
    return complaint


@transaction.atomic
def complaint_decide(
    *,
    complaint: Complaint,
    outcome: str,
    decision: str,
    reasons: str,
    on: datetime.date | None = None,
    by: User | None,
) -> Complaint:
    """The committee decides, with reasons; the parties are notified."""
    _require_committee(complaint, by)
    if complaint.status not in (ComplaintStatus.HEARING_SET,):
        raise ValidationError({"outcome": _("Hear the parties before deciding.")})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if not (decision or "").strip():
        raise ValidationError({"decision": _("Write the decision.")})
    if len((reasons or "").strip()) < 20:
        raise ValidationError({"reasons": _("Give the reasons of the decision.")})
    complaint.outcome = outcome
    complaint.decision = decision.strip()
    complaint.reasons = reasons.strip()
    complaint.decided_on = on or timezone.localdate()
    complaint.status = ComplaintStatus.DECIDED
    complaint.save(update_fields=["outcome", "decision", "reasons", "decided_on", "status"])
    with override("ar"):
        outcome_ar = str(Outcome(outcome).label)
    with override("fr"):
        outcome_fr = str(Outcome(outcome).label)
    _event(complaint, ComplaintStatus.DECIDED, f"{outcome_ar}\n{complaint.decision}\n{complaint.reasons}", by)
    _notify(
        _complaint_parties(complaint),
        subject_ar=f"قرار في الشكاية {complaint.reference}: {outcome_ar}",
        subject_fr=f"Décision sur la plainte {complaint.reference} : {outcome_fr}",
        url=f"/ethics/{complaint.pk}/",
    )
    return complaint


@transaction.atomic
def complaint_appeal(*, complaint: Complaint, reasons: str, by: User | None) -> Complaint:
    """A party appeals a regional committee's decision to the national committee (within 30 days)."""
    person = _person_of(by)
    parties = {p.pk for p in _complaint_parties(complaint)}
    if by is not None and (person is None or person.pk not in parties):
        raise ValidationError(_("Only the parties may appeal."))
    if complaint.status != ComplaintStatus.DECIDED:
        raise ValidationError({"appeal_reasons": _("Only a decision can be appealed.")})
    national = national_committee()
    if national is None or complaint.committee_id == national.pk:
        raise ValidationError({"appeal_reasons": _("The national committee's decision is final.")})
    if complaint.decided_on and timezone.localdate() > complaint.decided_on + datetime.timedelta(
        days=APPEAL_DAYS
    ):
        raise ValidationError({"appeal_reasons": _("The time to appeal (30 days) has passed.")})
    if len((reasons or "").strip()) < 20:
        raise ValidationError({"appeal_reasons": _("Give the grounds of the appeal.")})
    complaint.committee = national
    complaint.status = ComplaintStatus.APPEALED
    complaint.appealed_on = timezone.localdate()
    complaint.appeal_reasons = reasons.strip()
    complaint.hearing_at = None
    complaint.hearing_place = ""
    complaint.save(
        update_fields=["committee", "status", "appealed_on", "appeal_reasons", "hearing_at", "hearing_place"]
    )
    _event(complaint, ComplaintStatus.APPEALED, complaint.appeal_reasons, by)
    _notify(
        [*committee_members(national), *_complaint_parties(complaint)],
        subject_ar=f"استئناف الشكاية {complaint.reference} أمام اللجنة الوطنية للتحكيم والأخلاقيات",
        subject_fr=f"Appel de la plainte {complaint.reference} devant la commission nationale",
        url=f"/ethics/{complaint.pk}/",
    )
    return complaint


# --- Premises -------------------------------------------------------------------------------------


@transaction.atomic
def premises_update(
    *,
    premises: Premises,
    status: str,
    address: str,
    opening_hours: str,
    equipment: str,
    by: User | None,
) -> Premises:
    if status not in PremisesStatus.values:
        raise ValidationError({"status": _("Choose the status of the premises.")})
    premises.status = status
    premises.address = (address or "").strip()[:300]
    premises.opening_hours = (opening_hours or "").strip()[:200]
    premises.equipment = (equipment or "").strip()
    premises._change_reason = "premises_update"
    premises.full_clean()
    premises.save(update_fields=["status", "address", "opening_hours", "equipment"])
    return premises


@transaction.atomic
def premises_add(
    *,
    organ: Organ,
    name_ar: str,
    name_fr: str = "",
    address: str = "",
    commune: Territory | None = None,
    opening_hours: str = "",
    status: str = PremisesStatus.OPEN,
    by: User | None = None,
    source: str = "",
) -> Premises:
    if not (name_ar or "").strip():
        raise ValidationError({"name_ar": _("Give the name of the premises in Arabic.")})
    if commune is not None and not commune.path.startswith(organ.territory.path):
        raise ValidationError({"commune": _("This commune is outside the territory of the organ.")})
    premises = Premises(
        organ=organ,
        name_ar=name_ar.strip()[:200],
        name_fr=(name_fr or "").strip()[:200],
        address=(address or "").strip()[:300],
        commune=commune,
        status=status,
        opening_hours=(opening_hours or "").strip()[:200],
        is_headquarters=not Premises.objects.filter(organ=organ).exists(),
        source=source,
    )
    premises.full_clean()
    premises.save()
    return premises


@transaction.atomic
def need_report(
    *, premises: Premises, category: str, description: str, by: User | None, source: str = ""
) -> PremisesNeed:
    """The local level reports an equipment or logistics need; the organ above is notified."""
    if category not in NeedCategory.values:
        raise ValidationError({"category": _("Choose the kind of need.")})
    if len((description or "").strip()) < 5:
        raise ValidationError({"description": _("Describe the need.")})
    need = PremisesNeed.objects.create(
        premises=premises,
        category=category,
        description=description.strip(),
        reported_by=by if by is not None and by.is_authenticated else None,
        source=source,
    )
    if premises.status == PremisesStatus.OPEN:
        premises.status = PremisesStatus.NEEDS_EQUIPMENT
        premises.save(update_fields=["status"])
    above = premises.organ.parent
    if above is not None:
        _notify(
            organ_leads(above),
            subject_ar=f"حاجة مبلغ عنها في {premises.name_ar}: {need.description[:150]}",
            subject_fr=f"Besoin signalé au local {premises.name_fr or premises.name_ar} : {need.description[:150]}",
            url=f"/premises/{premises.pk}/",
        )
    return need


@transaction.atomic
def need_update(*, need: PremisesNeed, status: str, answer: str, by: User | None) -> PremisesNeed:
    if status not in NeedStatus.values:
        raise ValidationError({"status": _("Choose the status of the need.")})
    need.status = status
    need.answer = (answer or "").strip()[:300]
    need.save(update_fields=["status", "answer"])
    return need
