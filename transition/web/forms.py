"""Form pieces every feature area shares."""

from __future__ import annotations

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField
from wtforms.validators import StopValidation


class SafeGovDateInput(GovDateInput):
    """GovDateInput that copes with a post missing some of its three boxes."""

    def map_gov_params(self, field, **kwargs):
        if field.raw_data is not None and len(field.raw_data) != 3:
            field.raw_data = (list(field.raw_data) + ["", "", ""])[:3]
        params = super().map_gov_params(field, **kwargs)
        if not field.raw_data and field.data:
            # GOV.UK shows a saved date as 1 3 2029, not 01 03 2029.
            parts = (field.data.day, field.data.month, field.data.year)
            for item, value in zip(params["items"], parts, strict=True):
                item["value"] = str(value)
        return params


class GovDateField(DateField):
    """A day / month / year date in GOV.UK style with GOV.UK error messages.

    `label` names the date in messages, e.g. "date of birth" gives
    "Enter a date of birth" and "Date of birth must be a real date".
    """

    widget = SafeGovDateInput()

    def __init__(self, label=None, validators=None, *, required: bool = True, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", **kwargs)
        self.required = required

    def process_formdata(self, valuelist):
        parts = [str(v).strip() for v in valuelist][:3]
        self.raw_data = parts + [""] * (3 - len(parts))
        if not any(self.raw_data):
            self.data = None
            return
        day, month, year = self.raw_data
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            self.data = None
            raise ValueError(f"{self.label.text} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date")
        try:
            self.data = date(int(year), int(month), int(day))
        except ValueError as exc:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date") from exc

    def pre_validate(self, form):
        if self.data is None and not any(self.raw_data or []) and self.required:
            raise StopValidation(f"Enter a {self.label.text.lower()}")
