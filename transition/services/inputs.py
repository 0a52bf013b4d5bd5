"""What the service accepts from people and files: ids, dates and text, made safe.

Every bad value here becomes None (or is cleaned), so callers answer 400 or 404 or a
message on the form, never a 500 from the database or from int().
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Ids are INTEGER columns: PostgreSQL's limit, which is also safe on SQLite.
MAX_ID = 2_147_483_647
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100

# Zero-width and direction marks: invisible, they make "Zoë" and "Zo\u200beë" two names.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    None,
)


def is_ascii_digits(value: str | None) -> bool:
    """0-9 only: str.isdigit() also accepts "²" and "١", which int() may refuse."""
    return bool(value) and value.isascii() and value.isdigit()


def parse_id(value: str | None) -> int | None:
    """A row id from text, or None when it is not one (out of range, not ASCII digits)."""
    if not is_ascii_digits(value) or len(value) > 10:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def date_in_range(day: date | None) -> bool:
    return day is not None and EARLIEST_YEAR <= day.year <= LATEST_YEAR


def clean_line(value: str | None) -> str | None:
    """A one-line value (a name): NFC, no control or invisible characters, spaces collapsed."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).translate(_INVISIBLE)
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    return re.sub(r" {2,}", " ", text).strip()


def clean_text(value: str | None) -> str | None:
    """Free text: NFC, no invisible or control characters except line breaks and tabs."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs"}
    )
