"""Every page meets WCAG 2.2 AA as far as axe-core can tell, in a real browser.

The crawler signs in as each demo role and follows every link it can see from
`/`, so it also checks that everything a role may see is reachable by links.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit, urlunsplit

import pytest
from flask import Flask
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from werkzeug.exceptions import HTTPException

from tests.e2e.conftest import PAGES_CRAWLED
from tests.e2e.support import (
    DEMO_ACCOUNTS,
    PHONE,
    ConsoleWatch,
    axe_failure,
    check_axe,
    finish_axe,
    sign_in,
    start_axe,
)
from tests.integration import test_access_matrix as matrix

pytestmark = pytest.mark.e2e

# Which of the access matrix's users each demo account is (both workers and both adult
# teams have people and handovers of their own in the demo).
MATRIX_ROLE = {
    "worker@example.org": matrix.W,
    "worker2@example.org": matrix.W,
    "manager@example.org": matrix.M,
    "adult.socialcare@example.org": matrix.ASC,
    "adult.health@example.org": matrix.ASC,
    "young.person@example.org": matrix.YP,
}

# Pages a role may open that no link leads to in the demo, and why.
_EVERYONE = {
    "home.healthz",  # for the load balancer, not for people
    "auth.login",  # signed-in users are sent home
}
_STAFF = (
    _EVERYONE
    # Offered only for a handover or an account in the right state; the crawler opens at
    # most three handovers, which need not include one in each state.
    | matrix.STATE_DEPENDENT
    # Offered on a record only when a newer framework version exists; the demo has one.
    | {"milestones.framework_update"}
)
NOT_REACHED_BY_LINKS = {
    matrix.W: _STAFF,
    matrix.M: _STAFF
    | {"team.choose_allocation"}  # reached by ticking people in a list
    # Offered on a meeting once it has been held; the crawler's three records of people
    # (those with no worker, first on the manager's home) have only meetings to come.
    | {"meetings.outcome"},
    matrix.ASC: _EVERYONE,
    # The staff pages of their own record: a young person reads /my-pathway instead.
    # The page that says who may see their pathway is a form on /my-pathway itself, shown
    # on its own only to repeat the question with an error.
    matrix.YP: _EVERYONE | {"people.show", "milestones.show", "my_pathway.parent_access"},
}


def pages_for(app: Flask, role: str) -> set[str]:
    """The endpoints the access matrix lets `role` open with GET."""
    methods = {rule.endpoint: rule.methods or set() for rule in app.url_map.iter_rules()}
    return {
        endpoint
        for endpoint, (_, roles) in matrix.MATRIX.items()
        if role in roles and "GET" in methods.get(endpoint, set())
    }


MAX_PAGES_PER_ROLE = 60
MAX_URLS_PER_ROUTE = 3

# Links the crawler must not follow: downloads, feeds and anything that signs out.
SKIPPED_PATH = re.compile(r"(^/logout\b)|(\.(ics|csv|json)$)|(^/calendar/.+\.ics$)")


@pytest.mark.parametrize("path", ["/login", "/accessibility", "/privacy", "/cookies"])
def test_public_pages_pass_axe(page: Page, path: str):
    watch = ConsoleWatch().attach(page)
    response = page.goto(path)
    assert response is not None and response.status == 200
    check_axe(page)
    assert watch.take() == ([], [])


def test_the_page_not_found_passes_axe(page: Page):
    sign_in(page, "worker@example.org")
    response = page.goto("/young-people/999999")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    check_axe(page)


@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_home_page_passes_axe_on_desktop_and_phone(page: Page, email: str):
    sign_in(page, email)
    assert urlsplit(page.url).path == DEMO_ACCOUNTS[email]
    check_axe(page)
    page.set_viewport_size(PHONE)
    page.reload()
    check_axe(page)


def route_of(path: str) -> str:
    """The route a URL belongs to: /young-people/12/milestones → /young-people/<id>/milestones.

    A path segment with a digit in it is an id (12, P01, IL14). The query string does not
    count: /team/people?rag=red and ?worker=2 are the same page with other rows.
    """
    return re.sub(r"/[^/]*\d[^/]*(?=/|$)", "/<id>", path)


def site_link_paths(page: Page, origin: str) -> list[str]:
    """The paths of every link to this site on the page, downloads included."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    return [
        parts.path for parts in map(urlsplit, hrefs) if f"{parts.scheme}://{parts.netloc}" == origin
    ]


def links_to_follow(page: Page, origin: str) -> list[str]:
    # Links marked `download` fetch a file (CSV, JSON, .ics), not a page.
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)")
    urls = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme not in {"http", "https"} or f"{parts.scheme}://{parts.netloc}" != origin:
            continue  # mailto:, webcal:, other sites
        if SKIPPED_PATH.search(parts.path):
            continue
        urls.append(urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, "")))
    return urls


@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_every_page_a_role_can_reach_answers_and_passes_axe(
    page: Page, base_url: str, live_app: Flask, email
):
    """Breadth-first from /, at most a few URLs per route: 200, an <h1>, a <title>, axe clean.

    Two tabs share the signed-in session so that axe runs on two pages at once (each
    tab has its own renderer process): that keeps the suite inside its time budget.
    """
    sign_in(page, email)
    tabs = [page, page.context.new_page()]
    watches = {id(tab): ConsoleWatch().attach(tab) for tab in tabs}
    origin = base_url.rstrip("/")
    # The first URL of each route goes ahead of the 2nd and 3rd, so the page cap is spent
    # on reaching every route before seeing more of the same.
    new_routes, repeats = deque([f"{origin}/"]), deque()
    seen = {f"{origin}/"}
    per_route: dict[str, int] = {}
    visited: list[str] = []
    linked: set[str] = set()  # every path a visited page links to, files included
    problems: list[str] = []

    def visit(tab: Page, url: str) -> bool:
        """Load a page, check it and queue its links; True when axe should run on it."""
        try:
            response = tab.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                return False  # a file, reached by a link without `download`: not a page
            raise
        visited.append(url)
        landed = urlsplit(tab.url)
        where = landed.path + (f"?{landed.query}" if landed.query else "")
        if response is None or response.status != 200:
            problems.append(f"{url} answered {response.status if response else 'nothing'}")
            return False
        if landed.path == "/login":
            problems.append(f"{url} sent a signed-in user to the sign-in page")
            return False
        if (headings := tab.locator("h1").count()) != 1:
            problems.append(f"{where} has {headings} <h1> elements")
        if not tab.title().strip():
            problems.append(f"{where} has no <title>")
        linked.update(site_link_paths(tab, origin))
        csp, script_errors = watches[id(tab)].take()
        problems.extend(f"{where}: {message}" for message in csp + script_errors)
        for link in links_to_follow(tab, origin):
            if link in seen:
                continue
            seen.add(link)
            parts = urlsplit(link)
            route = route_of(parts.path)
            if per_route.get(route, 0) < MAX_URLS_PER_ROUTE:
                per_route[route] = per_route.get(route, 0) + 1
                (new_routes if per_route[route] == 1 else repeats).append(link)
        # Every WCAG 2.2 A and AA rule axe has, colour contrast included, on every page.
        start_axe(tab)
        return True

    def next_url() -> str | None:
        if len(visited) >= MAX_PAGES_PER_ROLE:
            return None
        queue = new_routes or repeats
        return queue.popleft() if queue else None

    while len(visited) < MAX_PAGES_PER_ROLE and (new_routes or repeats):
        running = [tab for tab in tabs if (url := next_url()) and visit(tab, url)]
        for tab in running:
            if violations := finish_axe(tab):
                problems.append(axe_failure(tab.url, violations))
    PAGES_CRAWLED[email] = (len(visited), len(per_route) - len(new_routes), len(new_routes))
    assert not problems, f"{len(problems)} problem(s) for {email}:\n" + "\n".join(problems)

    # Everything the access matrix lets this role see is reachable by links from `/`.
    adapter = live_app.url_map.bind("localhost")
    reached = set()
    for path in linked | {urlsplit(url).path for url in visited}:
        try:
            reached.add(adapter.match(path, method="GET")[0])
        except HTTPException:
            continue
    role = MATRIX_ROLE[email]
    unreached = pages_for(live_app, role) - reached - NOT_REACHED_BY_LINKS.get(role, set())
    assert not unreached, f"{email} may open {sorted(unreached)} but no link from / leads there"
