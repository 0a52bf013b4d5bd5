"""The filter form that caseload lists share (a GET form: nothing here changes state)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired

from transition.services import caseload
from transition.services.caseload import Filters
from transition.web.forms import text_area

ANY = ("", "Any")


class CaseloadFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Name or local reference", widget=GovTextInput())
    rag = SelectField("RAG rating", widget=GovSelect(), choices=[ANY, *caseload.RAG_LABELS.items()])
    age_band = SelectField(
        "Age", widget=GovSelect(), choices=[ANY, *caseload.AGE_BAND_LABELS.items()]
    )
    overdue = SelectField(
        "Overdue milestones",
        widget=GovSelect(),
        choices=[ANY, ("yes", "Has overdue milestones")],
    )
    handover = SelectField(
        "Handover",
        widget=GovSelect(),
        choices=[ANY, *caseload.HANDOVER_FILTER_LABELS.items()],
    )
    ehc = SelectField(
        "EHC plan", widget=GovSelect(), choices=[ANY, ("yes", "Has a plan"), ("no", "No plan")]
    )
    per_page = SelectField(
        "Rows on each page",
        widget=GovSelect(),
        choices=[(str(n), str(n)) for n in caseload.PAGE_SIZES],
    )

    def _choice(self, name: str) -> str:
        field = self[name]
        value = field.data or ""
        return value if value in {str(choice[0]) for choice in field.choices} else ""

    def filters(self) -> Filters:
        """The filters asked for; anything not on offer is ignored rather than refused."""
        return Filters(
            q=(self.q.data or "").strip()[:100],
            rag=self._choice("rag"),
            age_band=self._choice("age_band"),
            overdue=self._choice("overdue") == "yes",
            handover=self._choice("handover"),
            ehc=self._choice("ehc"),
        )


class TeamFilterForm(CaseloadFilterForm):
    """A manager's list: the same filters plus team, worker and the oversight questions."""

    team = SelectField("Team", widget=GovSelect(), choices=[])
    worker = SelectField("Worker", widget=GovSelect(), choices=[])
    area = SelectField("Overdue in outcome area", widget=GovSelect(), choices=[])
    turning_18 = SelectField(
        "Turning 18 with no adult service decision",
        widget=GovSelect(),
        choices=[ANY, ("6", "In the next 6 months"), ("12", "In the next 12 months")],
    )
    late_handover = SelectField(
        "Late handover",
        widget=GovSelect(),
        choices=[ANY, ("yes", "No acceptance within 3 months of the target date")],
    )

    def __init__(self, formdata: MultiDict, *, teams, workers, **kwargs):
        super().__init__(formdata, **kwargs)
        self.team.choices = [ANY, ("none", "Not in a team")] + [(str(t.id), t.name) for t in teams]
        self.worker.choices = [ANY, ("none", "Not allocated to a worker")] + [
            (str(w.id), w.name) for w in workers
        ]
        self.area.choices = [ANY, *caseload.area_labels().items()]

    def filters(self) -> Filters:
        filters = super().filters()
        filters.team = self._choice("team")
        filters.worker = self._choice("worker")
        filters.area = self._choice("area")
        turning = self._choice("turning_18")
        filters.turning_18 = int(turning) if turning else 0
        filters.late_handover = self._choice("late_handover") == "yes"
        return filters


def listing_args(args: MultiDict) -> tuple[str, bool, int, int]:
    """Sort column, direction, page and page size from the query string, made safe."""
    sort = args.get("sort", caseload.DEFAULT_SORT)
    sort = sort if sort in caseload.SORTS else caseload.DEFAULT_SORT
    descending = args.get("dir") == "desc"
    try:
        page = max(1, min(int(args.get("page", "1")), 100_000))
    except ValueError:
        page = 1
    try:
        per_page = int(args.get("per_page", str(caseload.PAGE_SIZES[0])))
    except ValueError:
        per_page = caseload.PAGE_SIZES[0]
    if per_page not in caseload.PAGE_SIZES:
        per_page = caseload.PAGE_SIZES[0]
    return sort, descending, page, per_page


class SetAsideForm(FlaskForm):
    """Take an item off "Needs your attention" for a while, saying why."""

    key = HiddenField()
    reason = text_area(
        "Why are you setting it aside?", required="Enter why", name="Reason", max_length=300
    )
    days = RadioField(
        "For how long",
        widget=GovRadioInput(),
        choices=[("7", "1 week"), ("28", "4 weeks")],
        validators=[InputRequired(message="Select for how long")],
    )
    submit = SubmitField("Set aside", widget=GovSubmitInput())
