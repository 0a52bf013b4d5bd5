"""The user's private calendar feed: its link and reminders, and the feed itself.

The feed URL carries a secret token, so the feed route needs no sign-in; only a
hash of the token is stored, which is why the full link can be shown only on the
page that made it.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from transition.extensions import db, limiter
from transition.services import calendar as calendar_service
from transition.services.audit import Actor
from transition.services.calendar import (
    DEADLINE_REMINDERS,
    MEETING_REMINDERS,
    FeedLinks,
    StaleSettings,
)
from transition.services.clock import today
from transition.web.calendar.forms import FeedLinkForm, ReminderForm
from transition.web.sessions import current_actor

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

FEED_RATE_LIMIT = "60 per minute"


def uid_host() -> str:
    """The host named in calendar UIDs: the configured one, so UIDs stay stable."""
    host = current_app.config.get("SERVER_NAME") or request.host
    return host.split(":")[0].lower()


def _links() -> FeedLinks:
    return FeedLinks(
        person=lambda person_id: url_for("people.show", person_id=person_id, _external=True),
        handover=lambda handover_id: url_for(
            "handovers.show", handover_id=handover_id, _external=True
        ),
        pathway=url_for("my_pathway.index", _external=True),
        home=url_for("home.index", _external=True),
        handovers_overview=url_for("handovers.overview", _external=True),
    )


def _reminder_form(form: ReminderForm | None = None) -> ReminderForm:
    if form is not None:
        return form
    form = ReminderForm(formdata=None)
    form.version.data = str(current_user.version_id)
    form.deadlines.data = calendar_service.parse_reminders(
        current_user.deadline_reminders, DEADLINE_REMINDERS
    )
    form.meetings.data = calendar_service.parse_reminders(
        current_user.meeting_reminders, MEETING_REMINDERS
    )
    return form


def _page(*, token: str | None = None, reminder_form: ReminderForm | None = None, status=200):
    feed_url = webcal_url = None
    if token is not None:
        feed_url = url_for("calendar.feed", token=token, _external=True)
        webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    response = make_response(
        render_template(
            "calendar/index.html",
            form=reminder_form,
            reminder_form=_reminder_form(reminder_form),
            link_form=FeedLinkForm(),
            feed_url=feed_url,
            webcal_url=webcal_url,
            has_link=current_user.feed_token_hash is not None,
            created_at=current_user.feed_token_created_at,
        ),
        status,
    )
    # The page may hold the secret link: keep it out of caches and Referer headers.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("")
@login_required
def index():
    return _page()


@bp.post("/link")
@login_required
def reset_link():
    form = FeedLinkForm()
    if not form.validate_on_submit():
        abort(400)
    token = calendar_service.issue_token(current_actor(), current_user)
    db.session.commit()
    # Rendered, not redirected: the token is shown this once and never stored in clear.
    return _page(token=token)


@bp.post("/reminders")
@login_required
def reminders():
    form = ReminderForm()
    if form.validate_on_submit():
        try:
            version = int(form.version.data or 0)
        except ValueError:
            version = 0
        try:
            calendar_service.save_reminders(
                current_actor(),
                current_user,
                deadlines=form.deadlines.data or [],
                meetings=form.meetings.data or [],
                version=version,
            )
            db.session.commit()
        except StaleSettings:
            db.session.rollback()
            form.deadlines.errors = list(form.deadlines.errors) + [
                "Your account changed while you were choosing. "
                "Your choices have not been saved: check them and save again"
            ]
            form.version.data = str(current_user.version_id)
        else:
            flash("Your reminder choices have been saved.", "success")
            return redirect(url_for("calendar.index") + "#reminders")
    return _page(reminder_form=form)


@bp.get("/<token>.ics")
@limiter.limit(FEED_RATE_LIMIT, key_func=get_remote_address)
def feed(token: str):
    owner = calendar_service.feed_owner_for_token(token)
    if owner is None:
        abort(404)
    user = owner.user
    day = today()
    links = _links()
    council = current_app.config["COUNCIL_NAME"]
    service = current_app.config["SERVICE_NAME"]
    etag = calendar_service.feed_etag(
        owner, today=day, context=f"{uid_host()}|{links.home}|{council}|{service}"
    )
    last_modified = calendar_service.feed_last_modified(owner, today=day)
    if _not_modified(etag, last_modified):
        db.session.rollback()
        response = make_response("", 304)
    else:
        feed = calendar_service.cached_feed(
            etag,
            lambda: calendar_service.build_feed(
                user, today=day, host=uid_host(), links=links, council=council, service=service
            ),
        )
        calendar_service.record_feed_read(Actor(user, request.remote_addr), feed)
        db.session.commit()
        response = make_response(feed.body)
        response.headers["Content-Type"] = "text/calendar; charset=utf-8"
        response.headers["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response.set_etag(etag)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = "private"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _not_modified(etag: str, last_modified) -> bool:
    """RFC 9110: If-None-Match decides when sent; otherwise If-Modified-Since does."""
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since = request.if_modified_since
    return since is not None and last_modified <= since
