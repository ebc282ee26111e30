"""What other plugins may call of training: which staff members are trained in which assessment instrument.

Casework may use it to let only trained staff rate an instrument::

    from plugins.training.api import trained_in
    if not trained_in(store, actor.user_id, "exit_pathways"): ...
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from plugins.training.queries import qualifications_of

__all__ = ["Trained", "trained_in", "trained_staff"]


class Trained(NamedTuple):
    """One staff member's training in one instrument."""

    username: str
    instrument: str
    city: str
    trained_on: date


def trained_in(store, username: str, instrument: str) -> bool:
    """Whether the staff member has been recorded as trained in the instrument."""
    return bool(qualifications_of(store, username=username, instrument=instrument))


def trained_staff(store, instrument: str | None = None, city: str | None = None) -> list[Trained]:
    """The staff trained in an instrument (every instrument for None), of a city (every city for None)."""
    return [Trained(r.username, r.instrument, r.city, r.trained_on)
            for r in qualifications_of(store, city=city, instrument=instrument)]
