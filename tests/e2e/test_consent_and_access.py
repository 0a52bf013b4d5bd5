"""Issue 12's "done when", on the demo, in the browser: who may see what."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import check_axe, sign_in
from transition.services.demo import ADULT_PARENT_EMAIL, JOJO_RISKS, JOJO_WITHHELD_NOTE

pytestmark = pytest.mark.e2e


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_a_parent_of_an_adult_sees_nothing_until_the_young_person_agrees(page: Page):
    sign_in(page, ADULT_PARENT_EMAIL)
    page.goto("/my-pathway")
    expect(page.locator("h1")).to_have_text("You cannot see this pathway now")
    expect(page.locator("main")).to_contain_text("From their 18th birthday")
    check_axe(page)
    _sign_out(page)

    # Their worker sees that the link has stopped, and records the young person's yes.
    sign_in(page, "worker@example.org")
    warning = page.locator("#stopped-parent-links")
    expect(warning).to_contain_text("no access")
    warning.get_by_role("link").first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("18 or over and nothing is recorded")
    page.get_by_role("link", name=re.compile("Record a decision about parents and carers")).click()
    expect(page.locator("#who-decides")).to_contain_text("Parental responsibility ends at 18")
    check_axe(page)
    page.get_by_label("Their parents or carers can see it", exact=True).check()
    page.get_by_label("The young person", exact=True).check()
    today = date.today()
    group = page.get_by_role("group", name="Date of the decision")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    _sign_out(page)

    sign_in(page, ADULT_PARENT_EMAIL)
    response = page.goto("/my-pathway")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_contain_text("pathway")


def test_the_young_persons_information_holds_none_of_the_risks_on_the_workers_record(
    page: Page,
):
    sign_in(page, "worker@example.org")
    page.get_by_role("link", name="Jojo Clarke").first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(JOJO_RISKS)
    _sign_out(page)

    sign_in(page, "young.person@example.org")
    page.goto("/my-pathway/my-information")
    expect(page.locator("h1")).to_be_visible()
    text = page.locator("main").inner_text()
    assert JOJO_RISKS not in text
    assert "Stepfather" not in text
    assert JOJO_WITHHELD_NOTE not in text
    expect(page.locator("#not-shown")).to_be_visible()  # a note about other people is held
    download = page.request.get("/my-pathway/my-information.json")
    assert download.status == 200
    body = download.text()
    assert JOJO_RISKS not in body
    assert "Stepfather" not in body
    assert JOJO_WITHHELD_NOTE not in body
    assert "about_you" in json.loads(body)
    # The worker's record page is not theirs: they are sent to their own pages.
    page.goto("/my-pathway")
    assert "Stepfather" not in page.locator("main").inner_text()


def test_an_adult_team_whose_handover_was_returned_cannot_open_the_summary_or_record(
    page: Page,
):
    sign_in(page, "adult.health@example.org")
    page.goto("/handovers?state=returned")
    row = page.locator("table tbody tr").first
    row.get_by_role("link").first.click()
    page.wait_for_load_state()
    main = page.locator("main")
    expect(main).to_contain_text("Returned")
    expect(main).to_contain_text("The summary is no longer available to you")
    expect(page.locator("#risks")).to_have_count(0)
    expect(
        page.get_by_role("link", name=re.compile("Open the young person's record"))
    ).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Download the handover"))).to_have_count(0)
    check_axe(page)
