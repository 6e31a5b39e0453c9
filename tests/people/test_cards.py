"""Membership cards: issue / revoke / deny rules, the public verification, and real PDFs.

The PDF tests need Debian's poppler-utils (pdftotext, pdftoppm, pdffonts) and zbar-tools (zbarimg):
the QR code is decoded from the rendered page, as a phone would, not read back from segno.
Rendered pages are kept in test-output/cards/ for a look.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override

from tanzim.access.models import AuditEvent
from tanzim.organs.models import Organ
from tanzim.people.cards import (
    PARTY_NAME_AR,
    REASON_REPLACED,
    card_deny,
    card_issue,
    card_revoke,
    card_verification,
    card_verify_url,
    cards_pdf,
    cards_pdf_for_organ,
)
from tanzim.people.models import Card, CardStatus, Membership, MemberStatus
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BASE_URL = "https://tanzim.example.ma"
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "cards"
BENI_MAKADA = "الأمانة المحلية بمقاطعة بني مكادة"
CHARF_SOUANI = "الأمانة المحلية بمقاطعة الشرف السواني"
# pdftotext wraps right-to-left runs in embedding marks; these carry no text.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def organ() -> Organ:
    return Organ.objects.get(name_ar=BENI_MAKADA)


@pytest.fixture
def secretary(beni_makada_local_secretary):
    return beni_makada_local_secretary


_serial = iter(range(100, 10_000))


def _member(
    organ: Organ | None,
    *,
    status: str = MemberStatus.ACTIVE,
    name_ar: str = "",
    name_latin: str = "",
    number: str = "",
) -> Membership:
    serial = next(_serial)
    person = PersonFactory(
        full_name_ar=name_ar or f"عضو تجريبي {serial}",
        full_name_latin=name_latin or f"Membre Essai {serial}",
        cin=f"ZT{serial:06d}",
        phone=f"066{serial:07d}",
        birth_year=1980 + serial % 20,
    )
    return Membership.objects.create(
        person=person, number=number or f"T{serial:07d}", status=status, local_organ=organ
    )


# --- issue ---------------------------------------------------------------------------------------


def test_card_issue_to_an_active_member_records_who_and_when(organ, secretary):
    membership = _member(organ)
    card = card_issue(membership=membership, by=secretary)
    card.refresh_from_db()
    assert card.status == CardStatus.ISSUED
    assert card.issued_on == timezone.localdate()
    assert card.decided_by == secretary
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", card.token)
    assert AuditEvent.objects.filter(action="card.issue", target=membership.number, user=secretary).exists()


@pytest.mark.parametrize(
    "status",
    [
        MemberStatus.APPLICANT,
        MemberStatus.SUSPENDED,
        MemberStatus.LAPSED,
        MemberStatus.RESIGNED,
        MemberStatus.EXCLUDED,
    ],
)
def test_card_issue_refuses_a_member_who_is_not_active_naming_the_status(organ, secretary, status):
    membership = _member(organ, status=status)
    with override("fr"), pytest.raises(ValidationError) as caught:
        card_issue(membership=membership, by=secretary)
    with override("fr"):
        assert str(MemberStatus(status).label) in caught.value.messages[0]
    assert not Card.objects.filter(membership=membership).exists()


def test_card_issue_refuses_a_member_without_a_local_organ(secretary):
    membership = _member(None)
    with pytest.raises(ValidationError) as caught:
        card_issue(membership=membership, by=secretary)
    assert membership.number in caught.value.messages[0]
    assert not Card.objects.filter(membership=membership).exists()


def test_issuing_again_revokes_the_previous_card_as_replaced(organ, secretary):
    membership = _member(organ)
    first = card_issue(membership=membership, by=secretary)
    second = card_issue(membership=membership, by=secretary)
    first.refresh_from_db()
    assert first.status == CardStatus.REVOKED
    assert first.reason == REASON_REPLACED == "replaced"
    assert first.revoked_on == timezone.localdate()
    assert second.token != first.token
    assert list(Card.objects.filter(membership=membership, status=CardStatus.ISSUED)) == [second]
    assert card_verification(first.token)["valid"] is False
    assert card_verification(second.token)["valid"] is True


def test_tokens_are_random_and_unique(organ, secretary):
    tokens = {card_issue(membership=_member(organ), by=secretary).token for _ in range(8)}
    assert len(tokens) == 8


def test_the_database_keeps_one_valid_card_per_member(organ, secretary):
    membership = _member(organ)
    card_issue(membership=membership, by=secretary)
    with pytest.raises(IntegrityError), transaction.atomic():
        Card.objects.create(membership=membership, status=CardStatus.ISSUED, token="second-valid-card-xx")


# --- revoke and deny -----------------------------------------------------------------------------


def test_card_revoke_records_the_reason_the_day_and_who(organ, secretary):
    membership = _member(organ)
    card = card_issue(membership=membership, by=None)
    card_revoke(card=card, by=secretary, reason="  بطاقة مفقودة  ")
    card.refresh_from_db()
    assert (card.status, card.reason, card.revoked_on, card.decided_by) == (
        CardStatus.REVOKED,
        "بطاقة مفقودة",
        timezone.localdate(),
        secretary,
    )
    assert AuditEvent.objects.filter(action="card.revoke", target=membership.number).exists()
    assert card_verification(card.token)["valid"] is False


def test_card_revoke_needs_a_reason_and_an_issued_card(organ, secretary):
    card = card_issue(membership=_member(organ), by=secretary)
    with pytest.raises(ValidationError) as caught:
        card_revoke(card=card, by=secretary, reason="   ")
    assert "reason" in caught.value.message_dict
    card.refresh_from_db()
    assert card.status == CardStatus.ISSUED
    card_revoke(card=card, by=secretary, reason="lost")
    with pytest.raises(ValidationError):
        card_revoke(card=card, by=secretary, reason="again")


def test_card_deny_records_the_refusal_and_its_reason(organ, secretary):
    membership = _member(organ, status=MemberStatus.APPLICANT)
    card = card_deny(membership=membership, by=secretary, reason="ملف غير مكتمل")
    card.refresh_from_db()
    assert (card.status, card.reason, card.decided_by, card.issued_on) == (
        CardStatus.DENIED,
        "ملف غير مكتمل",
        secretary,
        None,
    )
    assert AuditEvent.objects.filter(action="card.deny", target=membership.number).exists()
    assert card_verification(card.token)["valid"] is False


def test_card_deny_needs_a_reason(organ, secretary):
    membership = _member(organ)
    with pytest.raises(ValidationError) as caught:
        card_deny(membership=membership, by=secretary, reason="")
    assert "reason" in caught.value.message_dict
    assert not Card.objects.filter(membership=membership).exists()


def test_card_deny_refuses_while_the_member_holds_a_valid_card(organ, secretary):
    membership = _member(organ)
    card = card_issue(membership=membership, by=secretary)
    with pytest.raises(ValidationError):
        card_deny(membership=membership, by=secretary, reason="x")
    card.refresh_from_db()
    assert card.status == CardStatus.ISSUED


def test_the_database_refuses_a_denial_without_a_reason(organ):
    membership = _member(organ)
    with pytest.raises(IntegrityError), transaction.atomic():
        Card.objects.create(membership=membership, status=CardStatus.DENIED, token="denied-without-reason")


# --- public verification -------------------------------------------------------------------------


def test_card_verification_of_a_valid_card_shows_the_organ_and_no_personal_data(organ, secretary):
    membership = _member(organ, name_ar="سعاد الوزاني", name_latin="Souad Ouazzani", number="T0004821")
    person = membership.person
    card = card_issue(membership=membership, by=secretary)
    shown = card_verification(card.token)
    assert shown == {
        "valid": True,
        "party_name_ar": PARTY_NAME_AR,
        "party_name_fr": "Parti Authenticité et Modernité",
        "organ_name_ar": BENI_MAKADA,
        "organ_name_fr": "Secrétariat local de Beni Makada",
        "issued_on": timezone.localdate(),
        "number_masked": "•••••821",
    }
    text = " ".join(str(value) for value in shown.values())
    for secret in [
        person.full_name_ar,
        person.full_name_latin,
        *person.full_name_ar.split(),
        *person.full_name_latin.split(),
        person.cin,
        person.phone,
        person.phone[-9:],
        str(person.birth_year),
        membership.number,
    ]:
        assert secret not in text


def test_an_invalid_card_answers_only_not_valid_whatever_the_cause(organ, secretary):
    revoked = card_issue(membership=_member(organ), by=secretary)
    card_revoke(card=revoked, by=secretary, reason="lost")
    replaced_membership = _member(organ)
    replaced = card_issue(membership=replaced_membership, by=secretary)
    card_issue(membership=replaced_membership, by=secretary)
    suspended_membership = _member(organ)
    of_suspended = card_issue(membership=suspended_membership, by=secretary)
    Membership.objects.filter(pk=suspended_membership.pk).update(status=MemberStatus.SUSPENDED)
    excluded_membership = _member(organ)
    of_excluded = card_issue(membership=excluded_membership, by=secretary)
    Membership.objects.filter(pk=excluded_membership.pk).update(status=MemberStatus.EXCLUDED)

    answers = [card_verification(card.token) for card in [revoked, replaced, of_suspended, of_excluded]]
    assert answers[0]["valid"] is False
    # The same answer for every cause: the page must not tell a suspension or an exclusion apart.
    assert all(answer == answers[0] for answer in answers)
    assert {key for key, value in answers[0].items() if value not in (None, False)} == {
        "party_name_ar",
        "party_name_fr",
    }


@pytest.mark.parametrize("token", ["", "unknown-token-xxxxxxxx", "x" * 200])
def test_card_verification_of_an_unknown_token_is_none(token):
    assert card_verification(token) is None


def test_card_verify_url(organ, secretary):
    card = card_issue(membership=_member(organ), by=secretary)
    assert card_verify_url(card, base_url=BASE_URL) == f"{BASE_URL}/v/{card.token}/"
    assert card_verify_url(card, base_url=BASE_URL + "/") == f"{BASE_URL}/v/{card.token}/"
    assert (
        card_verify_url(card, base_url="https://pam.ma/tanzim/") == f"https://pam.ma/tanzim/v/{card.token}/"
    )
    with pytest.raises(ValueError):
        card_verify_url(card, base_url="tanzim.example.ma")


# --- PDF -----------------------------------------------------------------------------------------


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _pdf_text(pdf: Path) -> str:
    """pdftotext in its default (reading order) mode: right-to-left lines come in logical order."""
    return _run("pdftotext", "-enc", "UTF-8", str(pdf), "-")


def _squashed(text: str) -> str:
    """Without bidi marks and white space: Amiri's contextual forms sometimes make pdftotext put a
    space inside a word ("العضو ية"), and a long name may wrap. Letters must still be in order."""
    return "".join(BIDI_CONTROLS.sub("", text).split())


def _qr_urls(*pngs: Path) -> list[str]:
    """Decode the QR codes of rendered pages with zbarimg, as a phone camera would."""
    out = _run("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", *map(str, pngs))
    return sorted(line for line in out.splitlines() if line)


def test_card_pdf_gives_back_the_names_and_number_and_its_qr_code_verifies(organ, secretary):
    membership = _member(
        organ, name_ar="فاطمة الزهراء بنعلي", name_latin="Fatima Zahra Benali", number="T0000120"
    )
    card = card_issue(membership=membership, by=secretary)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    pdf = OUTPUT / "card.pdf"
    pdf.write_bytes(cards_pdf([card], base_url=BASE_URL, sheet="card"))

    assert "Pages:           1" in _run("pdfinfo", str(pdf))
    assert re.search(r"Amiri-Bold\s.*\byes\s+yes\s+yes", _run("pdffonts", str(pdf)))  # bundled, embedded
    text = _squashed(_pdf_text(pdf))
    for expected in ["فاطمة الزهراء بنعلي", "Fatima Zahra Benali", "T0000120", BENI_MAKADA, PARTY_NAME_AR]:
        assert _squashed(expected) in text, expected

    _run("pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(OUTPUT / "card"))
    urls = _qr_urls(OUTPUT / "card.png")
    assert urls == [card_verify_url(card, base_url=BASE_URL)]
    token = urlsplit(urls[0]).path.removeprefix("/v/").removesuffix("/")
    assert card_verification(token)["valid"] is True
    assert card_verification(token)["organ_name_ar"] == BENI_MAKADA


def test_cards_pdf_for_organ_holds_every_issued_card_of_its_active_members_and_no_other(organ, secretary):
    issued = [card_issue(membership=_member(organ), by=secretary) for _ in range(11)]
    revoked = card_issue(membership=_member(organ), by=secretary)
    card_revoke(card=revoked, by=secretary, reason="lost")
    suspended_membership = _member(organ)
    of_suspended = card_issue(membership=suspended_membership, by=secretary)
    Membership.objects.filter(pk=suspended_membership.pk).update(status=MemberStatus.SUSPENDED)
    card_deny(membership=_member(organ), by=secretary, reason="incomplete")
    elsewhere = card_issue(membership=_member(Organ.objects.get(name_ar=CHARF_SOUANI)), by=secretary)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    pdf = OUTPUT / "batch.pdf"
    pdf.write_bytes(cards_pdf_for_organ(organ, base_url=BASE_URL))

    assert "Pages:           2" in _run("pdfinfo", str(pdf))  # ten cards on an A4 page, then one
    text = _squashed(_pdf_text(pdf))
    for card in issued:
        assert card.membership.number in text
    for card in [revoked, of_suspended, elsewhere]:
        assert card.membership.number not in text

    _run("pdftoppm", "-r", "150", "-png", str(pdf), str(OUTPUT / "batch"))
    urls = _qr_urls(OUTPUT / "batch-1.png", OUTPUT / "batch-2.png")
    assert urls == sorted(card_verify_url(card, base_url=BASE_URL) for card in issued)


def test_cards_pdf_prints_only_issued_cards_of_active_members(organ, secretary):
    card = card_issue(membership=_member(organ), by=secretary)
    card_revoke(card=card, by=secretary, reason="lost")
    with pytest.raises(ValidationError):
        cards_pdf([card], base_url=BASE_URL)
    suspended_membership = _member(organ)
    of_suspended = card_issue(membership=suspended_membership, by=secretary)
    Membership.objects.filter(pk=suspended_membership.pk).update(status=MemberStatus.SUSPENDED)
    of_suspended.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        cards_pdf([of_suspended], base_url=BASE_URL)
    assert suspended_membership.number in caught.value.messages[0]
    with pytest.raises(ValidationError):
        cards_pdf([], base_url=BASE_URL)
    with pytest.raises(ValidationError):
        cards_pdf_for_organ(Organ.objects.get(name_ar=CHARF_SOUANI), base_url=BASE_URL)
