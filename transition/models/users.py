"""People who sign in, the teams they belong to and their sessions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from transition.models.base import Base, Timestamped, one_of, utcnow


class Role(StrEnum):
    YOUNG_PERSON = "young_person"
    WORKER = "worker"
    ADULT_SERVICES = "adult_services"
    MANAGER = "manager"
    PARENT_CARER = "parent_carer"


ROLES = tuple(role.value for role in Role)
ROLE_LABELS = {
    Role.YOUNG_PERSON: "Young person",
    Role.WORKER: "Transition worker",
    Role.ADULT_SERVICES: "Adult services",
    Role.MANAGER: "Manager",
    Role.PARENT_CARER: "Parent or carer",
}
TEAM_KINDS = ("childrens", "adult")
ADULT_SERVICES = (
    "adult_social_care",
    "adult_health",
    "adult_mental_health",
    "post16_education",
    "other",
)
ADULT_SERVICE_LABELS = {
    "adult_social_care": "Adult social care",
    "adult_health": "Adult health and continuing healthcare",
    "adult_mental_health": "Adult mental health",
    "post16_education": "Post-16 and post-19 education",
    "other": "Other adult service",
}


class Team(Timestamped, Base):
    __tablename__ = "teams"
    __table_args__ = (
        one_of("kind", TEAM_KINDS, "kind"),
        one_of("service", ADULT_SERVICES, "service"),
        CheckConstraint("caseload_limit > 0", name="caseload_limit_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    # Which adult service an adult team is; None for a children's team.
    service: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    # A manager's limit: workers with more young people than this show on /team.
    caseload_limit: Mapped[int | None]

    members: Mapped[list[User]] = relationship(back_populates="team", foreign_keys="User.team_id")

    @property
    def service_label(self) -> str:
        return ADULT_SERVICE_LABELS.get(self.service or "", "Children's transition team")


class User(Timestamped, Base):
    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES, "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored normalised (trimmed, lower case) so sign-in and lockout agree on who is who.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    # For a young person: their own record. For a parent or carer: the record they are linked to.
    young_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("young_people.id", use_alter=True), index=True
    )
    phone: Mapped[str | None] = mapped_column(String(40))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    password_changed_at: Mapped[datetime | None]
    last_sign_in_at: Mapped[datetime | None]

    # One private calendar feed per user; only a hash of its token is kept.
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    feed_token_created_at: Mapped[datetime | None]
    deadline_reminders: Mapped[str] = mapped_column(String(60), default="P14D,P1D")
    meeting_reminders: Mapped[str] = mapped_column(String(60), default="P1D,PT1H")

    # A one-time link to set a password (invitations and resets).
    invite_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invite_expires_at: Mapped[datetime | None]

    # A staff second factor: an authenticator app's shared secret (base32), the last
    # 30-second time step whose code was used (a code is never accepted twice), and
    # when it was set up. Sign-in writes totp_last_step with a plain UPDATE, so it
    # never bumps the version.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    totp_set_up_at: Mapped[datetime | None]

    version_id: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version_id}

    team: Mapped[Team | None] = relationship(back_populates="members", foreign_keys=[team_id])

    # Flask-Login's interface; the session row, not the user id, is what a cookie names.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


class UserSession(Base):
    """A signed-in session, held server-side so it can be ended from here."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_id_revoked_at", "user_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    ip_address: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship()


class RecoveryCode(Base):
    """A one-use code for signing in without the authenticator app; only its hash is kept."""

    __tablename__ = "recovery_codes"
    __table_args__ = (
        UniqueConstraint("user_id", "code_hash", name="uq_recovery_codes_user_id_code_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class LoginThrottle(Base):
    """Failed sign-ins counted per normalised email, known or not, for the lockout."""

    __tablename__ = "login_throttles"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
