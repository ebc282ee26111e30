"""The bundled plugins store no personal field that their declarations for the register of processing do not name."""

from __future__ import annotations

import json

import pytest

from core.processing import declared_data, undeclared_personal_data, unmatched_declarations
from core.testing import switch_language


def test_the_bundled_plugins_demo_stores_only_declared_personal_data(instance):
    """Every city runs every bundled plugin with its demo data; each personal field in the log is declared."""
    found = undeclared_personal_data(instance.store, instance.host)
    assert found == [], "\n".join(map(str, found))


def test_every_personal_attribute_of_the_bundled_events_is_declared_and_every_declared_field_exists(instance):
    """The events the demo never records (a password changed, a referral withdrawn) are declared all the same."""
    found = unmatched_declarations(instance.host)
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize(("lang", "purpose", "basis"), [
    ("fi", "tiedetään, kenen asiakkuudesta on kyse", "Tietosuoja-asetuksen 6 art. 1 kohdan e alakohta"),
    ("sv", "för att veta vem ett ärende gäller", "Dataskyddsförordningen artikel 6.1 e"),
    ("en", "To know whom a case is for", "GDPR Art. 6(1)(e)"),
])
def test_the_register_is_read_and_handed_over_in_the_readers_language(browser, lang, purpose, basis):
    """The data-protection officer reads the register, and downloads it, in the language of the rest of the pages."""
    dpo = browser("data_protection_officer.national")
    page = switch_language(dpo, lang, "/audit/register/").text
    assert f"<td>{purpose}</td>" in page and basis in page
    exported = json.loads(dpo.get("/audit/register/export.json").data)
    assert exported["language"] == lang
    [client_name] = [f for f in exported["cities"][0]["fields"] if f["field"] == "casework.client_name"]
    assert client_name["purpose"] == purpose and client_name["legal_basis"].startswith(basis)
    assert client_name["category"] == "identity"  # codes stay codes
    csv_lines = dpo.get("/audit/register/export.csv").data.decode().splitlines()
    assert any(purpose in line for line in csv_lines)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_bundled_declaration_is_translated(instance, lang):
    """The register shows a text as declared where no catalog translates it; the bundled plugins translate them all."""
    from babel.messages.pofile import read_po

    from core.web.i18n import catalog_folders
    translated = set()
    for folder in catalog_folders(instance.host):
        with (folder / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
            translated |= {m.id for m in read_po(f) if m.id and m.string}
    missing = {text for city in instance.settings.cities for f in declared_data(instance.host, city)
               for text in (f.subjects, f.purpose, f.legal_basis, f.retention, *f.recipients)} - translated
    assert missing == set()
