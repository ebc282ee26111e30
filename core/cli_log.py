"""The log's commands: `exitfi verify`, `checkpoint`, `erase`, `access-report` and `projections`."""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
import uuid

import click


class PersonId(click.ParamType):
    """A person's id: the UUID the access log and the vault know them by."""

    name = "PERSON_ID"

    def convert(self, value, param, ctx):
        try:
            return uuid.UUID(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a person id (a UUID such as 6f1c0c3e-4a8b-4f0e-9b8e-2d7c5a1e9f30)", param, ctx)


PERSON_ID = PersonId()


@click.command()
@click.option("--checkpoint", type=click.File("r"), help="A checkpoint file made earlier by 'exitfi checkpoint'.")
@click.pass_obj
def verify(obj, checkpoint):
    """Recompute the seal chain; exit 1 naming the first record that does not fit."""
    from core import replay
    from core.checkpoints import check_checkpoint
    store = obj.instance.store
    started = time.perf_counter()
    report = store.verify()
    seconds = time.perf_counter() - started
    if not report.ok:
        click.echo(f"FAILED: {report.finding}")
        sys.exit(1)
    mark = json.load(checkpoint) if checkpoint else None
    problem = mark and check_checkpoint(store, obj.instance.settings.seal_key, mark)
    if problem:
        click.echo(f"FAILED: {problem}")
        sys.exit(1)
    rate = report.records / seconds if seconds else 0
    beside = replay.all_differences(store)
    if beside:
        for difference in beside:
            click.echo(f"FAILED: {difference} (the tables that decide access must equal a replay of the log)")
        sys.exit(1)
    click.echo(f"OK: {report.records} records sealed and verified ({rate:,.0f} records/s)")
    click.echo(f"the read models that decide access equal a replay of the log "
               f"({', '.join(p.name for p in replay.access_models(store))})")
    if mark:
        click.echo(f"the log still holds checkpoint {mark['position']} of {mark['at']} (signature valid)")


@click.command()
@click.pass_obj
def checkpoint(obj):
    """Print the end of the seal chain, signed, for auditors to keep outside the system."""
    from core.checkpoints import make_checkpoint
    report = obj.instance.store.verify()
    if not report.ok:
        raise click.ClickException(f"no checkpoint over a broken chain: {report.finding}")
    click.echo(json.dumps(make_checkpoint(obj.instance.settings.seal_key, report.sealed, report.last_seal)))


@click.command()
@click.argument("person_id", type=PERSON_ID)
@click.option("--reason", required=True, help="Why (the request, its date and legal ground).")
@click.pass_obj
def erase(obj, person_id, reason):
    """Destroy a person's data key and record the erasure (GDPR Art. 17)."""
    from core.erasure import erase_person
    erasure = erase_person(obj.instance.store, person_id, reason, obj.operator())
    click.echo(f"erased person {erasure.person_id}; the log keeps the events, their personal fields are unreadable")


@click.command("access-report")
@click.argument("person_id", type=PERSON_ID)
@click.pass_obj
def access_report(obj, person_id):
    """Print, as JSON, a person's access report: the data held about them, who viewed it, to whom it went."""
    from core.person_report import person_report
    store = obj.instance.store
    report = person_report(store, obj.instance.host, person_id, lambda field, _record: store.vault.reveal(field))
    click.echo(json.dumps({**report.as_json(), "person_id": str(person_id)}, indent=2, ensure_ascii=False))


@click.group()
def projections():
    """List, rebuild or follow the read models."""


@projections.command("list")
@click.pass_obj
def projections_list(obj):
    """Show each read model and how far it has read the log."""
    store = obj.instance.store
    with store.reading() as session:
        head = store.recorder.max_notification_id() or 0
        for name, projection in sorted(store.projections.items()):
            position = store.runner.position(session, projection)
            mode = "live" if projection.live else "follower"
            click.echo(f"{name:32} {mode:9} at {position} of {head}")


@projections.command("rebuild")
@click.argument("names", nargs=-1)
@click.pass_obj
def projections_rebuild(obj, names):
    """Rebuild read models from the whole log (all, or those named)."""
    store = obj.instance.store
    unknown = [n for n in names if n not in store.projections]
    if unknown:
        raise click.BadParameter(f"unknown projection(s): {', '.join(unknown)}; see 'exitfi projections list'")
    chosen = [store.projections[n] for n in (names or sorted(store.projections))]
    total = store.recorder.max_notification_id() or 0
    label = chosen[0].name if len(chosen) == 1 else f"{len(chosen)} read models"
    with click.progressbar(length=total, label=f"{label:32}", file=sys.stderr) as bar:
        last = [0]

        def progress(count, position, stop):
            bar.update(position - last[0])
            last[0] = position

        # One pass over the log for them all: each event is read and decoded once.
        done, seconds, taken = store.runner.rebuild_all(chosen, progress=progress)
    rate = done / seconds if seconds else 0
    click.echo(f"{label}: {done} events of the log in {seconds:.2f} s ({rate:,.0f} events/s)")
    for name, count in sorted(taken.items()):
        click.echo(f"  {name}: {count} events")


@projections.command("follow")
@click.option("--interval", type=float, help="Seconds between looks at the log: 1 on SQLite, which is polled; "
              "60 on PostgreSQL, where a write wakes the follower at once and the look is only a fallback.")
@click.option("--once", is_flag=True, help="Catch up once and stop.")
@click.pass_obj
def projections_follow(obj, interval, once):
    """Keep the read models that are not live up to date, in this process, until stopped (Ctrl-C or SIGTERM)."""
    from core import follower
    store = obj.instance.store
    names = [p.name for p in follower.followers(store)]
    if once:
        for name, count in follower.catch_up(store).items():
            click.echo(f"{name}: {count} events")
        return
    if not names:
        raise click.ClickException("no read model is a follower here: every one is kept by the writers")
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    postgresql = store.datastore.engine.dialect.name == "postgresql"
    click.echo(f"following {', '.join(names)}: " + ("woken by the log's notifications" if postgresql else
                                                    f"polling every {interval or follower.POLL_SQLITE:g} s"))
    follower.follow(store, stop, interval, applied=lambda name, count: click.echo(f"{name}: {count} events"),
                    failed=lambda line: click.echo(line, err=True))
    click.echo("stopped")


commands = (verify, checkpoint, erase, access_report, projections)
