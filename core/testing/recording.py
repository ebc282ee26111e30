"""`recorded`: assert that a command recorded exactly these events, as this actor."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from core.events import Actor


@dataclass
class Recording:
    """The events a block of code recorded, in log order."""

    store: object
    start: int
    events: list = field(default_factory=list)

    def assert_events(self, *expected, actor: Actor | str | None = None, reason: str | None = None) -> None:
        """Fail unless exactly these event classes were recorded, in order, each by `actor` (and with `reason`)."""
        got = [type(e) for e in self.events]
        assert got == list(expected), (
            f"recorded {[c.__qualname__ for c in got]}, expected {[c.__qualname__ for c in expected]}")
        user_id = actor.user_id if isinstance(actor, Actor) else actor
        for e in self.events:
            if user_id is not None:
                assert e.meta.actor_id == user_id, f"{type(e).__qualname__} recorded by {e.meta.actor_id}, not {user_id}"
            if isinstance(actor, Actor):
                assert (e.meta.role, e.meta.city) == (actor.role, actor.city), (
                    f"{type(e).__qualname__} recorded as {e.meta.role} of {e.meta.city}, not {actor.role} of {actor.city}")
            if reason is not None:
                assert e.meta.reason == reason, f"{type(e).__qualname__} recorded with reason {e.meta.reason!r}"

    def assert_nothing(self) -> None:
        """Fail if anything was recorded."""
        assert not self.events, f"recorded {[type(e).__qualname__ for e in self.events]}, expected nothing"


@contextmanager
def recorded(store):
    """Collect what the block records (also when it raises); check it afterwards with `assert_events`."""
    from core.testing.web import events_after, head
    recording = Recording(store, head(store))
    try:
        yield recording
    finally:
        recording.events = events_after(store, recording.start)
