"""The handover workflow as one table: each step, the states it starts from, where it
leads and which side takes it. The service checks steps against it and the handover
page offers the steps it allows, so the two cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from transition.models.handovers import HandoverState


class Side(StrEnum):
    SENDING = "sending"  # the children's worker or a manager
    RECEIVING = "receiving"  # the adult team the handover was sent to


class Step(StrEnum):
    SEND = "send"
    ACCEPT = "accept"
    QUERY = "query"
    ANSWER = "answer"
    RETURN = "return"
    COMPLETE = "complete"


@dataclass(frozen=True)
class Transition:
    starts_from: frozenset[HandoverState]
    leads_to: HandoverState
    side: Side


# Sent and waiting for the adult team's decision.
WAITING_STATES = (HandoverState.SENT, HandoverState.QUERIED)
_WAITING = frozenset(WAITING_STATES)

TRANSITIONS: dict[Step, Transition] = {
    Step.SEND: Transition(frozenset({HandoverState.DRAFT}), HandoverState.SENT, Side.SENDING),
    Step.ACCEPT: Transition(_WAITING, HandoverState.ACCEPTED, Side.RECEIVING),
    Step.QUERY: Transition(_WAITING, HandoverState.QUERIED, Side.RECEIVING),
    Step.RETURN: Transition(_WAITING, HandoverState.RETURNED, Side.RECEIVING),
    Step.ANSWER: Transition(frozenset({HandoverState.QUERIED}), HandoverState.SENT, Side.SENDING),
    Step.COMPLETE: Transition(
        frozenset({HandoverState.ACCEPTED}), HandoverState.COMPLETED, Side.SENDING
    ),
}

# The adult team has decided to take the young person on (and may read their record).
DECIDED_STATES = (HandoverState.ACCEPTED, HandoverState.COMPLETED)
# Not yet accepted: these become late 3 months before the target date.
NOT_ACCEPTED_STATES = (HandoverState.DRAFT, *WAITING_STATES)
# Still under way: neither returned nor complete.
OPEN_STATES = (*NOT_ACCEPTED_STATES, HandoverState.ACCEPTED)


def allows(step: Step, state: str) -> bool:
    return state in TRANSITIONS[step].starts_from


def steps_open(state: str, sides: set[Side]) -> frozenset[Step]:
    """The steps a user on `sides` may take on a handover in `state`."""
    return frozenset(
        step
        for step, move in TRANSITIONS.items()
        if state in move.starts_from and move.side in sides
    )
