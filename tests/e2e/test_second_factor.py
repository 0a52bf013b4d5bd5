"""A worker sets up an authenticator app by keyboard alone and signs in with its codes.

The code is computed here with pyotp, as the phone's app would. A new worker account is
used, so the demo accounts that other browser tests sign in with keep signing in with a
password alone.
"""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.e2e.support import ConsoleWatch, check_axe
from transition.extensions import db
from transition.models import Team
from transition.services import accounts

pytestmark = pytest.mark.e2e

EMAIL = "second.factor@example.org"
PASSWORD = "a long enough passphrase for e2e"


@pytest.fixture(scope="module")
def staff_member(live_app: Flask) -> str:
    with live_app.app_context():
        team = db.session.scalar(select(Team).where(Team.kind == "childrens").limit(1))
        accounts.create_user(
            email=EMAIL, name="Sam Second", role="worker", password=PASSWORD, team=team
        )
        db.session.commit()
        db.session.remove()
    return EMAIL


def _tab_to(page: Page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tabbing through {page.url} never reached {selector}")


def _sign_in_with_password(page: Page) -> None:
    page.goto("/login")
    _tab_to(page, "#email")
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_setting_up_and_using_an_authenticator_app_by_keyboard(page: Page, staff_member):
    watch = ConsoleWatch().attach(page)
    _sign_in_with_password(page)
    expect(page).to_have_url(re.compile(r"/caseload$"))

    # Your account → Second factor → Set up, following links by keyboard.
    page.goto("/account")
    _tab_to(page, "a[href='/account/second-factor']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Second factor")
    check_axe(page)
    _tab_to(page, "a[href='/account/second-factor/set-up']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(page.locator("svg.app-qr-code")).to_be_visible()
    check_axe(page)

    secret = page.locator("#setup-key").inner_text().replace(" ", "")
    setup_code = pyotp.TOTP(secret).now()
    _tab_to(page, "#code")
    page.keyboard.type(setup_code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    check_axe(page)
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10

    # Next sign-in: password, then a second page asks for the code.
    page.goto("/account")
    page.get_by_role("button", name="Sign out").click()
    _sign_in_with_password(page)
    expect(page).to_have_url(re.compile(r"/login/code$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the security code")
    check_axe(page)

    # The code that set the app up has been used: it is refused, with a GOV.UK error.
    _tab_to(page, "#code")
    page.keyboard.type(setup_code)
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("not correct or has been used")
    check_axe(page)

    page.locator("#code").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/caseload$"))
    assert watch.take() == ([], [])
