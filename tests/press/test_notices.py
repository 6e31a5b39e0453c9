"""Notices and memos: sent down to the organs below, read receipts, replies going up, scoped pages."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tanzim.access.models import Profile
from tanzim.organs.models import How, Organ, OrganKind, Role
from tanzim.organs.services import mandate_record, organ_create
from tanzim.people.services import person_create
from tanzim.press.models import InboxKind, InboxMessage, Notice, NoticeKind, NoticeRecipient
from tanzim.press.notice_queries import organs_below
from tanzim.press.notice_services import notice_open, notice_reply, notice_send
from tanzim.territory.models import Territory

pytestmark = pytest.mark.django_db

TAOUNATE_PS = "الأمانة الإقليمية بتاونات"
TAOUNATE_POLE = "قطب التواصل والإعلام بالأمانة الإقليمية بتاونات"
TANGER_PS = "الأمانة الإقليمية بعمالة طنجة-أصيلة"
BENI_MAKADA = "الأمانة المحلية بمقاطعة بني مكادة"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def organ(name: str) -> Organ:
    return Organ.objects.get(name_ar=name)


def local_secretariat(commune: str, name: str, secretary: str, username: str) -> tuple[Organ, User]:
    """A local secretariat under the Taounate provincial secretariat, its secretary and his login."""
    local = organ_create(
        kind=OrganKind.LOCAL_SECRETARIAT,
        territory=Territory.objects.get(code=commune),
        name_ar=name,
        name_fr=f"Secrétariat local de test {commune}",
        parent=organ(TAOUNATE_PS),
    )
    person = person_create(
        full_name_ar=secretary, full_name_latin=username.title(), home=Territory.objects.get(code=commune)
    )
    mandate_record(
        person=person, organ=local, role=Role.SECRETARY, how=How.ELECTED, start=datetime.date(2023, 1, 1)
    )
    user = User.objects.create_user(username=username, password="not-used-123")
    Profile.objects.create(user=user, person=person)
    return local, user


@pytest.fixture
def rhafsai(db) -> tuple[Organ, User]:
    return local_secretariat("03.531.01.01", "الأمانة المحلية التجريبية بغفساي", "يوسف الغفساوي", "ghafsaoui")


@pytest.fixture
def tissa(db) -> tuple[Organ, User]:
    return local_secretariat("03.531.01.09", "الأمانة المحلية التجريبية بتيسة", "كريم التيساوي", "tissaoui")


def send(by: User, **kwargs) -> Notice:
    values = {
        "organ": organ(TAOUNATE_PS),
        "kind": NoticeKind.MEMO,
        "subject": "تحيين لوائح المنخرطين",
        "body": "المرجو موافاتنا بلوائح المنخرطين المحينة قبل نهاية الشهر.",
        "recipients": "all",
        "by": by,
    }
    values.update(kwargs)
    return notice_send(**values)


# --- Services ---------------------------------------------------------------------------------


def test_organs_below_follow_the_parent_chain_only(rhafsai, tissa):
    below = {o.pk for o in organs_below(organ(TAOUNATE_PS))}
    assert {rhafsai[0].pk, tissa[0].pk, organ(TAOUNATE_POLE).pk} <= below
    assert organ(TAOUNATE_PS).pk not in below
    assert not below & set(
        Organ.objects.filter(territory__path__startswith="MA/01/").values_list("pk", flat=True)
    )


def test_a_pole_writes_to_the_organs_below_its_secretariat():
    below = {o.name_ar for o in organs_below(organ("قطب التنظيم"))}
    assert {"الأمانة الجهوية لجهة فاس-مكناس", TAOUNATE_PS, TANGER_PS, BENI_MAKADA} <= below
    assert "قطب التنظيم" not in below and "الأمانة العامة" not in below


def test_notice_to_all_below_reaches_every_organ_below_and_no_other(
    taounate_provincial_secretary, rhafsai, tissa
):
    notice = send(taounate_provincial_secretary)
    received = set(notice.recipients.values_list("organ_id", flat=True))
    assert received == {o.pk for o in organs_below(organ(TAOUNATE_PS))}
    assert {rhafsai[0].pk, tissa[0].pk} <= received


def test_notice_to_chosen_organs_reaches_only_them(taounate_provincial_secretary, rhafsai, tissa):
    notice = send(taounate_provincial_secretary, recipients=[rhafsai[0]])
    assert list(notice.recipients.values_list("organ_id", flat=True)) == [rhafsai[0].pk]


def test_chosen_organ_not_below_the_sender_is_refused_by_name(taounate_provincial_secretary, rhafsai):
    with pytest.raises(ValidationError) as error:
        send(taounate_provincial_secretary, recipients=[rhafsai[0], organ(BENI_MAKADA)])
    assert BENI_MAKADA in str(error.value.message_dict["recipients"])
    assert not Notice.objects.exists()


def test_sender_outside_the_users_scope_is_refused(beni_makada_local_secretary, rhafsai):
    with pytest.raises(ValidationError) as error:
        send(beni_makada_local_secretary)
    assert "organ" in error.value.message_dict


def test_attachment_must_be_a_document_of_at_most_10_mb(
    taounate_provincial_secretary, rhafsai, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as error:
        send(taounate_provincial_secretary, attachment=exe)
    assert "attachment" in error.value.message_dict
    disguised = SimpleUploadedFile("memo.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        send(taounate_provincial_secretary, attachment=disguised)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        send(taounate_provincial_secretary, attachment=big)
    assert "10" in str(error.value.message_dict["attachment"])
    notice = send(taounate_provincial_secretary, attachment=SimpleUploadedFile("مذكرة.pdf", PDF))
    assert notice.attachment.name.startswith("notices/")


def test_leaders_of_each_recipient_organ_get_an_inbox_message(taounate_provincial_secretary, rhafsai, tissa):
    notice = send(taounate_provincial_secretary, recipients=[rhafsai[0], tissa[0]])
    for local, user in (rhafsai, tissa):
        message = InboxMessage.objects.get(person=user.profile.person)
        recipient = notice.recipients.get(organ=local)
        assert message.kind == InboxKind.NOTICE
        assert message.url == f"/notices/received/{recipient.pk}/"
        assert "مذكرة من الأمانة الإقليمية بتاونات" in message.subject_ar
    # The head of the Taounate pole got nothing: the pole was not chosen.
    urls = [f"/notices/received/{r.pk}/" for r in notice.recipients.all()]
    assert not InboxMessage.objects.filter(person__full_name_ar="مصطفى الغزواني", url__in=urls).exists()


def test_read_receipt_is_set_by_the_first_reading_only(taounate_provincial_secretary, rhafsai):
    local, secretary = rhafsai
    recipient = send(taounate_provincial_secretary).recipients.get(organ=local)
    notice_open(recipient=recipient, user=secretary)
    first = NoticeRecipient.objects.get(pk=recipient.pk)
    assert first.read_by == secretary and first.read_at is not None
    other = User.objects.create_user(username="deputy-rhafsai")
    notice_open(recipient=NoticeRecipient.objects.get(pk=recipient.pk), user=other)
    again = NoticeRecipient.objects.get(pk=recipient.pk)
    assert (again.read_at, again.read_by) == (first.read_at, secretary)
    assert InboxMessage.objects.get(person=secretary.profile.person).read_at is not None


def test_reply_reaches_the_sender(taounate_provincial_secretary, rhafsai):
    local, secretary = rhafsai
    notice = send(taounate_provincial_secretary)
    recipient = notice.recipients.get(organ=local)
    reply = notice_reply(recipient=recipient, body="تم تحيين اللائحة: 42 منخرطا.", by=secretary)
    assert list(NoticeRecipient.objects.get(pk=recipient.pk).replies.all()) == [reply]
    assert NoticeRecipient.objects.get(pk=recipient.pk).read_by == secretary  # replying is reading
    najjari = taounate_provincial_secretary.profile.person
    message = InboxMessage.objects.get(person=najjari, url=f"/notices/{notice.pk}/")
    assert message.kind == InboxKind.NOTICE and "الأمانة المحلية التجريبية بغفساي" in message.subject_ar
    with pytest.raises(ValidationError):
        notice_reply(recipient=recipient, body="  ", by=secretary)


# --- Pages ------------------------------------------------------------------------------------


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_send_read_reply_journey_through_the_pages(taounate_client, rhafsai, tissa, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    local, secretary = rhafsai
    page = taounate_client.get(reverse("notices:new"))
    assert page.status_code == 200
    assert "الأمانة المحلية التجريبية بغفساي" in page.content.decode()
    response = taounate_client.post(
        reverse("notices:new"),
        {
            "organ": organ(TAOUNATE_PS).pk,
            "kind": "notice",
            "reference": "ت/2026/14",
            "subject": "اجتماع الأمانات المحلية",
            "body": "تدعوكم الأمانة الإقليمية إلى اجتماع تنظيمي.",
            "recipients": "chosen",
            "chosen": [local.pk, tissa[0].pk],
            "attachment": SimpleUploadedFile("دعوة.pdf", PDF, content_type="application/pdf"),
        },
    )
    notice = Notice.objects.get(subject="اجتماع الأمانات المحلية")
    assert response.status_code == 302 and response.url == reverse("notices:detail", args=[notice.pk])
    recipient = notice.recipients.get(organ=local)

    local_client = client_for(secretary)
    inbox = local_client.get(reverse("notices:list")).content.decode()
    assert "اجتماع الأمانات المحلية" in inbox
    assert '<tr class="unread">' in inbox
    page = local_client.get(reverse("notices:received", args=[recipient.pk]))
    assert page.status_code == 200 and "تدعوكم الأمانة الإقليمية" in page.content.decode()
    download = local_client.get(reverse("notices:received_attachment", args=[recipient.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    reply = local_client.post(reverse("notices:reply", args=[recipient.pk]), {"body": "سنحضر الاجتماع."})
    assert reply.status_code == 302

    detail = taounate_client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "سنحضر الاجتماع." in detail
    assert "يوسف الغفساوي" in detail  # read by
    sent = taounate_client.get(reverse("notices:list"), {"box": "sent"}).content.decode()
    assert "اجتماع الأمانات المحلية" in sent
    recipient.refresh_from_db()
    assert recipient.read_by == secretary


def test_provincial_secretary_reading_what_his_locals_received_is_no_receipt(
    taounate_client, taounate_provincial_secretary, rhafsai
):
    recipient = send(taounate_provincial_secretary).recipients.get(organ=rhafsai[0])
    page = taounate_client.get(reverse("notices:received", args=[recipient.pk]))
    assert page.status_code == 200
    recipient.refresh_from_db()
    assert recipient.read_at is None
    assert (
        taounate_client.post(reverse("notices:reply", args=[recipient.pk]), {"body": "x"}).status_code == 302
    )
    assert not recipient.replies.exists()


def test_tanger_local_secretary_gets_404_on_taounate_notices(
    beni_makada_client, taounate_provincial_secretary, rhafsai, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    notice = send(taounate_provincial_secretary, attachment=SimpleUploadedFile("m.pdf", PDF))
    recipient = notice.recipients.get(organ=rhafsai[0])
    reply = notice_reply(
        recipient=recipient, body="تقرير", by=rhafsai[1], attachment=SimpleUploadedFile("r.pdf", PDF)
    )
    for url in (
        reverse("notices:detail", args=[notice.pk]),
        reverse("notices:attachment", args=[notice.pk]),
        reverse("notices:received", args=[recipient.pk]),
        reverse("notices:received_attachment", args=[recipient.pk]),
        reverse("notices:reply_attachment", args=[reply.pk]),
    ):
        assert beni_makada_client.get(url).status_code == 404, url
    assert (
        beni_makada_client.post(reverse("notices:reply", args=[recipient.pk]), {"body": "x"}).status_code
        == 404
    )
    listing = beni_makada_client.get(reverse("notices:list"), {"box": "sent"}).content.decode()
    assert notice.subject not in listing


def test_received_box_lists_unread_first(rhafsai, taounate_provincial_secretary):
    local, secretary = rhafsai
    first = send(taounate_provincial_secretary, subject="البلاغ الأول")
    send(taounate_provincial_secretary, subject="البلاغ الثاني")
    notice_open(recipient=first.recipients.get(organ=local), user=secretary)
    send(taounate_provincial_secretary, subject="البلاغ الثالث")  # newest, unread
    body = client_for(secretary).get(reverse("notices:list")).content.decode()
    assert body.index("البلاغ الثالث") < body.index("البلاغ الثاني") < body.index("البلاغ الأول")


def test_notice_form_refuses_chosen_mode_without_organs(taounate_client, rhafsai):
    response = taounate_client.post(
        reverse("notices:new"),
        {"organ": organ(TAOUNATE_PS).pk, "kind": "memo", "subject": "s", "body": "b", "recipients": "chosen"},
    )
    assert response.status_code == 200
    assert not Notice.objects.exists()


def test_notice_lists_hold_a_fixed_number_of_queries(
    taounate_client, taounate_provincial_secretary, rhafsai, tissa, django_assert_max_num_queries
):
    for n in range(5):
        send(taounate_provincial_secretary, subject=f"بلاغ {n}")
    with django_assert_max_num_queries(17):
        assert taounate_client.get(reverse("notices:list"), {"box": "sent"}).status_code == 200
    local_client = client_for(rhafsai[1])
    with django_assert_max_num_queries(17):
        assert local_client.get(reverse("notices:list")).status_code == 200


def test_empty_boxes_say_so(outsider):
    body = client_for(outsider).get(reverse("notices:list")).content.decode()
    assert "empty" in body
    assert client_for(outsider).get(reverse("notices:new")).status_code == 404


def test_national_admin_picks_the_sending_organ_and_sees_the_organs_below_it(admin_client_):
    pole = organ("قطب التنظيم")
    page = admin_client_.get(reverse("notices:new"), {"organ": pole.pk}).content.decode()
    assert f'<option value="{pole.pk}" selected>' in page
    assert "الأمانة الجهوية لجهة فاس-مكناس" in page and BENI_MAKADA in page
    assert 'hx-get="/notices/new/"' in page  # changing the organ reloads the list of organs below


def test_ticking_organs_while_sending_to_all_is_refused(taounate_client, rhafsai):
    response = taounate_client.post(
        reverse("notices:new"),
        {
            "organ": organ(TAOUNATE_PS).pk,
            "kind": "memo",
            "subject": "s",
            "body": "b",
            "recipients": "all",
            "chosen": [rhafsai[0].pk],
        },
    )
    assert response.status_code == 200 and not Notice.objects.exists()
