"""Training figures with small counts suppressed, so that no participant's attendance or answer can be singled out."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

SMALL = 5  # counts from 1 to SMALL - 1 are not shown (a city may set training_small_count)


def suppress_table(counts: dict, rows, cols, small: int = SMALL) -> dict:
    """Counts by (row, col) with row, column and grand totals (keys (row, None), (None, col), (None, None)).

    A count from 1 to small - 1 is shown as None; then, wherever a line (a row or column with its total) has
    exactly one hidden value, the next smallest count of the line is hidden too, so that no hidden count can be
    worked back from the others and the total.
    """
    table = {(r, c): counts.get((r, c), 0) for r in rows for c in cols}
    for r in rows:
        table[r, None] = sum(table[r, c] for c in cols)
    for c in (*cols, None):
        table[None, c] = sum(table[r, c] for r in rows)
    shown = {key: (None if 0 < n < small else n) for key, n in table.items()}
    lines = [[(r, c) for c in (*cols, None)] for r in (*rows, None)] + [[(r, c) for r in (*rows, None)]
                                                                        for c in (*cols, None)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [key for key in line if shown[key] is None]
            if len(hidden) == 1:
                rest = [key for key in line if shown[key] not in (None, 0)]
                if rest:
                    shown[min(rest, key=lambda key: table[key])] = None
                    changed = True
    return shown


@dataclass(frozen=True)
class Figures:
    """The feedback of a group of answers; None where the group is too small to show."""

    answers: int | None
    usefulness: float | None
    knowledge_before: float | None
    knowledge_after: float | None

    @property
    def gain(self) -> float | None:
        if self.knowledge_before is None or self.knowledge_after is None:
            return None
        return round(self.knowledge_after - self.knowledge_before, 1)


def figures(answers, small: int = SMALL) -> Figures:
    """Averages of usefulness and knowledge before and after, hidden when fewer than `small` answered."""
    n = len(answers)
    if n < small:
        return Figures(None if n else 0, None, None, None)

    def mean(name):
        return round(sum(getattr(a, name) for a in answers) / n, 1)

    return Figures(n, mean("usefulness"), mean("knowledge_before"), mean("knowledge_after"))


def feedback_by_city(answers, cities, small: int = SMALL) -> tuple[dict, Figures]:
    """Each city's figures and all cities' together; the total is hidden when exactly one city's is, so that
    the hidden city cannot be worked back from the total."""
    by_city = {city: figures([a for a in answers if a.city == city], small) for city in cities}
    total = figures(answers, small)
    if sum(1 for f in by_city.values() if f.usefulness is None and f.answers != 0) == 1 and len(by_city) > 1:
        total = Figures(None, None, None, None)
    return by_city, total


SESSION_COLUMNS = ("session_id", "city", "title", "held_on", "format", "duration_minutes", "level", "topics",
                   "trainers", "capacity", "funding_line", "registered", "waiting")
ATTENDANCE_COLUMNS = ("session_id", "held_on", "city", "format", "sector", "status", "attended")


def as_csv(columns, rows) -> str:
    """Rows as CSV with a header; a value that a spreadsheet would run as a formula is quoted as text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        values = ["" if v is None else str(v) for v in (getattr(row, c) for c in columns)]
        writer.writerow(["'" + v if v[:1] in ("=", "+", "-", "@") else v for v in values])
    return out.getvalue()
