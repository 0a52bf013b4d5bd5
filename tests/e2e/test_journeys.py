"""Journeys a person makes with a keyboard, a phone or a zoomed-in screen."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import DEMO_ACCOUNTS, PASSWORD, ConsoleWatch, check_axe, sign_in
from transition.pathway.dates import add_age, format_date

pytestmark = pytest.mark.e2e

ACTIVE_ELEMENT = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), id: el.id, classes: el.className || ""};
}"""


@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_each_role_signs_in_through_the_form_and_lands_on_its_home(page: Page, email: str):
    watch = ConsoleWatch().attach(page)
    sign_in(page, email)
    assert urlsplit(page.url).path == DEMO_ACCOUNTS[email]
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert watch.take() == ([], [])


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page):
    page.goto("/login")
    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Skip to main content")
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE_ELEMENT)["id"] == "main-content"


def test_signing_in_with_the_keyboard_alone(page: Page):
    page.goto("/login")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(ACTIVE_ELEMENT)["id"] == "email":
            break
    else:
        pytest.fail("Tabbing through the sign-in page never reached the email address field")
    page.keyboard.type("worker@example.org")
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_ELEMENT)["id"] == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/caseload")
    expect(page.locator("h1")).to_be_visible()


def test_a_form_with_errors_passes_axe_and_its_summary_leads_to_the_fields(page: Page):
    watch = ConsoleWatch().attach(page)
    page.goto("/login")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    check_axe(page)
    links = summary.locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "#email",
        "#password",
    ]
    summary.get_by_role("link", name="Enter your password").click()
    expect(page.locator("#password")).to_be_focused()
    assert watch.take() == ([], [])


@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_home_pages_reflow_at_320_pixels_wide(page: Page, email: str):
    """400% zoom on a 1280px screen: nothing scrolls sideways except inside table wrappers."""
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, email)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(el => el.getBoundingClientRect().right > 321)
            .filter(el => !el.closest(".app-table-wrapper")
                          || ["absolute", "fixed"].includes(getComputedStyle(el).position))
            .slice(0, 10)
            .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                 + (el.className ? "." + String(el.className).trim().replace(/\\s+/g, ".") : ""))"""
    )
    assert scroll_width <= 321, (
        f"{page.url} is {scroll_width}px wide at 320px; elements past the edge: {overflowing}"
    )


def _tab_to(page: Page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tabbing through {page.url} never reached {selector}")


def test_young_person_writes_a_goal_by_keyboard_and_their_worker_sees_it(page: Page):
    """Issue 7's journey: sign in, read what's next, write a goal, see it on the worker's view."""
    watch = ConsoleWatch().attach(page)
    goal = "I want to join the football club on Saturdays."
    sign_in(page, "young.person@example.org")
    expect(page.locator("#whats-next")).to_have_text("What's next")
    next_up = page.locator("#whats-next + p + ol > li")
    expect(next_up).to_have_count(3)  # the next three things, each with its date
    expect(next_up.first).to_contain_text("By ")

    # Keyboard only from here: no clicks, no filling by selector.
    _tab_to(page, "a[href$='/my-pathway/voice/goal-friends-and-community']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/my-pathway/voice/goal-friends-and-community")
    _tab_to(page, "textarea")
    page.keyboard.press("Control+A")
    page.keyboard.type(goal)
    _tab_to(page, "button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/my-pathway/voice")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved")
    page.goto("/my-pathway")
    expect(page.locator("main")).to_contain_text(goal)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "worker@example.org")
    page.get_by_role("link", name="Jojo Clarke").first.click()
    page.wait_for_load_state()
    voice = page.locator("#their-voice + .govuk-summary-list")
    expect(voice).to_contain_text(goal)
    expect(voice).to_contain_text("Jojo, ")  # written by Jojo, and when
    assert watch.take() == ([], [])


def _fill_date(page: Page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_record_made_in_the_browser_is_handed_over_and_accepted(page: Page):
    """Issues 3 and 5 through the real forms: create a record, record consent, send a
    handover; Adult Social Care accepts it, Adult Health cannot open it, and the worker's
    caseload shows it accepted."""
    watch = ConsoleWatch().attach(page)
    today = datetime.now(ZoneInfo("Europe/London")).date()
    born = date(today.year - 17, today.month, 1) - timedelta(days=100)  # 18 in ~9 months
    reference = "E2E-HANDOVER-1"

    sign_in(page, "worker@example.org")
    page.get_by_role("link", name="Add a young person").first.click()
    page.get_by_label("First name").fill("Rowan")
    page.get_by_label("Last name").fill("Ashdown")
    _fill_date(page, "Date of birth", born)
    page.get_by_label("Local reference").fill(reference)
    page.get_by_label("Primary need").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Rowan Ashdown")
    eighteenth = page.locator(".app-key-dates .govuk-summary-list__row").filter(
        has=page.get_by_text("18th birthday", exact=True)
    )
    expect(eighteenth.locator("dd")).to_have_text(format_date(add_age(born, 18)))
    record_url = page.url

    page.get_by_role("link", name="Record a decision about sharing").first.click()
    page.get_by_label("Consent given").check()
    page.get_by_label("The young person", exact=True).check()
    page.get_by_label("No, capacity is presumed").check()
    _fill_date(page, "Date of the decision", today)
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert page.url.startswith(record_url)

    page.get_by_role("link", name="Start a handover").click()
    service = page.get_by_label("Which adult service are you handing over to?")
    social_care = service.locator("option", has_text="Adult Social Care (").get_attribute("value")
    service.select_option(value=social_care)
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Check and send").click()
    page.get_by_role("button", name="Send handover").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    handover_url = page.url
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "adult.socialcare@example.org")
    page.get_by_role("link", name=f"open the handover of {reference}").click()
    assert page.url == handover_url
    expect(page.locator("main")).to_contain_text("Consent given")
    page.get_by_role("button", name="Accept", exact=True).click()
    page.get_by_label("Name of the worker who will take them on").fill("Sam Adebayo")
    _fill_date(page, "Planned first contact date", today + timedelta(days=30))
    page.get_by_role("button", name="Accept handover").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("accepted")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "adult.health@example.org")
    refused = page.goto(handover_url)
    assert refused is not None and refused.status in (403, 404)
    expect(page.locator("body")).not_to_contain_text("Ashdown")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "worker@example.org")
    page.goto("/caseload?q=Ashdown")
    row = page.locator(f"tr[data-person='{reference}']")
    expect(row).to_contain_text("Accepted")
    assert watch.take() == ([], [])
