from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.access.scope import Scope
from tanzim.core.text import LATIN_LETTER, has_arabic
from tanzim.core.widgets import DateInput
from tanzim.people.models import STATUS_TRANSITIONS, Gender, Honorific, MemberStatus
from tanzim.people.validators import normalize_cin, normalize_phone, validate_cin
from tanzim.territory.models import Territory
from tanzim.territory.queries import territory_resolve


class EnrollForm(forms.Form):
    full_name_ar = forms.CharField(label=_("full name (Arabic)"), max_length=200)
    full_name_latin = forms.CharField(label=_("full name (Latin script)"), max_length=200, required=False)
    honorific = forms.ChoiceField(label=_("honorific"), choices=Honorific.choices, required=False)
    gender = forms.ChoiceField(label=_("gender"), choices=Gender.choices, required=False)
    birth_year = forms.IntegerField(label=_("year of birth"), min_value=1900, max_value=2100, required=False)
    cin = forms.CharField(label=_("CIN"), max_length=12, required=False)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    commune = forms.CharField(
        label=_("commune of residence"), max_length=200, help_text=_("Arabic or French name, e.g. تاونات")
    )
    joined_on = forms.DateField(label=_("joined on"), required=False, widget=DateInput)
    consent = forms.BooleanField(
        label=_("The person agreed to the processing of their data by the party"), required=False
    )
    consent_scope = forms.CharField(
        label=_("scope of the consent"),
        max_length=200,
        required=False,
        initial=_("membership roll and party notices"),
    )
    another_person = forms.BooleanField(
        label=_("None of them: this is another person, record them anyway"), required=False
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        if not scope.national:  # an example the user may actually use: a unit of their own territory
            example = (
                Territory.objects.filter(scope.q("path"), level__in=["commune", "arrondissement"])
                .order_by("name_ar")
                .values_list("name_ar", flat=True)
                .first()
            )
            if example:
                self.fields["commune"].help_text = _("Arabic or French name, e.g. %(name)s") % {
                    "name": example
                }

    def clean_full_name_ar(self) -> str:
        name = self.cleaned_data["full_name_ar"].strip()
        if not has_arabic(name) or LATIN_LETTER.search(name):
            raise forms.ValidationError(
                _("Write this name in Arabic letters (the Latin spelling has its own field).")
            )
        return name

    def clean_full_name_latin(self) -> str:
        name = self.cleaned_data.get("full_name_latin", "").strip()
        if has_arabic(name):
            raise forms.ValidationError(
                _("Write this name in Latin letters (the Arabic name has its own field).")
            )
        return name

    def clean_cin(self) -> str:
        cin = normalize_cin(self.cleaned_data.get("cin", ""))
        validate_cin(cin)
        return cin

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean_commune(self) -> Territory:
        text = self.cleaned_data["commune"]
        found = territory_resolve(text, levels=["commune", "arrondissement"])
        inside = [t for t in found if self.scope.contains(t)]
        if not found:
            raise forms.ValidationError(
                _("No commune or arrondissement is called “%(name)s”.") % {"name": text}
            )
        if not inside:
            raise forms.ValidationError(_("“%(name)s” is outside your territory.") % {"name": text})
        if len(inside) > 1:
            names = "، ".join(f"{t.name} ({t.parent.name})" for t in inside)
            raise forms.ValidationError(
                _("“%(name)s” names several units: %(names)s. Add the province.")
                % {"name": text, "names": names}
            )
        return inside[0]

    def clean_joined_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("joined_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The joining date is in the future."))
        return day


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=MemberStatus.choices)
    reason = forms.CharField(label=_("reason"), max_length=300)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = STATUS_TRANSITIONS.get(current, set())
        self.fields["status"].choices = [(v, label) for v, label in MemberStatus.choices if v in allowed]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    deadline = forms.DateField(label=_("deadline"), widget=DateInput)


class DuesForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    amount = forms.DecimalField(label=_("amount (MAD)"), min_value=0.01, max_digits=8, decimal_places=2)
    paid_on = forms.DateField(label=_("paid on"), widget=DateInput)
