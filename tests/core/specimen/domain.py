"""Notebooks: the specimen's aggregate, its past-tense events and its use cases."""

from __future__ import annotations

import uuid

from core.toolkit import Actor, Aggregate, Personal, ValidationError, event

MAX_PAGES = 1000


class Notebook(Aggregate):
    """Notes about one person in one city, kept by one worker."""

    class Started(Aggregate.Created):
        city: str
        person_id: uuid.UUID
        name: Personal

    class KeeperChosen(Aggregate.Event):
        keeper_id: str

    class NoteWritten(Aggregate.Event):
        pages: int
        text: Personal | None

    class Archived(Aggregate.Event):
        reason: str

    @event(Started)
    def __init__(self, city: str, person_id: uuid.UUID, name: Personal):
        self.city = city
        self.person_id = person_id
        self.name = name
        self.keeper_id = None
        self.notes = 0
        self.archived = False

    def keep(self, keeper_id: str) -> None:
        """Give the notebook to a worker."""
        if not keeper_id or not keeper_id.strip():
            raise ValidationError({"keeper_id": ["name the keeper"]})
        self._chosen(keeper_id=keeper_id.strip())

    @event(KeeperChosen)
    def _chosen(self, keeper_id: str):
        self.keeper_id = keeper_id

    def write(self, pages: int, text: str | None = None) -> None:
        """Write a note; its text is the person's personal data."""
        if isinstance(pages, bool) or not isinstance(pages, int) or not 0 < pages <= MAX_PAGES:
            raise ValidationError({"pages": [f"must be a whole number from 1 to {MAX_PAGES}"]})
        self._written(pages=pages, text=Personal(self.person_id, "note", text) if text else None)

    @event(NoteWritten)
    def _written(self, pages: int, text: Personal | None):
        self.notes += 1

    def archive(self, reason: str) -> None:
        """Put the notebook away, with the reason."""
        if not reason or not reason.strip():
            raise ValidationError({"reason": ["say why"]})
        self._archived(reason=reason.strip())

    @event(Archived)
    def _archived(self, reason: str):
        self.archived = True


def new_notebook(city: str, name: str, person_id: uuid.UUID | None = None) -> Notebook:
    """A notebook about a person, who gets an id of their own unless one is given."""
    if not name or not name.strip():
        raise ValidationError({"name": ["is required"]})
    person_id = person_id or uuid.uuid4()
    return Notebook(city=city, person_id=person_id, name=Personal(person_id, "identity", name.strip()))


def start(store, actor: Actor, city: str, name: str, person_id: uuid.UUID | None = None) -> uuid.UUID:
    """Start a notebook; return its id."""
    notebook = new_notebook(city, name, person_id)
    with store.acting(actor):
        store.save(notebook)
    return notebook.id


def keep(store, actor: Actor, notebook_id, keeper_id: str, expected_version: int | None = None) -> int:
    """Give a notebook to a worker; return the new version."""
    with store.acting(actor):
        notebook = store.get(notebook_id, expected_version)
        notebook.keep(keeper_id)
        store.save(notebook)
    return notebook.version


def write(store, actor: Actor, notebook_id, pages: int, text: str | None = None,
          expected_version: int | None = None) -> int:
    """Write a note in a notebook; return the new version."""
    with store.acting(actor):
        notebook = store.get(notebook_id, expected_version)
        notebook.write(pages, text)
        store.save(notebook)
    return notebook.version


def archive(store, actor: Actor, notebook_id, reason: str, expected_version: int | None = None) -> int:
    """Archive a notebook, the reason recorded with the event; return the new version."""
    with store.acting(actor, reason=reason):
        notebook = store.get(notebook_id, expected_version)
        notebook.archive(reason)
        store.save(notebook)
    return notebook.version
