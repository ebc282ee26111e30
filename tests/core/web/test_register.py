"""The register of processing (GDPR Art. 30): a page and a CSV or JSON file, and the log holds nothing undeclared."""

from __future__ import annotations

import csv
import io
import json

import pytest

from core.extensions import PersonalDataField
from core.plugins import PluginInfo
from core.processing import COLUMNS, declared_data, undeclared_personal_data, unmatched_declarations
from tests.cli import run
from tests.core import specimen
from tests.core.leaky import plugin as leaky

SPECIMEN = ("core.account_name", "core.password", "core.access_log", "core.access_report_withheld_reason",
            "core.erasure_requester", "specimen.name", "specimen.note")


def leaky_installed():
    return specimen.installed(PluginInfo("leaky", leaky, leaky.__version__, ()))


def test_the_register_page_lists_each_citys_declared_personal_data(browser, instance):
    page = browser("auditor.national").get("/audit/register/")
    assert page.status_code == 200
    for slug in instance.settings.cities:
        assert f'id="city-{slug}"' in page.text
    for field in declared_data(instance.host, "helsinki"):
        assert f"<code>{field.name}</code>" in page.text
        assert all(f"<code>{stored}</code>" in page.text for stored in field.stored_in)
    # The core translates its own declarations; a plugin with no catalog for its own shows them as declared.
    assert "näytetään, kuka katsoi kenenkin henkilötietoja, milloin ja miksi" in page.text
    assert "<td>to keep notes about the person</td>" in page.text
    assert {f.name for f in declared_data(instance.host, "helsinki")} == set(SPECIMEN)
    for username in ("worker.helsinki", "coordinator.helsinki", "national_coordinator.national"):
        assert browser(username).get("/audit/register/").status_code == 403, username
        assert browser(username).get("/audit/register/export.csv").status_code == 403, username


def test_the_register_downloads_as_csv_and_json(browser, instance):
    assert browser("data_protection_officer.national").get("/audit/register/").status_code == 200
    auditor = browser("auditor.national")
    download = auditor.get("/audit/register/export.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert download.headers["Content-Disposition"].startswith('attachment; filename="register-of-processing-')
    rows = list(csv.reader(io.StringIO(download.text)))
    assert tuple(rows[0]) == COLUMNS
    cities = instance.settings.cities
    assert sorted((r[0], r[1]) for r in rows[1:]) == sorted((c, f) for c in cities for f in SPECIMEN)
    note = next(r for r in rows[1:] if r[:2] == ["turku", "specimen.note"])
    assert note[2:] == ["the persons notebooks are about", "note", "to keep notes about the person",
                        "GDPR Art. 6(1)(e)", "until the notebook is erased", "the notebook's keeper",
                        "Notebook.NoteWritten.text"]
    password = next(r for r in rows[1:] if r[:2] == ["turku", "core.password"])
    assert password[-1] == "User.Registered.password; User.PasswordChanged.password"

    body = auditor.get("/audit/register/export.json").get_json()
    assert [c["city"] for c in body["cities"]] == list(cities)
    [name] = [f for f in body["cities"][0]["fields"] if f["field"] == "specimen.name"]
    assert name["category"] == "identity" and name["recipients"] == ["the notebook's keeper"]
    assert name["stored_in"] == ["Notebook.Started.name"]
    assert auditor.get("/audit/register/export.xml").status_code == 404


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_register_and_the_event_browser_are_translated(browser, app, language):
    auditor = browser("auditor.national")
    auditor.post("/language", {"language": language, "next": "/"})
    for path in ("/audit/register/", "/audit/events/", "/audit/events/1", "/audit/events/1?reason=",
                 "/audit/events/?from=x&type=y&person=z&limit=0"):
        assert auditor.get(path).status_code in (200, 422), path
    assert auditor.get("/audit/events/1?reason=checking+a+complaint").status_code == 200
    assert not app.extensions["exitfi_missing"]


def test_exitfi_plugins_personal_data_writes_csv_and_json(instance_folder, capsys):
    assert run(capsys, "init")[0] == 0
    code, out, err = run(capsys, "plugins", "personal-data", "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == COLUMNS and ("helsinki", "specimen.note") in {(r[0], r[1]) for r in rows}
    code, out, err = run(capsys, "plugins", "personal-data", "--format", "json")
    assert code == 0, err
    assert {f["field"] for f in json.loads(out)["cities"][0]["fields"]} == set(SPECIMEN)


def test_the_specimens_demo_stores_only_declared_personal_data(instance):
    assert undeclared_personal_data(instance.store, instance.host) == []
    assert unmatched_declarations(instance.host) == []


@pytest.mark.cities(helsinki=["specimen", "leaky"], turku=["specimen"])
@pytest.mark.parametrize("installed", [leaky_installed()], ids=["leaky"])
def test_a_plugin_storing_personal_data_it_does_not_declare_is_caught(instance):
    found = undeclared_personal_data(instance.store, instance.host)
    assert [(u.plugin, u.category, u.event_type, u.field) for u in found] == [
        ("leaky", "health", "Diary.HealthNoted", "note"), ("leaky", "identity", "Diary.Visited", "visitors[].name")]
    assert str(found[0]) == ("leaky stores health data in Diary.HealthNoted.note "
                             "(tests.core.leaky.plugin:Diary.HealthNoted) "
                             "but no declaration of its personal_data hook names it in stored_in")


@pytest.mark.cities(helsinki=["specimen", "leaky"], turku=["specimen"])
@pytest.mark.parametrize("installed", [leaky_installed()], ids=["leaky"])
def test_a_second_field_of_a_declared_category_is_caught_by_its_name(instance):
    """Leaky declares identity data (the diary's name); the visitors' names are identity data too, and undeclared."""
    assert "identity" in {f.category for f in leaky.personal_data()}
    found = undeclared_personal_data(instance.store, instance.host)
    [visitors] = [u for u in found if u.category == "identity"]
    assert visitors.stored_field == "Diary.Visited.visitors[].name"
    assert visitors.topic == "tests.core.leaky.plugin:Diary.Visited"
    assert "leaky stores identity data in Diary.Visited.visitors[].name" in str(visitors)


@pytest.mark.cities(helsinki=["specimen", "leaky"], turku=["specimen"])
@pytest.mark.parametrize("installed", [leaky_installed()], ids=["leaky"])
def test_a_field_declared_with_another_category_is_caught(instance, monkeypatch):
    declared = [PersonalDataField("leaky.diary", "diary subjects and visitors", "identity", "to keep a diary",
                                  "GDPR Art. 6(1)(e)", "a year",
                                  stored_in=("Diary.Opened.name", "Diary.Visited.visitors[].name",
                                             "Diary.HealthNoted.note"))]
    [impl] = [i for i in instance.host.all.hook.personal_data.get_hookimpls() if i.plugin_name == "leaky"]
    monkeypatch.setattr(impl, "function", lambda: declared)
    found = undeclared_personal_data(instance.store, instance.host)
    assert [(u.category, u.stored_field, u.declared_as) for u in found] == [
        ("health", "Diary.HealthNoted.note", ("identity",))]
    assert "leaky stores health data in Diary.HealthNoted.note" in str(found[0])
    assert str(found[0]).endswith("but declares it as identity in its personal_data hook")


@pytest.mark.cities(helsinki=["specimen", "leaky"], turku=["specimen"])
@pytest.mark.parametrize("installed", [leaky_installed()], ids=["leaky"])
def test_an_event_attribute_typed_personal_is_declared_even_before_the_log_holds_one(instance, monkeypatch):
    assert [(u.plugin, u.stored_field, u.topic) for u in unmatched_declarations(instance.host)] == [
        ("leaky", "Diary.HealthNoted.note", "tests.core.leaky.plugin:Diary.HealthNoted")]
    [impl] = [i for i in instance.host.all.hook.personal_data.get_hookimpls() if i.plugin_name == "leaky"]
    misspelt = PersonalDataField("leaky.name", "diary subjects", "identity", "to know whose diary it is",
                                 "GDPR Art. 6(1)(e)", "a year",
                                 stored_in=("Diary.Opened.nmae", "Diary.Closed.name", "Diary.HealthNoted.note"))
    monkeypatch.setattr(impl, "function", lambda: [misspelt])
    found = unmatched_declarations(instance.host)
    assert [(u.stored_field, u.topic) for u in found] == [
        ("Diary.Closed.name", ""), ("Diary.Opened.name", "tests.core.leaky.plugin:Diary.Opened"),
        ("Diary.Opened.nmae", "")]
    assert str(found[2]) == ("leaky declares personal data stored in Diary.Opened.nmae, "
                             "but no event of it has that field")


def test_exitfi_plugins_personal_data_check_fails_on_an_undeclared_field(instance_folder, capsys, monkeypatch):
    from tests.core.instances import configure, install
    configure(instance_folder, [specimen.NAME, "leaky"])
    install(monkeypatch, leaky_installed())
    assert run(capsys, "init", "--demo")[0] == 0
    code, out, _ = run(capsys, "plugins", "personal-data", "--check")
    assert code == 1 and "UNDECLARED: leaky stores health data in Diary.HealthNoted.note" in out
    assert "UNDECLARED: leaky stores identity data in Diary.Visited.visitors[].name" in out
    assert "UNDECLARED: leaky types Diary.HealthNoted.note (tests.core.leaky.plugin:Diary.HealthNoted) as" in out


def test_exitfi_plugins_personal_data_check_passes_when_all_is_declared(instance_folder, capsys):
    assert run(capsys, "init", "--demo")[0] == 0
    code, out, err = run(capsys, "plugins", "personal-data", "--check")
    assert code == 0, err
    assert out.startswith("OK: every personal field")
