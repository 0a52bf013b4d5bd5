"""Pure pieces of caseloads, reports and import: sorting, choices, dates and CSV cells."""

from __future__ import annotations

from datetime import date

import pytest

from transition.services.caseload import Filters, parse_picks
from transition.services.importer import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011-03-27", date(2011, 3, 27)),
        ("27/03/2011", date(2011, 3, 27)),
        ("7/3/2011", date(2011, 3, 7)),
        ("29/02/2012", date(2012, 2, 29)),
        ("29/02/2011", None),
        ("2011-3-27", None),
        ("27-03-2011", None),
        ("", None),
        ("yesterday", None),
    ],
)
def test_import_dates(text, expected):
    assert parse_date(text) == expected


def test_chosen_people_keep_only_well_formed_id_version_pairs():
    assert parse_picks(["3:2", "4:1", "x:1", "5", "6:", "7:a", "3:9"]) == [(3, 9), (4, 1)]


def test_filters_leave_out_empty_arguments():
    assert Filters().as_args() == {}
    assert Filters(rag="red", overdue=True, turning_18=6).as_args() == {
        "rag": "red",
        "overdue": "yes",
        "turning_18": "6",
    }
