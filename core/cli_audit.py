"""The auditor's commands: `exitfi replay --as-of DATE RECORD_ID` and `exitfi audit replay`."""

from __future__ import annotations

import json
import sys
import tempfile

import click


@click.command()
@click.argument("record_id")
@click.option("--as-of", "day", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day (YYYY-MM-DD): the record as it stood at its end, in Finnish time.")
@click.option("--reveal", is_flag=True, help="Decrypt the personal fields (each view goes to the access log).")
@click.option("--reason", help="Why the personal fields are shown (needed with --reveal).")
@click.pass_obj
def replay(obj, record_id, day, reveal, reason):
    """Print, as JSON, a record (a case, an organisation, an account) as it stood on a day, and the events since."""
    from core import history
    from core.access_log import record_views
    if reveal and not (reason or "").strip():
        raise click.UsageError("--reveal needs --reason (why the personal data is shown)")
    store = obj.instance.store
    found = history.as_of(store, record_id, day.date())
    personal = history.Revealed(store) if reveal else history.Placeholders(store)
    view = {
        "record_id": found.record_id.hex,
        "kind": found.kind,
        "as_of": found.day.isoformat(),
        "version": found.version,
        "current_version": found.current_version,
        "state": history.state_of(found.record, personal) if found.record is not None else None,
        "since": [{"version": c.version, "at": c.at.isoformat(), "what": c.what, "who": c.actor, "role": c.role,
                   "city": c.city, "reason": c.reason} for c in found.since],
    }
    if reveal and personal.shown:
        record_views(store, obj.operator(), {p: found.record_id.hex for p in personal.shown},
                     f"exitfi replay --as-of {found.day.isoformat()} {found.record_id.hex}", reason.strip())
    click.echo(json.dumps(view, indent=2, ensure_ascii=False))


@click.group()
def audit():
    """Prove that the read models are what the sealed log says."""


@audit.command("replay")
@click.option("--scratch", type=click.Path(file_okay=False, exists=True),
              help="Folder for the scratch database (default: the system's temporary folder).")
@click.pass_obj
def audit_replay(obj, scratch):
    """Rebuild every read model from the log into a scratch database and compare it with the live tables."""
    from core.replay import check
    store = obj.instance.store
    total, differing = 0, 0
    for name in sorted(store.projections):
        head = store.recorder.max_notification_id() or 0
        with click.progressbar(length=head, label=f"{name:32}", file=sys.stderr) as bar:
            done = [0]

            def progress(_, position, stop, bar=bar, done=done):
                bar.update(position - done[0])
                done[0] = position

            checked = check(store, [store.projections[name]], scratch or tempfile.gettempdir(), progress)[0]
        for difference in checked.differences:
            click.echo(f"DIFFERENT: {difference}")
        total += len(checked.differences)
        differing += bool(checked.differences)
        if not checked.differences:
            click.echo(f"{name}: {checked.rows} rows equal a replay of the log up to position {checked.position}")
    if total:
        click.echo(f"FAILED: {total} difference(s) in {differing} read model(s) between the tables and the log")
        sys.exit(1)
    click.echo(f"OK: every read model ({len(store.projections)}) equals a replay of the log, row for row")


commands = (replay, audit)
