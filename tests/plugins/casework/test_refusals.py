"""A rule's refusal reaches the worker in their language on the page, and in English through the API."""

from __future__ import annotations

from html import unescape

import pytest

from core.toolkit import ValidationError
from plugins.casework.domain import Case
from tests.plugins.casework.helpers import city_rows, version_in


def _planned_case(instance):
    """A demo case in support planning, with no consent to take part yet."""
    return next(r for r in city_rows(instance, "helsinki") if r.phase == "support_plan" and not r.participation)


@pytest.mark.parametrize("lang, refusal", [
    ("fi", "Aktiivinen tuki edellyttää asiakkaan suostumusta osallistua tai kirjattua oikeusperustetta"),
    ("sv", "Aktivt stöd kräver klientens samtycke till deltagande eller en registrerad rättslig grund"),
    ("en", "Active support needs the client's consent to take part, or a recorded legal basis"),
])
def test_the_page_says_why_a_move_is_refused_in_the_users_language(browser, instance, lang, refusal):
    row = _planned_case(instance)
    page = browser("coordinator.helsinki")
    page.post("/language", {"language": lang, "next": "/"})
    version = version_in(page.get(f"/cases/{row.case_id}").text)
    refused = page.post(f"/cases/{row.case_id}/phase", {"phase": "active_support", "reason": "Suunnitelma sovittu",
                                                        "version": version})
    assert refused.status_code == 422
    assert refusal in unescape(refused.text)
    assert "Suunnitelma sovittu" in refused.text  # what was typed is kept
    assert instance.store.get(row.case_id).phase == "support_plan"


def test_the_api_answers_the_refusal_in_english_whatever_the_users_language(api, browser, instance):
    row = _planned_case(instance)
    browser("coordinator.helsinki").post("/language", {"language": "fi", "next": "/"})
    answer = api("coordinator.helsinki").post(f"/api/v1/cases/{row.case_id}/phase",
                                              {"phase": "active_support", "reason": "plan agreed",
                                               "version": row.version})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {
        "phase": ["active support needs the client's consent to take part, or a recorded legal basis"]}


def test_a_refusal_names_the_phases_in_the_users_language(browser, instance):
    row = next(r for r in city_rows(instance, "helsinki") if r.phase == "first_contact")
    page = browser("coordinator.helsinki")
    page.post("/language", {"language": "fi", "next": "/"})
    version = version_in(page.get(f"/cases/{row.case_id}").text)
    refused = page.post(f"/cases/{row.case_id}/phase", {"phase": "reintegration", "reason": "suoraan loppuun",
                                                        "version": version})
    assert refused.status_code == 422
    assert "Vaiheessa Ensikontakti oleva tapaus voi siirtyä vaiheisiin" in unescape(refused.text)


def test_outside_the_app_a_refusal_reads_in_english():
    case = Case.open("helsinki", "individual", "Lumi", "self")
    with pytest.raises(ValidationError) as refused:
        case.move_to("reintegration", "straight to the end")
    assert str(refused.value) == "phase: a case in first_contact can move to screening, closed, not to reintegration"
