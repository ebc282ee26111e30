"""The referrals' pages: a form refused keeps what was typed (422), a stale version answers 409, and a case
opened from a referral says on its page who referred the client."""

from __future__ import annotations

from plugins.referrals.incoming import service as incoming
from core.demo import demo_actors
from plugins.network import api as network
from plugins.referrals.queries import incoming_row, outgoing_of_case, triage_queue
from tests.plugins.referrals.routes import REFERRAL_IN, SERVICE


def in_english(browser, username):
    user = browser(username)
    assert user.post("/language", {"language": "en", "next": "/"}).status_code == 302
    return user


def test_a_refused_referral_in_keeps_what_was_typed(browser, instance):
    worker = in_english(browser, "worker.helsinki")
    page = worker.post("/referrals/new", {**REFERRAL_IN, "urgency": "", "person_knows": "true"})
    assert page.status_code == 422
    assert 'id="referral-urgency" name="urgency" aria-invalid="true"' in page.text
    assert 'value="Matti Matriisi"' in page.text and "The matrix asks." in page.text
    assert 'id="referral-person_knows" name="person_knows" value="true" checked' in page.text


def test_accepting_leads_to_the_case_which_names_its_referral(browser, instance):
    worker = browser("worker.helsinki")
    assert worker.post("/referrals/new", {**REFERRAL_IN, "person_knows": "true", "person_consents": "true"}
                       ).status_code == 302
    coordinator = in_english(browser, "coordinator.helsinki")
    queue = coordinator.get("/referrals/")
    assert queue.status_code == 200 and "Matti Matriisi" in queue.text
    referral_id = next(r for r in _waiting(instance) if r.organisation == "Matrix police").referral_id
    stale = coordinator.post(f"/referrals/{referral_id}/acceptance", {"version": "7"})
    assert stale.status_code == 409 and "Someone else changed this referral" in stale.text
    accepted = coordinator.post(f"/referrals/{referral_id}/acceptance", {"version": "1", "pseudonym": "Matti"})
    assert accepted.status_code == 302
    case_id = incoming_row(instance.store, referral_id).case_id
    assert accepted.headers["Location"].endswith(f"/cases/{case_id}")
    case_page = coordinator.get(f"/cases/{case_id}")
    assert "Referred in by Matrix police on " in case_page.text
    assert "Opened from a referral in" in case_page.text
    out = coordinator.post(f"/referrals/cases/{case_id}", {"service_id": SERVICE, "purpose": "School first.",
                                                            "items": "identity", "basis": "consent"})
    assert out.status_code == 422 and "has not consented" in out.text and "School first." in out.text
    assert outgoing_of_case(instance.store, case_id) == []


def _waiting(instance):
    return triage_queue(instance.store, "helsinki")


def test_a_self_referral_offers_no_feedback_to_a_referrer(browser, instance):
    coordinator = in_english(browser, "coordinator.helsinki")
    referral_id = incoming.receive_referral(instance.store, demo_actors("helsinki")["worker"], "helsinki",
                                            "self_referral", "Aapo", "Asks for help.", "routine", True, True).hex
    page = coordinator.get(f"/referrals/{referral_id}")
    assert page.status_code == 200 and "Feedback to the referrer" not in page.text


def test_a_referral_from_a_directory_contact_names_them_on_its_page(browser, instance):
    coordinator = in_english(browser, "coordinator.helsinki")
    [urgent] = [r for r in triage_queue(instance.store, "helsinki") if r.urgency == "urgent"]
    contact_id = instance.store.get(urgent.referral_id).contact_id
    [contact] = [c for c in network.contact_persons(instance.store, urgent.organisation_id)
                 if c.contact_id == contact_id]
    page = coordinator.get(f"/referrals/{urgent.referral_id}")
    assert page.status_code == 200 and instance.store.vault.reveal(contact.name) in page.text
    form = coordinator.get("/referrals/new")
    assert f'<option value="{contact_id}">{urgent.organisation}: ' in form.text
