"""Marshmallow fields that hold for forms and JSON alike."""

from __future__ import annotations

import unicodedata

import marshmallow as ma

from core.days import FIRST_DAY, LAST_DAY


class WholeNumber(ma.fields.Integer):
    """A whole number, from JSON (an integer, never a fraction or a boolean) or a form (ASCII digits)."""

    default_error_messages = {"invalid": "Give a whole number."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, str):
            text = value.strip()
            # "²".isdigit() is true and int() refuses it; "1.5" must not become 1.
            if not (text.isascii() and text.isdigit()):
                raise self.make_error("invalid")
            value = int(text)
        elif not isinstance(value, int):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


# Control characters no one types (a tab, a line break and a carriage return are typed): PostgreSQL cannot
# store NUL in text at all, and the others would only hide what a record says.
CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\x7f"}


# Marks that turn the direction of the text after them: "Lumi\u202eenoL" shows as another name than it holds.
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Text(ma.fields.String):
    """Text as typed, without surrounding blanks; lone surrogates (which no encoding can hold), control characters
    and direction overrides are refused, and text of invisible characters only is no text."""

    default_error_messages = {"unencodable": "The text holds characters that cannot be stored.",
                              "direction": "The text holds marks that turn its direction on the screen."}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise self.make_error("unencodable") from None
        if not CONTROL.isdisjoint(text):
            raise self.make_error("unencodable")
        if not DIRECTION_CONTROLS.isdisjoint(text):
            raise self.make_error("direction")
        if all(c.isspace() or unicodedata.category(c) == "Cf" for c in text):  # zero-width spaces and the like
            return ""
        return text


class Day(ma.fields.Date):
    """A day as YYYY-MM-DD, from 1900 to 2099: one outside is a slip of the keyboard (0001-01-01, 9999-12-31), and
    the arithmetic of periods and reviews would overflow on it."""

    default_error_messages = {"out_of_range": "Give a date from 1900 to 2099."}

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not FIRST_DAY <= day <= LAST_DAY:
            raise self.make_error("out_of_range")
        return day
