"""Notifications: the list with read and unread, email choices, and the development outbox."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from transition.models.users import Role
from transition.services import email as email_service
from transition.services import notifications as notification_service
from transition.web.notifications.forms import MarkReadForm, preferences_form
from transition.web.roles import roles_required

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

STAFF = (Role.WORKER, Role.MANAGER, Role.ADULT_SERVICES)


@bp.get("")
@roles_required(*STAFF)
def index():
    return render_template(
        "notifications/index.html",
        listing=notification_service.page_for(current_user),
        form=MarkReadForm(),
    )


@bp.post("/<int:notification_id>/read")
@roles_required(*STAFF)
def mark_read(notification_id: int):
    if not MarkReadForm().validate_on_submit():
        abort(400)
    if not notification_service.mark_read(current_user, notification_id):
        abort(404)
    return redirect(_back())


@bp.post("/read")
@roles_required(*STAFF)
def mark_all_read():
    if not MarkReadForm().validate_on_submit():
        abort(400)
    count = notification_service.mark_read(current_user)
    flash(f"{count} marked as read" if count != 1 else "1 marked as read", "success")
    return redirect(url_for("notifications.index"))


def _back() -> str:
    # Same-site paths only.
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("notifications.index")


@bp.route("/settings", methods=["GET", "POST"])
@roles_required(*STAFF)
def settings():
    current = notification_service.preferences(current_user)
    form = preferences_form(
        current_user.role, current, request.form if request.method == "POST" else None
    )
    if form.validate_on_submit():
        notification_service.save_preferences(
            current_user, {kind: form[kind].data for kind in form.kinds}
        )
        flash("Your email choices are saved", "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form)


@bp.get("/outbox")
@roles_required(*STAFF)
def outbox():
    """Development only: the emails the service would have sent, to you (managers: all)."""
    if current_app.config.get("ENVIRONMENT") == "production":
        abort(404)
    emails = email_service.outbox(email_service.base_url(current_app.config, request.host_url))
    if current_user.role != Role.MANAGER:
        emails = [e for e in emails if e[0].to_address == current_user.email]
    return render_template("notifications/outbox.html", emails=emails)
