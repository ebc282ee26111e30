"""Training in a real browser: a worker records a request, the trainer answers it with a session held today,
registers a participant, marks attendance and prints the certificate; the participant answers the feedback
through their own link without an account, once. Every page state is checked with axe-core."""

from __future__ import annotations

import pytest

from core.toolkit import finnish_today
from tests.e2e.test_browser import change_language, expect, sign_in

pytestmark = pytest.mark.e2e


def test_from_request_to_session_attendance_certificate_and_feedback(page, audit, live_server, chromium):
    sign_in(page, audit, "worker.helsinki")
    change_language(page, "en")
    page.goto("/training/requests/new")
    audit(page, "new request")
    form = page.locator("main form")
    form.locator("#organisation").fill("Browser Test School")
    form.locator("#sector").select_option("education")
    form.locator("#kind").select_option("training")
    form.locator("#needs").fill("Teachers ask how to talk with pupils about extremist content.")
    form.locator("#audience").fill("teachers")
    form.locator("button[type=submit]").click()
    expect()(page.locator("h1")).to_contain_text("Browser Test School")
    request_path = page.url
    change_language(page, "fi")  # the worker's own language again, as the other browser tests expect
    page.locator("header form button[type=submit]").last.click()  # sign out

    sign_in(page, audit, "trainer.helsinki")
    change_language(page, "en")
    page.goto(request_path)
    audit(page, "request (trainer)")
    schedule = page.locator("main form[action$='/session']")
    schedule.locator("#title").fill("Talking about extremist content")
    schedule.locator("#held_on").fill(finnish_today().isoformat())
    schedule.locator("#format").select_option("in_person")
    schedule.locator("#duration_minutes").fill("90")
    schedule.locator("#topics").fill("recognising content\ntalking with pupils")
    schedule.locator("#level").select_option("introductory")
    schedule.locator("#trainers").fill("trainer.helsinki")
    schedule.locator("#capacity").fill("20")
    schedule.locator("button[type=submit]").click()
    expect()(page.locator("h1")).to_have_text("Talking about extremist content")
    session_path = page.url
    audit(page, "session planned")

    # Held today: registration is still open, and attendance can be marked.
    register = page.locator("main form[action$='/participants']")
    register.locator("#organisation").fill("Browser Test School")
    register.locator("#sector").select_option("education")
    register.locator("#role").fill("teacher")
    register.locator("#name").fill("Testi Opettaja")
    register.locator("button[type=submit]").click()
    expect()(page.locator("main table")).to_contain_text("Testi Opettaja")
    page.locator("main form[action$='/attendance'] button[value=true]").click()
    expect()(page.locator("main table")).to_contain_text("attended")
    audit(page, "attendance marked")

    link = page.locator("main a", has_text="Feedback link").get_attribute("href")
    page.locator("main a", has_text="Certificate").click()
    expect()(page.locator("h1")).to_have_text("Certificate of attendance")
    expect()(page.locator("main")).to_contain_text("Testi Opettaja")
    audit(page, "certificate")

    participant = chromium.new_context(base_url=live_server.url, locale="en-US")  # no account, no cookie
    try:
        answer = participant.new_page()
        answer.csp_violations = []
        answer.on("console", lambda message: answer.csp_violations.append(message.text)
                  if message.type == "error" and "Content Security Policy" in message.text else None)
        answer.goto(link)
        change_language(answer, "en")
        expect()(answer.locator("h1")).to_contain_text("Talking about extremist content")
        audit(answer, "feedback form")
        answer.locator("input[name=usefulness][value='5']").check()
        answer.locator("input[name=knowledge_before][value='2']").check()
        answer.locator("input[name=knowledge_after][value='4']").check()
        answer.locator("#comments").fill("Practical and clear.")
        answer.locator("main button[type=submit]").click()
        expect()(answer.locator("main")).to_contain_text("Thank you")
        answer.goto(link)
        expect()(answer.locator("main")).to_contain_text("Feedback has already been given")
    finally:
        participant.close()
