"""A hidden field that makes a creating form safe to send twice (see services.submissions)."""

from __future__ import annotations

from wtforms import HiddenField

from transition.services import submissions
from transition.services.submissions import Claim
from transition.web.sessions import current_actor


class SentOnce:
    """Mix into a creating form; templates render `form.submission_key`."""

    submission_key = HiddenField(default=submissions.new_key)


def claim(form) -> Claim:
    """Claim the form's key; `claim.earlier_path` is set when it was sent before."""
    return submissions.claim(current_actor(), form.submission_key.data)
