"""Transcodings for value types the library does not store out of the box."""

from datetime import date

from eventsourcing.persistence import Transcoding


class DateAsISO(Transcoding):
    """Store a calendar date as YYYY-MM-DD."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def register_all(transcoder) -> None:
    """Register the platform's extra transcodings on a JSON transcoder."""
    transcoder.register(DateAsISO())
