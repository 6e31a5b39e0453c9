"""The personal inbox: one's own in-app notices, unread first, marked read on opening; the unread
count in the navigation; and the daily reminders command that fills it."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tanzim.access.models import Profile
from tanzim.meetings.models import Attendance, DirectiveTarget
from tanzim.meetings.services import directive_issue, meeting_invite_people, meeting_plan
from tanzim.organs.models import Organ
from tanzim.people.models import Person
from tanzim.press.models import InboxKind, InboxMessage

pytestmark = pytest.mark.django_db

TAOUNATE_PS = "الأمانة الإقليمية بتاونات"


def person_of(username: str) -> Person:
    return Profile.objects.get(user__username=username).person


def message(username: str, subject: str, *, url: str = "/notices/", minutes_ago: int = 0) -> InboxMessage:
    return InboxMessage.objects.create(
        person=person_of(username),
        kind=InboxKind.NOTICE,
        subject_ar=subject,
        subject_fr=subject,
        url=url,
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def test_inbox_lists_only_own_messages_unread_first(taounate_client):
    old_unread = message("najjari", "رسالة قديمة غير مقروءة", minutes_ago=60)
    read = message("najjari", "رسالة مقروءة", minutes_ago=1)
    read.read_at = timezone.now()
    read.save(update_fields=["read_at"])
    message("laaziri", "رسالة لعزيري")
    body = taounate_client.get(reverse("inbox:list")).content.decode()
    assert "رسالة لعزيري" not in body
    assert body.index(old_unread.subject_ar) < body.index("رسالة مقروءة")


def test_opening_a_message_marks_it_read_and_goes_where_it_points(taounate_client):
    unread = message("najjari", "دعوة", url="/notices/?box=sent")
    response = taounate_client.post(reverse("inbox:open", args=[unread.pk]))
    assert response.status_code == 302 and response.url == "/notices/?box=sent"
    unread.refresh_from_db()
    assert unread.read_at is not None


def test_a_message_pointing_elsewhere_sends_back_to_the_inbox(taounate_client):
    sneaky = message("najjari", "رابط خارجي", url="https://example.com/phish")
    response = taounate_client.post(reverse("inbox:open", args=[sneaky.pk]))
    assert response.url == reverse("inbox:list")


def test_someone_elses_message_is_404(taounate_client):
    theirs = message("laaziri", "رسالة لعزيري")
    assert taounate_client.post(reverse("inbox:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_own_messages(taounate_client):
    mine = [message("najjari", f"رسالة {n}") for n in range(3)]
    theirs = message("laaziri", "رسالة لعزيري")
    assert taounate_client.post(reverse("inbox:read_all")).status_code == 302
    assert all(InboxMessage.objects.get(pk=m.pk).read_at for m in mine)
    assert InboxMessage.objects.get(pk=theirs.pk).read_at is None


def test_navigation_shows_the_unread_count_in_one_query(taounate_client, django_assert_max_num_queries):
    for n in range(3):
        message("najjari", f"رسالة {n}")
    unread = InboxMessage.objects.filter(person=person_of("najjari"), read_at__isnull=True).count()
    assert unread >= 3  # the demo may have sent him invitations already
    page = taounate_client.get(reverse("organs:list")).content.decode()
    assert re.search(rf'id="inbox-link">[^<]+<span class="badge warn"[^>]*>{unread}</span>', page)
    from django.contrib.auth.models import User

    from tanzim.access.context_processors import scope
    from tanzim.press.context_processors import inbox

    class Request:
        user = User.objects.get(username="najjari")

    scope(Request())  # the context processor before it reads the user's profile (and person)
    with django_assert_max_num_queries(1):
        assert str(inbox(Request())["inbox_unread"]) == str(unread)


def test_no_inbox_for_visitors(client):
    from django.contrib.auth.models import AnonymousUser

    from tanzim.press.context_processors import inbox

    class Request:
        user = AnonymousUser()

    assert inbox(Request()) == {}
    assert "inbox-link" not in client.get(reverse("home")).content.decode()


def test_admin_without_a_person_has_an_empty_inbox(admin_client_):
    body = admin_client_.get(reverse("inbox:list")).content.decode()
    assert 'class="empty"' in body


# --- The reminders command ---------------------------------------------------------------------


def test_reminders_go_out_once_for_tomorrows_meetings(taounate_provincial_secretary):
    organ = Organ.objects.get(name_ar=TAOUNATE_PS)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = meeting_plan(
        organ=organ,
        kind="organizational",
        title_ar="اجتماع الأمانة الإقليمية",
        day=tomorrow,
        place_mode="address",
        address="المقر الإقليمي بتاونات",
    )
    later = meeting_plan(
        organ=organ,
        kind="organizational",
        title_ar="اجتماع بعد أسبوع",
        day=tomorrow + datetime.timedelta(days=6),
        place_mode="address",
        address="المقر الإقليمي بتاونات",
    )
    najjari = person_of("najjari")
    taounate_provincial_secretary.email = "najjari@example.org"
    taounate_provincial_secretary.save(update_fields=["email"])
    for m in (meeting, later):
        meeting_invite_people(meeting=m, people=[najjari, Person.objects.get(full_name_ar="محمد لطفي")])
    out = StringIO()
    call_command("meetings_remind", stdout=out)
    assert "Reminders: 2 in-app notices and 1 e-mails for 1 meetings" in out.getvalue()
    reminders = InboxMessage.objects.filter(kind=InboxKind.REMINDER)
    assert reminders.count() == 2 and {r.url for r in reminders} == {f"/meetings/{meeting.pk}/"}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["najjari@example.org"]
    assert Attendance.objects.filter(meeting=meeting, reminder_sent_at__isnull=False).count() == 2

    again = StringIO()
    call_command("meetings_remind", stdout=again)
    assert "Reminders: 0 in-app notices and 0 e-mails for 0 meetings" in again.getvalue()
    assert InboxMessage.objects.filter(kind=InboxKind.REMINDER).count() == 2

    call_command("meetings_remind", "--days", "7", stdout=StringIO())
    assert set(InboxMessage.objects.filter(kind=InboxKind.REMINDER).values_list("url", flat=True)) == {
        f"/meetings/{meeting.pk}/",
        f"/meetings/{later.pk}/",
    }


def test_overdue_alerts_go_out_once(taounate_provincial_secretary):
    organ = Organ.objects.get(name_ar=TAOUNATE_PS)
    region = Organ.objects.get(name_ar="الأمانة الجهوية لجهة فاس-مكناس")
    long_ago = timezone.localdate() - datetime.timedelta(days=40)
    directive = directive_issue(
        organ=region,
        text_ar="تحيين لوائح المنخرطين",
        issued_on=long_ago,
        deadline_kind="days",
        deadline_amount=30,
        targets=[organ],
        notify=False,
    )
    assert DirectiveTarget.objects.filter(organ=organ).exists()
    out = StringIO()
    call_command("meetings_remind", stdout=out)
    assert "Overdue alerts: " in out.getvalue()
    alerts = InboxMessage.objects.filter(
        kind=InboxKind.OVERDUE, person=person_of("najjari"), url=f"/directives/{directive.pk}/"
    )
    assert alerts.count() == 1
    call_command("meetings_remind", stdout=StringIO())
    assert alerts.count() == 1
