"""Forms of the meeting and directive pages. They check shapes and scope; the rules live in services."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tanzim.access.scope import Scope
from tanzim.core.widgets import DateInput, TimeInput
from tanzim.meetings.models import (
    AttendanceStatus,
    Deadline,
    GroupRule,
    Indicator,
    MeetingKind,
    MeetingStatus,
    PartOfDay,
    PlaceMode,
    TargetStatus,
)
from tanzim.meetings.queries import organs_above
from tanzim.organs.models import Mandate, Organ, OrganKind, Premises
from tanzim.territory.models import Territory
from tanzim.territory.queries import territory_resolve

DATE = DateInput()
TIME = TimeInput()
AR_TEXT = forms.Textarea(attrs={"dir": "rtl", "lang": "ar"})
FR_TEXT = forms.Textarea(attrs={"dir": "ltr", "lang": "fr"})


class OrganChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organ) -> str:
        return obj.name


class OrgansChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organ) -> str:
        return obj.name


class PremisesChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Premises) -> str:
        return f"{obj} — {obj.organ.name}"


class ChairsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Mandate) -> str:
        return f"{obj.person.honorific_name} — {obj.title} ({obj.organ.name})"


def territory_in_scope(text: str, scope: Scope) -> Territory:
    """A unit named by its HCP code or its name (Arabic or French), inside the user's scope."""
    text = text.strip()
    unit = Territory.objects.filter(code=text).first() if text[:1].isdigit() or text == "MA" else None
    found = [unit] if unit else territory_resolve(text)
    if not found:
        raise forms.ValidationError(_("No territorial unit is called “%(name)s”.") % {"name": text})
    inside = [t for t in found if scope.contains(t)]
    if not inside:
        raise forms.ValidationError(_("“%(name)s” is outside your territory.") % {"name": text})
    return inside[0]


class MeetingPlanForm(forms.Form):
    organ = OrganChoice(label=_("convening organ"), queryset=Organ.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=MeetingKind.choices)
    title_ar = forms.CharField(label=_("title (Arabic)"), max_length=300)
    title_fr = forms.CharField(
        label=_("title (French)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    day = forms.DateField(label=_("day"), widget=DATE)
    start_time = forms.TimeField(label=_("start time"), required=False, widget=TIME)
    part_of_day = forms.ChoiceField(label=_("part of the day"), choices=PartOfDay.choices, required=False)
    place_mode = forms.ChoiceField(
        label=_("place"), choices=PlaceMode.choices, widget=forms.RadioSelect, initial=PlaceMode.PREMISES
    )
    premises = PremisesChoice(label=_("premises"), queryset=Premises.objects.none(), required=False)
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    online_link = forms.URLField(label=_("link of the online meeting"), required=False, assume_scheme="https")
    chairs = ChairsChoice(
        label=_("chaired by"),
        queryset=Mandate.objects.none(),
        required=False,
        help_text=_("Current office holders, in the order the invitation names them."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    agenda = forms.CharField(
        label=_("agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line; add the French after a vertical bar: نقطة | point."),
    )

    def __init__(self, *args, organs: QuerySet[Organ], holders: QuerySet[Mandate], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs.select_related("territory", "parent").order_by(
            "territory__path", "kind", "name_ar"
        )
        above_ids = set()
        for organ in organs.select_related("parent__parent__parent"):
            above_ids |= {o.pk for o in organs_above(organ)}
        self.fields["premises"].queryset = (
            Premises.objects.filter(organ_id__in=above_ids).select_related("organ").order_by("organ__kind")
        )
        self.fields["chairs"].queryset = holders

    def clean(self):
        data = super().clean()
        organ, premises, mode = data.get("organ"), data.get("premises"), data.get("place_mode")
        above = {o.pk for o in organs_above(organ)} if organ else set()
        if mode == PlaceMode.PREMISES and premises and organ and premises.organ_id not in above:
            self.add_error("premises", _("Choose premises of the convening organ or of an organ above it."))
        if mode == PlaceMode.ONLINE and not data.get("online_link"):
            self.add_error("online_link", _("Give the link of the online meeting."))
        return data

    def agenda_items(self) -> list[tuple[str, str]]:
        items = []
        for line in self.cleaned_data.get("agenda", "").splitlines():
            if not line.strip():
                continue
            title_ar, _bar, title_fr = line.partition("|")
            items.append((title_ar.strip(), title_fr.strip()))
        return items


class StatusChangeForm(forms.Form):
    to = forms.ChoiceField(label=_("new status"), choices=MeetingStatus.choices)
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)


class InviteGroupForm(forms.Form):
    rule = forms.ChoiceField(label=_("group"), choices=GroupRule.choices)
    organ = OrganChoice(
        label=_("organ"),
        queryset=Organ.objects.none(),
        required=False,
        help_text=_("For the members of an organ."),
    )
    territory = forms.CharField(
        label=_("territory"),
        max_length=200,
        required=False,
        help_text=_("Name or code of the unit, e.g. تاونات or 03.531."),
    )
    organ_kind = forms.ChoiceField(
        label=_("kind of organ"),
        choices=[("", "—"), *OrganKind.choices],
        required=False,
        help_text=_("For the secretaries of organs of a kind (local secretariats when left empty)."),
    )
    label_ar = forms.CharField(
        label=_("as the invitation names them (Arabic)"),
        max_length=300,
        required=False,
        help_text=_("Left empty: a name is made from the rule, e.g. الأمناء المحليون لإقليم تاونات."),
    )
    label_fr = forms.CharField(
        label=_("as the invitation names them (French)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )

    def __init__(self, *args, organs: QuerySet[Organ], scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["organ"].queryset = organs.select_related("territory").order_by("territory__path", "kind")

    def clean_territory(self) -> Territory | None:
        text = self.cleaned_data.get("territory", "").strip()
        return territory_in_scope(text, self.scope) if text else None


class InvitePeopleForm(forms.Form):
    numbers = forms.CharField(
        label=_("member numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or more member numbers, separated by spaces or lines."),
    )
    person = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        values = self.data.getlist("person") if hasattr(self.data, "getlist") else []
        self.fields["person"].choices = [(v, v) for v in values if str(v).isdigit()]


class SendForm(forms.Form):
    reminder = forms.BooleanField(required=False)


class CheckInForm(forms.Form):
    number = forms.CharField(label=_("member number"), max_length=20, required=False)
    card = forms.CharField(label=_("card QR code"), max_length=300, required=False)
    person = forms.IntegerField(required=False, min_value=1)
    status = forms.ChoiceField(choices=AttendanceStatus.choices, required=False)

    def clean(self):
        data = super().clean()
        data["status"] = data.get("status") or AttendanceStatus.PRESENT
        if not (data.get("number") or data.get("card") or data.get("person")):
            raise forms.ValidationError(_("Give a member number, scan a card or choose a person."))
        return data


class RecordForm(forms.Form):
    minutes_ar = forms.CharField(label=_("minutes (Arabic)"), required=False, widget=AR_TEXT)
    minutes_fr = forms.CharField(label=_("minutes (French)"), required=False, widget=FR_TEXT)
    conclusions_ar = forms.CharField(label=_("conclusions (Arabic)"), required=False, widget=AR_TEXT)
    conclusions_fr = forms.CharField(label=_("conclusions (French)"), required=False, widget=FR_TEXT)


class DirectiveForm(forms.Form):
    text_ar = forms.CharField(label=_("directive (Arabic)"), widget=forms.Textarea(attrs={"rows": 3}))
    text_fr = forms.CharField(
        label=_("directive (French)"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"})
    )
    deadline_kind = forms.ChoiceField(label=_("deadline"), choices=Deadline.choices, required=False)
    deadline_amount = forms.IntegerField(label=_("within"), min_value=1, max_value=999, required=False)
    due_on = forms.DateField(label=_("due on"), required=False, widget=DATE)
    target_kind = forms.ChoiceField(
        label=_("target organs: kind"), choices=[("", "—"), *OrganKind.choices], required=False
    )
    target_territory = forms.CharField(
        label=_("target organs: within"),
        max_length=200,
        required=False,
        help_text=_("Name or code of the unit, e.g. تاونات or 03.531."),
    )
    targets = OrgansChoice(
        label=_("and these organs"),
        queryset=Organ.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    indicator = forms.ChoiceField(label=_("indicator"), choices=Indicator.choices, required=False)
    indicator_goal = forms.DecimalField(
        label=_("goal"), max_digits=8, decimal_places=2, required=False, min_value=0
    )
    indicator_label = forms.CharField(label=_("indicator (label)"), max_length=200, required=False)

    def __init__(self, *args, organs: QuerySet[Organ], scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["targets"].queryset = organs.select_related("territory").order_by(
            "territory__path", "kind"
        )

    def clean_target_territory(self) -> Territory | None:
        text = self.cleaned_data.get("target_territory", "").strip()
        return territory_in_scope(text, self.scope) if text else None

    def clean(self):
        data = super().clean()
        if not data.get("target_kind") and not data.get("targets") and not self.errors:
            raise forms.ValidationError(
                _("Choose the target organs: a kind within a territory, or organs by name.")
            )
        return data


class ProgressReportForm(forms.Form):
    target = forms.IntegerField(min_value=1)
    status = forms.ChoiceField(label=_("progress"), choices=TargetStatus.choices)
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("evidence"), required=False)
    indicator_value = forms.DecimalField(
        label=_("indicator value"), max_digits=10, decimal_places=2, required=False
    )
