"""Email: one queue, one interface, three senders (GOV.UK Notify, SMTP, the development outbox).

Emails are queued in the request (a row in `emails`, in the request's transaction) and sent
outside it, by `flask --app wsgi send-notifications` or after the response. Two rules keep
sending safe to run twice, in parallel, or again after a crash:

- `emails.dedupe_key` is unique, so the same email cannot be queued twice;
- a sender claims a row with one UPDATE from `pending`/`failed` to `sending` and commits
  before it sends; whoever's UPDATE changes no row leaves it alone. A row left `sending`
  by a crash is never sent again (at most once: a duplicate is worse than a lost email,
  and the same news is waiting in the service).

Emails carry initials and a reference, never a name, and a link into the service.
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from flask import g, has_app_context
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from transition import unit_of_work
from transition.extensions import db
from transition.models import Email, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH_SIZE = 200


@dataclass(frozen=True)
class Template:
    """An email's words, with Notify's ((placeholders)); Notify keeps its own copy by id."""

    subject: str
    body: str


# The same words must be set up as templates in GOV.UK Notify (README, Configuration).
TEMPLATES = {
    "notification": Template(
        subject="((subject))",
        body="((message))\n\nSign in to see it: ((link))",
    ),
    "digest": Template(
        subject="Your daily summary from ((service_name))",
        body="((message))\n\nSign in to see them: ((link))",
    ),
    "meeting": Template(
        subject="((subject))",
        body="((message))\n\nThe meeting in ((service_name)): ((link))",
    ),
    "link": Template(
        subject="((subject))",
        body="((message))\n\n((link))\n\nIf you did not expect this email, you can ignore it.",
    ),
}
_PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")


def render(template: str, personalisation: dict) -> tuple[str, str]:
    """The subject and body an email says, as Notify would fill them in."""
    words = TEMPLATES[template]

    def fill(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: str(personalisation.get(m.group(1), "")), text)

    return fill(words.subject), fill(words.body)


def base_url(config: dict, request_host_url: str | None = None) -> str:
    """Where links in emails point: PUBLIC_URL, else the address the request came to."""
    return (config.get("PUBLIC_URL") or request_host_url or "http://localhost:5000").rstrip("/")


def _with_full_link(personalisation: dict, base: str) -> dict:
    # Links are queued as paths inside the service and made whole when sent.
    link = personalisation.get("link")
    if isinstance(link, str) and link.startswith("/"):
        return {**personalisation, "link": base + link}
    return personalisation


def queue(
    *,
    to: str,
    template: str,
    personalisation: dict,
    dedupe_key: str,
    user_id: int | None = None,
    calendar: str | None = None,
    calendar_method: str | None = None,
) -> bool:
    """Queue one email; False when an email with this key is already queued or sent."""
    if template not in TEMPLATES:
        raise ValueError(f"There is no email template called {template!r}")
    email = Email(
        dedupe_key=dedupe_key[:200],
        to_address=to,
        user_id=user_id,
        template=template,
        personalisation=personalisation,
        calendar=calendar,
        calendar_method=calendar_method,
    )
    try:
        with db.session.begin_nested():
            db.session.add(email)
    except IntegrityError:
        return False
    _send_soon()
    return True


def send_email(
    to: str, template: str, personalisation: dict, *, dedupe_key: str | None = None
) -> bool:
    """Queue an email for another feature (a password-reset link, say) to be sent soon."""
    key = dedupe_key or f"{template}:{to}:{utcnow().isoformat()}"
    return queue(to=to, template=template, personalisation=personalisation, dedupe_key=key)


def _send_soon() -> None:
    # The one place that asks for sending outside the request: the web layer sends after
    # the response is closed (see transition/web/__init__.py); cron sends the rest.
    if has_app_context():
        g.emails_queued = True


# --- Senders -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    body: str
    template: str
    personalisation: dict
    calendar: str | None = None
    calendar_method: str | None = None
    reference: str = ""


class SendFailed(RuntimeError):
    """The sender could not send; the email is tried again on the next run."""


class Sender(Protocol):
    name: str

    def send(self, email: OutgoingEmail) -> None: ...


class OutboxSender:
    """Development: nothing leaves the machine; the outbox page shows what would have."""

    name = "outbox"

    def send(self, email: OutgoingEmail) -> None:
        log.info("Outbox: %s to %s", email.subject, email.to)


@dataclass
class SmtpSender:
    """An SMTP relay, such as the council's Exchange: smtp://user:password@host:587?starttls=1
    or smtps://host:465. The calendar goes as a text/calendar part with its METHOD, which
    is what Outlook and Google Calendar read as an invitation."""

    url: str
    mail_from: str
    service_name: str = "Transition Planner"
    timeout: float = 20
    name: str = field(default="smtp", init=False)

    def _connect(self) -> smtplib.SMTP:
        parts = urlsplit(self.url)
        options = parse_qs(parts.query)
        host = parts.hostname or "localhost"
        if parts.scheme == "smtps":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                host,
                parts.port or 465,
                timeout=self.timeout,
                context=ssl.create_default_context(),
            )
        else:
            server = smtplib.SMTP(host, parts.port or 25, timeout=self.timeout)
            if options.get("starttls", ["0"])[0] in {"1", "true", "yes"}:
                server.starttls(context=ssl.create_default_context())
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        return server

    def message(self, email: OutgoingEmail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = formataddr((self.service_name, self.mail_from))
        message["To"] = email.to
        message["Subject"] = email.subject
        message["Message-ID"] = make_msgid(domain=self.mail_from.rpartition("@")[2] or None)
        message.set_content(email.body)
        if email.calendar:
            message.add_alternative(
                email.calendar,
                subtype="calendar",
                params={"method": email.calendar_method or "PUBLISH"},
            )
        return message

    def send(self, email: OutgoingEmail) -> None:
        try:
            with self._connect() as server:
                server.send_message(self.message(email))
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailed(f"SMTP: {error}") from error


@dataclass
class NotifySender:
    """GOV.UK Notify, by template id (NOTIFY_TEMPLATE_IDS). Notify sends no calendar
    attachments, so an invitation's email links to the meeting, whose .ics downloads."""

    api_key: str
    template_ids: dict[str, str]
    name: str = field(default="notify", init=False)
    client_factory: Callable | None = None

    def send(self, email: OutgoingEmail) -> None:
        template_id = self.template_ids.get(email.template)
        if not template_id:
            raise SendFailed(f"No Notify template id is set for {email.template!r}")
        if self.client_factory is not None:
            client = self.client_factory(self.api_key)
        else:
            from notifications_python_client.notifications import NotificationsAPIClient

            client = NotificationsAPIClient(self.api_key)
        try:
            client.send_email_notification(
                email_address=email.to,
                template_id=template_id,
                personalisation=email.personalisation,
                reference=email.reference,
            )
        except Exception as error:  # noqa: BLE001 - Notify's client raises several kinds
            raise SendFailed(f"Notify: {type(error).__name__}") from error


def parse_template_ids(value: str | None) -> dict[str, str]:
    """`notification=<id>,digest=<id>,...` into a dict."""
    pairs = (item.split("=", 1) for item in (value or "").split(",") if "=" in item)
    return {name.strip(): template_id.strip() for name, template_id in pairs}


def sender_for(config: dict) -> Sender | None:
    """Notify when NOTIFY_API_KEY is set, else SMTP when SMTP_URL is, else (only in
    development) the outbox. None: production with no way to send; emails wait."""
    if config.get("NOTIFY_API_KEY"):
        return NotifySender(
            config["NOTIFY_API_KEY"], parse_template_ids(config.get("NOTIFY_TEMPLATE_IDS"))
        )
    if config.get("SMTP_URL"):
        return SmtpSender(
            config["SMTP_URL"],
            config.get("MAIL_FROM") or "no-reply@example.org",
            config.get("SERVICE_NAME", "Transition Planner"),
        )
    if config.get("ENVIRONMENT") != "production":
        return OutboxSender()
    return None


# --- Sending -----------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0

    def summary(self) -> str:
        return f"{self.sent} sent, {self.failed} failed, {self.skipped} already taken"


def _claim(email_id: int) -> bool:
    claimed = db.session.execute(
        update(Email)
        .where(
            Email.id == email_id,
            Email.status.in_(("pending", "failed")),
            Email.attempts < MAX_ATTEMPTS,
        )
        .values(status="sending", claimed_at=utcnow(), attempts=Email.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    # Committed before sending: a second sender's UPDATE now finds nothing to claim.
    unit_of_work.commit_step()
    return claimed.rowcount == 1


def send_due(sender: Sender, base: str, *, limit: int = BATCH_SIZE) -> SendReport:
    """Send what is waiting, oldest first, and failures again up to MAX_ATTEMPTS.

    Each email is its own transaction (claim, send, record), so this commits as it goes.
    """
    report = SendReport()
    due = db.session.scalars(
        select(Email.id)
        .where(Email.status.in_(("pending", "failed")), Email.attempts < MAX_ATTEMPTS)
        .order_by(Email.created_at, Email.id)
        .limit(limit)
    ).all()
    unit_of_work.commit_step()  # end the read: sending holds no transaction
    for email_id in due:
        if not _claim(email_id):
            report.skipped += 1
            continue
        email = db.session.get(Email, email_id, populate_existing=True)
        personalisation = _with_full_link(email.personalisation, base)
        subject, body = render(email.template, personalisation)
        outgoing = OutgoingEmail(
            to=email.to_address,
            subject=subject,
            body=body,
            template=email.template,
            personalisation=personalisation,
            calendar=email.calendar,
            calendar_method=email.calendar_method,
            reference=f"email-{email.id}",
        )
        try:
            sender.send(outgoing)
        except SendFailed as error:
            email.status = "failed"
            email.last_error = str(error)[:500]
            report.failed += 1
        else:
            email.status = "sent"
            email.sent_at = utcnow()
            email.last_error = None
            report.sent += 1
        email.sender = sender.name
        unit_of_work.commit_step()
    return report


def outbox(base: str, *, limit: int = 100) -> list[tuple[Email, str, str]]:
    """The newest emails, with what each says, for the development outbox page."""
    emails = db.session.scalars(select(Email).order_by(Email.id.desc()).limit(limit)).all()
    return [
        (email, *render(email.template, _with_full_link(email.personalisation, base)))
        for email in emails
    ]
