"""The directory as CSV: an export imports into an empty instance to the same directory; an import names every
wrong line and column and imports nothing while any is wrong; the same from the command line."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from core.config import init_instance
from core.toolkit import Actor
from plugins.network import service
from plugins.network.csv_directory import COLUMNS, ImportRefused, export_directory, import_directory
from plugins.network.projections import Directory
from plugins.network.queries import organisation_list, services_of
from tests.cli import run
from tests.plugins.casework.helpers import in_english

CITIES = ("helsinki", "turku", "oulu")
MANAGER = Actor("network_manager.turku", "network_manager", "turku")
HEADER = ",".join(COLUMNS)


@pytest.fixture
def store(make_store):
    return make_store([Directory()])


@pytest.fixture
def empty(tmp_path):
    """Another instance's store, on a database of its own (the test database's stores share theirs)."""
    from core.store import Store
    from core.testing import MASTER_KEY, SEAL_KEY
    store = Store(f"sqlite:///{tmp_path / 'empty.db'}", MASTER_KEY, SEAL_KEY, [Directory()])
    store.create_tables()
    yield store
    store.close()


def a_directory(store):
    """Organisations of every shape: with services offered and withdrawn, none, left the network, inactive."""
    first = service.register_organisation(store, MANAGER, "Turun Työpaja, \"Verstas\"", "service_provider",
                                          ["turku", "helsinki"], CITIES)
    service.add_service(store, MANAGER, first, "Työkokeilu", "employment", ["turku"], "Adults, 18 and over.",
                        "Call 02 123 4567;\nthen send the form.", ["lang_fi", "lang_en"])
    old = service.add_service(store, MANAGER, first, "Kesätyöt", "employment", ["helsinki"], "Students.",
                              "By email.", ["lang_fi"])
    service.withdraw_service(store, MANAGER, first, old, "Summer is over.")
    service.join_network(store, MANAGER, first, date(2026, 2, 1))
    second = service.register_organisation(store, MANAGER, "Åbo Akademi forskning", "academic", ["turku"], CITIES)
    service.join_network(store, MANAGER, second, date(2025, 5, 1))
    service.leave_network(store, MANAGER, second, date(2026, 4, 30), "The project ended.")
    third = service.register_organisation(store, MANAGER, "Lopettanut ry", "civil_society", ["oulu"], CITIES)
    service.add_service(store, MANAGER, third, "Kerho", "youth_work", ["oulu"], "Youth.", "Walk in.", ["lang_fi"])
    service.change_status(store, MANAGER, third, "inactive", "Dissolved.")


def test_an_export_imports_into_an_empty_instance_to_the_same_directory(store, empty):
    a_directory(store)
    exported = export_directory(store)
    assert exported.splitlines()[0] == HEADER and "Kesätyöt" in exported and "withdrawn" in exported
    assert import_directory(empty, MANAGER, exported, CITIES) == 3
    assert export_directory(empty) == exported
    assert ids(empty) == ids(store) and len(ids(store)) == 3


def ids(store) -> dict:
    """Each organisation's id with its services' ids, in the order they were added."""
    return {o.organisation_id: [s.service_id.hex for s in store.get(o.organisation_id).services.values()]
            for o in organisation_list(store)}


def test_cells_a_spreadsheet_would_run_as_formulas_are_quoted_and_import_as_typed(store, empty):
    name = '=HYPERLINK("http://example.org","ry")'
    formula = service.register_organisation(store, MANAGER, name, "other", ["turku"], CITIES)
    service.add_service(store, MANAGER, formula, "@Kotona", "housing", ["turku"], "-18 and +65.",
                        "'=As written, quote and all.", ["lang_fi"])
    exported = export_directory(store)
    cells = next(csv.reader(io.StringIO(exported.splitlines()[1])))
    assert [cells[0], cells[6], cells[9], cells[10]] == ["'" + name, "'@Kotona", "'-18 and +65.",
                                                         "''=As written, quote and all."]
    assert import_directory(empty, MANAGER, exported, CITIES) == 1
    assert export_directory(empty) == exported
    [imported] = organisation_list(empty)
    [offered] = services_of(empty, imported.organisation_id)
    assert (imported.name, offered.name, offered.eligibility, offered.how_to_refer) == \
        (name, "@Kotona", "-18 and +65.", "'=As written, quote and all.")


def test_renamed_organisations_export_and_import_by_their_names(store, empty):
    alpha = service.register_organisation(store, MANAGER, "Alpha ry", "civil_society", ["turku"], CITIES)
    service.describe_organisation(store, MANAGER, alpha, "Beta ry", "civil_society", ["turku"], CITIES)
    again = service.register_organisation(store, MANAGER, "Alpha ry", "other", ["oulu"], CITIES)
    service.add_service(store, MANAGER, again, "Kerho", "youth_work", ["oulu"], "Youth.", "Walk in.", ["lang_fi"])
    exported = export_directory(store)
    assert import_directory(empty, MANAGER, exported, CITIES) == 2
    assert export_directory(empty) == exported
    with pytest.raises(ImportRefused) as refused:
        import_directory(store, MANAGER, HEADER + "\nbeta RY,other,oulu,,,active,,,,,,,\n", CITIES)
    assert [(p.line, p.field) for p in refused.value.problems] == [(2, "organisation")]
    service.describe_organisation(store, MANAGER, alpha, "Gamma ry", "civil_society", ["turku"], CITIES)
    assert import_directory(store, MANAGER, HEADER + "\nbeta RY,other,oulu,,,active,,,,,,,\n", CITIES) == 1


BROKEN = "\n".join([
    HEADER,
    "Hyvä ry,civil_society,turku,,,active,Kahvila,health,turku,Anyone.,Walk in.,lang_fi,offered",
    "Huono ry,club,atlantis,,,active,,,,,,,",
    "Hyvä ry,civil_society,turku,,,active,Pajat,cooking,oulu,Anyone.,,lang_xx,offered",
    "Hyvä ry,academic,turku,2026-13-01,,active,,,,,,,",
    "Kolmas ry,other,oulu,,2026-01-01,active,,,,,,,",
])


def test_a_broken_file_names_every_line_and_column_and_imports_nothing(store, recorded):
    with recorded(store) as log, pytest.raises(ImportRefused) as refused:
        import_directory(store, MANAGER, BROKEN, CITIES)
    log.assert_nothing()
    found = {(p.line, p.field) for p in refused.value.problems}
    assert found == {(3, "type"), (3, "cities"), (4, "category"), (4, "service_cities"), (4, "how_to_refer"),
                     (4, "languages"), (5, "type"), (5, "joined_on"), (6, "left_on")}
    assert export_directory(store) == HEADER + "\n"


def test_every_part_of_a_row_is_checked_on_its_own(store):
    rows = "\n".join([
        HEADER,
        "Huono ry,club,oulu,,,active,Pajat,cooking,oulu,Anyone.,Walk in.,lang_fi,offered",
        "Päivätön ry,other,oulu,2026-13-01,,dormant,,,,,,,",
        "Tilaton ry,other,oulu,,,active,Kerho,youth_work,oulu,,Walk in.,lang_fi,maybe",
    ])
    with pytest.raises(ImportRefused) as refused:
        import_directory(store, MANAGER, rows, CITIES)
    assert {(p.line, p.field) for p in refused.value.problems} == {
        (2, "type"), (2, "category"), (3, "joined_on"), (3, "status"), (4, "service_status"), (4, "eligibility")}


def test_a_service_given_twice_is_refused_with_its_line(store, empty):
    row = "Kaksoset ry,other,oulu,,,active,Kerho,youth_work,oulu,Youth.,Walk in.,lang_fi,"
    with pytest.raises(ImportRefused) as refused:
        import_directory(store, MANAGER, "\n".join([HEADER, row + "offered", row.replace("Kerho", "KERHO") +
                                                    "offered"]), CITIES)
    assert [(p.line, p.field) for p in refused.value.problems] == [(3, "service")]
    # a withdrawn service may share the name of one offered, in either order
    organisation = service.register_organisation(store, MANAGER, "Kaksoset ry", "other", ["oulu"], CITIES)
    renamed = service.add_service(store, MANAGER, organisation, "Alku", "youth_work", ["oulu"], "Youth.",
                                  "Walk in.", ["lang_fi"])
    old = service.add_service(store, MANAGER, organisation, "Kerho", "youth_work", ["oulu"], "Youth.", "Walk in.",
                              ["lang_fi"])
    service.withdraw_service(store, MANAGER, organisation, old, "Replaced.")
    service.change_service(store, MANAGER, organisation, renamed, "Kerho", "youth_work", ["oulu"], "Youth.",
                           "Walk in.", ["lang_fi"])
    exported = export_directory(store)
    assert import_directory(empty, MANAGER, exported, CITIES) == 1 and export_directory(empty) == exported


def test_a_name_already_in_the_directory_and_a_wrong_header_are_refused(store):
    a_directory(store)
    again = HEADER + "\nåbo akademi  FORSKNING,academic,turku,,,active,,,,,,,\n"
    with pytest.raises(ImportRefused) as refused:
        import_directory(store, MANAGER, again, CITIES)
    assert [(p.line, p.field) for p in refused.value.problems] == [(2, "organisation")]
    with pytest.raises(ImportRefused) as refused:
        import_directory(store, MANAGER, HEADER + "\nTuleva ry,other,oulu,2026-05-11,,active,,,,,,,\n", CITIES,
                         today=date(2026, 5, 10))
    assert [(p.line, p.field) for p in refused.value.problems] == [(2, "joined_on")]
    with pytest.raises(ImportRefused) as refused:
        import_directory(store, MANAGER, "name,type\nX,other\n", CITIES)
    assert [(p.line, p.field) for p in refused.value.problems] == [(1, "header")]


def test_control_characters_in_a_cell_are_refused_with_their_line_and_column(store, recorded):
    text = HEADER + "\nNolla\x00 ry,other,oulu,,,active,Kerho,youth_work,oulu,Youth.,Walk\x1b in.,lang_fi,offered\n"
    with recorded(store) as log, pytest.raises(ImportRefused) as refused:
        import_directory(store, MANAGER, text, CITIES)
    log.assert_nothing()
    assert [(p.line, p.field) for p in refused.value.problems] == [(2, "organisation"), (2, "how_to_refer")]
    assert export_directory(store) == HEADER + "\n"


@pytest.fixture
def folder(tmp_path, database_url, monkeypatch):
    folder = tmp_path / "instance"
    init_instance(folder, echo=lambda m: None)
    monkeypatch.setenv("EXITFI_INSTANCE", str(folder))
    monkeypatch.setenv("EXITFI_DATABASE_URL", database_url)
    return folder


def test_the_command_line_imports_and_exports(folder, tmp_path, capsys):
    assert run(capsys, "db", "upgrade")[0] == 0
    broken = tmp_path / "broken.csv"
    broken.write_text(BROKEN, encoding="utf-8")
    code, _out, err = run(capsys, "network", "import", str(broken))
    assert code == 1 and "line 4, languages:" in err and "nothing was imported" in err
    broken.write_text(HEADER + "\nNolla\x00 ry,other,oulu,,,active,,,,,,,\n", encoding="utf-8")
    code, _out, err = run(capsys, "network", "import", str(broken))
    assert code == 1 and "line 2, organisation:" in err and "Traceback" not in err
    good = tmp_path / "good.csv"
    good.write_text(BROKEN.splitlines()[0] + "\n" + BROKEN.splitlines()[1] + "\n", encoding="utf-8")
    assert run(capsys, "network", "import", str(good)) == (0, "imported 1 organisation(s)\n", "")
    code, out, _err = run(capsys, "network", "export", "-")
    assert code == 0 and out == good.read_text(encoding="utf-8")


def test_the_import_page_shows_the_problems_and_imports_nothing(browser):
    import io
    manager = browser("network_manager.turku")
    refused = manager.post("/network/import", {"file": (io.BytesIO(BROKEN.encode()), "broken.csv")},
                           content_type="multipart/form-data")
    assert refused.status_code == 422 and "<code>service_cities</code>" in refused.text
    good = "\n".join(BROKEN.splitlines()[:2]).replace("Hyvä ry", "Sivun kautta ry")
    imported = manager.post("/network/import", {"file": (io.BytesIO(good.encode()), "good.csv")},
                            content_type="multipart/form-data")
    assert imported.status_code == 302
    assert "Sivun kautta ry" in manager.get("/network/directory.csv").text
    nul = good.replace("Sivun kautta ry", "Nolla\x00 ry")
    refused = manager.post("/network/import", {"file": (io.BytesIO(nul.encode()), "nul.csv")},
                           content_type="multipart/form-data")
    assert refused.status_code == 422 and "<code>organisation</code>" in refused.text


def test_an_import_overtaken_by_another_answers_409_and_imports_nothing(browser, instance, monkeypatch):
    from plugins.network import csv_directory
    read = csv_directory._read

    def overtaken(store, *args):
        checked = read(store, *args)
        service.register_organisation(store, MANAGER, "Kilpailija ry", "other", ["turku"], CITIES)
        return checked

    monkeypatch.setattr(csv_directory, "_read", overtaken)
    text = HEADER + "\nKilpailija ry,civil_society,turku,,,active,,,,,,,\nToinen ry,other,turku,,,active,,,,,,,\n"
    page = in_english(browser, "network_manager.turku").post(
        "/network/import", {"file": (io.BytesIO(text.encode()), "x.csv")}, content_type="multipart/form-data")
    assert page.status_code == 409 and "nothing was imported" in page.text
    assert [(o.name, o.type) for o in organisation_list(instance.store) if o.name.endswith(" ry")
            and o.name.split()[0] in ("Kilpailija", "Toinen")] == [("Kilpailija ry", "other")]
