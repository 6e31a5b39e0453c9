from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tanzim.core.widgets import DateInput
from tanzim.elections.models import AppealStatus, BodyKind, ElectionKind, ListKind, Office, RuleKind, Severity


class TermForm(forms.Form):
    person = forms.IntegerField(label=_("Person (number in the people list)"), widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Body"), choices=BodyKind.choices)
    territory = forms.CharField(label=_("Territory of the body (HCP code or name)"), max_length=100)
    office = forms.ChoiceField(label=_("Office"), choices=Office.choices)
    rank = forms.IntegerField(label=_("Rank (vice-presidents)"), required=False, min_value=1, max_value=20)
    committee = forms.CharField(label=_("Committee"), required=False, max_length=200)
    constituency = forms.CharField(label=_("Constituency (HCP code or name)"), required=False, max_length=100)
    elected_on = forms.DateField(label=_("Election day"), required=False, widget=DateInput)
    start = forms.DateField(label=_("Start"), required=False, widget=DateInput)
    end = forms.DateField(label=_("End"), required=False, widget=DateInput)
    source = forms.CharField(label=_("Source"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TermEndForm(forms.Form):
    end = forms.DateField(label=_("End"), widget=DateInput)


class IncompatibilityForm(forms.Form):
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    first_kinds = forms.MultipleChoiceField(
        label=_("First side: bodies"), choices=BodyKind.choices, required=False
    )
    first_offices = forms.MultipleChoiceField(
        label=_("First side: offices"), choices=Office.choices, required=False
    )
    second_kinds = forms.MultipleChoiceField(
        label=_("Second side: bodies"), choices=BodyKind.choices, required=False
    )
    second_offices = forms.MultipleChoiceField(
        label=_("Second side: offices"), choices=Office.choices, required=False
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)


class CriterionForm(forms.Form):
    name_ar = forms.CharField(label=_("Criterion (Arabic)"), max_length=200)
    name_fr = forms.CharField(label=_("Criterion (French)"), max_length=200, required=False)
    weight = forms.DecimalField(label=_("Weight"), max_digits=5, decimal_places=2, min_value=0)
    max_score = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100, initial=10)


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rule"), choices=RuleKind.choices)
    value = forms.IntegerField(label=_("N"), min_value=0, max_value=100, initial=0)


class PersonPickForm(forms.Form):
    person = forms.IntegerField(label=_("Person"))
    statement = forms.CharField(
        label=_("Statement"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("File"), required=False)


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Reason of the conflict of interest"), max_length=300)


class DecisionForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons of the decision"), widget=forms.Textarea(attrs={"rows": 4}))


class AppealForm(forms.Form):
    grounds = forms.CharField(label=_("Grounds of the appeal"), widget=forms.Textarea(attrs={"rows": 4}))


class AppealRulingForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Ruling"),
        choices=[
            (AppealStatus.UPHELD, AppealStatus.UPHELD.label),
            (AppealStatus.REJECTED, AppealStatus.REJECTED.label),
        ],
    )
    ruling = forms.CharField(label=_("Text of the ruling"), widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    remind_days = forms.IntegerField(
        label=_("Remind N days before the end"), min_value=0, max_value=60, initial=7
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class TargetForm(forms.Form):
    target = forms.IntegerField(label=_("Target"), min_value=0, max_value=10_000_000)


class DeclarationForm(forms.Form):
    registered_since = forms.DateField(label=_("Registered on the electoral lists since"), widget=DateInput)


class RecordDeclarationForm(DeclarationForm):
    membership = forms.CharField(label=_("Member number"), max_length=20)


class CallForm(forms.Form):
    election = forms.ModelChoiceField(label=_("Election"), queryset=None, required=False)
    election_name_ar = forms.CharField(
        label=_("Or a new election: name (Arabic)"), max_length=200, required=False
    )
    election_name_fr = forms.CharField(label=_("New election: name (French)"), max_length=200, required=False)
    election_kind = forms.ChoiceField(
        label=_("New election: kind"), choices=ElectionKind.choices, required=False
    )
    body_kind = forms.ChoiceField(
        label=_("New election: body elected"), choices=BodyKind.choices, required=False
    )
    territory = forms.CharField(label=_("Constituency: territory (HCP code or name)"), max_length=100)
    constituency_name_ar = forms.CharField(
        label=_("Constituency: name (Arabic)"), max_length=200, required=False
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100)
    list_kind = forms.ChoiceField(label=_("List"), choices=ListKind.choices)
    organ = forms.ModelChoiceField(label=_("Responsible organ"), queryset=None)
    arbitration = forms.ModelChoiceField(label=_("Arbitration committee (appeals)"), queryset=None)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)

    def __init__(self, *args, organs, **kwargs):
        from tanzim.elections.models import Election
        from tanzim.organs.models import Organ

        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = Election.objects.all()
        self.fields["organ"].queryset = organs
        self.fields["arbitration"].queryset = Organ.objects.filter(kind="ethics_committee").select_related(
            "territory"
        )
