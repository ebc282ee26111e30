"""Backup, restore and moving between databases: `exitfi export FILE` and `exitfi import FILE`."""

from __future__ import annotations

import sys

import click


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.pass_obj
def export(obj, file):
    """Write the whole log, its seals, the vault's keys and a signed checkpoint to FILE (gzip'd JSON lines)."""
    from core.logfile import export_log
    store = obj.instance.store
    with click.progressbar(length=store.recorder.max_notification_id() or 0, label="records",
                           file=sys.stderr) as bar:
        moved = export_log(store, obj.instance.settings.seal_key, file, progress=bar.update)
    click.echo(f"exported {moved.records} records and {moved.keys} data keys to {file}; "
               f"the file ends with a checkpoint of position {moved.checkpoint['position']}, signed")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_obj
def import_(obj, file):
    """Read FILE, made by 'exitfi export' with this instance's keys, into an empty store; rebuild the read models."""
    from core.logfile import ImportRefused, announced, import_log
    store = obj.instance.store
    with click.progressbar(length=announced(file), label="records", file=sys.stderr) as bar:
        try:
            moved = import_log(store, obj.instance.settings.seal_key, file, progress=bar.update)
        except ImportRefused as e:
            raise ImportRefused(f"import refused, nothing was written: {e}") from None
    click.echo(f"imported {moved.records} records and {moved.keys} data keys; "
               f"the chain ends at the file's checkpoint of position {moved.checkpoint['position']}")
    with click.progressbar(length=store.recorder.max_notification_id() or 0,
                           label=f"{len(store.projections)} read models", file=sys.stderr) as bar:
        last = [0]

        def progress(count, position, stop):
            bar.update(position - last[0])
            last[0] = position

        # One pass over the log for every read model: each event is read and decoded once.
        _, _, taken = store.runner.rebuild_all([store.projections[n] for n in sorted(store.projections)],
                                               progress=progress)
    for name, done in sorted(taken.items()):
        click.echo(f"{name}: rebuilt from {done} events")
    report = store.verify()
    if not report.ok:  # the file verified as it was read; this would be the database's doing
        click.echo(f"FAILED: {report.finding}")
        sys.exit(1)
    click.echo(f"OK: {report.records} records sealed and verified; the read models are rebuilt from the log")


commands = (export, import_)
