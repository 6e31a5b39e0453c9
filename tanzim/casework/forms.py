"""Forms of the casework, ethics and premises pages: shapes only; the rules live in services."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tanzim.casework.models import (
    CaseCategory,
    CaseStatus,
    ComplaintCategory,
    NeedCategory,
    NeedStatus,
    Outcome,
    QuestionKind,
    RespondentKind,
)
from tanzim.casework.services import CONSENT_TEXT
from tanzim.core.widgets import DateInput, DateTimeInput
from tanzim.organs.models import Organ, PremisesStatus
from tanzim.people.models import Person
from tanzim.territory.models import Level, Territory
from tanzim.territory.queries import territory_resolve_one

DATE = DateInput()
DATETIME = DateTimeInput()
TEXT = forms.Textarea(attrs={"rows": 5, "dir": "auto"})
SHORT_TEXT = forms.Textarea(attrs={"rows": 2, "dir": "auto"})
COMMUNE_LEVELS = [Level.COMMUNE, Level.ARRONDISSEMENT]


class OrganChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organ) -> str:
        return obj.name


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.honorific_name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def resolve_commune(text: str, *, within: Territory | None = None) -> Territory | None:
    return territory_resolve_one(text, levels=COMMUNE_LEVELS, within=within) if text.strip() else None


class CitizenFields(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *CaseCategory.choices])
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=TEXT, max_length=10000)
    citizen_name = forms.CharField(label=_("Full name"), max_length=200)
    citizen_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    citizen_email = forms.EmailField(label=_("E-mail"), required=False)
    attachments = MultipleFileField(
        label=_("Attachments"), required=False, help_text=_("PDF, JPEG or PNG; up to 3 files of 5 MB each.")
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)


class CaseIntakeForm(CitizenFields):
    """A local secretariat takes a file at its desk."""

    organ = OrganChoice(label=_("Organ taking the file"), queryset=Organ.objects.none())
    commune = forms.CharField(
        label=_("Commune or arrondissement"),
        max_length=120,
        required=False,
        help_text=_("Leave empty for the organ's own commune or arrondissement."),
    )
    field_order = [
        "organ",
        "commune",
        "category",
        "subject",
        "description",
        "citizen_name",
        "citizen_phone",
        "citizen_email",
        "attachments",
        "consent",
    ]

    def __init__(self, *args, organs: QuerySet[Organ], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs
        self.fields["consent"].label = _("The citizen agreed to this: %(text)s") % {"text": CONSENT_TEXT}
        if organs.count() == 1:
            self.fields["organ"].initial = organs.first()

    def clean(self):
        data = super().clean()
        organ = data.get("organ")
        if organ is None:
            return data
        text = data.get("commune", "")
        if text:
            commune = resolve_commune(text, within=organ.territory)
            if commune is None:
                self.add_error(
                    "commune",
                    _("No single commune of the organ's territory is called “%(name)s”.") % {"name": text},
                )
        elif organ.territory.level in COMMUNE_LEVELS:
            commune = organ.territory
        else:
            commune = None
            self.add_error("commune", _("Give the commune or arrondissement."))
        data["commune_unit"] = commune
        return data


class PublicCaseForm(CitizenFields):
    """The public form (no login)."""

    commune = forms.CharField(
        label=_("Your commune or arrondissement"), max_length=120, help_text=_("e.g. بني مكادة, Taounate")
    )
    field_order = [
        "commune",
        "category",
        "subject",
        "description",
        "citizen_name",
        "citizen_phone",
        "citizen_email",
        "attachments",
        "consent",
    ]

    def clean(self):
        data = super().clean()
        text = data.get("commune", "")
        data["commune_unit"] = resolve_commune(text) if text else None
        if text and data["commune_unit"] is None:
            self.add_error(
                "commune", _("No single commune or arrondissement is called “%(name)s”.") % {"name": text}
            )
        return data


class CaseStepForm(forms.Form):
    status = forms.ChoiceField(label=_("Next step"), choices=CaseStatus.choices)
    parliamentarian = PersonChoice(label=_("Parliamentarian"), queryset=Person.objects.none(), required=False)
    question_kind = forms.ChoiceField(
        label=_("Kind of question"), choices=QuestionKind.choices, required=False
    )
    question_reference = forms.CharField(label=_("Question reference"), max_length=60, required=False)
    question_date = forms.DateField(label=_("Question date"), widget=DATE, required=False)
    answer = forms.CharField(label=_("Government's answer"), widget=TEXT, required=False)
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE, required=False)
    public_note = forms.CharField(
        label=_("Note for the citizen"),
        widget=SHORT_TEXT,
        required=False,
        help_text=_("The citizen reads it on the private follow page."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        widget=SHORT_TEXT,
        required=False,
        help_text=_("Never shown to the citizen."),
    )

    def __init__(self, *args, statuses: list[str], parliamentarians: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, CaseStatus(s).label) for s in statuses]
        self.fields["parliamentarian"].queryset = Person.objects.filter(
            pk__in=[p.pk for p in parliamentarians]
        )
        if len(parliamentarians) == 1:
            self.fields["parliamentarian"].initial = parliamentarians[0].pk


class ComplaintForm(forms.Form):
    complainant = forms.IntegerField(
        label=_("Complainant (number of the person's page)"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to file the complaint in your own name."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *ComplaintCategory.choices])
    respondent_kind = forms.ChoiceField(label=_("Against"), choices=RespondentKind.choices)
    respondent_organ = OrganChoice(
        label=_("Organ complained against"), queryset=Organ.objects.none(), required=False
    )
    respondent_person = forms.IntegerField(
        label=_("Person complained against (number of the person's page)"), required=False, min_value=1
    )
    decision_complained_of = forms.CharField(
        label=_("Decision complained of"), max_length=300, required=False
    )
    description = forms.CharField(label=_("Facts"), widget=TEXT, max_length=10000)

    def __init__(self, *args, for_others: bool, organs: QuerySet[Organ], **kwargs):
        super().__init__(*args, **kwargs)
        if not for_others:
            del self.fields["complainant"]
        self.fields["respondent_organ"].queryset = organs


class HearingForm(forms.Form):
    hearing_at = forms.DateTimeField(label=_("Hearing"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    hearing_place = forms.CharField(label=_("Place of the hearing"), max_length=200)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    decision = forms.CharField(label=_("Decision"), widget=SHORT_TEXT)
    reasons = forms.CharField(label=_("Reasons"), widget=TEXT)


class AppealForm(forms.Form):
    appeal_reasons = forms.CharField(label=_("Grounds of appeal"), widget=TEXT)


class PremisesForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PremisesStatus.choices)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False)
    equipment = forms.CharField(label=_("Equipment"), widget=SHORT_TEXT, required=False)


class PremisesAddForm(forms.Form):
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    commune = forms.CharField(label=_("Commune or arrondissement"), max_length=120, required=False)
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PremisesStatus.choices)


class NeedForm(forms.Form):
    category = forms.ChoiceField(label=_("Kind of need"), choices=NeedCategory.choices)
    description = forms.CharField(label=_("Description"), widget=SHORT_TEXT, max_length=2000)


class NeedUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)
    answer = forms.CharField(label=_("Follow-up"), max_length=300, required=False)
