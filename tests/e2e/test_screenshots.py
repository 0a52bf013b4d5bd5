"""Pictures of the young person's pages on a phone, written to test-results/screenshots/.

They let a reviewer see what a young person sees without running the service. Each page
is also checked with axe at that width (the crawler checks them at desktop width), and
must fit the screen without scrolling sideways.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.e2e.support import PHONE, axe_failure, axe_violations, sign_in

pytestmark = pytest.mark.e2e

# Outside the source tree (and ignored by git): a run never rewrites committed files.
SCREENSHOTS = Path(__file__).parents[2] / "test-results" / "screenshots"
SKIPPED_PATH = re.compile(r"(^/logout\b)|(\.(ics|csv|json)$)")


def file_name(path: str) -> str:
    # Ids differ from one database to the next: name pictures by route, not by id.
    name = re.sub(r"/\d+(?=/|$)", "", path).strip("/").replace("/", "-")
    return f"young-person-{name or 'home'}.png"


def test_young_persons_pages_at_phone_width_pass_axe_and_are_photographed(
    page: Page, base_url: str
):
    page.set_viewport_size(PHONE)
    sign_in(page, "young.person@example.org")
    page.goto("/my-pathway")
    origin = base_url.rstrip("/")
    links = "main a[href]:not([download]), .govuk-service-navigation a[href]"
    paths = ["/my-pathway"]
    for href in page.eval_on_selector_all(links, "links => links.map(a => a.href)"):
        parts = urlsplit(href)
        same_site = f"{parts.scheme}://{parts.netloc}" == origin
        if same_site and not parts.query and not SKIPPED_PATH.search(parts.path):
            paths.append(parts.path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("young-person-*.png"):
        old.unlink()  # pages that are no longer linked leave no stale picture behind
    taken: list[str] = []
    problems: list[str] = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        name = file_name(urlsplit(page.url).path)  # "/" lands on /my-pathway
        if name not in taken:
            if violations := axe_violations(page):
                problems.append(axe_failure(page.url, violations))
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                problems.append(f"{page.url} is {width}px wide on a {PHONE['width']}px phone")
            page.screenshot(path=str(SCREENSHOTS / name), full_page=True, animations="disabled")
            taken.append(name)
    assert "young-person-my-pathway.png" in taken
    assert len(taken) >= 6, taken  # pathway, voice and its goals, information, calendar, account
    assert not problems, "\n\n".join(problems)
