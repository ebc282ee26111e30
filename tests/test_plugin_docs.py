"""docs/plugins.md is written from the hook specifications; `exitfi plugins` lists, documents and registers."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import hookdocs
from core.plugins import PLUGIN_API, discover
from tests.cli import run

DOCS = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"


@pytest.fixture
def instance(tmp_path, database_url, monkeypatch):
    """An instance folder of the bundled deployment (the default configuration) on the test database."""
    monkeypatch.setenv("EXITFI_INSTANCE", str(tmp_path))
    monkeypatch.setenv("EXITFI_DATABASE_URL", database_url)
    return tmp_path


def test_docs_plugins_md_is_up_to_date_with_the_hook_specifications():
    written = hookdocs.written_part(DOCS.read_text(encoding="utf-8"))
    assert written, f"{DOCS.name} has no part written by `exitfi plugins hooks`"
    assert written == hookdocs.reference(discover()), \
        "docs/plugins.md is out of date: run `exitfi plugins hooks --update docs/plugins.md`"


def test_the_reference_documents_every_hook_with_its_signature_and_manager():
    text = hookdocs.reference(discover())
    assert f"## Plugin API {PLUGIN_API}" in text and "## Hooks offered by casework" in text
    assert "@hookspec(firstresult=True)\ndef locate_record(record_id: str) -> RecordLocation | None\n" in text
    assert "def case_panels(case: Mapping[str, Any]) -> list[Widget]\n" in text
    assert "- `account`: the signed-in user." in text
    assert "### Personal data and reports" in text and "| `legal_basis` | `str` |  |" in text
    assert "| `reason` | `str \\| None` | `None` |" in text  # a bar in a table cell is escaped


def test_plugins_hooks_prints_the_reference_and_updates_a_file_in_place(capsys, tmp_path):
    code, out, _ = run(capsys, "plugins", "hooks")
    assert code == 0 and out == hookdocs.reference(discover())
    page = tmp_path / "plugins.md"
    page.write_text("# Plugins\n\nWritten by hand.\n\n" + hookdocs.BEGIN + "\nstale\n" + hookdocs.END + "\n\nAfter.\n")
    assert run(capsys, "plugins", "hooks", "--update", str(page))[0] == 0
    text = page.read_text()
    assert text.startswith("# Plugins\n\nWritten by hand.\n\n") and text.endswith("\n\nAfter.\n")
    assert hookdocs.written_part(text) == out and "stale" not in text
    run(capsys, "plugins", "hooks", "--update", str(page))
    assert page.read_text() == text


def test_plugins_with_no_subcommand_still_lists_and_prints_the_register_of_processing(instance, capsys):
    run(capsys, "init")
    _, listed, _ = run(capsys, "plugins")
    assert run(capsys, "plugins", "list")[1] == listed and "casework" in listed
    code, out, err = run(capsys, "plugins", "personal-data")
    assert code == 0, err
    helsinki = out.split("Helsinki (helsinki)\n")[1].split("Turku (turku)")[0]
    assert "  casework.client_name\n    subjects:    clients of exit work" in helsinki
    assert "    category:    identity (name, pseudonym, identity number)\n" in helsinki
    assert "  core.password\n" in helsinki and "    recipients:  none\n" in helsinki
    assert "retention periods (years after closure): anonymous 10, consultation 10, family 30, individual 10" in helsinki
