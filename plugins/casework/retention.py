"""How long casework keeps a client: each case for its kind's years after closure, every case while it is open."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, timezone

from sqlalchemy import select

from core.toolkit import FINNISH_TIME, RetentionDue, RetentionHold
from plugins.casework.projections import cases


def due(store, city: str, periods: Mapping[str, int], today: date) -> list[RetentionDue]:
    """The clients of the city whose every case is closed and past its kind's period, one answer per case."""
    found: list[RetentionDue] = []
    for client_id, rows in _by_client(store, cases.c.city == city).items():
        ends = [_end(row, periods) for row in rows]
        if all(end is not None and end <= today for end in ends):
            found += [RetentionDue(client_id, f"casework case {row.case_id}", end, _kept(row, periods))
                      for row, end in zip(rows, ends)]
    return found


def holds(store, city: str, periods: Mapping[str, int], person_id: uuid.UUID, today: date) -> list[RetentionHold]:
    """What of the client's cases in the city still holds their data: an open case, or a period still running."""
    found: list[RetentionHold] = []
    for row in _by_client(store, (cases.c.city == city) & (cases.c.client_id == person_id.hex)).get(person_id, []):
        end = _end(row, periods)
        if row.phase != "closed":
            found.append(RetentionHold(person_id, f"casework case {row.case_id}", None,
                                       f"the case is not closed (phase {row.phase}); a client's data is kept while "
                                       "the work goes on"))
        elif end is None or end > today:
            until = f"until {end.isoformat()}" if end else "with no period set for its kind"
            found.append(RetentionHold(person_id, f"casework case {row.case_id}", end,
                                       f"{_kept(row, periods)} (the city's retention policy), {until}"))
    return found


def _by_client(store, where) -> dict[uuid.UUID, list]:
    with store.reading() as session:
        rows = session.execute(select(cases.c.case_id, cases.c.client_id, cases.c.kind, cases.c.phase,
                                      cases.c.closed_at).where(where).order_by(cases.c.case_id)).all()
    found: dict[uuid.UUID, list] = {}
    for row in rows:
        found.setdefault(uuid.UUID(row.client_id), []).append(row)
    return found


def _end(row, periods: Mapping[str, int]) -> date | None:
    """The day a closed case's period ends (None while it is open, or if its kind has no period)."""
    if row.phase != "closed" or row.closed_at is None or row.kind not in periods:
        return None
    closed_at = row.closed_at if row.closed_at.tzinfo else row.closed_at.replace(tzinfo=timezone.utc)  # SQLite
    return _years_after(closed_at.astimezone(FINNISH_TIME).date(), periods[row.kind])


def _kept(row, periods: Mapping[str, int]) -> str:
    years = periods.get(row.kind)
    return f"closed case of kind {row.kind}, kept {years} years after closure" if years is not None else \
        f"closed case of kind {row.kind}"


def _years_after(day: date, years: int) -> date:
    """The same day `years` later (28 February for a 29th in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


