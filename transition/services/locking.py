"""Optimistic locking: each editable record carries a version, and a change sent from a
page opened before someone else's save is refused rather than written over it."""

from __future__ import annotations


class StaleRecord(RuntimeError):
    """Someone else saved this after the user opened it; nothing was changed."""
