"""The programme's days: counted in Finnish time, whatever zone the machine keeps."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FINNISH_TIME = ZoneInfo("Europe/Helsinki")
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2099, 12, 31)  # the days a record of the programme may name


def finnish_today() -> date:
    """Today as the programme counts days."""
    return datetime.now(FINNISH_TIME).date()


def day_ends(day: date) -> datetime:
    """The moment a day ends in Finnish time."""
    return datetime.combine(day + timedelta(days=1), time.min, FINNISH_TIME)
