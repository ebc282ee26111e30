"""A person's access report (GDPR Art. 15; Act 703/2023): what is held about them, who viewed it, to whom it went.

What is held is read from the log through the event index (``core.event_index``): every event of every
record that ever held a personal field of the person, with that person's fields decrypted and another
person's shown only as such. The access log gives the views; the plugins' ``disclosures`` hook the
disclosures. Each part can be withheld with a reason (``core.access_reports``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from sqlalchemy import select

from core.access_log import access_report
from core.event_index import event_index, event_persons, stored_events, type_label
from core.vault import ERASED, Personal

# Event fields that are the record's envelope, not its content: shown as the entry's own columns.
ENVELOPE = {"originator_id", "originator_version", "timestamp", "meta", "originator_topic"}
# A blind index (`identity_index`, `name_index`) and its bucket are a keyed hash kept to find the same person again:
# they tell the person nothing, and the register of processing promises that the hash is never shown.
NOT_SHOWN_SUFFIXES = ("_index", "_bucket")
# Views of the person's data are the report's own part, not data held about them.
VIEWS_TOPIC = "core.access_log:AccessEntry"
ANOTHER_PERSON = "[another person's data]"
ERASED_TEXT = "[erased]"


@dataclass(frozen=True)
class Entry:
    """One event of a record that holds the person's data: when, what, who, why, and its content."""

    position: int
    at: datetime
    event: str
    actor: str
    role: str
    reason: str | None
    content: dict


@dataclass(frozen=True)
class HeldRecord:
    """A record (a case, an account, a registration) that holds the person's data, with its whole history."""

    record_id: str
    kind: str
    city: str | None
    entries: tuple[Entry, ...]

    @property
    def part(self) -> str:
        return f"record:{self.record_id}"


@dataclass(frozen=True)
class PersonReport:
    """Everything the report shows of one person, before any part is withheld."""

    person_id: str
    made_at: datetime
    held: tuple[HeldRecord, ...]
    views: tuple[dict, ...]
    disclosures: tuple = field(default=())

    def parts(self) -> list[str]:
        """The parts that can be withheld: each record, the views and the disclosures."""
        return [*(r.part for r in self.held), "views", "disclosures"]

    def as_json(self, withheld: dict[str, str] | None = None) -> dict:
        """The report as it is handed over: a withheld part gives its reason in place of its content."""
        withheld = withheld or {}

        def part(name, content):
            return {"withheld": withheld[name]} if name in withheld else content

        return {
            "person_id": self.person_id,
            "made_at": self.made_at.isoformat(),
            "held": [part(r.part, {"record_id": r.record_id, "kind": r.kind, "city": r.city,
                                   "events": [_entry_json(e) for e in r.entries]}) for r in self.held],
            "views": part("views", list(self.views)),
            "disclosures": part("disclosures", [_disclosure_json(d) for d in self.disclosures]),
        }


def person_report(store, host, person_id: uuid.UUID, reveal: Callable[[Personal, str], object]) -> PersonReport:
    """Build a person's report; `reveal(field, record_id)` decrypts their fields (and, in a page, logs it)."""
    person = person_id.hex
    positions = _positions_of(store, person)
    events = stored_events(store, [p.position for p in positions])
    records: dict[str, list[Entry]] = {}
    cities: dict[str, str | None] = {}
    for row in positions:
        event = events.get(row.position)
        if event is None:
            continue
        content = {name: _shown(value, person, reveal, row.record_id) for name, value in sorted(vars(event).items())
                   if name not in ENVELOPE and not name.endswith(NOT_SHOWN_SUFFIXES)}
        records.setdefault(row.record_id, []).append(Entry(row.position, row.at, type_label(row.topic),
                                                            row.actor_id, row.role, row.reason, content))
        cities.setdefault(row.record_id, row.city)
    held = tuple(HeldRecord(record_id, entries[0].event.partition(".")[0], cities[record_id], tuple(entries))
                 for record_id, entries in records.items())
    found = [d for answer in host.all.hook.disclosures(store=store, person_id=person_id) for d in answer]
    return PersonReport(person, datetime.now(timezone.utc), held, tuple(access_report(store, person_id)),
                        tuple(sorted(found, key=lambda d: d.at)))


def _positions_of(store, person: str):
    """The events that concern the person (index rows), oldest first, the access log's own entries left out."""
    q = (select(event_index).join(event_persons, event_persons.c.position == event_index.c.position)
         .where(event_persons.c.person_id == person, event_index.c.topic.not_like(f"{VIEWS_TOPIC}.%"))
         .order_by(event_index.c.position))
    with store.reading() as session:
        return session.execute(q).all()


def _shown(value, person: str, reveal, record_id: str):
    if isinstance(value, Personal):
        if value.person_id.hex != person:
            return ANOTHER_PERSON
        shown = reveal(value, record_id)
        return ERASED_TEXT if shown is ERASED else str(shown)
    if isinstance(value, dict):
        return {str(k): _shown(v, person, reveal, record_id) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_shown(v, person, reveal, record_id) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _entry_json(entry: Entry) -> dict:
    return {**asdict(entry), "at": entry.at.isoformat()}


def _disclosure_json(d) -> dict:
    return {**asdict(d), "at": d.at.isoformat(), "items": list(d.items)}
