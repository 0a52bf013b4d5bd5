"""The service's nouns. Importing this module registers every table."""

from transition.models.audit import AuditEvent
from transition.models.base import Base, utcnow
from transition.models.handovers import Handover, HandoverMessage
from transition.models.meetings import Meeting, MeetingAction, MeetingInvitee
from transition.models.milestones import (
    FrameworkVersion,
    Milestone,
    MilestoneChange,
    MilestoneEvidence,
)
from transition.models.notifications import (
    AttentionDismissal,
    Email,
    Notification,
    NotificationPreference,
)
from transition.models.people import ConsentRecord, YoungPerson
from transition.models.users import LoginThrottle, RecoveryCode, Team, User, UserSession
from transition.models.voice import VoiceEntry

__all__ = [
    "AttentionDismissal",
    "Email",
    "Notification",
    "NotificationPreference",
    "AuditEvent",
    "Base",
    "ConsentRecord",
    "FrameworkVersion",
    "Handover",
    "HandoverMessage",
    "LoginThrottle",
    "Meeting",
    "MeetingAction",
    "MeetingInvitee",
    "Milestone",
    "MilestoneChange",
    "MilestoneEvidence",
    "RecoveryCode",
    "Team",
    "User",
    "UserSession",
    "VoiceEntry",
    "YoungPerson",
    "utcnow",
]
