"""Optimistic locking: each editable record carries a version, and a change sent from a
page opened before someone else's save is refused rather than written over it."""

from __future__ import annotations


class StaleRecord(RuntimeError):
    """Someone else saved this after the user opened it; nothing was changed."""

    # What the user was changing, in the words of the message.
    noun = "record"

    @property
    def message(self) -> str:
        """The GOV.UK message every form shows when its save is refused as stale."""
        return (
            f"Someone else changed this {self.noun} while you were editing it. "
            f"Your changes have not been saved: check the {self.noun} and make them again"
        )
