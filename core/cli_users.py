"""The accounts' commands: `exitfi users` and `exitfi tokens`."""

from __future__ import annotations

import click

from core.errors import ValidationError


def _fail(e: ValidationError):
    raise click.ClickException("; ".join(f"{k}: {', '.join(v)}" for k, v in e.messages.items()))


@click.group()
def users():
    """Add, list, grant roles to and deactivate staff accounts."""


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
    try:
        account = register_user(obj.instance.store, obj.operator(), username, display_name, password,
                                city, roles, language)
    except ValidationError as e:
        _fail(e)
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
    try:
        grant_role(obj.instance.store, obj.operator(), username, role)
    except ValidationError as e:
        _fail(e)
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
        raise click.ClickException(f"no user {username!r}")
    click.echo(issue_token(obj.instance.store, account, label))


commands = (users, tokens)
