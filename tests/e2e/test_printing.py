"""The record page and a handover summary print on A4 as content only (issues 3 and 5)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import sign_in

pytestmark = pytest.mark.e2e

# What a printout must leave out: the header and navigation, the footer, buttons and forms.
SCREEN_ONLY = (
    ".govuk-header",
    ".govuk-service-navigation",
    ".govuk-footer",
    "main .govuk-button",
    "main form",
    ".app-no-print",
)


def _pdf_pages(page: Page) -> int:
    pdf = page.pdf(format="A4", print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def _prints_content_only(page: Page, heading: str) -> None:
    page.emulate_media(media="print")
    for selector in SCREEN_ONLY:
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    expect(page.locator("h1")).to_contain_text(heading)
    expect(page.locator("h1")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is wider than the page"


def test_a_young_persons_record_prints_as_content_only(page: Page):
    sign_in(page, "worker@example.org")
    page.get_by_role("link", name="Jojo Clarke").first.click()
    page.wait_for_load_state()
    _prints_content_only(page, "Clarke")
    assert 1 <= _pdf_pages(page) <= 30


def test_a_handover_summary_prints_as_content_only(page: Page):
    sign_in(page, "adult.socialcare@example.org")
    page.locator("main table a.govuk-link").first.click()
    page.wait_for_load_state()
    heading = page.locator("h1").inner_text()
    _prints_content_only(page, heading)
    expect(page.locator("main")).to_contain_text("Who I am")
    assert 1 <= _pdf_pages(page) <= 15
