"""Read models: live rows equal rebuilt rows, and a projection added later catches up."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, select, update

from core.projections import Projection, on
from core.tables import metadata
from tests.core.specimen import domain as notebooks
from tests.core.specimen import read_models
from tests.core.specimen.domain import Notebook
from tests.core.specimen.projections import notebooks as notebook_table

notes_per_writer = Table(
    "test_notes_per_writer", metadata,
    Column("writer_id", String(64), primary_key=True),
    Column("notes", Integer, nullable=False),
)


class NotesPerWriter(Projection):
    """A follower projection, kept outside the writers' transactions."""

    name = "test_notes_per_writer"
    tables = (notes_per_writer,)
    live = False

    @on(Notebook.NoteWritten)
    def written(self, session, e):
        changed = session.execute(update(notes_per_writer).where(
            notes_per_writer.c.writer_id == e.meta.actor_id).values(notes=notes_per_writer.c.notes + 1))
        if changed.rowcount == 0:
            session.execute(notes_per_writer.insert().values(writer_id=e.meta.actor_id, notes=1))


def some_notebooks(store, coordinator, worker, n=6):
    ids = []
    for i in range(n):
        notebook_id = notebooks.start(store, coordinator, "helsinki", f"N{i}")
        notebooks.keep(store, coordinator, notebook_id, worker.user_id)
        for page in range(i % 3):
            notebooks.write(store, worker, notebook_id, page + 1, f"n{page}")
        if i % 2:
            notebooks.archive(store, coordinator, notebook_id, "the work is done")
        ids.append(notebook_id)
    return ids


def rows(store, table):
    with store.reading() as session:
        return [tuple(r) for r in session.execute(select(table).order_by(*table.primary_key.columns)).all()]


def test_page_reads_what_its_user_just_wrote(store, coordinator):
    notebook_id = notebooks.start(store, coordinator, "helsinki", "Lumi")
    notebooks.keep(store, coordinator, notebook_id, "worker.helsinki")
    with store.reading() as session:
        [row] = session.execute(select(notebook_table)).all()
    assert (row.notebook_id, row.keeper_id, row.version) == (notebook_id.hex, "worker.helsinki", 2)


def test_rebuilt_projection_equals_live_row_for_row(store, coordinator, worker):
    some_notebooks(store, coordinator, worker)
    live = rows(store, notebook_table)
    assert len(live) == 6
    done, _ = store.runner.rebuild(store.projections["specimen_notebooks"], batch=7)
    assert done == store.recorder.max_notification_id()
    assert rows(store, notebook_table) == live


def test_rebuild_in_one_batch_equals_many_batches(store, coordinator, worker):
    some_notebooks(store, coordinator, worker)
    store.runner.rebuild(store.projections["specimen_notebooks"], batch=1)
    one_by_one = rows(store, notebook_table)
    store.runner.rebuild(store.projections["specimen_notebooks"], batch=1000)
    assert rows(store, notebook_table) == one_by_one


def test_projection_added_later_catches_up_exactly_once(make_store, coordinator, worker):
    first = make_store()
    some_notebooks(first, coordinator, worker)
    later = make_store([*read_models(), NotesPerWriter()])
    follower = later.projections["test_notes_per_writer"]
    with later.recorder.transaction(commit=True) as session:
        later.runner.catch_up(session, follower)
    assert rows(later, notes_per_writer) == [("worker.helsinki", 6)]
    # Running again reads nothing twice.
    with later.recorder.transaction(commit=True) as session:
        assert later.runner.catch_up(session, follower) == 0
    assert rows(later, notes_per_writer) == [("worker.helsinki", 6)]
    # Followers are not moved by writers; they catch up when run.
    notebooks.write(later, worker, some_notebooks(later, coordinator, worker, 1)[0], 5)
    assert rows(later, notes_per_writer) == [("worker.helsinki", 6)]
    with later.recorder.transaction(commit=True) as session:
        assert later.runner.catch_up(session, follower) == 1
    assert rows(later, notes_per_writer) == [("worker.helsinki", 7)]


def test_failed_batch_keeps_the_old_position(make_store, coordinator, worker):
    store = make_store([*read_models(), NotesPerWriter()])
    some_notebooks(store, coordinator, worker, 2)
    follower = store.projections["test_notes_per_writer"]

    class Broken(NotesPerWriter):
        def process(self, session, event):
            raise RuntimeError("disk full")

    try:
        with store.recorder.transaction(commit=True) as session:
            store.runner.catch_up(session, Broken())
    except RuntimeError:
        pass
    with store.reading() as session:
        assert store.runner.position(session, follower) == 0
    assert rows(store, notes_per_writer) == []
