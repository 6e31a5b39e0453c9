"""Form widgets shared by the domains.

A browser's date box (`<input type="date">`) reads its value in ISO form only (2026-11-23) and shows
it in the reader's own way. Django's DateInput writes the value in the active language's format
(23/11/2026 in French): the box would show empty, and a required field would block the form with
no message of ours. These widgets always write ISO.
"""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")
