"""The specimen's pages and API: a list, a scoped record page that reveals a personal field, a form, endpoints."""

from __future__ import annotations

import uuid

import marshmallow as ma
from flask import Blueprint, redirect, request, url_for
from marshmallow import validate

from core.toolkit import (ApiBlueprint, NotFoundError, Text, ValidationError, WholeNumber, current_store, current_user,
                          form_input, in_scope, prefetch, purpose, render, requires, reveal, showing)
from tests.core.specimen.domain import MAX_PAGES, Notebook, start, write
from tests.core.specimen.projections import notebook_row, notebooks_of

bp = Blueprint("specimen", __name__, url_prefix="/notebooks")
blp = ApiBlueprint("api_specimen", __name__, url_prefix="/api/v1/notebooks", description="Notebooks")


class NewNotebookSchema(ma.Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=200))


class NoteSchema(ma.Schema):
    pages = WholeNumber(required=True, validate=validate.Range(min=1, max=MAX_PAGES))
    text = Text(load_default=None, allow_none=True)
    version = WholeNumber(required=True)


class NotebookSchema(ma.Schema):
    notebook_id = ma.fields.String()
    city = ma.fields.String()
    keeper_id = ma.fields.String(allow_none=True)
    name = ma.fields.String()
    notes = ma.fields.Integer()
    version = ma.fields.Integer()


def visible(store, account, open_only: bool = False) -> list:
    """The notebooks an account sees: the ones it keeps, or the whole city's for a coordinator."""
    keeper = None if "city_coordinator" in account.roles else account.username
    return notebooks_of(store, account.city, keeper, open_only)


def notebook_in_scope(notebook_id: str):
    """The notebook's row if the user may open it (404 or 403 otherwise), noted as the record shown."""
    row = notebook_row(current_store(), notebook_id)
    if row is None:
        raise NotFoundError(f"no notebook {notebook_id}")
    in_scope(row.city, row.keeper_id, row.notebook_id)
    showing(row.notebook_id)
    return row


def notes_of(row) -> list:
    return [e for e in current_store().events.get(uuid.UUID(row.notebook_id)) if isinstance(e, Notebook.NoteWritten)]


@bp.get("/")
@requires("specimen.read")
def notebooks():
    """The notebooks the user sees, by name."""
    rows = visible(current_store(), current_user)
    prefetch([r.name for r in rows])
    purpose("notebook list")
    return render("specimen/notebooks.html", rows=rows)


@bp.get("/<notebook_id>")
@requires("specimen.read")
def notebook(notebook_id):
    """One notebook with its notes."""
    row = notebook_in_scope(notebook_id)
    return render("specimen/notebook.html", row=row, notes=notes_of(row), form={}, errors={})


@bp.post("/<notebook_id>/notes")
@requires("specimen.write")
def write_note(notebook_id):
    """Write a note; a wrong field shows the page again with the input kept (a stale version is the core's 409)."""
    row = notebook_in_scope(notebook_id)
    try:
        data = NoteSchema().load(form_input())
        write(current_store(), current_user.actor(), row.notebook_id, expected_version=data.pop("version"), **data)
    except (ma.ValidationError, ValidationError) as e:
        return render("specimen/notebook.html", row=row, notes=notes_of(row), form=request.form,
                      errors=e.messages), 422
    return redirect(url_for("specimen.notebook", notebook_id=row.notebook_id))


def _out(row) -> dict:
    return {**row._mapping, "name": reveal(row.name, row.notebook_id)}


@blp.route("/")
@requires("specimen.read")
@blp.response(200, NotebookSchema(many=True))
def list_notebooks():
    """List the notebooks the caller sees."""
    rows = visible(current_store(), current_user)
    prefetch([r.name for r in rows])
    return [_out(r) for r in rows]


@blp.route("/", methods=["POST"])
@requires("specimen.start")
@blp.arguments(NewNotebookSchema)
@blp.response(201, NotebookSchema)
def start_notebook(data):
    """Start a notebook in the caller's city."""
    notebook_id = start(current_store(), current_user.actor(), current_user.city, **data)
    return _out(notebook_in_scope(notebook_id.hex))


@blp.route("/<notebook_id>")
@requires("specimen.read")
@blp.response(200, NotebookSchema)
def get_notebook(notebook_id):
    """Return one notebook."""
    return _out(notebook_in_scope(notebook_id))


@blp.route("/<notebook_id>/notes", methods=["POST"])
@requires("specimen.write")
@blp.arguments(NoteSchema)
@blp.response(201, NotebookSchema)
@blp.alt_response(409, schema="Error", description="the notebook changed since `version`")
def add_note(data, notebook_id):
    """Write a note; a stale `version` answers 409 with the current version."""
    row = notebook_in_scope(notebook_id)
    write(current_store(), current_user.actor(), row.notebook_id, expected_version=data.pop("version"), **data)
    return _out(notebook_in_scope(row.notebook_id))
