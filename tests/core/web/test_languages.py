"""Switching languages: the page's language and text follow the choice, signed out and in, and the account keeps it.

Every page of the deployment in every language, and the catalogs, are checked in tests/test_languages.py.
"""

from __future__ import annotations

from core.testing import html_lang, switch_language

SIGN_OUT = {"fi": "Kirjaudu ulos", "sv": "Logga ut", "en": "Sign out"}
TOKENS = {"fi": "API-avaimet", "sv": "API-nycklar", "en": "API tokens"}




def test_switching_language_changes_the_page(browser):
    """POST /language switches <html lang> and the text, signed out and in; the account remembers the choice."""
    anonymous = browser()
    for lang, sign_in in (("sv", "Logga in"), ("en", "Sign in"), ("fi", "Kirjaudu sisään")):
        page = switch_language(anonymous, lang, "/login")
        assert f"<h1>{sign_in}</h1>" in page.text

    worker = browser("worker.helsinki")
    page = worker.get("/")
    assert html_lang(page.text) == "fi" and SIGN_OUT["fi"] in page.text  # the city's default
    for lang in ("sv", "en", "fi", "sv"):
        page = switch_language(worker, lang, "/notebooks/")  # a plugin's page is in the chosen language, too
        assert SIGN_OUT[lang] in page.text
        assert all(SIGN_OUT[other] not in page.text for other in SIGN_OUT if other != lang)
    assert f"<h1>{TOKENS['sv']}</h1>" in worker.get("/tokens").text

    worker.post("/logout", {})
    again = browser("worker.helsinki")
    page = again.get("/")
    assert html_lang(page.text) == "sv" and "Logga ut" in page.text
