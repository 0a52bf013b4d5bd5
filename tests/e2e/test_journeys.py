"""Journeys a person makes with a keyboard, a phone or a zoomed-in screen."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import DEMO_ACCOUNTS, PASSWORD, ConsoleWatch, check_axe, sign_in

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
