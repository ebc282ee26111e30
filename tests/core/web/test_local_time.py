"""Times are stored in UTC and shown in Finnish time, summer and winter."""

from datetime import datetime, timezone

from core.web import local_time


def test_stored_utc_is_shown_in_finnish_time():
    assert local_time(datetime(2026, 1, 15, 10, 0, tzinfo=timezone.utc)) == "2026-01-15 12:00"
    assert local_time(datetime(2026, 7, 15, 10, 0, tzinfo=timezone.utc)) == "2026-07-15 13:00"


def test_naive_values_from_sqlite_count_as_utc():
    assert local_time(datetime(2026, 11, 27, 22, 30), "%Y-%m-%d %H:%M") == "2026-11-28 00:30"
