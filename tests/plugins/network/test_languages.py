"""The network's pages with a record in their path, and its forms' error states, in Finnish, Swedish and English:
nothing shown untranslated (the kit's app records every message without a translation)."""

from __future__ import annotations

import io
import re

import pytest

from core.testing import html_lang, switch_language
from core.web.i18n import LANGUAGES
from plugins.network.csv_directory import COLUMNS
from plugins.network.demo import demo_name, demo_organisation_id

CODES = re.compile(r"\b(lang_[a-z]{2}|local_authority|service_provider|civil_society|youth_work|family_support|"
                   r"mental_health|criminal_sanctions_agency)\b")


HEADER = ",".join(COLUMNS)
# Every kind of problem an import reports: a taken name, a cell that cannot be stored, a short row, a row that
# differs from its organisation's first, each column refused, a twice-given service; and a file not in UTF-8.
BROKEN_FILES = ("\n".join([
    HEADER,
    f"{demo_name(1, 'Helsinki')},other,helsinki,,,active,,,,,,,",
    "Nolla\x00 ry,other,oulu,,,active,,,,,,,",
    "Lyhyt ry,other",
    "Hyvä ry,club,atlantis,2026-13-01,,dormant,,,,,,,",
    "Hyvä ry,other,oulu,,,active,Kahvila,cooking,turku,,,lang_xx,maybe",
    "Toinen ry,other,oulu,,2020-01-01,active,Kerho,youth_work,oulu,Youth.,Walk in.,lang_fi,offered",
    "Toinen ry,other,oulu,,2020-01-01,active,kerho,youth_work,oulu,Youth.,Walk in.,lang_fi,offered",
]).encode(), b"organisation\n\xff\xfe\n")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_network_pages_are_translated(app, browser, lang):
    manager = browser("network_manager.helsinki")
    switch_language(manager, lang, "/network/")
    organisation = f"/network/organisations/{demo_organisation_id(1, 'Helsinki')}"
    page = manager.get(organisation)
    parts = re.findall(r'href="(/network/organisations/\w+/(?:contacts|services)/\w+)"', page.text)
    assert any("/contacts/" in p for p in parts) and any("/services/" in p for p in parts)
    pages = [page, *(manager.get(p) for p in parts),
             manager.get("/network/?city=helsinki&category=youth_work"),
             manager.get("/network/?category=nothing"),
             manager.post("/network/organisations/new", {"name": "", "cities": []}),
             manager.post(f"{organisation}/contacts", {"name": "X", "cities": ["oulu"]}),
             manager.post(f"{organisation}/status", {"status": "inactive", "reason": "x", "version": "0"}),
             manager.post("/network/import", {}),
             manager.post("/network/import", {"file": (io.BytesIO(b"name\nX\n"), "x.csv")},
                          content_type="multipart/form-data"),
             *(manager.post("/network/import", {"file": (io.BytesIO(broken), "broken.csv")},
                            content_type="multipart/form-data") for broken in BROKEN_FILES)]
    assert [p.status_code for p in pages[-8:]] == [422, 422, 422, 409, 422, 422, 422, 422]
    for shown in pages:
        assert html_lang(shown.text) == lang
        assert not CODES.search(re.sub(r"<[^>]+>", " ", shown.text)), CODES.search(shown.text)
    missing = sorted(app.extensions["exitfi_missing"])
    assert not missing, "messages without a translation:\n" + "\n".join(f"{l}: {m!r}" for l, m in missing)
