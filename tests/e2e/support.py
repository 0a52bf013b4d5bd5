"""What the browser tests share: signing in through the form, and checking a page with axe."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import ConsoleMessage, Page, expect

PASSWORD = "demo-password-2027"

# email → (path of the role's home page, what the home page is for)
DEMO_ACCOUNTS = {
    "worker@example.org": "/caseload",
    "worker2@example.org": "/caseload",
    "manager@example.org": "/team",
    "adult.socialcare@example.org": "/handovers",
    "adult.health@example.org": "/handovers",
    "young.person@example.org": "/my-pathway",
}

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PHONE = {"width": 375, "height": 812}


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would, and wait for the home page."""
    page.goto("/login")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    expect(page).not_to_have_url(re.compile(r"/login"))


def start_axe(page: Page) -> None:
    """Start axe-core on the page without waiting for it (see `axe_violations`).

    axe is injected with page.evaluate, which our CSP allows.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    options: dict = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    page.evaluate(
        "options => { window.appAxeRun = axe.run(document, options).then(r => r.violations); }",
        options,
    )


def finish_axe(page: Page) -> list[dict]:
    """Wait for the run `start_axe` began and return its WCAG violations."""
    return page.evaluate("() => window.appAxeRun")


def axe_violations(page: Page) -> list[dict]:
    """The page's WCAG 2.2 A and AA violations that axe-core finds."""
    start_axe(page)
    return finish_axe(page)


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' > '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def axe_failure(url: str, violations: list[dict]) -> str:
    return f"axe found {len(violations)} WCAG violation(s) on {url}:\n" + describe_violations(
        violations
    )


def check_axe(page: Page) -> None:
    """Assert the page has no WCAG 2.2 A or AA violations that axe can find."""
    violations = axe_violations(page)
    assert not violations, axe_failure(page.url, violations)


@dataclass
class ConsoleWatch:
    """Collects Content Security Policy violations and script errors from a page."""

    csp: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> ConsoleWatch:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.script_errors.append(f"{page.url}: {error}"))
        return self

    def _on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp.append(f"{message.location.get('url', '')}: {message.text}")

    def take(self) -> tuple[list[str], list[str]]:
        found = (self.csp, self.script_errors)
        self.csp, self.script_errors = [], []
        return found
