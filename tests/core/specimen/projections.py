"""The notebook list: one row per notebook, its name in a personal column; and the reads the pages need."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, String, Table, func, select, update

from core.toolkit import PersonalText, Projection, metadata, on
from tests.core.specimen.domain import Notebook

notebooks = Table(
    "specimen_notebooks",
    metadata,
    Column("notebook_id", String(32), primary_key=True),
    Column("city", String(40), nullable=False),
    Column("person_id", String(32), nullable=False),
    Column("name", PersonalText, nullable=False),
    Column("keeper_id", String(64), nullable=True),
    Column("notes", Integer, nullable=False),
    Column("archived", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)


class NotebookList(Projection):
    """Notebooks with their city, keeper, note count and encrypted name."""

    name = "specimen_notebooks"
    tables = (notebooks,)

    @on(Notebook.Started)
    def started(self, session, e):
        session.execute(notebooks.insert().values(
            notebook_id=e.originator_id.hex, city=e.city, person_id=e.person_id.hex, name=e.name, keeper_id=None,
            notes=0, archived=False, updated_at=e.timestamp, version=e.originator_version))

    def _touch(self, session, e, **values):
        session.execute(update(notebooks).where(notebooks.c.notebook_id == e.originator_id.hex).values(
            updated_at=e.timestamp, version=e.originator_version, **values))

    @on(Notebook.KeeperChosen)
    def chosen(self, session, e):
        self._touch(session, e, keeper_id=e.keeper_id)

    @on(Notebook.NoteWritten)
    def written(self, session, e):
        self._touch(session, e, notes=notebooks.c.notes + 1)

    @on(Notebook.Archived)
    def archived(self, session, e):
        self._touch(session, e, archived=True)


def notebook_row(store, notebook_id: str):
    """A notebook's row, or None."""
    with store.reading() as session:
        return session.execute(select(notebooks).where(notebooks.c.notebook_id == notebook_id)).first()


def notebooks_of(store, city: str, keeper_id: str | None = None, open_only: bool = False) -> list:
    """A city's notebooks (one keeper's, if named), most recently changed first."""
    q = select(notebooks).where(notebooks.c.city == city).order_by(notebooks.c.updated_at.desc())
    if keeper_id is not None:
        q = q.where(notebooks.c.keeper_id == keeper_id)
    if open_only:
        q = q.where(notebooks.c.archived.is_(False))
    with store.reading() as session:
        return session.execute(q).all()


def count(store) -> int:
    """How many notebooks there are."""
    with store.reading() as session:
        return session.execute(select(func.count()).select_from(notebooks)).scalar_one()
