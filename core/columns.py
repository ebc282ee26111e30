"""A column type for personal fields in projection tables: ciphertext in, `Personal` out."""

from __future__ import annotations

import json

from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from core.vault import Personal


class PersonalText(TypeDecorator):
    """Store a `Personal` field as its encrypted token, serialised the same way every time."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, Personal) or value.token is None:
            # Projections are fed stored events, whose fields are already encrypted: plaintext here is a bug.
            raise TypeError("a personal column takes an encrypted Personal field, never plaintext")
        # Sorted keys: a rebuilt row must equal the live one byte for byte.
        return json.dumps(value.token, sort_keys=True)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        token = json.loads(value)
        return Personal(token["p"], token["c"], token=token)
