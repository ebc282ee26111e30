"""An erasure request's own rules: who asked, when and to whom are recorded, and it is decided once."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from core.erasure import erase_person
from core.erasure_requests import ErasureRequest
from core.errors import ValidationError
from core.vault import ERASED

TODAY = date(2026, 11, 28)


def received(**changes) -> ErasureRequest:
    values = {"person_id": uuid.uuid4(), "requester": "the person themself, by letter", "received_on": TODAY,
              "received_by": "data_protection_officer.national", "today": TODAY, **changes}
    return ErasureRequest.receive(**values)


@pytest.mark.parametrize(("changes", "field"), [
    ({"requester": "  "}, "requester"),
    ({"requester": "x" * 301}, "requester"),
    ({"received_on": date(2026, 11, 29)}, "received_on"),
    ({"received_on": "yesterday"}, "received_on"),
    ({"received_by": ""}, "received_by"),
])
def test_a_request_without_who_when_or_to_whom_is_refused(changes, field):
    with pytest.raises(ValidationError) as refused:
        received(**changes)
    assert set(refused.value.messages) == {field}


def test_a_request_is_decided_once_and_refused_only_with_a_reason():
    request = received()
    with pytest.raises(ValidationError):
        request.refuse(["  "])
    request.refuse(["casework case 1: closed case of kind family, kept 30 years after closure, until 2056-11-28"])
    assert request.state == "refused"
    with pytest.raises(ValidationError) as again:
        request.carry_out(uuid.uuid4())
    assert again.value.messages == {"state": ["the request is already refused"]}


def test_the_requester_is_kept_under_the_persons_key(store, coordinator):
    request = received()
    request.refuse(["an open case"])
    with store.acting(coordinator):
        store.save(request)
    kept = store.get(request.id)
    assert (kept.state, kept.received_on, kept.received_by) == ("refused", TODAY, "data_protection_officer.national")
    assert kept.requester.person_id == request.person_id
    assert store.vault.reveal(kept.requester) == "the person themself, by letter"
    erase_person(store, request.person_id, "Art. 17 request", coordinator)
    assert store.vault.reveal(store.get(request.id).requester) is ERASED
