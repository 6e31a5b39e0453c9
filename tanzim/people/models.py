"""People: anyone the party deals with — office holders today, members in the next step."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tanzim.people.validators import validate_cin, validate_phone
from tanzim.territory.models import Territory


class Honorific(models.TextChoices):
    NONE = "", "—"
    MR = "mr", _("Mr")
    MRS = "mrs", _("Mrs")
    DOCTOR = "dr", _("Dr")
    PROFESSOR = "pr", _("Prof.")


HONORIFIC_AR = {"mr": "السيد", "mrs": "السيدة", "dr": "الدكتور", "pr": "الأستاذ"}
HONORIFIC_AR_FEMININE = {"dr": "الدكتورة", "pr": "الأستاذة"}


class Gender(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class PersonQuerySet(models.QuerySet["Person"]):
    def within_paths(self, paths: list[str]) -> PersonQuerySet:
        query = models.Q()
        for path in paths:
            query |= models.Q(home__path__startswith=path)
        return self.filter(query) if paths else self.none()


class Person(models.Model):
    full_name_ar = models.CharField(_("full name (Arabic)"), max_length=200)
    full_name_latin = models.CharField(_("full name (Latin script)"), max_length=200, blank=True)
    honorific = models.CharField(
        _("honorific"), max_length=4, choices=Honorific.choices, blank=True, default=""
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True, default="")
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, default="", validators=[validate_phone])
    cin = models.CharField(_("CIN"), max_length=8, blank=True, default="", validators=[validate_cin])
    commune = models.ForeignKey(
        Territory,
        verbose_name=_("commune of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
        limit_choices_to={"level__in": ["commune", "arrondissement"]},
    )
    home = models.ForeignKey(
        Territory,
        verbose_name=_("attached to"),
        on_delete=models.PROTECT,
        related_name="attached_people",
        help_text=_(
            "The territory whose organs may see this person: the commune of residence, "
            "or the territory of the organ they serve in when the commune is not known."
        ),
    )
    name_key_ar = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    name_key_latin = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    source = models.TextField(_("source"), blank=True, help_text=_("Where this record comes from"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name_ar"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["cin"], condition=~models.Q(cin=""), name="person_cin_unique_when_set"
            ),
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "ar").startswith("fr") and self.full_name_latin:
            return self.full_name_latin
        return self.full_name_ar or self.full_name_latin

    @property
    def honorific_name(self) -> str:
        """ "الدكتور محمد الحجيرة" in Arabic; "Dr Mohamed Hjira" in French."""
        if not self.honorific:
            return self.display_name
        if (get_language() or "ar").startswith("fr") and self.full_name_latin:
            return f"{self.get_honorific_display()} {self.full_name_latin}"
        table = HONORIFIC_AR_FEMININE if self.gender == Gender.FEMALE else {}
        return f"{table.get(self.honorific, HONORIFIC_AR[self.honorific])} {self.full_name_ar}"


class MemberStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ACTIVE = "active", pgettext_lazy("member status", "Active")
    SUSPENDED = "suspended", _("Suspended")
    LAPSED = "lapsed", _("Lapsed")
    RESIGNED = "resigned", _("Resigned")
    EXCLUDED = "excluded", _("Excluded")


# Which status may follow which; every change records a reason and a date.
STATUS_TRANSITIONS: dict[str, set[str]] = {
    MemberStatus.APPLICANT: {MemberStatus.ACTIVE, MemberStatus.RESIGNED},
    MemberStatus.ACTIVE: {
        MemberStatus.SUSPENDED,
        MemberStatus.LAPSED,
        MemberStatus.RESIGNED,
        MemberStatus.EXCLUDED,
    },
    MemberStatus.SUSPENDED: {MemberStatus.ACTIVE, MemberStatus.EXCLUDED, MemberStatus.RESIGNED},
    MemberStatus.LAPSED: {MemberStatus.ACTIVE, MemberStatus.RESIGNED},
    MemberStatus.RESIGNED: {MemberStatus.APPLICANT},
    MemberStatus.EXCLUDED: set(),
}


class MembershipQuerySet(models.QuerySet["Membership"]):
    def within_paths(self, paths: list[str]) -> MembershipQuerySet:
        query = models.Q()
        for path in paths:
            query |= models.Q(person__home__path__startswith=path)
        return self.filter(query) if paths else self.none()

    def active(self) -> MembershipQuerySet:
        return self.filter(status=MemberStatus.ACTIVE)


class Membership(models.Model):
    """A person's membership of the party (انخراط): number, local organ, status, consent."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="membership"
    )
    number = models.CharField(_("member number"), max_length=20, unique=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    local_organ = models.ForeignKey(
        "organs.Organ",
        verbose_name=_("local organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("The local secretariat of the member's commune or arrondissement"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MemberStatus.choices,
        default=MemberStatus.APPLICANT,
        db_index=True,
    )
    status_reason = models.CharField(_("reason of the status"), max_length=300, blank=True)
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    consent_on = models.DateField(_("consent to data processing given on"), null=True, blank=True)
    consent_scope = models.CharField(_("scope of the consent"), max_length=200, blank=True)
    roll_checked_on = models.DateField(_("last checked in a rolls update"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["local_organ", "status"])]

    def __str__(self) -> str:
        return f"{self.number} — {self.person}"

    def get_status_display(self) -> str:
        """The status in the user's language. Django's own builds the table of every choice on each
        call, once per row of a page of fifty members."""
        try:
            return str(MemberStatus(self.status).label)
        except ValueError:
            return self.status


class Dues(models.Model):
    """Yearly dues paid (optional: not every party collects them)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="dues")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (MAD)"), max_digits=8, decimal_places=2)
    paid_on = models.DateField(_("paid on"))

    class Meta:
        verbose_name = _("dues")
        verbose_name_plural = _("dues")
        constraints = [models.UniqueConstraint(fields=["membership", "year"], name="dues_one_per_year")]

    def __str__(self) -> str:
        return f"{self.membership.number} {self.year}"


class CardStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")
    DENIED = "denied", _("Denied")


class Card(models.Model):
    """A membership card (البطاقة الحزبية): issued, revoked, or denied with a reason.

    `token` is the random part of the public verification URL; it reveals nothing about the person.
    """

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="cards")
    status = models.CharField(_("status"), max_length=16, choices=CardStatus.choices)
    token = models.CharField(max_length=32, unique=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership card")
        verbose_name_plural = _("membership cards")
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=models.Q(status="issued"), name="card_one_valid_per_member"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="denied") | ~models.Q(reason=""), name="card_denial_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.number} {self.status}"


class NameWord(models.Model):
    """A distinct folded name word (Arabic or Latin) and its cross-script phonetic skeleton.

    Search looks here first (a few hundred thousand rows at national scale, trigram-indexed on
    PostgreSQL), then follows `PersonWord` to the people.
    """

    word = models.CharField(max_length=100, unique=True)
    skeleton = models.CharField(max_length=100, db_index=True)

    def __str__(self) -> str:
        return self.word


class PersonWord(models.Model):
    # No index of their own on the two keys: person_word_unique leads with the person,
    # person_word_by_home with the word (every index more slows the roll import's millions of links).
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_words", db_index=False)
    word = models.ForeignKey(NameWord, on_delete=models.CASCADE, related_name="people", db_index=False)
    # The person's unit of residence, copied so that a search inside a province reads only that
    # province's links (index person_word_by_home). Kept by the database itself (triggers of
    # migration 0007): filled on insert, followed on every change of `Person.home`, whatever writes it.
    home = models.ForeignKey(
        "territory.Territory",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        constraints = [
            # Also the index of "does this person have this word" (scoped searches, from the person's side).
            models.UniqueConstraint(fields=["person", "word"], name="person_word_unique")
        ]
        indexes = [
            # The people having a word: in some units, or in the whole country (index-only either way).
            models.Index(fields=["word", "home", "person"], name="person_word_by_home"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.word_id}"


class MemberNumberSequence(models.Model):
    """The last member number handed out (one row); reserved in blocks by `member_numbers_reserve`."""

    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.last)


class RollsCampaign(models.Model):
    """ "Update the rolls of Taounate by <date>": each local organ confirms or updates its members."""

    organ = models.ForeignKey(
        "organs.Organ", verbose_name=_("organ"), on_delete=models.PROTECT, related_name="rolls_campaigns"
    )
    title = models.CharField(_("title"), max_length=200)
    deadline = models.DateField(_("deadline"))
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("rolls update campaign")
        verbose_name_plural = _("rolls update campaigns")
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return self.title


from tanzim.people.import_models import *  # noqa
