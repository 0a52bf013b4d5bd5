"""Issue 16's journey in a real browser: a case note, a PDF and a GP go with a handover.

The worker writes a note, uploads a PDF and adds the GP practice on Jojo's record,
and sends all three to Adult Social Care, which reads them in the summary and downloads
the PDF. A sensitive note and a sensitive document written alongside reach neither the
adult team nor Jojo, on any page or in Jojo's "My information" download.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import ConsoleWatch, check_axe, sign_in
from tests.e2e.test_journeys import _fill_date
from transition.services.demo import small_pdf

pytestmark = pytest.mark.e2e

LETTER = small_pdf("Annual health check", ["Booked for next month.", "Fictional."])
SECRET = "E2ESECRET"


def _open_jojo(page: Page) -> None:
    page.goto("/young-people?q=DEMO-004")
    page.get_by_role("link", name=re.compile("Jojo")).first.click()
    expect(page.locator("h1")).to_contain_text("Jojo")


def _record_part(page: Page, name: str) -> None:
    """Open a part of the record from its sub-navigation (on every part's page)."""
    if not page.locator(".app-record-nav").count():
        page.get_by_role("link", name=re.compile("^Back to")).click()
    page.locator(".app-record-nav").get_by_role("link", name=name, exact=True).click()


def _write_note(page: Page, text: str, *, sensitive: bool = False) -> None:
    _record_part(page, "Notes and chronology")
    page.get_by_role("link", name=re.compile("Add a case note")).click()
    page.get_by_label("Phone call").check()
    page.get_by_label("Who was it with? (optional)").fill("GP receptionist")
    page.get_by_label("What happened", exact=True).fill(text)
    if sensitive:
        page.get_by_label(re.compile("Sensitive: keep this")).check()
    page.get_by_role("button", name="Save note").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def _upload(page: Page, title: str, *, sensitive: bool = False) -> None:
    _record_part(page, "Documents")
    page.get_by_role("link", name=re.compile("Upload a document")).click()
    page.get_by_label("Upload a file").set_input_files(
        {"name": "health-check.pdf", "mimeType": "application/pdf", "buffer": LETTER}
    )
    page.get_by_label("Title").fill(title)
    page.get_by_label("Letter").check()
    _fill_date(page, "Date of the document", datetime.now(ZoneInfo("Europe/London")).date())
    if sensitive:
        page.get_by_label(re.compile("Sensitive: keep this")).check()
    page.get_by_role("button", name="Upload document").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def test_a_note_a_pdf_and_a_gp_go_to_the_adult_team_and_secrets_stay_home(
    page: Page, tmp_path: Path
):
    watch = ConsoleWatch().attach(page)
    today = datetime.now(ZoneInfo("Europe/London")).date()
    sign_in(page, "worker@example.org")
    _open_jojo(page)
    _write_note(page, "E2E note: the GP confirmed the annual health check")
    _write_note(page, f"{SECRET} note about a family member", sensitive=True)
    _upload(page, "E2E health check letter")
    _upload(page, f"{SECRET} safeguarding plan", sensitive=True)
    check_axe(page)

    _record_part(page, "Contacts")
    page.get_by_role("link", name=re.compile("Add a contact")).click()
    page.get_by_label("GP practice").check()
    page.get_by_label("Name", exact=True).fill("E2E Medical Centre")
    page.get_by_label("Phone number (optional)").fill("01632 960123")
    page.get_by_role("button", name="Save contact").click()
    expect(page.locator("main")).to_contain_text("E2E Medical Centre – GP practice")

    _record_part(page, "Overview")
    page.get_by_role("link", name="Record a decision about sharing").first.click()
    page.get_by_label("Consent given").check()
    page.get_by_label("The young person", exact=True).check()
    page.get_by_label("No, capacity is presumed").check()
    _fill_date(page, "Date of the decision", today)
    page.get_by_role("button", name="Save decision").click()

    page.get_by_role("link", name="Start a handover").click()
    service = page.get_by_label("Which adult service are you handing over to?")
    social_care = service.locator("option", has_text="Adult Social Care (").get_attribute("value")
    service.select_option(value=social_care)
    page.get_by_label(re.compile("E2E health check letter")).check()
    page.get_by_label(re.compile("E2E note: the GP")).check()
    expect(page.get_by_label(re.compile(SECRET))).to_have_count(0)
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Check and send").click()
    page.get_by_role("button", name="Send handover").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    handover_url = page.url
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "adult.socialcare@example.org")
    page.goto(handover_url)
    summary = page.locator(".app-handover-summary")
    expect(summary).to_contain_text("E2E note: the GP confirmed the annual health check")
    expect(summary).to_contain_text("E2E Medical Centre – GP practice")
    expect(summary).to_contain_text("01632 960123")
    expect(page.locator("body")).not_to_contain_text(SECRET)
    check_axe(page)
    with page.expect_download() as download:
        summary.get_by_role("link", name=re.compile("E2E health check letter")).click()
    assert Path(download.value.path()).read_bytes() == LETTER
    assert download.value.suggested_filename == "health-check.pdf"
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "young.person@example.org")
    for path in ("/my-pathway", "/my-pathway/my-information"):
        page.goto(path)
        expect(page.locator("body")).not_to_contain_text(SECRET)
    expect(page.locator("main")).to_contain_text("E2E note: the GP confirmed")
    expect(page.locator("main")).to_contain_text("E2E health check letter")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Save a copy as a computer file")).click()
    saved = Path(download.value.path()).read_text()
    assert SECRET not in saved
    data = json.loads(saved)
    assert "E2E note: the GP confirmed the annual health check" in [
        note["what_happened"] for note in data["notes_about_you"]
    ]
    assert "E2E health check letter" in [d["title"] for d in data["documents"]]
    assert watch.take() == ([], [])
