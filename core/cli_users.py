"""The accounts' commands: `exitfi users` and `exitfi tokens`."""

from __future__ import annotations

import click

from core.errors import NotFoundError


@click.group()
def users():
    """Add, list, grant roles to, sign out and deactivate staff accounts; show sign-in attempts."""


@users.command("add")
@click.argument("username")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--city", default=None, help="City slug (omit for national roles).")
@click.option("--role", "roles", multiple=True, help="Role to grant (repeatable).")
@click.option("--language", default=None, type=click.Choice(["fi", "sv", "en"]),
              help="Interface language (default: the city's).")
@click.password_option(help="The password (prompted when omitted).")
@click.pass_obj
def users_add(obj, username, display_name, city, roles, language, password):
    """Create an account."""
    from core.auth.service import register_user
    cities = obj.instance.settings.cities
    if city and city not in cities:
        raise click.BadParameter(f"unknown city {city!r}", param_hint="--city")
    language = language or (cities[city].language if city else "fi")
    account = register_user(obj.instance.store, obj.operator(), username, display_name, password,
                            city, roles, language)
    click.echo(f"added {account.username} ({', '.join(sorted(account.roles)) or 'no roles'})")


@users.command("list")
@click.option("--city", default=None)
@click.pass_obj
def users_list(obj, city):
    """List accounts with city, roles and state."""
    from core.auth.service import list_accounts
    for a in list_accounts(obj.instance.store, city):
        state = "active" if a.active else "deactivated"
        click.echo(f"{a.username:32} {a.city or 'national':10} {' '.join(sorted(a.roles)):40} {state}")


@users.command("grant")
@click.argument("username")
@click.argument("role")
@click.pass_obj
def users_grant(obj, username, role):
    """Give an account a role."""
    from core.auth.service import grant_role
    grant_role(obj.instance.store, obj.operator(), username, role)
    click.echo(f"{username} now holds {role}")


@users.command("deactivate")
@click.argument("username")
@click.option("--reason", required=True)
@click.pass_obj
def users_deactivate(obj, username, reason):
    """Close an account; its tokens stop working."""
    from core.auth.service import deactivate_user
    deactivate_user(obj.instance.store, obj.operator(), username, reason)
    click.echo(f"deactivated {username}")


@users.command("sign-out")
@click.argument("username")
@click.option("--reason", required=True, help="Why (a lost laptop, a suspected break-in).")
@click.pass_obj
def users_sign_out(obj, username, reason):
    """End every session of an account at once, wherever it was opened."""
    from core.auth.service import sign_out_everywhere
    sign_out_everywhere(obj.instance.store, obj.operator(), username, reason)
    click.echo(f"signed {username} out everywhere")


@users.command("attempts")
@click.pass_obj
def users_attempts(obj):
    """Show the sign-in attempts of the last day by address and by username, busiest first."""
    from core.auth import throttle
    rows = throttle.recent(obj.instance.store)
    for row in rows:
        kind, _, value = row.key.partition(":")
        at = row.last_at.strftime("%Y-%m-%d %H:%M")
        click.echo(f"{kind:9} {value:40} {row.count:6} in the window from {row.window_start:%H:%M}, last {at} UTC")
    if not rows:
        click.echo("no sign-in attempts in the last day")


@click.group()
def tokens():
    """Personal access tokens for the API."""


@tokens.command("create")
@click.argument("username")
@click.option("--label", default="command line", help="What the token is for.")
@click.pass_obj
def tokens_create(obj, username, label):
    """Create a token for a user and print it once."""
    from core.auth.service import find_account, issue_token
    account = find_account(obj.instance.store, username=username)
    if account is None:
        raise NotFoundError(f"no user {username!r}")
    click.echo(issue_token(obj.instance.store, account, label))


commands = (users, tokens)
