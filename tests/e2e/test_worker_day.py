"""A worker's day in the browser: an adult team's question reaches the worker's attention
list and their inbox (a real SMTP server started here), and the answer reaches the team."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import check_axe, sign_in
from tests.smtp import SmtpServer

pytestmark = pytest.mark.e2e

REFERENCE = "DEMO-013"  # worker@'s young person with a handover waiting at Adult Health


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def _body(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_question_reaches_the_worker_who_answers_and_the_team_is_told(
    page: Page, live_app, monkeypatch
):
    with SmtpServer() as smtp:
        monkeypatch.setitem(live_app.config, "SMTP_URL", smtp.url)

        sign_in(page, "adult.health@example.org")
        row = page.locator("tr", has_text=REFERENCE)
        row.get_by_role("link").first.click()
        handover_path = re.sub(r"^https?://[^/]+", "", page.url)
        page.get_by_role("button", name="Ask a question").click()
        page.get_by_label("Your question for the children's team").fill(
            "Is there a Care Act assessment date yet?"
        )
        page.get_by_role("button", name="Send question").click()
        expect(page.get_by_text("Is there a Care Act assessment date yet?")).to_be_visible()
        _sign_out(page)

        # The worker's email, sent after the response by the service itself (with the
        # demo's earlier emails, which were waiting in the queue).
        [asked] = smtp.wait_until(
            lambda m: m["To"] == "worker@example.org" and handover_path in _body(m)
        )
        assert asked["Subject"] == "An adult team has asked a question"
        assert REFERENCE in _body(asked)
        assert "Care Act" not in _body(asked)  # what was asked stays in the service

        sign_in(page, "worker@example.org")
        attention = page.locator("#attention-question")
        item = attention.locator(".app-attention-item", has_text=REFERENCE)
        expect(item).to_contain_text(
            "Adult Health and Continuing Healthcare asked a question about the handover"
        )
        before = int(page.locator(".app-attention-count[data-kind=question]").inner_text())
        check_axe(page)
        item.get_by_role("link", name=re.compile("Answer the question")).click()
        page.get_by_label("Your answer").fill("Yes: 14 March, at home with their mum.")
        page.get_by_role("button", name="Send answer").click()

        page.goto("/caseload")
        expect(
            page.locator("#attention-question .app-attention-item", has_text=REFERENCE)
        ).to_have_count(0)
        after = page.locator(".app-attention-count[data-kind=question]")
        if before == 1:
            expect(after).to_have_count(0)
        else:
            expect(after).to_have_text(str(before - 1))

        answered = smtp.wait_until(
            lambda m: m["To"] == "adult.health@example.org" and handover_path in _body(m)
        )
        assert [m["Subject"] for m in answered] == ["Your question has been answered"]
        assert handover_path in _body(answered[0])
        _sign_out(page)

        # The adult team sees it in the service too.
        sign_in(page, "adult.health@example.org")
        expect(page.get_by_role("link", name=re.compile(r"Notifications \(\d+\)"))).to_be_visible()
        page.get_by_role("link", name=re.compile("Notifications")).click()
        expect(page.locator(".app-notification--unread").first).to_contain_text(
            "The transition worker answered Adult Health and Continuing Healthcare's question"
        )
