"""Pages of a list ordered newest first: where a page ends, as its link names it, and the rows after it.

A row's place is its time in microseconds and the key columns that order rows of the same time (32 hexadecimal
digits each), joined by dots: "1732850000123456.<hex>.<hex>". The next page takes the rows after that place.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, or_

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_HEX = "[0-9a-f]{32}"


def place(at: datetime, *keys: str) -> str:
    """Where a row stands: its time and keys, as a page link names it."""
    at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)  # SQLite gives UTC without its zone
    return ".".join((str((at - _EPOCH) // timedelta(microseconds=1)), *keys))


def read_place(text: str, keys: int) -> tuple | None:
    """The (time, *keys) a page link names; None for anything `place` did not write with that many keys."""
    match = re.fullmatch(r"([0-9]{1,17})" + rf"\.({_HEX})" * keys, text)  # 17 digits stay before the year 9999
    if not match:
        return None
    return (_EPOCH + timedelta(microseconds=int(match[1])), *match.groups()[1:])


def after(columns, where: tuple):
    """The condition for rows after a place, newest first: (time, *keys) descending, spelled out rather than as a
    row comparison, so that both databases walk an index on the time."""
    (column, *rest), (value, *values) = columns, where
    if not rest:
        return column < value
    return or_(column < value, and_(column == value, after(rest, tuple(values))))


def cut(rows: list, size: int, place_of) -> tuple[list, str | None]:
    """A page of at most `size` rows from `size + 1` read, and the place the next page starts after (None: last)."""
    return rows[:size], (place_of(rows[size - 1]) if len(rows) > size else None)
