from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from transition.models.people import (
    ASSESSMENT_LABELS,
    CAPACITY_LABELS,
    DECISION_MAKER_LABELS,
    PRIMARY_NEEDS,
)
from transition.services import people as people_service
from transition.web.forms import DecisionForm, GovDateField, MaxLength, VersionField

YES_NO = [("yes", "Yes"), ("no", "No")]


class YoungPersonForm(FlaskForm):
    version = VersionField()
    first_name = StringField(
        "First name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter a first name"), MaxLength(100)],
    )
    last_name = StringField(
        "Last name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter a last name"), MaxLength(100)],
    )
    preferred_name = StringField(
        "Preferred name (optional)",
        widget=GovTextInput(),
        description="What they like to be called, if different",
        validators=[Optional(), MaxLength(100)],
    )
    date_of_birth = GovDateField("Date of birth", description="For example, 27 3 2010")
    year_group_offset = SelectField(
        "School year group",
        widget=GovSelect(),
        choices=[
            ("0", "In their usual year group"),
            ("1", "Taught one year behind their age group"),
            ("-1", "Taught one year ahead of their age group"),
        ],
        default="0",
    )
    local_reference = StringField(
        "Local reference",
        widget=GovTextInput(),
        description="The council's reference, for example from the case management system",
        validators=[InputRequired(message="Enter a local reference"), MaxLength(40)],
    )
    nhs_number = StringField(
        "NHS number (optional)",
        widget=GovTextInput(),
        description="10 digits, for example 943 476 5919",
        validators=[Optional(), MaxLength(20)],
    )
    primary_need = SelectField(
        "Primary need",
        widget=GovSelect(),
        choices=[("", "Not recorded")] + list(PRIMARY_NEEDS.items()),
        default="",
    )
    has_ehc_plan = RadioField(
        "Do they have an education, health and care (EHC) plan?",
        widget=GovRadioInput(),
        choices=YES_NO,
        validators=[InputRequired(message="Select yes if they have an EHC plan")],
    )
    ehc_plan_issued_on = GovDateField("Date the EHC plan was issued", required=False)
    ehc_last_review_on = GovDateField("Date of the last annual review", required=False)
    education_setting = StringField(
        "School, college or other setting (optional)",
        widget=GovTextInput(),
        validators=[Optional(), MaxLength(200)],
    )
    communication_needs = TextAreaField(
        "How to communicate with them (optional)",
        widget=GovTextArea(),
        validators=[Optional(), MaxLength(4000)],
    )
    aspirations = TextAreaField(
        "Their hopes for adult life (optional)",
        widget=GovTextArea(),
        description="In their own words where you can",
        validators=[Optional(), MaxLength(4000)],
    )
    services_now = TextAreaField(
        "Services involved now (optional)",
        widget=GovTextArea(),
        validators=[Optional(), MaxLength(4000)],
    )
    services_needed_as_adult = TextAreaField(
        "Services they are likely to need as an adult (optional)",
        widget=GovTextArea(),
        validators=[Optional(), MaxLength(4000)],
    )
    risks = TextAreaField(
        "Risks and safeguarding notes (optional)",
        widget=GovTextArea(),
        validators=[Optional(), MaxLength(4000)],
    )
    care_act_assessment = SelectField(
        "Care Act transition assessment",
        widget=GovSelect(),
        choices=list(ASSESSMENT_LABELS.items()),
        default="not_started",
    )
    chc_status = SelectField(
        "Adult continuing healthcare",
        widget=GovSelect(),
        choices=list(ASSESSMENT_LABELS.items()),
        default="not_needed",
    )
    capacity_status = SelectField(
        "Mental capacity to make decisions about their support",
        widget=GovSelect(),
        choices=list(CAPACITY_LABELS.items()),
        default="presumed",
    )
    team_id = SelectField("Team", widget=GovSelect(), coerce=int, choices=[])
    worker_id = SelectField("Allocated worker", widget=GovSelect(), coerce=int, choices=[])
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, person_id: int | None = None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._person_id = person_id
        self._today = today

    def validate_date_of_birth(self, field):
        if field.data is None:
            return
        problem = people_service.date_of_birth_problem(field.data, self._today)
        if problem:
            raise ValidationError(problem)

    def validate_nhs_number(self, field):
        problem = people_service.nhs_number_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_local_reference(self, field):
        if field.data and people_service.local_reference_taken(
            field.data, except_id=self._person_id
        ):
            raise ValidationError("Another young person already has this local reference")

    def validate_year_group_offset(self, field):
        if field.data not in {"0", "1", "-1"}:
            raise ValidationError("Select a school year group")

    def person_data(self) -> dict:
        data = {name: getattr(self, name).data for name in people_service.EDITABLE_FIELDS}
        data["has_ehc_plan"] = self.has_ehc_plan.data == "yes"
        if not data["has_ehc_plan"]:
            data["ehc_plan_issued_on"] = None
            data["ehc_last_review_on"] = None
        return data


class ConsentForm(DecisionForm):
    decision = RadioField(
        "What was decided about sharing information with adult services?",
        widget=GovRadioInput(),
        choices=[
            ("given", "Consent given"),
            ("refused", "Consent refused"),
            ("best_interests", "Best-interests decision to share (they lack capacity to decide)"),
        ],
        validators=[InputRequired(message="Select what was decided")],
    )
    decided_by = RadioField(
        "Who decided?",
        widget=GovRadioInput(),
        choices=list(DECISION_MAKER_LABELS.items()),
        validators=[InputRequired(message="Select who decided")],
    )
    decider_name = StringField(
        "Name of the person who decided (optional)",
        widget=GovTextInput(),
        validators=[Optional(), MaxLength(120)],
    )

    def validate_decision(self, field):
        if field.data == "best_interests" and self.capacity_assessed.data != "lacks":
            raise ValidationError(
                "A best-interests decision needs a capacity assessment that found "
                "they lack capacity for this decision"
            )


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search by name or local reference", widget=GovTextInput())
    page = IntegerField(default=1)
