from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from transition.services.accounts import EMAIL_MAX_LENGTH, normalise_email
from transition.web.forms import MaxLength


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your email address"), MaxLength(254)],
    )

    def validate_email(self, field):
        # Lower case can be longer than typed ("İ" becomes two characters): checked after.
        if len(normalise_email(field.data)) > EMAIL_MAX_LENGTH:
            raise ValidationError(f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer")

    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your password"), MaxLength(1024)],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your current password"), MaxLength(1024)],
    )
    new_password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description="Use 12 characters or more. A few words together is easy to remember.",
        validators=[InputRequired(message="Enter a new password"), MaxLength(1024)],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())


class SignInCodeForm(FlaskForm):
    code = StringField(
        "Security code",
        widget=GovTextInput(),
        description="The 6-digit code your authenticator app shows now, or one of your "
        "recovery codes.",
        validators=[InputRequired(message="Enter the security code"), MaxLength(20)],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetUpSecondFactorForm(FlaskForm):
    code = StringField(
        "Enter the 6-digit code your app shows",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the 6-digit code from your app"), MaxLength(20)],
    )
    submit = SubmitField("Check the code and finish", widget=GovSubmitInput())
