"""A city's training options in the configuration file, checked once at start-up."""

from __future__ import annotations

RETENTION_MONTHS = 12   # participants' names and contacts are kept this long after their session
MAX_RETENTION_MONTHS = 60
SMALL_COUNT = 5         # reports hide counts below this
MAX_SMALL_COUNT = 20


def retention_months(city) -> int:
    """How many months after a session its participants' names and contacts are kept (``training_retention_months``)."""
    months = city.options.get("training_retention_months") if city else None
    return RETENTION_MONTHS if months is None else months


def small_count(city) -> int:
    """Below how many a report hides a count (``training_small_count``, at least the default of 5)."""
    small = city.options.get("training_small_count") if city else None
    return SMALL_COUNT if small is None else small


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def problems(city) -> list[str]:
    """What is wrong with the training options of a city's configuration."""
    found = []
    months = city.options.get("training_retention_months")
    if months is not None and not _whole(months, 1, MAX_RETENTION_MONTHS):
        found.append(f"training_retention_months must be a whole number of months from 1 to {MAX_RETENTION_MONTHS}"
                     f" (for example 12), not {months!r}")
    small = city.options.get("training_small_count")
    if small is not None and not _whole(small, SMALL_COUNT, MAX_SMALL_COUNT):
        found.append(f"training_small_count must be a whole number from {SMALL_COUNT} to {MAX_SMALL_COUNT}"
                     f" (reports never show fewer than {SMALL_COUNT}), not {small!r}")
    return found
