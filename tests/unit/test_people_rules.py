"""The record's validation rules, without the web layer."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transition.services.passwords import password_problem
from transition.services.people import date_of_birth_problem, nhs_number_problem


@pytest.mark.parametrize("number", ["4857773457", "485 777 3457", "485-777-3457", "9434765919"])
def test_real_nhs_numbers_pass(number):
    assert nhs_number_problem(number) is None


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("4857773458", "Enter a real NHS number"),
        ("12345", "NHS number must be 10 digits"),
        ("48577734ab", "NHS number must be 10 digits"),
        ("1000000010", "Enter a real NHS number"),  # check digit would be 10
    ],
)
def test_bad_nhs_numbers_are_refused_with_a_reason(number, message):
    assert nhs_number_problem(number).startswith(message)


@given(st.text(max_size=30))
def test_any_text_gets_an_answer_not_an_exception(text):
    digits = re.sub(r"[\s-]", "", text)
    result = nhs_number_problem(text)
    if not digits:
        assert result is None  # a blank field: NHS number is optional
    elif not re.fullmatch(r"\d{10}", digits):
        assert result == "NHS number must be 10 digits, like 943 476 5919"
    else:
        assert result in (None, "Enter a real NHS number. Check the digits and try again")


TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("dob", "problem"),
    [
        (date(2013, 11, 28), None),  # 13 today
        (date(2013, 11, 29), "The young person must be 13 or older"),
        (date(2001, 11, 29), None),  # 25, turning 26 tomorrow
        (date(2000, 11, 28), "The young person must be 25 or younger"),  # 26 today
        (date(2027, 1, 1), "Date of birth must be in the past"),
        (None, "Enter a date of birth"),
    ],
)
def test_age_limits(dob, problem):
    assert date_of_birth_problem(dob, TODAY) == problem


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short", False),
        ("password1234", False),
        ("1qaz2wsx3edc", False),  # a keyboard walk from the breached-password list
        ("abcdefghijklmn", False),  # a sequence zxcvbn guesses at once
        ("aaaaaaaaaaaaaaa", False),
        ("x" * 129, False),
        ("four random words here", True),
        ("ünïcødé pässwörd ✓", True),
    ],
)
def test_password_rules(password, ok):
    assert (password_problem(password) is None) is ok
