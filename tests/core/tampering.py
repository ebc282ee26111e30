"""Ways to tamper with the stored log, as someone with database access would."""

from __future__ import annotations

import uuid

from sqlalchemy import select, text, update


def _ids(conn, table):
    return [r.id for r in conn.execute(select(table.c.id).order_by(table.c.id))]


def flip_byte(conn, table, position: int, offset: int = 10) -> None:
    """Change one byte of the stored state of the record at a log position (1-based)."""
    rid = _ids(conn, table)[position - 1]
    state = bytearray(conn.execute(select(table.c.state).where(table.c.id == rid)).scalar_one())
    state[offset % len(state)] ^= 0x01
    conn.execute(update(table).where(table.c.id == rid).values(state=bytes(state)))


def replace_in_state(conn, table, position: int, old: bytes, new: bytes) -> None:
    """Change a value in the stored state of the record at a log position, keeping it a well-formed event."""
    rid = _ids(conn, table)[position - 1]
    state = bytes(conn.execute(select(table.c.state).where(table.c.id == rid)).scalar_one())
    assert old in state, f"{old!r} is not in the record at position {position}"
    conn.execute(update(table).where(table.c.id == rid).values(state=state.replace(old, new)))


def delete_row(conn, table, position: int) -> None:
    """Remove the record at a log position."""
    rid = _ids(conn, table)[position - 1]
    conn.execute(table.delete().where(table.c.id == rid))


def insert_row(conn, table, position: int, state: bytes = b'{"forged":true}') -> None:
    """Insert a forged record so that it stands at a log position, moving later records down."""
    ids = _ids(conn, table)
    if position <= len(ids):
        at = ids[position - 1]
        # Two steps, so that no unique key collides while ids move.
        conn.execute(update(table).where(table.c.id >= at).values(id=-table.c.id))
        conn.execute(update(table).where(table.c.id < 0).values(id=-table.c.id + 1))
    else:
        at = (ids[-1] if ids else 0) + 1
    conn.execute(table.insert().values(id=at, originator_id=uuid.uuid4(), originator_version=1,
                                       topic="tests.core.specimen.domain:Notebook.Forged", state=state))
    if conn.dialect.name == "postgresql":  # a careful forger keeps the id sequence ahead, too
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"))


def swap_rows(conn, table, p: int, q: int) -> None:
    """Exchange the contents of the records at two positions, as a reordering would."""
    ids = _ids(conn, table)
    cols = (table.c.originator_id, table.c.originator_version, table.c.topic, table.c.state)
    a = conn.execute(select(*cols).where(table.c.id == ids[p - 1])).one()
    b = conn.execute(select(*cols).where(table.c.id == ids[q - 1])).one()
    conn.execute(update(table).where(table.c.id == ids[p - 1]).values(originator_id=uuid.uuid4()))
    conn.execute(update(table).where(table.c.id == ids[q - 1]).values(**a._mapping))
    conn.execute(update(table).where(table.c.id == ids[p - 1]).values(**b._mapping))


def reseal_from(conn, chain, table, position: int) -> None:
    """Recompute every seal from a log position on, as someone holding the seal key would after a change."""
    from core.seals import Record, seals
    ids = _ids(conn, table)
    previous = conn.execute(select(seals.c.seal).where(seals.c.position == position - 1)).scalar() or chain.genesis
    for p in range(position, len(ids) + 1):
        r = conn.execute(select(table).where(table.c.id == ids[p - 1])).one()
        previous = chain.mac(previous, p, Record(r.id, r.originator_id, r.originator_version, r.topic, bytes(r.state)))
        conn.execute(update(seals).where(seals.c.position == p).values(seal=previous))
