"""Blind indexes: one value however it is typed, a hash that needs the instance's key, erased with its person."""

from __future__ import annotations

import uuid

from core.blind_index import blind_index, blind_matches, digest, index_key, normalised
from core.erasure import erase_person
from core.testing import MASTER_KEY
from core.vault import Personal

KEY = index_key(MASTER_KEY)


def test_typing_differences_fold_away():
    assert normalised("  ÅKE   Öberg-Mäki ") == "ake oberg maki"
    assert normalised("O’Brien") == normalised("OBRIEN") == "obrien"
    assert normalised("Søren Łukasz Straße") == "soren lukasz strasse"
    assert normalised("Anna-Liisa\tVirtanen") == normalised("anna liisa virtanen")


def test_the_hash_is_keyed_and_keeps_parts_apart():
    same = digest(KEY, "casework.client", "Äijälä Matti", "1990-05-01")
    assert same == digest(KEY, "casework.client", "aijala  MATTI", "1990-05-01")
    assert len(same) == 64 and "matti" not in same
    assert same != digest(index_key(bytes(32)), "casework.client", "Äijälä Matti", "1990-05-01")  # another key
    assert same != digest(KEY, "casework.client", "Äijälä Matti", "1990-05-02")
    assert digest(KEY, "ab", "c") != digest(KEY, "a", "bc")
    assert KEY not in (MASTER_KEY, index_key(bytes(32)))  # derived, never the master key itself


def test_an_encrypted_index_value_matches_until_its_person_is_erased(make_store, coordinator):
    store = make_store([])
    value = blind_index(store, "casework.client", "Matti Äijälä", "1990-05-01")
    assert value == digest(KEY, "casework.client", "Matti Äijälä", "1990-05-01")
    kept, other = uuid.uuid4(), uuid.uuid4()
    with store.acting(coordinator):
        fields = [Personal(kept, "identity", value), Personal(other, "identity", "0" * 64)]
        for field in fields:
            store.vault.encrypt(field)
    fields = [Personal(f.person_id, f.category, token=f.token) for f in fields]  # as read back: ciphertext only
    assert blind_matches(store, value, fields) == [True, False]
    erase_person(store, kept, "the person asked (test)", coordinator)
    assert blind_matches(store, value, fields) == [False, False]
