"""Signing in and out, and the user's own account."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from transition.extensions import db, limiter
from transition.services import accounts
from transition.web.auth.forms import ChangePasswordForm, SignInForm
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
            sign_in(result.user)
            return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
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


@bp.post("/logout")
def logout():
    sign_out()
    db.session.commit()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html")


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
            db.session.commit()
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
