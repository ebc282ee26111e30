"""Transcodings for value types the library does not store out of the box, and the transcoder that decodes them."""

import json
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Transcoding

# The library's own transcodings, decoded by the constructor each wraps (their methods only assert the type first).
_PLAIN = {"datetime_iso": datetime.fromisoformat, "uuid_hex": UUID, "decimal_str": Decimal}


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


class Transcoder(JSONTranscoder):
    """The library's JSON transcoder, turning each typed value back with one lookup: most of an event's objects are."""

    def __init__(self):
        super().__init__()
        self._decoders: dict = {}
        self.decoder = json.JSONDecoder(object_hook=self._decode_typed)

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        self._decoders[transcoding.name] = _PLAIN.get(transcoding.name, transcoding.decode)

    def _decode_typed(self, d: dict):
        if len(d) == 2 and "_type_" in d and "_data_" in d:
            decode = self._decoders.get(d["_type_"])
            # An unknown name goes to the library's hook, which says what is missing.
            return decode(d["_data_"]) if decode is not None else self._decode_obj(d)
        return d
