from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from transition.models.people import (
    ASSESSMENT_LABELS,
    PRIMARY_NEEDS,
)
from transition.pathway.decisions import CAPACITY_OUTCOMES, DECISIONS, REPRESENTATIVE_KINDS
from transition.services import people as people_service
from transition.services.disclosure import NOT_FOR_FAMILY_HINT
from transition.web.forms import DecisionForm, GovDateField, MaxLength

YES_NO = [("yes", "Yes"), ("no", "No")]


class YoungPersonForm(FlaskForm):
    version = HiddenField()
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
        description=NOT_FOR_FAMILY_HINT,
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


class CareActConsentForm(DecisionForm):
    decision = RadioField(
        "What was decided about a Care Act transition assessment?",
        widget=GovRadioInput(),
        choices=[
            ("given", "Agreed to the assessment"),
            ("refused", "Refused the assessment"),
            ("best_interests", "Best-interests decision to assess (they lack capacity to decide)"),
        ],
        validators=[InputRequired(message="Select what was decided")],
    )
    s58_override = RadioField(
        "Is there a risk of abuse or neglect, so the assessment goes ahead anyway?",
        widget=GovRadioInput(),
        description="Care Act 2014 section 58(4): only if the assessment was refused. "
        "A manager sees every one of these.",
        choices=[("no", "No"), ("yes", "Yes, the assessment goes ahead despite the refusal")],
        default="no",
        validators=[Optional()],
    )
    s58_override_reason = TextAreaField(
        "The risk of abuse or neglect (required if the assessment goes ahead)",
        widget=GovTextArea(),
        description=NOT_FOR_FAMILY_HINT,
        validators=[Optional(), MaxLength(2000)],
    )


class CapacityForm(FlaskForm):
    decision = RadioField(
        "Which decision was assessed?",
        widget=GovRadioInput(),
        choices=[(code, label[0].upper() + label[1:]) for code, label in DECISIONS.items()],
        validators=[InputRequired(message="Select which decision was assessed")],
    )
    outcome = RadioField(
        "What did the assessment find?",
        widget=GovRadioInput(),
        description="From 16 the Mental Capacity Act applies; under 16, Gillick competence",
        choices=list(CAPACITY_OUTCOMES.items()),
        validators=[InputRequired(message="Select what the assessment found")],
    )
    assessed_on = GovDateField("Date of the assessment")
    assessor = StringField(
        "Who assessed?",
        widget=GovTextInput(),
        description="Name and role, for example Sam Patel, social worker",
        validators=[InputRequired(message="Enter who assessed"), MaxLength(120)],
    )
    notes = TextAreaField(
        "Notes (optional)", widget=GovTextArea(), validators=[Optional(), MaxLength(2000)]
    )
    submit = SubmitField("Save assessment", widget=GovSubmitInput())


class RepresentativeForm(FlaskForm):
    kind = RadioField(
        "What kind of representative?",
        widget=GovRadioInput(),
        choices=list(REPRESENTATIVE_KINDS.items()),
        validators=[InputRequired(message="Select what kind of representative they are")],
    )
    name = StringField(
        "Their name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter their name"), MaxLength(120)],
    )
    covers = SelectMultipleField(
        "Which decisions does their authority cover?",
        widget=GovCheckboxesInput(),
        option_widget=GovCheckboxInput(),
        description="As the order, power of attorney or appointment says. Advocates and "
        "appointees cover no decisions",
        choices=[(code, label[0].upper() + label[1:]) for code, label in DECISIONS.items()],
        validators=[Optional()],
    )
    starts_on = GovDateField("Start date")
    ends_on = GovDateField("End date (optional)", required=False)
    reference = StringField(
        "Court order or registration reference (optional)",
        widget=GovTextInput(),
        validators=[Optional(), MaxLength(80)],
    )
    notes = TextAreaField(
        "Notes (optional)", widget=GovTextArea(), validators=[Optional(), MaxLength(2000)]
    )
    submit = SubmitField("Save representative", widget=GovSubmitInput())


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search by name or local reference", widget=GovTextInput())
    page = IntegerField(default=1)
