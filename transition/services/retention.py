"""Retention: find what is past its keeping period, report it, then anonymise or delete it.

Periods are settings (RETENTION_* in config):
- a young person's record is kept until RETENTION_RECORD_YEARS after their 25th birthday
  (an EHC plan can run to the end of the academic year in which they turn 25), then
  anonymised rather than deleted, so that report counts stay true;
- audit events are kept for RETENTION_AUDIT_YEARS;
- ended or idle sessions and sign-in throttles for RETENTION_SESSION_DAYS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import String, cast, delete, func, literal, select, update

from transition.extensions import db
from transition.models import (
    AuditEvent,
    ConsentRecord,
    HandoverMessage,
    LoginThrottle,
    Meeting,
    MilestoneEvidence,
    User,
    UserSession,
    VoiceEntry,
    YoungPerson,
)
from transition.models.handovers import Handover
from transition.models.milestones import Milestone
from transition.services import audit, submissions
from transition.services.audit import Actor

ANONYMISED = "Anonymised"


@dataclass(frozen=True)
class RetentionPolicy:
    record_years: int = 6
    audit_years: int = 6
    session_days: int = 30

    @classmethod
    def from_config(cls, config) -> RetentionPolicy:
        return cls(
            record_years=int(config.get("RETENTION_RECORD_YEARS", 6)),
            audit_years=int(config.get("RETENTION_AUDIT_YEARS", 6)),
            session_days=int(config.get("RETENTION_SESSION_DAYS", 30)),
        )


@dataclass(frozen=True)
class RetentionReport:
    people: list[int]
    audit_events: int
    sessions: int

    def lines(self) -> list[str]:
        return [
            f"Young people's records past retention (anonymise): {len(self.people)}",
            f"Audit events past retention (delete): {self.audit_events}",
            f"Ended sessions and sign-in throttles past retention (delete): {self.sessions}",
        ]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def _cutoffs(today: date, now: datetime, policy: RetentionPolicy):
    return (
        _years_before(today, 25 + policy.record_years),
        now - timedelta(days=365 * policy.audit_years),
        now - timedelta(days=policy.session_days),
    )


def review(today: date, now: datetime, policy: RetentionPolicy) -> RetentionReport:
    """What is past retention, without changing anything."""
    born_by, audit_before, sessions_before = _cutoffs(today, now, policy)
    people = list(
        db.session.scalars(
            select(YoungPerson.id)
            .where(YoungPerson.date_of_birth <= born_by, YoungPerson.first_name != ANONYMISED)
            .order_by(YoungPerson.id)
        )
    )
    audit_events = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.at < audit_before)
    )
    sessions = db.session.scalar(
        select(func.count(UserSession.id)).where(UserSession.last_seen_at < sessions_before)
    ) + db.session.scalar(
        select(func.count())
        .select_from(LoginThrottle)
        .where(LoginThrottle.first_failure_at < sessions_before)
    )
    return RetentionReport(people, audit_events or 0, sessions or 0)


def apply(actor: Actor, today: date, now: datetime, policy: RetentionPolicy) -> RetentionReport:
    """Anonymise and delete what `review` finds, in one transaction, and audit it."""
    report = review(today, now, policy)
    _, audit_before, sessions_before = _cutoffs(today, now, policy)
    if report.people:
        _anonymise(report.people)
    db.session.execute(delete(AuditEvent).where(AuditEvent.at < audit_before))
    db.session.execute(delete(UserSession).where(UserSession.last_seen_at < sessions_before))
    db.session.execute(
        delete(LoginThrottle).where(LoginThrottle.first_failure_at < sessions_before)
    )
    # A form's one-time key only matters while someone might send the form again.
    submissions.forget_before(sessions_before)
    audit.record(
        actor,
        "retention",
        detail="; ".join(report.lines()),
    )
    return report


def _anonymise(ids: list[int]) -> None:
    """Strip everything that identifies a person; keep dates and statuses for reports."""
    db.session.execute(
        update(YoungPerson)
        .where(YoungPerson.id.in_(ids))
        .values(
            first_name=ANONYMISED,
            last_name=ANONYMISED,
            preferred_name=None,
            nhs_number=None,
            local_reference=literal("ANON-", String) + cast(YoungPerson.id, String),
            reference_key=literal("anon-", String) + cast(YoungPerson.id, String),
            communication_needs=None,
            aspirations=None,
            services_now=None,
            services_needed_as_adult=None,
            risks=None,
            education_setting=None,
            version_id=YoungPerson.version_id + 1,
        )
        .execution_options(synchronize_session=False)
    )
    milestone_ids = select(Milestone.id).where(Milestone.young_person_id.in_(ids))
    db.session.execute(
        update(MilestoneEvidence)
        .where(MilestoneEvidence.milestone_id.in_(milestone_ids))
        .values(text="(removed at the end of the retention period)")
    )
    db.session.execute(delete(VoiceEntry).where(VoiceEntry.young_person_id.in_(ids)))
    db.session.execute(
        update(ConsentRecord)
        .where(ConsentRecord.young_person_id.in_(ids))
        .values(decider_name=None, notes=None)
    )
    db.session.execute(
        update(Meeting)
        .where(Meeting.young_person_id.in_(ids))
        .values(location=None, online_link=None, invitees=None, purpose=None)
    )
    handover_ids = select(Handover.id).where(Handover.young_person_id.in_(ids))
    db.session.execute(
        update(Handover)
        .where(Handover.young_person_id.in_(ids))
        .values(snapshot=None, worker_notes=None, return_reason=None)
    )
    db.session.execute(
        update(HandoverMessage)
        .where(HandoverMessage.handover_id.in_(handover_ids))
        .values(text="(removed at the end of the retention period)")
    )
    linked_users = select(User.id).where(User.young_person_id.in_(ids))
    db.session.execute(delete(UserSession).where(UserSession.user_id.in_(linked_users)))
    db.session.execute(
        update(User)
        .where(User.young_person_id.in_(ids))
        .values(
            is_active_account=False,
            feed_token_hash=None,
            password_hash=None,
            invite_token_hash=None,
        )
    )
