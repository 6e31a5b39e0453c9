"""PDFs of a communiqué and of the minutes of a meeting, drawn by WeasyPrint with the bundled Amiri
font (OFL): HarfBuzz shapes the Arabic, so the text is joined and ordered the same on every server.

Both documents are bilingual on paper whatever the language of the request: Arabic first (RTL),
then French (LTR) when there is a French text.
"""

from __future__ import annotations

import datetime

from babel.dates import format_date
from django.template.loader import render_to_string

from tanzim.meetings.models import AttendanceStatus, Meeting
from tanzim.people.cards import FONTS_DIR, PARTY_NAME_AR, PARTY_NAME_FR
from tanzim.press.drafting import day_ar, day_fr
from tanzim.press.models import Communique


def _date(value: datetime.date | datetime.datetime | None, locale: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date()
    return format_date(value, "d MMMM y", locale=locale)


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n") if part.strip()]


def _render(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is drawn

    html = render_to_string(
        template,
        {
            **context,
            "party_name_ar": PARTY_NAME_AR,
            "party_name_fr": PARTY_NAME_FR,
            "font_regular": (FONTS_DIR / "Amiri-Regular.ttf").as_uri(),
            "font_bold": (FONTS_DIR / "Amiri-Bold.ttf").as_uri(),
        },
    )
    return HTML(string=html, base_url=FONTS_DIR.as_uri() + "/").write_pdf()


def communique_pdf(communique: Communique) -> bytes:
    """The communiqué as the organ would send it to the press: header, title, text, signature."""
    organ = communique.organ
    day = communique.published_at or communique.updated_at
    return _render(
        "press/communique_pdf.html",
        {
            "c": communique,
            "organ_ar": organ.name_ar,
            "organ_fr": organ.name_fr,
            "date_ar": _date(day, "ar_MA"),
            "date_fr": _date(day, "fr_MA"),
            "body_ar": _paragraphs(communique.body_ar),
            "body_fr": _paragraphs(communique.body_fr),
            "draft": not communique.is_published,
        },
    )


def minutes_pdf(meeting: Meeting, *, with_names: bool = True) -> bytes:
    """The minutes (محضر) of a meeting: when, where, who chaired, who attended, agenda, minutes,
    conclusions and directives with their deadlines. `with_names=False` (a reader merely invited,
    who may not see the people of the other units): how many attended and were excused, not who."""
    chairs = list(meeting.chairs.select_related("person", "mandate"))
    present = list(
        meeting.attendances.filter(status=AttendanceStatus.PRESENT)
        .select_related("person")
        .order_by("person__full_name_ar")
    )
    excused = list(
        meeting.attendances.filter(status=AttendanceStatus.EXCUSED)
        .select_related("person")
        .order_by("person__full_name_ar")
    )
    directives = [
        {"text_ar": d.text_ar, "text_fr": d.text_fr, "due_ar": _date(d.due_on, "ar_MA")}
        for d in meeting.directives.order_by("order", "pk")
    ]
    return _render(
        "press/minutes_pdf.html",
        {
            "m": meeting,
            "organ_ar": meeting.organ.name_ar,
            "organ_fr": meeting.organ.name_fr,
            "day_ar": day_ar(meeting),
            "day_fr": day_fr(meeting),
            "place_ar": meeting.premises.name_ar if meeting.premises_id else meeting.address,
            "chairs": [
                {"name": c.person.full_name_ar, "title": c.mandate.title_ar if c.mandate_id else ""}
                for c in chairs
            ],
            "groups": [g.label_ar for g in meeting.invitee_groups.filter(attended=True)],
            "agenda": list(meeting.agenda.all()),
            "present": [a.person.full_name_ar for a in present] if with_names else [],
            "excused": [a.person.full_name_ar for a in excused] if with_names else [],
            "present_count": len(present),
            "excused_count": len(excused),
            "minutes_ar": _paragraphs(meeting.minutes_ar),
            "minutes_fr": _paragraphs(meeting.minutes_fr),
            "conclusions_ar": _paragraphs(meeting.conclusions_ar),
            "conclusions_fr": _paragraphs(meeting.conclusions_fr),
            "directives": directives,
            "approved_ar": _date(meeting.minutes_approved_on, "ar_MA"),
        },
    )
