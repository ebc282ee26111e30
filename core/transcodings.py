"""Transcodings for value types the library does not store out of the box, and the transcoder that decodes them."""

import json
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import orjson
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


# orjson reads an integer outside 64 bits as a float: any float that large is read again by the json module.
_EXACT = float(2**63)


class _Reread(Exception):
    """A document orjson may have read differently from the json module."""


class Transcoder(JSONTranscoder):
    """The library's JSON transcoder, reading with orjson and turning each typed value back with one lookup."""

    def __init__(self):
        super().__init__()
        self._decoders: dict = {}
        self.decoder = json.JSONDecoder(object_hook=self._decode_typed)

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        self._decoders[transcoding.name] = _PLAIN.get(transcoding.name, transcoding.decode)

    def decode(self, data: bytes):
        try:
            # orjson parses in a third of the json module's time; the typed values are then turned in one walk.
            return self._typed(orjson.loads(data))
        except (orjson.JSONDecodeError, _Reread):  # NaN, or an integer orjson would read as a float
            return self.decoder.decode(data.decode("utf8"))

    def _typed(self, value):
        """Turn each typed value inside a parsed document back into its type, innermost first, as the hook does."""
        kind = type(value)
        if kind is dict:
            for key, item in value.items():
                if type(item) is dict or type(item) is list:
                    value[key] = self._typed(item)
                elif type(item) is float and not -_EXACT < item < _EXACT:
                    raise _Reread
            return self._decode_typed(value)
        if kind is list:
            return [self._typed(item) for item in value]
        if kind is float and not -_EXACT < value < _EXACT:
            raise _Reread
        return value

    def _decode_typed(self, d: dict):
        if len(d) == 2 and "_type_" in d and "_data_" in d:
            decode = self._decoders.get(d["_type_"])
            # An unknown name goes to the library's hook, which says what is missing.
            return decode(d["_data_"]) if decode is not None else self._decode_obj(d)
        return d
