"""Information that is not for the young person or their family: the one rule.

Some of what a council holds must never reach the young person's or a parent's pages,
downloads, calendar feeds or voice pages:

- fields that are withheld by their nature (`WITHHELD_FIELDS`): risks and safeguarding
  notes, the risk behind a Care Act s58(4) override;
- any row a worker marks "not to be shared with the young person or family": a model
  with the `Withholdable` mixin (transition/models/base.py) has `withheld_reason`, and
  every query for the family goes through `for_family`.

What "My information" (a subject access copy) may say about what was kept back:
information about other people (third parties) is listed as existing (DPA 2018 Sch 2
para 16 lets us withhold it, not hide that it exists); safeguarding and serious-harm
information is not mentioned at all, because saying it exists could itself cause the
harm the exemption is for (DPA 2018 Sch 3 Parts 2 and 3).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from transition.models.base import WITHHELD_REASONS, Withholdable

FAMILY_ROLES = frozenset({"young_person", "parent_carer"})

NOT_FOR_FAMILY_HINT = (
    "Not shown to the young person or their family: it stays off their pages, "
    "downloads and calendar"
)

WITHHELD_REASON_LABELS = {
    "safeguarding": "Safeguarding: sharing it could put someone at risk",
    "serious_harm": "Could cause serious harm to the young person or someone else",
    "third_party": "About other people (third parties)",
}
assert set(WITHHELD_REASON_LABELS) == set(WITHHELD_REASONS)

# Whether "My information" may say that something of this kind was kept back.
MAY_SAY_EXISTS = {"safeguarding": False, "serious_harm": False, "third_party": True}

# Fields never for the family, by table: the reason each is kept back.
WITHHELD_FIELDS: dict[str, dict[str, str]] = {
    "young_people": {"risks": "safeguarding"},
    "consent_records": {"s58_override_reason": "safeguarding"},
}


def is_family(user) -> bool:
    return user is not None and user.role in FAMILY_ROLES


def may_family_see(item: Withholdable) -> bool:
    return item.withheld_reason is None


def for_family(query, model):
    """A query limited to rows the young person and their family may see."""
    return query.where(model.withheld_reason.is_(None))


def shown_to_family(items: Iterable[Withholdable]) -> list:
    return [item for item in items if may_family_see(item)]


def without_withheld_fields(table: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data` (one row as a dict) without the fields that are never for the family."""
    withheld = WITHHELD_FIELDS.get(table, {})
    return {key: value for key, value in data.items() if key not in withheld}


def withheld_notice(items: Iterable[Withholdable]) -> list[str]:
    """What My information may say was kept back, in plain words (may be empty)."""
    counts = Counter(i.withheld_reason for i in items if i.withheld_reason is not None)
    lines = []
    third = counts.get("third_party", 0)
    if third and MAY_SAY_EXISTS["third_party"]:
        lines.append(
            f"We also hold {third} {'note' if third == 1 else 'notes'} about other people. "
            "The law says we cannot show you information about someone else without their "
            "agreement. You can ask your worker about this."
        )
    return lines
