"""The specimen's hook implementations."""

from __future__ import annotations

from core.toolkit import NavEntry, PersonalDataField, RecordLocation, Widget, current_store, hookimpl

__version__ = "0.1.0"
plugin_api = ">=1,<2"
requires = ()

DEMO_NAMES = ("Lumi", "Kaarna", "Routa")


@hookimpl
def projections():
    from tests.core.specimen.projections import NotebookList
    return [NotebookList()]


@hookimpl
def personal_data():
    return [
        PersonalDataField("specimen.name", "the persons notebooks are about", "identity",
                          "to know whom a notebook is about", "GDPR Art. 6(1)(e)", "until the notebook is erased",
                          ("the notebook's keeper",),
                          stored_in=("Notebook.Started.name",)),
        PersonalDataField("specimen.note", "the persons notebooks are about", "note", "to keep notes about the person",
                          "GDPR Art. 6(1)(e)", "until the notebook is erased", ("the notebook's keeper",),
                          stored_in=("Notebook.NoteWritten.text",)),
    ]


@hookimpl
def permissions():
    return {
        "specimen.read": ("exit_worker", "city_coordinator"),
        "specimen.write": ("exit_worker", "city_coordinator"),
        "specimen.start": ("city_coordinator",),
    }


@hookimpl
def blueprints():
    from tests.core.specimen.pages import bp
    return [bp]


@hookimpl
def api_blueprints():
    from tests.core.specimen.pages import blp
    return [blp]


@hookimpl
def navigation(account):
    return [NavEntry("Notebooks", "specimen.notebooks", "specimen.read")]


@hookimpl
def dashboard_widgets(account):
    from tests.core.specimen.pages import visible
    return [Widget("specimen/widget.html", "specimen.read",
                   lambda: {"count": len(visible(current_store(), account, open_only=True))})]


@hookimpl
def locate_record(record_id):
    from flask import url_for

    from tests.core.specimen.projections import notebook_row
    row = notebook_row(current_store(), record_id)
    return RecordLocation(row.city, url_for("specimen.notebook", notebook_id=row.notebook_id),
                          "specimen.read") if row else None


@hookimpl
def demo_data(store, city, users):
    from tests.core.specimen.domain import keep, start, write
    coordinator, worker = users["coordinator"], users["worker"]
    for pages, name in enumerate(DEMO_NAMES, start=1):
        notebook_id = start(store, coordinator, city.slug, f"{name} ({city.name})")
        keep(store, coordinator, notebook_id, worker.user_id)
        write(store, worker, notebook_id, pages, f"First note about {name}.")
