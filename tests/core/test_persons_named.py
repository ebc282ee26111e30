"""The persons an event concerns, as the event index links them: owners of personal fields and `*person_id` values."""

from __future__ import annotations

import uuid
from datetime import date

from core.event_index import persons_named
from core.events import Meta
from core.vault import Personal


def test_every_way_an_event_names_a_person_is_found_and_nothing_else():
    owner, client, guardian, listed, nested, upper = (uuid.uuid4() for _ in range(6))
    state = {
        "originator_id": uuid.uuid4(), "originator_version": 3, "timestamp": None, "held_on": date(2026, 1, 2),
        "meta": Meta("worker.oulu", "exit_worker", "oulu", "r"),
        "note": Personal.stored({"p": owner.hex, "c": "note", "n": "", "x": ""}),
        "person_id": client,                      # a UUID
        "guardian_person_id": guardian.hex,       # a hex string
        "attendees": [{"person_id": str(listed)}, {"role": "teacher"}],
        "parts": {"inner": [Personal(nested, "identity", "x")]},
        "other_person_id": str(upper).upper(),
        "referred_person_id": "not an id",        # passed over, not an error
        "worker_id": uuid.uuid4(),                # an id, but not a person's
    }
    assert persons_named(state) == {p.hex for p in (owner, client, guardian, listed, nested, upper)}
