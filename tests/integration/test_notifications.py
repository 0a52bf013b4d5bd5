"""Notifications in the service and by email: one interface, three senders, never twice."""

from __future__ import annotations

from icalendar import Calendar
from sqlalchemy import func, select

from tests.helpers import page
from tests.integration.test_handovers import _person, _sent_handover, _state, _step
from tests.smtp import SmtpServer, free_port
from transition.extensions import db
from transition.models import Email, Notification, NotificationPreference
from transition.services import email as email_service
from transition.services import notifications


def _send(app, monkeypatch, smtp_url: str, *args: str):
    monkeypatch.setitem(app.config, "SMTP_URL", smtp_url)
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://transition.example.org")
    return app.test_cli_runner().invoke(args=["send-notifications", *args])


def _unread_in_header(response) -> str:
    nav = page(response).select_one(".govuk-service-navigation")
    return nav.find(string=lambda text: text and "Notifications" in text).strip()


def test_a_question_reaches_the_worker_in_the_service_and_by_email_once(
    app, world, sign_in, today, monkeypatch
):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    adult = sign_in(world.adult_social_care)
    assert _step(adult, handover_id, "query", {"question": "Who is the GP?"}).status_code == 302

    worker = sign_in(world.worker)
    assert _unread_in_header(worker.get("/caseload")) == "Notifications (1)"
    listing = page(worker.get("/notifications"))
    item = listing.select_one(".app-notification--unread a")
    assert item["href"] == f"/handovers/{handover_id}"
    assert item.get_text(strip=True) == (
        f"Adult Social Care asked a question about the handover for "
        f"{person.initials} ({person.local_reference})."
    )

    with SmtpServer() as smtp:
        first = _send(app, monkeypatch, smtp.url)
        again = _send(app, monkeypatch, smtp.url)
    assert first.exit_code == 0, first.output
    assert "1 sent" in first.output
    assert "0 sent" in again.output
    [message] = smtp.messages
    assert message["To"] == world.worker.email
    assert message["Subject"] == "An adult team has asked a question"
    body = message.get_body(("plain",)).get_content()
    assert f"{person.initials} ({person.local_reference})" in body
    assert f"https://transition.example.org/handovers/{handover_id}" in body
    # No name, date of birth or question in the email: initials, reference and a link.
    assert person.first_name not in body and person.last_name not in body
    assert "GP" not in body

    # The answer notifies the adult team, and leaves the worker's question read or not.
    assert _step(worker, handover_id, "answer", {"answer": "Dr Jones"}).status_code == 302
    assert _state(handover_id) == "sent"
    told = db.session.scalars(
        select(Notification).where(Notification.user_id == world.adult_social_care.id)
    ).all()
    assert [n.kind for n in told] == ["handover_answer"]


def test_a_failed_send_is_tried_again_and_an_email_is_never_claimed_twice(
    app, world, sign_in, today, monkeypatch
):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    adult = sign_in(world.adult_social_care)
    _step(adult, handover_id, "return", {"reason": "Not eligible"})

    nobody_listening = f"smtp://127.0.0.1:{free_port()}"
    failed = _send(app, monkeypatch, nobody_listening)
    assert failed.exit_code == 1
    assert "1 failed" in failed.output
    [queued] = db.session.scalars(select(Email)).all()
    db.session.refresh(queued)
    assert (queued.status, queued.attempts) == ("failed", 1)

    with SmtpServer() as smtp:
        retried = _send(app, monkeypatch, smtp.url)
    assert "1 sent" in retried.output
    assert [m["Subject"] for m in smtp.messages] == ["A handover has been returned"]

    # A second sender that read the same row cannot claim it once it is sent.
    assert email_service._claim(queued.id) is False


def test_the_same_email_cannot_be_queued_twice(app, world):
    def queue():
        return email_service.queue(
            to="a@example.org",
            template="link",
            personalisation={"subject": "Hello", "message": "Hi", "link": "/"},
            dedupe_key="once",
        )

    assert queue() is True
    assert queue() is False
    db.session.commit()
    assert db.session.scalar(select(func.count(Email.id))) == 1


def test_each_user_chooses_at_once_daily_or_never(app, world, sign_in, today, monkeypatch):
    worker = sign_in(world.worker)
    settings = worker.get("/notifications/settings")
    assert settings.status_code == 200
    saved = worker.post(
        "/notifications/settings",
        data={"handover_query": "digest", "handover_returned": "off"},
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert notifications.preferences(world.worker)["handover_query"] == "digest"

    person = _person(world, today)
    first = _sent_handover(world, sign_in, person)
    second = _sent_handover(world, sign_in, person, team=world.health)
    _step(sign_in(world.adult_social_care), first, "query", {"question": "GP?"})
    _step(sign_in(world.adult_health), second, "return", {"reason": "Not for us"})

    # Both are in the service; neither is emailed at once.
    assert db.session.scalar(select(func.count(Notification.id))) == 2
    assert db.session.scalar(select(func.count(Email.id))) == 0

    with SmtpServer() as smtp:
        result = _send(app, monkeypatch, smtp.url, "--digest")
        twice = _send(app, monkeypatch, smtp.url, "--digest")
    assert "1 daily digests queued" in result.output
    assert "0 daily digests queued" in twice.output
    [digest] = smtp.messages
    assert digest["Subject"] == "Your daily summary from Transition Planner"
    body = digest.get_body(("plain",)).get_content()
    assert "asked a question" in body
    assert "returned" not in body  # that kind is "do not email me"


def test_marking_notifications_read(app, world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    adult = sign_in(world.adult_social_care)
    _step(adult, handover_id, "query", {"question": "GP?"})
    _step(adult, handover_id, "return", {"reason": "Wrong team"})

    worker = sign_in(world.worker)
    assert _unread_in_header(worker.get("/notifications")) == "Notifications (2)"
    [first_id, *_] = db.session.scalars(
        select(Notification.id).where(Notification.user_id == world.worker.id)
    ).all()
    assert worker.post(f"/notifications/{first_id}/read").status_code == 302
    assert _unread_in_header(worker.get("/notifications")) == "Notifications (1)"
    # Someone else's notification is not found.
    other = sign_in(world.worker2)
    assert other.post(f"/notifications/{first_id}/read").status_code == 404
    worker = sign_in(world.worker)
    worker.post("/notifications/read")
    assert _unread_in_header(worker.get("/notifications")) == "Notifications"
    assert not page(worker.get("/notifications")).select(".app-notification--unread")


def test_development_outbox_shows_what_would_have_been_sent(
    app, world, sign_in, today, monkeypatch
):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    _step(sign_in(world.adult_social_care), handover_id, "query", {"question": "GP?"})
    result = app.test_cli_runner().invoke(args=["send-notifications"])
    assert "Emails through outbox: 1 sent" in result.output

    outbox = page(sign_in(world.worker).get("/notifications/outbox"))
    assert outbox.select_one("h2").get_text(strip=True) == "An adult team has asked a question"
    assert f"/handovers/{handover_id}" in outbox.select_one("pre").get_text()
    # Other people's emails are not shown to a worker.
    assert not page(sign_in(world.worker2).get("/notifications/outbox")).select("pre")

    monkeypatch.setitem(app.config, "ENVIRONMENT", "production")
    assert sign_in(world.worker).get("/notifications/outbox").status_code == 404


def test_notify_sender_sends_by_template_id(app):
    calls = []

    class FakeClient:
        def __init__(self, key):
            calls.append(("key", key))

        def send_email_notification(self, **kwargs):
            calls.append(("send", kwargs))

    sender = email_service.sender_for(
        {"NOTIFY_API_KEY": "key-123", "NOTIFY_TEMPLATE_IDS": "notification=t-1, digest=t-2"}
    )
    assert sender.name == "notify"
    sender.client_factory = FakeClient
    sender.send(
        email_service.OutgoingEmail(
            to="a@example.org",
            subject="s",
            body="b",
            template="notification",
            personalisation={"subject": "s", "message": "m", "link": "https://x/1"},
            reference="email-1",
        )
    )
    assert calls[1][1]["template_id"] == "t-1"
    assert calls[1][1]["personalisation"]["link"] == "https://x/1"


def test_smtp_sender_carries_a_calendar_invitation(app):
    with SmtpServer() as smtp:
        sender = email_service.SmtpSender(smtp.url, "planner@example.org")
        ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n"
        sender.send(
            email_service.OutgoingEmail(
                to="b@example.org",
                subject="Invitation",
                body="Hello",
                template="meeting",
                personalisation={},
                calendar=ics,
                calendar_method="REQUEST",
            )
        )
    [message] = smtp.messages
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REQUEST"
    assert Calendar.from_ical(part.get_content())["METHOD"] == "REQUEST"


def test_a_disabled_user_gets_no_notification(app, world):
    world.worker.is_active_account = False
    assert notifications.notify(world.worker, "allocated", "x", "/") is None
    assert db.session.scalar(select(func.count(NotificationPreference.user_id))) == 0
