"""Issue 6's "done when", for each demo account: the link made on /calendar opens
without signing in, parses, and holds that role's events with reminders."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.support import DEMO_ACCOUNTS, sign_in

pytestmark = pytest.mark.e2e

# Initials and a local reference, as staff feeds name a young person ("JC N-0004: ..."),
# after "Cancelled: " for a cancelled meeting.
PERSON_PREFIX = re.compile(r"^(Cancelled: )?[A-Z]{2} [A-Z0-9-]+: ")


def _titles_fit_the_role(email: str, titles: list[str]) -> None:
    """Each role's events are the ones its feed is for, and name nobody they should not."""
    if email.startswith("worker"):
        assert all(PERSON_PREFIX.match(t) for t in titles), titles[:5]
    elif email.startswith("manager"):
        assert not any(PERSON_PREFIX.match(t) for t in titles), "a manager's feed names people"
        assert all("overdue" in t or "late" in t for t in titles), titles[:5]
    elif email.startswith("adult."):
        assert all(
            PERSON_PREFIX.match(t) and t.endswith(("transfer target date", "planned first contact"))
            for t in titles
        ), titles[:5]
    else:  # the young person's own feed, in plain words and without initials
        assert not any(PERSON_PREFIX.match(t) for t in titles), titles[:5]


def _make_link(page: Page) -> str:
    page.goto("/calendar")
    reset = page.get_by_role("button", name="Reset the link")
    if reset.count():
        reset.click()
    else:
        page.get_by_role("button", name="Create your calendar link").click()
    feed_url = page.locator("#feed-url")
    expect(feed_url).to_be_visible()
    return feed_url.input_value()


def _fetch(url: str) -> tuple[int, bytes]:
    """A plain request, as a calendar server makes it: no cookies, no session."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_each_roles_feed_opens_without_signing_in_and_has_its_events(page: Page, email: str):
    sign_in(page, email)
    url = _make_link(page)
    status, body = _fetch(url)
    assert status == 200
    calendar = Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert events, f"{email}'s feed has no events"
    for event in events:
        assert event.get("UID") and event.get("DTSTART") and event.get("SUMMARY")
    assert any(event.walk("VALARM") for event in events), "no reminders in the feed"
    _titles_fit_the_role(email, [str(event["SUMMARY"]) for event in events])
    assert "Clarke" not in body.decode()  # the demo young person's surname: in no feed

    # Resetting the link makes the old one answer 404.
    new_url = _make_link(page)
    assert new_url != url
    assert _fetch(url)[0] == 404
    assert _fetch(new_url)[0] == 200
