"""Former topics of moved classes: events stored under them still read, and projections still find them."""

from __future__ import annotations

from eventsourcing.utils import get_topic, register_topic

_former: dict[type, list[str]] = {}


def formerly(topic: str, cls: type) -> None:
    """Resolve a class's former topic (`module:QualName` before it moved) to the class."""
    register_topic(topic, cls)
    _former.setdefault(cls, []).append(topic)


def topics_of(cls: type) -> list[str]:
    """Every topic a class's events may be stored under: its own, then its former ones."""
    return [get_topic(cls), *_former.get(cls, ())]
