"""Who acted, for which city and why: the envelope every recorded event carries."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, fields

from eventsourcing.domain import Aggregate, event  # noqa: F401  (the surface plugins use)
from eventsourcing.persistence import Mapper, Transcoding

from core.errors import NoActorError


@dataclass(frozen=True)
class Actor:
    """A person (or the system, named as such) acting in a role for a city."""

    user_id: str
    role: str
    city: str | None = None


@dataclass(frozen=True)
class Meta:
    """The envelope of one recorded event: actor, role, city, request and reason."""

    actor_id: str
    role: str
    city: str | None
    request_id: str
    reason: str | None = None


_META_FIELDS = {f.name for f in fields(Meta)}
_acting: ContextVar[Meta | None] = ContextVar("exitfi_acting", default=None)


def current_meta() -> Meta:
    """Return the envelope of the command being run; raise NoActorError outside one."""
    meta = _acting.get()
    if meta is None:
        raise NoActorError("nothing is recorded without an actor: run the command inside store.acting(...)")
    return meta


@contextmanager
def acting_as(actor: Actor, reason: str | None = None, request_id: str | None = None):
    """Set who is acting (and why) for the events recorded inside the block."""
    if not actor or not actor.user_id or not actor.role:
        raise NoActorError("an actor needs a user id and a role")
    meta = Meta(actor.user_id, actor.role, actor.city, request_id or uuid.uuid4().hex, reason)
    token = _acting.set(meta)
    try:
        yield meta
    finally:
        _acting.reset(token)


class MetaAsDict(Transcoding):
    """Store an event's envelope as a plain JSON object."""

    type = Meta
    name = "meta"

    def encode(self, obj: Meta) -> dict:
        return asdict(obj)

    def decode(self, data: dict) -> Meta:
        if data.keys() == _META_FIELDS:  # every field stored: fill the frozen instance at once, as a copy would
            meta = object.__new__(Meta)
            meta.__dict__.update(data)
            return meta
        return Meta(**data)


class EnvelopeMapper(Mapper):
    """Add the current envelope to each event as it is stored; refuse events without one."""

    def to_stored_event(self, domain_event):
        if "meta" not in vars(domain_event):
            object.__setattr__(domain_event, "meta", current_meta())
        return super().to_stored_event(domain_event)
