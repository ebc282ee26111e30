"""Account use cases: register, grant, authenticate with lock-out, tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import bindparam, select

from core.auth import passwords
from core.auth.domain import User, user_id_for
from core.auth.projections import api_tokens, sessions, users
from core.auth.roles import NATIONAL_ROLES, ROLES
from core.errors import ExitfiError, NotFoundError, ValidationError
from core.events import Actor
from core.prepared import Prepared
from core.vault import Personal

MAX_FAILURES = 6
LOCK_MINUTES = 30
LANGUAGES = ("fi", "sv", "en")
TOKEN_PREFIX = "exitfi_"


class LoginRefused(ExitfiError):
    """A refused login: "locked" (the account is locked for a while) or "wrong" (anything else)."""


@dataclass(frozen=True)
class Account:
    """An account as the web layer sees it (from the accounts projection)."""

    user_id: str
    username: str
    city: str | None
    roles: frozenset
    language: str
    active: bool
    locked_until: datetime | None
    version: int

    def get_id(self) -> str:
        return self.user_id

    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def actor(self) -> Actor:
        """The actor this account's commands are recorded as (its first role leads)."""
        return Actor(self.username, self.primary_role, self.city)

    @property
    def primary_role(self) -> str:
        return next((r for r in ROLES if r in self.roles), "none")


def _account(row) -> Account:
    """An account from a row of `_ACCOUNT`'s columns, in their order."""
    user_id, username, city, roles, language, active, locked, version = row
    return Account(user_id, username, city, frozenset(roles.split()), language, active,
                   _aware(locked) if locked is not None else None, version)


_ACCOUNT = (users.c.user_id, users.c.username, users.c.city, users.c.roles, users.c.language, users.c.active,
            users.c.locked_until, users.c.version)


def find_account(store, username: str | None = None, user_id: str | None = None) -> Account | None:
    """Return an account by username or id, or None."""
    clause = users.c.username == username if username is not None else users.c.user_id == user_id
    with store.reading() as session:
        row = session.execute(select(*_ACCOUNT).where(clause)).first()
    return _account(row) if row else None


def list_accounts(store, city: str | None = None) -> list[Account]:
    """Accounts, optionally of one city, by username."""
    q = select(*_ACCOUNT).order_by(users.c.username)
    if city:
        q = q.where(users.c.city == city)
    with store.reading() as session:
        return [_account(r) for r in session.execute(q)]


def register_user(store, actor: Actor, username: str, display_name: str, password: str,
                  city: str | None, roles=(), language: str = "fi") -> Account:
    """Create an account with roles; refuse weak passwords, unknown roles and taken usernames."""
    errors = {}
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        errors["username"] = ["use letters, digits, dots, dashes and underscores"]
    if problems := passwords.problems(password, username):
        errors["password"] = problems
    if unknown := [r for r in roles if r not in ROLES]:
        errors["roles"] = [f"unknown role(s): {', '.join(unknown)}"]
    if city is None and any(r not in NATIONAL_ROLES for r in roles):
        errors["city"] = ["only national roles may be held without a city"]
    if language not in LANGUAGES:
        errors["language"] = [f"must be one of {', '.join(LANGUAGES)}"]
    if not errors and find_account(store, username=username):
        errors["username"] = ["is taken"]
    if errors:
        raise ValidationError(errors)
    uid = user_id_for(username)
    with store.acting(actor):
        user = User(username=username, display_name=Personal(uid, "identity", display_name or username),
                    city=city, language=language,
                    password=Personal(uid, "credential", passwords.hash_password(password)))
        for role in roles:
            user.grant(role)
        store.save(user)
    return find_account(store, username=username)


def _user(store, username: str) -> User:
    account = find_account(store, username=username)
    if account is None:
        raise NotFoundError(f"no user {username!r}")
    return store.get(account.user_id)


def grant_role(store, actor: Actor, username: str, role: str) -> None:
    """Give a user a role."""
    if role not in ROLES:
        raise ValidationError({"role": [f"unknown role {role!r}"]})
    with store.acting(actor):
        user = _user(store, username)
        if role not in user.roles:
            user.grant(role)
            store.save(user)


def revoke_role(store, actor: Actor, username: str, role: str) -> None:
    """Take a role from a user."""
    with store.acting(actor):
        user = _user(store, username)
        if role in user.roles:
            user.revoke(role)
            store.save(user)


def deactivate_user(store, actor: Actor, username: str, reason: str) -> None:
    """Close an account for good; its tokens stop working."""
    if not reason.strip():
        raise ValidationError({"reason": ["deactivation needs a reason"]})
    with store.acting(actor, reason=reason):
        user = _user(store, username)
        user.deactivate(reason.strip())
        store.save(user)


def change_password(store, actor: Actor, username: str, password: str) -> None:
    """Set a new password after checking it against the rules."""
    if problems := passwords.problems(password, username):
        raise ValidationError({"password": problems})
    with store.acting(actor):
        user = _user(store, username)
        user.change_password(Personal(user.id, "credential", passwords.hash_password(password)))
        store.save(user)


def choose_language(store, account: Account, language: str) -> None:
    """Record the language a user works in."""
    if language not in LANGUAGES:
        raise ValidationError({"language": [f"must be one of {', '.join(LANGUAGES)}"]})
    with store.acting(account.actor()):
        user = store.get(account.user_id)
        user.choose_language(language)
        store.save(user)


def authenticate(store, username: str, password: str, now: datetime | None = None) -> Account:
    """Check a login; record each failure and lock the account after six in a row."""
    return _check_login(store, username, password, now or datetime.now(timezone.utc), None)


def sign_in(store, username: str, password: str, hours: int, now: datetime | None = None) -> tuple[Account, str]:
    """Check a login and open a session that ends after `hours` at the latest; return the account and session id."""
    session_id = secrets.token_urlsafe(32)
    now = now or datetime.now(timezone.utc)
    account = _check_login(store, username, password, now, (_hash(session_id), now + timedelta(hours=hours)))
    return account, session_id


def _check_login(store, username: str, password: str, now: datetime, new_session) -> Account:
    account = find_account(store, username=username)
    if account is None:
        passwords.password_matches(passwords.dummy_hash(), password)  # same work as a real check
        raise LoginRefused("wrong")
    with store.reading() as session:
        encrypted = session.execute(select(users.c.password).where(users.c.user_id == account.user_id)).scalar_one()
    stored = store.vault.reveal(encrypted)
    if not isinstance(stored, str):
        stored = None
    locked = account.locked_until is not None and account.locked_until > now
    if locked:
        # Counted by the throttle, not recorded: attempts on a locked account must not grow the log.
        passwords.password_matches(passwords.dummy_hash(), password)
        raise LoginRefused("locked")
    ok = account.active and bool(stored) and passwords.password_matches(stored, password)
    self_actor = Actor(account.username, account.primary_role, account.city)
    just_locked = False
    with store.acting(self_actor, reason="login"):
        user = store.get(account.user_id)
        if ok:
            user.log_in()
            if new_session:
                user.start_session(session_hash=new_session[0], until=new_session[1])
        else:
            user.fail_login(attempts=user.failed + 1)
            if user.failed >= MAX_FAILURES:
                user.lock(until=now + timedelta(minutes=LOCK_MINUTES))
                just_locked = True
        store.save(user)
    if not ok:
        raise LoginRefused("locked" if just_locked else "wrong")
    return find_account(store, user_id=account.user_id)


def account_for_session(store, user_id: str, session_id: str | None, now: datetime | None = None) -> Account | None:
    """Return the active account of a live session (not ended, not past its lifetime), or None."""
    if not session_id:
        return None
    now = now or datetime.now(timezone.utc)
    with store.reading() as session:
        found = _LIVE_SESSION.rows(session, {"session_hash": _hash(session_id), "user_id": user_id})
    if not found or _aware(found[0][-1]) <= now:
        return None
    return _account(found[0][:-1])


# One query on every request: the account, joined to its live session (built once, run on the driver's cursor).
_LIVE_SESSION = Prepared(
    select(*_ACCOUNT, sessions.c.until)
    .join(sessions, sessions.c.user_id == users.c.user_id)
    .where(sessions.c.session_hash == bindparam("session_hash"), users.c.user_id == bindparam("user_id"),
           sessions.c.ended_at.is_(None), users.c.active.is_(True)))


def end_session(store, account: Account, session_id: str, why: str) -> None:
    """End one session on the server, so that a copy of its cookie opens nothing any more."""
    with store.acting(account.actor(), reason=why):
        user = store.get(account.user_id)
        user.end_session(session_hash=_hash(session_id), why=why)
        store.save(user)


def sign_out_everywhere(store, actor: Actor, username: str, reason: str) -> None:
    """End every session of a user (an administrator's act, with its reason)."""
    if not reason or not reason.strip():
        raise ValidationError({"reason": ["say why the user is signed out"]})
    with store.acting(actor, reason=reason.strip()):
        user = _user(store, username)
        user.sign_out_everywhere(reason=reason.strip())
        store.save(user)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite returns naive UTC


def issue_token(store, account: Account, label: str, city: str | None = None) -> str:
    """Create a personal access token for the API; return it (shown once, stored hashed)."""
    if not label or not label.strip():
        raise ValidationError({"label": ["name the token after its use"]})
    city = city or account.city
    if account.city is not None and city != account.city:
        raise ValidationError({"city": ["a token is scoped to your own city"]})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.acting(account.actor()):
        user = store.get(account.user_id)
        user.issue_token(token_id=secrets.token_hex(8), token_hash=_hash(secret), city=city, label=label.strip()[:100])
        store.save(user)
    return secret


def revoke_token(store, account: Account, token_id: str) -> None:
    """Revoke one of the account's tokens."""
    with store.acting(account.actor()):
        user = store.get(account.user_id)
        if token_id not in user.tokens:
            raise NotFoundError("no such token")
        user.revoke_token(token_id)
        store.save(user)


def account_for_token(store, secret: str) -> tuple[Account, str | None] | None:
    """Return the account and city of a live token, or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    with store.reading() as session:
        row = session.execute(select(api_tokens).where(api_tokens.c.token_hash == _hash(secret),
                                                       api_tokens.c.revoked_at.is_(None))).first()
    if row is None:
        return None
    account = find_account(store, user_id=row.user_id)
    return (account, row.city) if account and account.active else None


def tokens_of(store, account: Account) -> list:
    """The account's tokens (never the secrets)."""
    with store.reading() as session:
        return session.execute(select(api_tokens).where(api_tokens.c.user_id == account.user_id)
                               .order_by(api_tokens.c.created_at)).all()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
