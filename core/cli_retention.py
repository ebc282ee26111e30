"""Retention and erasure requests: `exitfi retention run` and `exitfi erasure request`."""

from __future__ import annotations

import sys

import click

from core.cli_log import PERSON_ID


@click.group()
def retention():
    """Erase the persons whose retention period has ended."""


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="List what would be erased; write nothing.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to count periods to (YYYY-MM-DD; default today in Finnish time).")
@click.pass_obj
def retention_run(obj, dry_run, as_of):
    """Erase, city by city, everyone whose retention period has ended, and record the run."""
    from core import retention as runs
    instance = obj.instance
    report = runs.run(instance.store, instance.host, instance.settings, obj.operator(),
                      as_of.date() if as_of else None, dry_run=dry_run)
    for decision in report.decisions:
        click.echo(decision.line(dry_run))
    erased = report.count("erase")
    summary = (f"as of {report.as_of.isoformat()}: {erased} {'to erase' if dry_run else 'erased'}, "
               f"{report.count('held')} held, {report.count('already erased')} already erased")
    if dry_run:
        click.echo(summary + "; dry run, nothing written")
    else:
        click.echo(summary + f"; recorded as retention run {report.run_id}")


@click.group()
def erasure():
    """Record and decide a person's request to have their data erased (GDPR Art. 17)."""


@erasure.command("request")
@click.argument("person_id", type=PERSON_ID)
@click.option("--requester", required=True, help="Who asked and how (for example: the person themself, by letter).")
@click.option("--received-on", "received_on", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day the request came in (YYYY-MM-DD).")
@click.option("--received-by", "received_by", default=None,
              help="The staff member who received it (default: the operator running the command).")
@click.pass_obj
def erasure_request(obj, person_id, requester, received_on, received_by):
    """Record the request; refuse it with the reasons while the data must be kept, else erase the person."""
    from core.erasure_requests import request_erasure
    instance, actor = obj.instance, obj.operator()
    request = request_erasure(instance.store, instance.host, instance.settings, actor, person_id, requester,
                              received_on.date(), received_by or actor.user_id)
    if request.state == "refused":
        click.echo(f"refused erasure request {request.id}: the person's data must still be kept")
        for reason in request.reasons:
            click.echo(f"  {reason}")
        sys.exit(1)
    click.echo(f"erasure request {request.id} carried out: person {person_id} erased")


commands = (retention, erasure)
