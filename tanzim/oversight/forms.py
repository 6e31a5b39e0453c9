"""Forms of oversight pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tanzim.core.widgets import DateInput
from tanzim.oversight.models import ScorecardSettings, SurveyKind


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ScorecardSettings
        fields = [
            "active_days",
            "weight_meetings",
            "weight_attendance",
            "weight_members",
            "weight_new_members",
            "weight_roll",
            "weight_women",
            "weight_youth",
            "weight_directives",
        ]


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("from"), required=False, widget=DateInput)
    end = forms.DateField(label=_("to"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class SurveyForm(forms.Form):
    question_ar = forms.CharField(label=_("question (Arabic)"), max_length=300)
    question_fr = forms.CharField(label=_("question (French)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=SurveyKind.choices)
    allow_anonymous = forms.BooleanField(
        label=_("members may answer anonymously"), required=False, initial=True
    )
    closes_on = forms.DateField(label=_("closes on"), required=False, widget=DateInput)


class AnswerForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("rating"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 6)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    anonymous = forms.BooleanField(label=_("answer anonymously"), required=False)
