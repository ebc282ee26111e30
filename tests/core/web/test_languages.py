"""Finnish, Swedish and English: every page in every language, catalogs complete and compiled, switching works.

The app runs with EXITFI_STRICT_I18N, which records each (language, msgid) shown without a translation in
app.extensions["exitfi_missing"]; the page sweep below opens every page the url_map offers, as users of
several roles, in each language, and fails if anything was shown untranslated.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from flask import request, request_finished

from core.auth.roles import ROLES
from core.web.i18n import LANGUAGES, TRANSLATIONS
from plugins.casework.domain import CHANNELS, KINDS, MEETING_MODES, PHASES
from tests.core.web.conftest import case_ids

try:
    from babel.messages.frontend import parse_mapping_cfg
except ImportError:  # Babel before 2.14
    from babel.messages.frontend import parse_mapping as parse_mapping_cfg

ROOT = Path(__file__).resolve().parents[3]
USERS = ("worker.helsinki", "coordinator.oulu", "auditor.national", "administrator.turku")
# What templates pass through _(value): the en catalog maps exactly these to readable English.
CODE_VALUES = {*KINDS, *PHASES, *CHANNELS, *MEETING_MODES, *ROLES, "operator"}
SIGN_OUT = {"fi": "Kirjaudu ulos", "sv": "Logga ut", "en": "Sign out"}


def _catalog(lang: str, suffix: str = "po"):
    path = TRANSLATIONS / lang / "LC_MESSAGES" / f"messages.{suffix}"
    with path.open("rb") as f:
        return read_po(f, locale=lang) if suffix == "po" else read_mo(f)


def _messages(catalog) -> dict:
    def plain(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {(plain(m.id), m.context): plain(m.string) for m in catalog if m.id}


class _Text(HTMLParser):
    """The visible text of a page (attribute values and markup left out)."""

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def html_lang(html: str) -> str | None:
    found = re.search(r'<html lang="([^"]*)"', html)
    return found.group(1) if found else None


def switch_language(b, lang: str, back_to: str):
    """Choose a language in the header form, as a user would, and follow the redirect."""
    b.get(back_to)
    response = b.post("/language", {"language": lang, "next": back_to})
    assert response.status_code == 302, f"switching to {lang} answered {response.status_code}"
    page = b.get(back_to)
    assert html_lang(page.text) == lang
    return page


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_page_is_translated_for_every_role(app, browser, instance, lang):
    """Every GET page of the url_map, a case, 403, 404 and the forms' error states, as four roles, in one language."""
    visited = set()

    def note_endpoint(sender, response, **extra):
        if request.method == "GET" and request.endpoint:
            visited.add(request.endpoint)

    request_finished.connect(note_endpoint, app)
    get_rules = sorted({rule.rule: rule.endpoint for rule in app.url_map.iter_rules()
                        if "GET" in rule.methods and not rule.arguments}.items())
    expected = {endpoint for _, endpoint in get_rules}
    all_cases = {city: case_ids(instance, city) for city in ("helsinki", "turku", "oulu")}
    failures, raw_values = [], []

    def check(method, path, response, who):
        if response.status_code >= 500:
            failures.append(f"{who} {method} {path} -> {response.status_code}")
        if response.mimetype == "text/html":
            if html_lang(response.text) != lang:
                failures.append(f"{who} {method} {path}: <html lang={html_lang(response.text)!r}>, wanted {lang!r}")
            text = visible_text(response.text)
            raw_values.extend(f"{who} {method} {path}: {v}" for v in sorted(CODE_VALUES)
                              if "_" in v and re.search(rf"\b{v}\b", text))
        return response

    def get(b, path, who):
        return check("GET", path, b.get(path), who)

    def post(b, path, data, who):
        return check("POST", path, b.post(path, data), who)

    try:
        # Signed out: the login page, with a failed sign-in (an unknown name, so no account is locked).
        anonymous = browser()
        switch_language(anonymous, lang, "/login")
        get(anonymous, "/login", "anonymous")
        assert post(anonymous, "/login", {"username": "nobody.example", "password": "wrong"}, "anonymous").status_code == 401
        get(anonymous, "/no-such-page", "anonymous")

        for username in USERS:
            b = browser(username)
            switch_language(b, lang, "/")
            city = username.split(".")[1]
            own = all_cases.get(city) or all_cases["helsinki"]
            other = all_cases["turku" if city != "turku" else "oulu"]
            statuses = [get(b, path, username).status_code for path, _endpoint in get_rules]
            statuses.append(get(b, f"/cases/{own[0]}", username).status_code)
            statuses.append(get(b, f"/cases/{other[0]}", username).status_code)  # another city's case
            statuses.append(get(b, "/no-such-page", username).status_code)
            # Error and validation states of the forms.
            new_case = post(b, "/cases/new", {}, username)
            statuses.append(new_case.status_code)
            statuses.append(post(b, f"/cases/{own[0]}/meetings", {"version": "1"}, username).status_code)
            statuses.append(post(b, "/tokens", {"label": ""}, username).status_code)
            statuses.append(post(b, "/emergency-access", {"record_id": own[0], "reason": "now"}, username).status_code)
            statuses.append(get(b, "/audit/access-log?person=not-an-id", username).status_code)
            assert 403 in statuses and 404 in statuses, f"{username} met no 403 or no 404 page: {statuses}"
            if username in ("worker.helsinki", "coordinator.oulu"):
                assert new_case.status_code == 422, f"{username}: the empty new-case form answered {new_case.status_code}"
            b.post("/logout", {})
            get(b, "/login", f"{username} signed out")
    finally:
        request_finished.disconnect(note_endpoint, app)

    assert not failures, "\n".join(failures)
    assert not raw_values, "code values shown untranslated:\n" + "\n".join(raw_values)
    assert visited, "no page was visited"
    assert expected <= visited, f"GET endpoints never visited: {sorted(expected - visited)}"
    missing = sorted(app.extensions["exitfi_missing"])
    assert not missing, "messages without a translation:\n" + "\n".join(f"{l}: {m!r}" for l, m in missing)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_compiled_catalog_matches_its_source(lang):
    """Each .mo is what `pybabel compile` makes of its .po: run it after every change to a .po."""
    source = _catalog(lang)
    compiled = io.BytesIO()
    write_mo(compiled, source)
    compiled.seek(0)
    expected, shipped = read_mo(compiled), _catalog(lang, "mo")
    assert _messages(shipped) == _messages(expected), f"{lang}: messages.mo is stale; run pybabel compile"
    assert shipped.plural_forms == source.plural_forms


def test_catalogs_follow_the_template_and_the_sources():
    """fi and sv translate every message the sources use; en maps exactly the code values to English."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None}
    used = {msgid for _file, _line, msgid, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords)}
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    assert used <= template, f"messages.pot lacks {sorted(used - template, key=str)}; run pybabel extract and update"
    assert CODE_VALUES <= template, f"core/translations/code_values.py lacks {sorted(CODE_VALUES - template)}"
    for lang in ("fi", "sv"):
        catalog = _catalog(lang)
        ids = {m.id for m in catalog if m.id}
        assert ids == template, f"{lang}: not updated from messages.pot: {sorted(ids ^ template, key=str)}"
        untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not all(
            m.string if isinstance(m.string, tuple) else [m.string]))]
        assert not untranslated, f"{lang}: untranslated or fuzzy: {untranslated}"
    en = _catalog("en")
    assert {m.id for m in en if m.id} == template
    assert {m.id for m in en if m.id and any(m.string if isinstance(m.string, tuple) else [m.string])} == CODE_VALUES
    for m in en:
        if m.id in CODE_VALUES:
            assert m.string[0].isupper() and "_" not in m.string, f"en: {m.id} -> {m.string!r}"


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
        page = switch_language(worker, lang, "/cases/")
        assert SIGN_OUT[lang] in page.text
        assert all(SIGN_OUT[other] not in page.text for other in SIGN_OUT if other != lang)
    assert "<h1>Klienter</h1>" in page.text

    worker.post("/logout", {})
    again = browser("worker.helsinki")
    page = again.get("/")
    assert html_lang(page.text) == "sv" and "Logga ut" in page.text
