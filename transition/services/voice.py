"""My voice: what a young person (or their parent or carer) says, kept whole.

Entries are only ever added. The newest entry for each kind and area is the
current one; the older ones stay as the history, with who wrote them and when.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from transition.extensions import db
from transition.models import VoiceEntry, YoungPerson
from transition.models.voice import VOICE_AREAS, VOICE_KINDS
from transition.services import audit, notifications
from transition.services.audit import Actor

MAX_LENGTH = 2000

# The things a young person (or a worker for them) can write, in the order shown.
# Each has a slug for its page address, the entry's kind and area, and plain words.
_AREA_SLUGS = {
    "employment": "work-and-learning",
    "independent_living": "living-my-life",
    "community": "friends-and-community",
    "health": "being-healthy",
}
AREA_TITLES = {
    "employment": "Work and learning",
    "independent_living": "Living my life",
    "community": "Friends and community",
    "health": "Being healthy",
}


@dataclass(frozen=True)
class Topic:
    slug: str
    kind: str
    area: str | None
    title: str  # in the young person's words: "What matters to me"
    worker_title: str  # for the worker's record: "What matters to them"
    hint: str


TOPICS: tuple[Topic, ...] = (
    Topic(
        "what-matters",
        "what_matters",
        None,
        "What matters to me",
        "What matters to them",
        "The people, places and things that are important to you.",
    ),
    *(
        Topic(
            f"goal-{_AREA_SLUGS[area]}",
            "goal",
            area,
            f"My goal for {AREA_TITLES[area].lower()}",
            f"Their goal for {AREA_TITLES[area].lower()}",
            "Something you want to do or get better at.",
        )
        for area in VOICE_AREAS
    ),
    Topic(
        "before-my-review",
        "review_views",
        None,
        "What I want to say at my next review",
        "Their views before their review",
        "What is going well, what is not, and what you want to change.",
    ),
)
PARENT_TOPIC = Topic(
    "parent-views",
    "parent_views",
    None,
    "My views as a parent or carer",
    "Their parent's or carer's views",
    "What you want the team to know. The young person can read this.",
)
TOPICS_BY_SLUG = {topic.slug: topic for topic in (*TOPICS, PARENT_TOPIC)}

assert {t.kind for t in TOPICS_BY_SLUG.values()} == set(VOICE_KINDS)


def topic_of(entry: VoiceEntry) -> Topic:
    for topic in TOPICS_BY_SLUG.values():
        if topic.kind == entry.kind and topic.area == entry.area:
            return topic
    raise LookupError(entry.kind)


def history(person: YoungPerson) -> list[VoiceEntry]:
    """Every entry for this person, newest first (the caller has checked scope)."""
    return list(
        db.session.scalars(
            select(VoiceEntry)
            .where(VoiceEntry.young_person_id == person.id)
            .options(selectinload(VoiceEntry.author))
            .order_by(VoiceEntry.created_at.desc(), VoiceEntry.id.desc())
        )
    )


def current(entries: list[VoiceEntry]) -> dict[str, VoiceEntry]:
    """The newest entry for each topic slug, from a newest-first history.

    Parents' views are kept per parent: each parent's newest entry is current.
    """
    result: dict[str, VoiceEntry] = {}
    for entry in entries:
        slug = topic_of(entry).slug
        if entry.kind == "parent_views":
            slug = f"{slug}-{entry.author_id}"
        result.setdefault(slug, entry)
    return result


def current_entries(person: YoungPerson) -> list[tuple[Topic, VoiceEntry]]:
    """What the person says now, in topic order: for the record, reviews and handovers."""
    latest = current(history(person))
    ordered = []
    for topic in TOPICS:
        if topic.slug in latest:
            ordered.append((topic, latest[topic.slug]))
    for slug, entry in sorted(latest.items(), key=lambda pair: pair[1].created_at):
        if slug.startswith(PARENT_TOPIC.slug):
            ordered.append((PARENT_TOPIC, entry))
    return ordered


class VoiceProblem(ValueError):
    """Text that cannot be saved, with the message for the form."""


def _latest(person: YoungPerson, topic: Topic, author_id: int) -> VoiceEntry | None:
    query = select(VoiceEntry).where(
        VoiceEntry.young_person_id == person.id,
        VoiceEntry.kind == topic.kind,
        VoiceEntry.area.is_(None) if topic.area is None else VoiceEntry.area == topic.area,
    )
    if topic.kind == "parent_views":
        query = query.where(VoiceEntry.author_id == author_id)
    return db.session.scalar(
        query.order_by(VoiceEntry.created_at.desc(), VoiceEntry.id.desc()).limit(1)
    )


def add_entry(actor: Actor, person: YoungPerson, topic: Topic, text: str) -> VoiceEntry:
    """Append an entry: the young person's own, a parent's, or a worker's on their behalf."""
    assert actor.user is not None
    text = (text or "").strip()
    if not text:
        raise VoiceProblem("Write something before you save")
    if len(text) > MAX_LENGTH:
        raise VoiceProblem(f"Write {MAX_LENGTH} characters or fewer")
    role = actor.user.role
    if (topic.kind == "parent_views") != (role == "parent_carer"):
        raise PermissionError(topic.kind)
    latest = _latest(person, topic, actor.user.id)
    if latest is not None and latest.text == text:
        return latest  # unchanged, or the same form sent twice: nothing new to keep
    entry = VoiceEntry(
        young_person_id=person.id,
        kind=topic.kind,
        area=topic.area,
        text=text,
        author_id=actor.user.id,
        author_role=role,
        on_behalf=role in {"worker", "manager"},
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(
        actor,
        "add_voice",
        object_type="voice_entry",
        object_id=entry.id,
        young_person_id=person.id,
        detail=topic.kind,
    )
    if role in {"young_person", "parent_carer"}:
        notifications.notify_all(
            notifications.workers_of(person),
            "young_person_wrote",
            f"{notifications.who(person)} wrote something new: {topic.worker_title}.",
            f"/young-people/{person.id}#their-voice",
            person,
        )
    return entry


def written_by(
    entry: VoiceEntry, person: YoungPerson, *, reader: str, reader_id: int | None = None
) -> str:
    """Who wrote an entry, in words for whoever is reading it.

    `reader` is "self" (the young person, or a worker previewing their page),
    "parent" (a parent or carer) or "staff" (the worker's record).
    """
    name = person.preferred_name or person.first_name
    author = entry.author.name if entry.author else "a member of staff"
    if reader_id is not None and entry.author_id == reader_id:
        return "You"
    if entry.author_role == "young_person":
        return "You" if reader == "self" else name
    if entry.author_role == "parent_carer":
        return {
            "self": "Your parent or carer",
            "parent": "Another parent or carer",
        }.get(reader, f"{author} (parent or carer)")
    return f"Written by {author} for {'you' if reader == 'self' else name}"
