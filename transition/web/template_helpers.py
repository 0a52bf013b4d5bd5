"""Filters and globals the templates share: dates, names and the navigation."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, request, url_for
from flask_login import current_user

from transition.pathway.dates import format_date
from transition.services import notifications

LONDON = ZoneInfo("Europe/London")


def govuk_date(value: date | datetime | None, empty: str = "Not recorded") -> str:
    if value is None:
        return empty
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return format_date(value)


def govuk_datetime(value: datetime | None, empty: str = "Not recorded") -> str:
    """'4 March 2027 at 2:30pm' in UK time."""
    if value is None:
        return empty
    local = value.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    clock = f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"
    if local.hour == 12 and local.minute == 0:
        clock = "midday"
    elif local.hour == 0 and local.minute == 0:
        clock = "midnight"
    return f"{format_date(local.date())} at {clock}"


def navigation() -> list[dict]:
    """The service navigation for the signed-in user's role."""
    if not current_user.is_authenticated:
        return []
    items: list[tuple[str, str]] = []
    role = current_user.role
    if role == "worker":
        items = [("My caseload", "caseload.index"), ("Find a young person", "people.index")]
    elif role == "manager":
        items = [
            ("Teams", "team.index"),
            ("Young people", "people.index"),
            ("Reports", "reports.index"),
            ("Framework", "framework.index"),
            ("Admin", "admin.index"),
        ]
    elif role == "adult_services":
        items = [("Handovers", "handovers.inbox")]
    elif role in {"young_person", "parent_carer"}:
        items = [("My pathway", "my_pathway.index")]
    if role in {"worker", "manager", "adult_services"}:
        unread = 0 if g.get("error_page") else notifications.unread_count(current_user)
        items.append(
            (f"Notifications ({unread})" if unread else "Notifications", "notifications.index")
        )
    items.append(("Calendar", "calendar.index"))
    items.append(("Your account", "auth.account"))
    result = []
    for text, endpoint in items:
        href = url_for(endpoint)
        result.append({"text": text, "href": href, "active": request.path.startswith(href)})
    return result


def init_app(app: Flask) -> None:
    app.add_template_filter(govuk_date)
    app.add_template_filter(govuk_datetime)
    app.add_template_global(navigation)

    @app.context_processor
    def service_details():
        return {
            "service_name": current_app.config["SERVICE_NAME"],
            "council_name": current_app.config["COUNCIL_NAME"],
            "support_email": current_app.config["SUPPORT_EMAIL"],
        }
