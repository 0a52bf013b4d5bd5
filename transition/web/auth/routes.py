"""Signing in and out, and the user's own account."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from markupsafe import Markup

from transition.extensions import db, limiter
from transition.models import User
from transition.services import accounts, second_factor
from transition.web.auth.forms import (
    ChangePasswordForm,
    SetUpSecondFactorForm,
    SignInCodeForm,
    SignInForm,
)
from transition.web.sessions import current_actor, sign_in, sign_out

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Only same-site paths: no scheme, no host, no protocol-relative //host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def _failed_sign_in(response) -> bool:
    # Only failed attempts count towards the per-address throttle.
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_FAILURES_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_failed_sign_in,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if form.validate_on_submit():
        result = accounts.authenticate(
            form.email.data,
            form.password.data,
            ip_address=request.remote_addr,
            max_failures=current_app.config["LOGIN_FAILURES_BEFORE_LOCKOUT"],
            lockout=timedelta(minutes=current_app.config["LOCKOUT_MINUTES"]),
        )
        if result.user is not None:
            target = safe_next(request.args.get("next"))
            if second_factor.is_set_up(result.user):
                # The password was right; the session starts only after the code.
                session.clear()
                session[PENDING_KEY] = {
                    "user": result.user.id,
                    "at": int(time.time()),
                    "next": target,
                }
                return redirect(url_for("auth.sign_in_code"))
            sign_in(result.user)
            return redirect(target or url_for("home.index"))
        if result.locked:
            form.email.errors.append(
                "There have been too many attempts to sign in with this email address. "
                f"Wait {current_app.config['LOCKOUT_MINUTES']} minutes and try again"
            )
        else:
            form.email.errors.append("Enter a correct email address and password")
        form.password.data = ""
        return render_template("auth/login.html", form=form), 200
    return render_template("auth/login.html", form=form)


PENDING_KEY = "pending_sign_in"
PENDING_SECONDS = 5 * 60


def _pending_user() -> tuple[User | None, str | None]:
    """The user whose password was right a moment ago, and where they were going."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("user"), int):
        return None, None
    if not 0 <= time.time() - int(pending.get("at", 0)) <= PENDING_SECONDS:
        session.pop(PENDING_KEY, None)
        return None, None
    user = db.session.get(User, pending["user"])
    if user is None or not user.is_active or not second_factor.is_set_up(user):
        return None, None
    return user, safe_next(pending.get("next"))


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_FAILURES_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_failed_sign_in,
)
def sign_in_code():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    user, target = _pending_user()
    if user is None:
        flash("Sign in again: that took too long or the page was opened on its own.", "info")
        return redirect(url_for("auth.login"))
    form = SignInCodeForm()
    if form.validate_on_submit():
        result = second_factor.check_code(
            request.remote_addr,
            user,
            form.code.data,
            max_attempts=current_app.config["LOGIN_FAILURES_BEFORE_LOCKOUT"],
            lockout=timedelta(minutes=current_app.config["LOCKOUT_MINUTES"]),
        )
        if result.ok:
            sign_in(user)
            if result.used_recovery_code:
                left = second_factor.recovery_codes_left(user)
                flash(
                    f"You used a recovery code. You have {left} left: each works once. "
                    "Set up your authenticator app again from Your account to get new ones.",
                    "info",
                )
            return redirect(target or url_for("home.index"))
        if result.locked:
            session.pop(PENDING_KEY, None)
            form.code.errors.append(
                "There have been too many attempts to enter a code. "
                f"Wait {current_app.config['LOCKOUT_MINUTES']} minutes and sign in again"
            )
        else:
            form.code.errors.append(
                "The security code is not correct or has been used. Enter the code your "
                "app shows now"
            )
        form.code.data = ""
    return render_template("auth/code.html", form=form)


@bp.post("/logout")
def logout():
    sign_out()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html")


def _staff_only() -> None:
    if not second_factor.applies_to(current_user):
        abort(403)


@bp.get("/account/second-factor")
@login_required
def second_factor_status():
    _staff_only()
    user = current_user._get_current_object()
    return render_template(
        "auth/second_factor.html",
        set_up=second_factor.is_set_up(user),
        codes_left=second_factor.recovery_codes_left(user),
        required=current_app.config["STAFF_SECOND_FACTOR"] == "required",
    )


SETUP_KEY = "second_factor_setup"


@bp.route("/account/second-factor/set-up", methods=["GET", "POST"])
@login_required
def set_up_second_factor():
    _staff_only()
    user = current_user._get_current_object()
    form = SetUpSecondFactorForm()
    secret = session.get(SETUP_KEY)
    if request.method == "GET" or not isinstance(secret, str):
        # A new key each time the page is opened; it is saved only once a code proves it.
        secret = session[SETUP_KEY] = second_factor.new_secret()
    elif form.validate_on_submit():
        codes = second_factor.finish_setup(current_actor(), user, secret, form.code.data)
        if codes is not None:
            session.pop(SETUP_KEY, None)
            response = make_response(render_template("auth/recovery_codes.html", codes=codes))
            response.headers["Cache-Control"] = "no-store"
            return response
        form.code.errors.append(
            "The code is not correct. Check the app shows this service, and enter the code "
            "it shows now"
        )
    form.code.data = ""
    uri = second_factor.setup_uri(
        secret, email=user.email, issuer=current_app.config["SERVICE_NAME"]
    )
    response = make_response(
        render_template(
            "auth/set_up_second_factor.html",
            form=form,
            # segno writes the SVG; the URI becomes the picture, never markup.
            qr_code=Markup(second_factor.qr_code_svg(uri)),  # noqa: S704
            key=second_factor.grouped(secret),
            again=second_factor.is_set_up(user),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.before_app_request
def second_factor_first():
    """Where a second factor is required, staff without one set it up before anything else."""
    if request.endpoint in SETUP_ALLOWED or not current_user.is_authenticated:
        return None
    if second_factor.must_set_up(current_user, current_app.config["STAFF_SECOND_FACTOR"]):
        return redirect(url_for("auth.set_up_second_factor"))
    return None


SETUP_ALLOWED = {
    None,
    "static",
    "auth.set_up_second_factor",
    "auth.logout",
    "home.healthz",
    "pages.accessibility",
    "pages.privacy",
    "pages.cookies",
    "calendar.feed",
}


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        had_feed = user.feed_token_hash is not None
        problem = accounts.change_password(
            current_actor(), user, form.current_password.data, form.new_password.data
        )
        if problem is None:
            sign_in(user)
            flash("Your password has been changed.", "success")
            if had_feed:
                flash(
                    "Your calendar link has stopped working, because it does not need a "
                    "password. Make a new link on your calendar page.",
                    "info",
                )
            return redirect(url_for("auth.account"))
        field = form.current_password if "current" in problem else form.new_password
        field.errors.append(problem)
    return render_template("auth/change_password.html", form=form)
