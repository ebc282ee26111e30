"""The store's transcoder reads back exactly what the library's own would."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from eventsourcing.persistence import (DatetimeAsISO, DecimalAsStr, JSONTranscoder, TranscodingNotRegisteredError,
                                       UUIDAsHex)
from hypothesis import given, settings
from hypothesis import strategies as st

from core.events import Meta, MetaAsDict
from core.transcodings import DateAsISO, Transcoder
from core.vault import Personal, PersonalAsToken


class _Tokens:
    """Stands for the vault: a field's token without encryption, which this test does not look at."""

    def encrypt(self, field: Personal) -> dict:
        return {"p": field.person_id.hex, "c": field.category, "n": "bm9uY2U=", "x": "Y2lwaGVydGV4dA=="}


def transcoders() -> tuple[JSONTranscoder, Transcoder]:
    made = JSONTranscoder(), Transcoder()
    for transcoder in made:
        for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), MetaAsDict(), PersonalAsToken(_Tokens()),
                            DateAsISO()):
            transcoder.register(transcoding)
    return made


LIBRARY, OURS = transcoders()

typed = st.one_of(
    st.uuids(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.datetimes(timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=2))])),
    st.dates(),
    st.builds(Meta, st.text(min_size=1), st.sampled_from(["exit_worker", "auditor"]),
              st.none() | st.sampled_from(["helsinki", "oulu"]), st.text(), st.none() | st.text()),
    st.builds(lambda p, c: Personal(p, c, "x"), st.uuids(), st.sampled_from(["identity", "note"])),
)
big = st.integers(min_value=2**62, max_value=2**66) | st.integers(min_value=-(2**66), max_value=-(2**62))
plain = st.none() | st.booleans() | st.integers() | big | st.floats() | st.text()
values = st.recursive(plain | typed, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


def _same(a, b) -> bool:
    """Equal, type for type (a float NaN equals itself here, as it reads back the same)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, Personal):
        return a.token == b.token and a.person_id == b.person_id and a.category == b.category
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


@settings(max_examples=300, deadline=None)
@given(values)
def test_any_stored_value_reads_back_as_the_library_reads_it(value):
    stored = LIBRARY.encode({"value": value})
    assert _same(OURS.decode(stored), LIBRARY.decode(stored))


@pytest.mark.parametrize("value", [float("nan"), float("-inf"), 2**63, 2**80, -(2**63) - 1, [1, 2**70], 1e300])
def test_numbers_json_allows_beyond_the_standard_read_back(value):
    stored = LIBRARY.encode({"value": value, "when": datetime(2026, 11, 28, tzinfo=timezone.utc)})
    assert _same(OURS.decode(stored), LIBRARY.decode(stored))


def test_a_value_of_an_unknown_type_is_named():
    with pytest.raises(TranscodingNotRegisteredError, match="'colour'"):
        OURS.decode(b'{"x": {"_type_": "colour", "_data_": "red"}}')


def test_a_stored_personal_field_is_whose_its_token_says_and_refuses_an_unknown_category():
    person = uuid.uuid4()
    field = OURS.decode(LIBRARY.encode([Personal(person, "note", "x")]))[0]
    assert field.person_hex == person.hex
    assert field.person_id == person and isinstance(field.person_id, uuid.UUID) and hash(field)
    assert Personal.stored({"p": str(person).upper(), "c": "note", "n": "", "x": ""}).person_hex == person.hex
    with pytest.raises(ValueError, match="'shoe size'"):
        Personal.stored({"p": person.hex, "c": "shoe size", "n": "", "x": ""})


def test_an_envelope_stored_without_its_reason_reads_back_with_none():
    stored = b'{"_type_": "meta", "_data_": {"actor_id": "a", "role": "auditor", "city": null, "request_id": "r"}}'
    assert OURS.decode(stored) == Meta("a", "auditor", None, "r") == LIBRARY.decode(stored)
    assert OURS.decode(LIBRARY.encode(Meta("a", "auditor", "oulu", "r", "why"))).reason == "why"
    assert date.fromisoformat("2026-11-28") == OURS.decode(LIBRARY.encode(date(2026, 11, 28)))
    assert OURS.decode(LIBRARY.encode(Decimal("1.50"))) == Decimal("1.50")
