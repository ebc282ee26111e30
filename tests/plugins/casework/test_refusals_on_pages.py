"""On a Finnish or Swedish page every refusal reads in that language, once: a rule's own refusal translated, else
the field's translated hint; never the aggregate's or marshmallow's English, and never the same message twice."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest

from core.demo import demo_actors
from core.toolkit import finnish_today
from plugins.casework import service as cases
from tests.plugins.casework.helpers import case_row, version_in

HELSINKI = demo_actors("helsinki")["coordinator"]
YESTERDAY = (finnish_today() - timedelta(days=1)).isoformat()
SOON = (finnish_today() + timedelta(days=20)).isoformat()


class _Errors(HTMLParser):
    """The texts a page shows as errors: each paragraph of an element of class "error" (or that element)."""

    def __init__(self):
        super().__init__()
        self.texts, self._depth, self._open = [], 0, []

    def handle_starttag(self, tag, attrs):
        is_error = "error" in (dict(attrs).get("class") or "").split()
        if is_error:
            self._depth += 1
        if self._depth and (tag == "p" or is_error):
            self._open.append([])
        self._stack = getattr(self, "_stack", []) + [(tag, is_error)]

    def handle_endtag(self, tag):
        stack = getattr(self, "_stack", [])
        while stack:
            opened, is_error = stack.pop()
            if self._depth and (opened == "p" or is_error) and self._open:
                text = " ".join("".join(self._open.pop()).split())
                if text:
                    self.texts.append(text)
            if is_error:
                self._depth -= 1
            if opened == tag:
                break

    def handle_data(self, data):
        if self._open:
            self._open[-1].append(data)


def errors_shown(html: str) -> list[str]:
    parser = _Errors()
    parser.feed(html)
    return parser.texts


def speaking(browser, username, lang):
    user = browser(username)
    assert user.post("/language", {"language": lang, "next": "/"}).status_code == 302
    return user


def open_case(instance, kind="individual") -> str:
    case_id = cases.open_case(instance.store, HELSINKI, "helsinki", kind, "Vyrkkä", "phone")
    cases.assign_worker(instance.store, HELSINKI, case_id, "worker.helsinki")
    return case_id.hex


def _transfer_to_own_city(instance, user):
    case_id = open_case(instance)
    version = version_in(user.get(f"/cases/{case_id}").text)
    return user.post(f"/cases/{case_id}/transfer", {"to_city": "helsinki", "reason": "x", "version": version})


def _short_legal_basis(instance, user):
    case_id = open_case(instance)
    version = version_in(user.get(f"/cases/{case_id}").text)
    return user.post(f"/cases/{case_id}/legal-basis", {"basis": "abc", "version": version})


def _plan_action_past_and_no_goal(instance, user):
    case_id = open_case(instance)
    path = f"/cases/{case_id}/plan"
    assert user.post(path, {"next_review": SOON}).status_code == 302
    return user.post(f"{path}/actions", {"goal": "9", "what": "Call the sister", "owner": "Family counselling",
                                         "due_on": YESTERDAY, "version": version_in(user.get(path).text)})


def _custody_status_unknown(instance, user):
    case_id = open_case(instance)
    return user.post(f"/cases/{case_id}/custody/status", {"status": "on_the_moon", "since": YESTERDAY,
                                                         "prison": "", "version": "0"})


def _escalation_to_a_recipient_the_basis_does_not_allow(instance, user):
    case_id = open_case(instance, "family")
    return user.post(f"/cases/{case_id}/safety/escalations", {
        "recipient": "child_protection", "escalated_on": YESTERDAY, "legal_basis": "serious_offence_prevention",
        "prompted_by": "A threat heard at the group's meeting", "version": "0"})


def _finalised_without_ratings(instance, user):
    case_id = open_case(instance)
    started = user.post(f"/cases/{case_id}/assessments", {"instrument": "exit_pathways"})
    path = started.headers["Location"]
    return user.post(f"{path}/finalisation", {"reasoning": "Housing is the need.", "version": version_in(user.get(path).text)})


def _unknown_instrument(instance, user):
    return user.post(f"/cases/{open_case(instance)}/assessments", {"instrument": "proprietary_scale"})


def _outcome_off_the_scale(instance, user):
    case_id = open_case(instance)
    return user.post(f"/cases/{case_id}/outcomes", {"occasion": "baseline", "measured_on": "2026-13-40",
                                                   "ratings.housing": "77", "note": "", "version": "0"})


PAGES = {
    "case path, a plain message": (_transfer_to_own_city, "must be another city of the programme"),
    "case path, marshmallow's length": (_short_legal_basis, "Length must be between"),
    "plan": (_plan_action_past_and_no_goal, "has already passed"),
    "custody": (_custody_status_unknown, "Must be one of"),
    "safety": (_escalation_to_a_recipient_the_basis_does_not_allow, "lets the worker tell only"),
    "assessment": (_finalised_without_ratings, None),  # a rule's own refusal: English on the English page
    "assessments": (_unknown_instrument, "the city offers no such instrument"),
    "outcomes": (_outcome_off_the_scale, "Not a valid date"),
}


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("page", PAGES)
def test_a_refusal_on_the_page_reads_in_the_users_language_once(browser, instance, page, lang):
    refuse, english = PAGES[page]
    in_english = refuse(instance, speaking(browser, "coordinator.helsinki", "en"))
    assert in_english.status_code == 422
    if english:  # the page says the field's hint, not the raw message
        assert english.lower() not in in_english.text.lower()
    refused = refuse(instance, speaking(browser, "coordinator.helsinki", lang))
    assert refused.status_code == 422
    shown, shown_in_english = errors_shown(refused.text), set(errors_shown(in_english.text))
    assert shown, "the page marks nothing"
    assert not shown_in_english & set(shown), f"shown in English on the {lang} page: {shown_in_english & set(shown)}"
    assert len(shown) == len(set(shown)), f"said twice: {shown}"
    assert not english or english.lower() not in refused.text.lower()


@pytest.mark.parametrize("lang, refusal", [("fi", "Arvioi vähintään yksi osio ennen kuin merkitset arvioinnin valmiiksi"),
                                           ("sv", "Bedöm minst en indikator innan bedömningen slutförs")])
def test_a_refusal_about_no_field_of_the_form_is_said_in_the_alert(browser, instance, lang, refusal):
    refused = _finalised_without_ratings(instance, speaking(browser, "coordinator.helsinki", lang))
    assert refusal in errors_shown(refused.text)


def test_a_rules_refusal_beside_its_field_is_not_repeated_in_the_alert(browser, instance):
    row_id = open_case(instance)
    user = speaking(browser, "coordinator.helsinki", "fi")
    version = version_in(user.get(f"/cases/{row_id}").text)
    refused = user.post(f"/cases/{row_id}/phase", {"phase": "reintegration", "reason": "suoraan",
                                                   "version": version})
    assert refused.status_code == 422
    said = [t for t in errors_shown(refused.text) if "vaiheessa ensikontakti oleva tapaus voi siirtyä" in t.lower()]
    assert len(said) == 1, errors_shown(refused.text)


@pytest.mark.parametrize("lang, conflict", [
    ("fi", "Joku muu muutti tapausta sillä välin. Katso siirto uudelleen ja vastaa siihen."),
    ("sv", "Någon annan ändrade ärendet under tiden. Se över överföringen igen och svara på den.")])
def test_a_stale_answer_to_a_transfer_says_so_not_that_a_reason_is_missing(browser, instance, lang, conflict):
    case_id = open_case(instance)
    cases.give_consent(instance.store, HELSINKI, case_id, "participation", finnish_today(), "written")
    cases.request_transfer(instance.store, HELSINKI, case_id, "turku", "The client moves", instance.settings.cities)
    stale = str(case_row(instance, case_id).version - 1)
    turku = speaking(browser, "coordinator.turku", lang)
    answered = turku.post(f"/cases/transfers/{case_id}", {"accept": "false", "reason": "Ei tilaa", "version": stale})
    assert answered.status_code == 409
    assert errors_shown(answered.text) == [conflict]
