"""Fill in a form the way a browser would: every field as the page shows it, then overrides."""

from __future__ import annotations

from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict


def form_values(html: str, *, form_selector: str = "main form[method=post]", **overrides):
    """The fields of the page's form with their shown values; overrides replace a field.

    An override that is a tuple fills a field that appears several times (the three
    boxes of a GOV.UK date).
    """
    soup = BeautifulSoup(html, "html.parser")
    forms = [f for f in soup.select(form_selector) if f.select("button, input[type=submit]")]
    form = max(forms, key=lambda f: len(f.select("input, select, textarea")))
    data = MultiDict()
    for field in form.select("input, select, textarea"):
        name = field.get("name")
        if not name:
            continue
        kind = field.get("type", "text")
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data.add(name, chosen.get("value", chosen.get_text()) if chosen else "")
        elif field.name == "textarea":
            data.add(name, field.get_text())
        elif kind in {"radio", "checkbox"}:
            if field.has_attr("checked"):
                data.add(name, field.get("value", "on"))
        elif kind not in {"submit", "button", "file"}:
            data.add(name, field.get("value", ""))
    for name, value in overrides.items():
        data.setlist(name, list(value) if isinstance(value, tuple) else [value])
    return data
