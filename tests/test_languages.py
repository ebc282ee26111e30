"""Finnish, Swedish and English across the deployment: every page of every plugin in every language, every catalog
complete and compiled.

The app runs with EXITFI_STRICT_I18N, which records each (language, msgid) shown without a translation in
app.extensions["exitfi_missing"]; the page sweep below opens every page the url_map offers, as users of
several roles, in each language, and fails if anything was shown untranslated. The catalog checks run for
the core's catalog and each plugin's: every catalog the app merges at start-up.
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

from core.plugins import PluginHost
from core.testing import html_lang, settings_for, switch_language
from core.web.i18n import LANGUAGES, catalog_folders
from plugins.casework.demo import IDENTITIES
from tests.plugins.casework.helpers import (assessment_pages, case_ids, custody_and_safety_pages, meeting_pages,
                                           outcome_pages, plan_pages)
from tests.plugins.training.helpers import feedback_pages, training_pages

try:
    from babel.messages.frontend import parse_mapping_cfg
except ImportError:  # Babel before 2.14
    from babel.messages.frontend import parse_mapping as parse_mapping_cfg

ROOT = Path(__file__).resolve().parents[1]
_NAME, _BORN = IDENTITIES["Lumi"]
DUPLICATE = {"pseudonym": "L.", "kind": "individual", "channel": "self", "full_name": _NAME,
             "birth_date": _BORN.isoformat()}
USERS = ("worker.helsinki", "coordinator.oulu", "auditor.national", "administrator.turku")
SIGN_OUT = {"fi": "Kirjaudu ulos", "sv": "Logga ut", "en": "Sign out"}
# The keywords `make translations` extracts with (babel.cfg adds its own per format).
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None, "N_": None}
# Every catalog the app merges: the core's, then each installed plugin's.
CATALOGS = catalog_folders(PluginHost(settings_for("sqlite://")))


def _name(folder: Path) -> str:
    return str(folder.parent.relative_to(ROOT))


def used_messages(folder: Path) -> set:
    """The msgids the sources of a catalog use, found as `pybabel extract` finds them (babel.cfg)."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    return {msgid for _file, _line, msgid, _comments, _context in extract_from_dir(
        str(folder.parent), method_map, options_map, keywords=KEYWORDS)}


def code_values(folder: Path) -> set:
    """The code values a catalog's sources mark with N_ (shown through _(value)): en maps exactly these to English."""
    return {msgid for _file, _line, msgid, _comments, _context in extract_from_dir(
        str(folder.parent), [("**.py", "python")], {}, keywords={"N_": None})}


def _catalog(folder: Path, lang: str, suffix: str = "po"):
    path = folder / lang / "LC_MESSAGES" / f"messages.{suffix}"
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




def test_every_catalog_of_the_deployment_is_checked():
    assert [_name(f) for f in CATALOGS[:1]] == ["core"]
    assert {"plugins/casework", "plugins/city_oulu"} <= {_name(f) for f in CATALOGS}
    assert {"exit_worker", "operator"} <= code_values(CATALOGS[0])  # the core's roles
    assert "first_contact" in code_values(ROOT / "plugins" / "casework" / "translations")


@pytest.mark.parametrize(("lang", "words"), [("fi", ("Vaihda", "Alkaen", "Rooli", "Tietoryhmä")),
                                             ("sv", ("Byt", "Från", "Roll", "Kategori"))])
def test_the_cores_words_are_not_a_plugins_words_of_the_same_english(browser, lang, words):
    """The catalogs merge, a plugin's over the core's: casework's "Change" (between two assessments), the network's
    "Role" (of a contact) and "Category" (of a service) once took over the language switch and the auditors' pages.
    The core's messages say what they mean, so no plugin's message of the same English replaces them."""
    auditor = browser("auditor.national")
    switch, since, role, category = words
    log = switch_language(auditor, lang, "/audit/access-log").text
    assert f">{switch}</button>" in log and f">{since}</label>" in log and f">{role}</th>" in log
    assert f">{category}</th>" in auditor.get("/audit/register/").text


@pytest.mark.parametrize(("lang", "purpose"), [("fi", "asiakkuudet"), ("sv", "klienter"), ("en", "Caseload")])
def test_the_access_log_shows_why_in_the_readers_language(browser, lang, purpose):
    browser("worker.helsinki").get("/cases/")  # the caseload shows its clients' pseudonyms: an access-log entry
    auditor = browser("auditor.national")
    log = switch_language(auditor, lang, "/audit/access-log?user=worker.helsinki").text
    assert f"<td>{purpose}</td>" in log and "<td>caseload</td>" not in log


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_page_is_translated_for_every_role(app, browser, instance, lang):
    """Every GET page of the url_map, a case, 403, 404 and the forms' error states, as four roles, in one language."""
    visited = set()
    all_code_values = set().union(*(code_values(folder) for folder in CATALOGS))

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
            raw_values.extend(f"{who} {method} {path}: {v}" for v in sorted(all_code_values)
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
        for path in feedback_pages(instance, "helsinki"):  # a participant's feedback, without an account
            get(anonymous, path, "anonymous")
        post(anonymous, feedback_pages(instance, "helsinki")[0], {"usefulness": "9"}, "anonymous")

        for username in USERS:
            b = browser(username)
            switch_language(b, lang, "/")
            city = username.split(".")[1]
            own = all_cases.get(city) or all_cases["helsinki"]
            other = all_cases["turku" if city != "turku" else "oulu"]
            statuses = [get(b, path, username).status_code for path, _endpoint in get_rules]
            statuses.append(get(b, f"/cases/{own[0]}", username).status_code)
            statuses.extend(get(b, path, username).status_code for path in assessment_pages(instance, city))
            plans = plan_pages(instance, city) or plan_pages(instance, "helsinki")
            statuses.extend(get(b, path, username).status_code for path in plans)
            statuses.append(get(b, f"/cases/{own[0]}/plan", username).status_code)
            statuses.extend(get(b, path, username).status_code for path in outcome_pages(instance, city))
            met = meeting_pages(instance, city)
            statuses.extend(get(b, path, username).status_code for path in met)
            statuses.extend(get(b, path, username).status_code for path in custody_and_safety_pages(instance, city))
            statuses.extend(get(b, path, username).status_code for path in training_pages(instance, city))
            statuses.append(get(b, f"/cases/{other[0]}", username).status_code)  # another city's case
            statuses.append(get(b, "/no-such-page", username).status_code)
            # Error and validation states of the forms.
            new_case = post(b, "/cases/new", {}, username)
            statuses.append(new_case.status_code)
            duplicate = post(b, "/cases/new", DUPLICATE, username)  # the warning of a possible duplicate
            statuses.append(post(b, f"/cases/{own[0]}/meetings", {"version": "1"}, username).status_code)
            statuses.append(post(b, f"{plans[0]}/actions", {"goal": "1", "version": "1"}, username).status_code)
            statuses.append(post(b, f"/cases/{own[0]}/plan", {"next_review": "yesterday"}, username).status_code)
            statuses.append(post(b, f"/cases/{own[0]}/outcomes", {"version": "0"}, username).status_code)
            statuses.append(post(b, f"/cases/{own[0]}/agency-meetings", {}, username).status_code)
            meeting = next((path for path in met if path.startswith("/agency-meetings/")), None)
            if meeting:
                statuses.append(post(b, f"{meeting}/disclosures", {"basis": "consent", "version": "1"},
                                     username).status_code)
            statuses.append(post(b, f"/cases/{own[0]}/custody/status", {"version": "0"}, username).status_code)
            statuses.append(post(b, f"/cases/{own[0]}/safety/escalations", {"version": "0"}, username).status_code)
            statuses.append(post(b, "/tokens", {"label": ""}, username).status_code)
            statuses.append(post(b, "/emergency-access", {"record_id": own[0], "reason": "now"}, username).status_code)
            statuses.append(get(b, "/audit/access-log?person=not-an-id", username).status_code)
            assert 403 in statuses and 404 in statuses, f"{username} met no 403 or no 404 page: {statuses}"
            if username in ("worker.helsinki", "coordinator.oulu"):
                assert new_case.status_code == 422, f"{username}: the empty new-case form answered {new_case.status_code}"
                assert duplicate.status_code == 409, f"{username}: a demo client's identity answered {duplicate.status_code}"
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


@pytest.mark.parametrize("folder", CATALOGS, ids=_name)
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_compiled_catalog_matches_its_source(folder, lang):
    """Each .mo is what `pybabel compile` makes of its .po: run `make translations` after every change to a .po."""
    source = _catalog(folder, lang)
    compiled = io.BytesIO()
    write_mo(compiled, source)
    compiled.seek(0)
    expected, shipped = read_mo(compiled), _catalog(folder, lang, "mo")
    assert _messages(shipped) == _messages(expected), f"{_name(folder)} {lang}: messages.mo is stale; make translations"
    assert shipped.plural_forms == source.plural_forms


@pytest.mark.parametrize("folder", CATALOGS, ids=_name)
def test_catalogs_follow_the_template_and_the_sources(folder):
    """fi and sv translate every message the sources use; en maps exactly the code values to English."""
    where = _name(folder)
    used, values = used_messages(folder), code_values(folder)
    with (folder / "messages.pot").open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    assert used <= template, f"{where}: messages.pot lacks {sorted(used - template, key=str)}; run make translations"
    assert values <= template, f"{where}: messages.pot lacks the code values {sorted(values - template)}"
    for lang in ("fi", "sv"):
        catalog = _catalog(folder, lang)
        ids = {m.id for m in catalog if m.id}
        assert ids == template, f"{where} {lang}: not updated from messages.pot: {sorted(ids ^ template, key=str)}"
        untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not all(
            m.string if isinstance(m.string, tuple) else [m.string]))]
        assert not untranslated, f"{where} {lang}: untranslated or fuzzy: {untranslated}"
    en = _catalog(folder, "en")
    assert {m.id for m in en if m.id} == template, f"{where} en: not updated from messages.pot"
    translated = {m.id for m in en if m.id and any(m.string if isinstance(m.string, tuple) else [m.string])}
    assert translated == values, f"{where} en: translates {sorted(translated - values)}, not {sorted(values - translated)}"
    for m in en:
        if m.id in values:
            assert m.string[0].isupper() and "_" not in m.string, f"{where} en: {m.id} -> {m.string!r}"


@pytest.mark.parametrize(("lang", "instrument", "action", "elsewhere"), [
    ("fi", "Arviointiväline", "Toimenpide", ("Menetelmä", "Jatkotoimi")),
    ("sv", "Instrument", "Åtgärd", ()),
])
def test_a_plugins_page_reads_its_own_catalog_before_the_others(browser, instance, lang, instrument, action, elsewhere):
    """The same English in two plugins ("Instrument": casework's assessment tool, training's method; "Action": a
    plan's step, a network meeting's follow-up): each page says what its own plugin means."""
    worker = browser("worker.helsinki")
    switch_language(worker, lang, "/")
    assessments = worker.get(assessment_pages(instance, "helsinki")[0]).text
    plan = worker.get(plan_pages(instance, "helsinki")[0]).text
    assert f"<th>{instrument}</th>" in assessments and f"<th>{action}</th>" in plan
    for word in elsewhere:
        assert f"<th>{word}</th>" not in assessments + plan


def test_a_core_page_keeps_the_cores_word_where_a_plugin_says_the_same_english_otherwise(browser):
    """The erasure requests' "Decision" is the core's ("Ratkaisu"); casework's decision of a meeting is "Päätös", and
    casework's catalog, merged after the core's, once gave its word to the core's page."""
    officer = browser("data_protection_officer.national")
    page = switch_language(officer, "fi", "/audit/erasure-requests").text
    assert '<th scope="col">Ratkaisu</th>' in page and "Päätös" not in page
