"""Look-up tables for accounts and API tokens."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, String, Table, update

from core.auth.domain import User
from core.columns import PersonalText
from core.projections import Projection, on
from core.tables import metadata

users = Table(
    "exitfi_users", metadata,
    Column("user_id", String(32), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", PersonalText, nullable=False),
    Column("password", PersonalText, nullable=False),  # an argon2 hash, encrypted
    Column("city", String(40), nullable=True, index=True),
    Column("roles", String(200), nullable=False),  # space-separated, sorted
    Column("language", String(5), nullable=False),
    Column("failed_attempts", Integer, nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

api_tokens = Table(
    "exitfi_api_tokens", metadata,
    Column("token_id", String(32), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", String(32), nullable=False, index=True),
    Column("city", String(40), nullable=True),
    Column("label", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

sessions = Table(
    "exitfi_sessions", metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("user_id", String(32), nullable=False, index=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("until", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Column("why", String(40), nullable=True),
)


class Accounts(Projection):
    """Accounts by username, with roles, lock state, tokens and signed-in sessions."""

    name = "exitfi_users"
    tables = (users, api_tokens, sessions)
    decides_access = True

    @on(User.Registered)
    def registered(self, session, e):
        session.execute(users.insert().values(
            user_id=e.originator_id.hex, username=e.username, display_name=e.display_name,
            password=e.password, city=e.city, roles="", language=e.language, failed_attempts=0,
            locked_until=None, active=True, created_at=e.timestamp, version=e.originator_version))

    def _set(self, session, e, **values):
        session.execute(update(users).where(users.c.user_id == e.originator_id.hex)
                        .values(version=e.originator_version, **values))

    def _roles(self, session, e, change):
        current = session.execute(users.select().where(users.c.user_id == e.originator_id.hex)).one().roles
        roles = change(set(current.split()))
        self._set(session, e, roles=" ".join(sorted(roles)))

    @on(User.RoleGranted)
    def granted(self, session, e):
        self._roles(session, e, lambda roles: roles | {e.role})

    @on(User.RoleRevoked)
    def revoked(self, session, e):
        self._roles(session, e, lambda roles: roles - {e.role})

    def _end_sessions(self, session, e, why: str):
        session.execute(update(sessions).where(sessions.c.user_id == e.originator_id.hex,
                                               sessions.c.ended_at.is_(None)).values(ended_at=e.timestamp, why=why))

    @on(User.PasswordChanged)
    def password_changed(self, session, e):
        self._set(session, e, password=e.password)
        self._end_sessions(session, e, "password changed")

    @on(User.LoginFailed)
    def failed(self, session, e):
        self._set(session, e, failed_attempts=e.attempts)

    @on(User.LoggedIn)
    def logged_in(self, session, e):
        self._set(session, e, failed_attempts=0, locked_until=None)

    @on(User.Locked)
    def locked(self, session, e):
        self._set(session, e, failed_attempts=0, locked_until=e.until)

    @on(User.Deactivated)
    def deactivated(self, session, e):
        self._set(session, e, active=False)
        self._end_sessions(session, e, "deactivated")
        session.execute(update(api_tokens).where(api_tokens.c.user_id == e.originator_id.hex,
                                                 api_tokens.c.revoked_at.is_(None)).values(revoked_at=e.timestamp))

    @on(User.LanguageChosen)
    def language(self, session, e):
        self._set(session, e, language=e.language)

    @on(User.TokenIssued)
    def token_issued(self, session, e):
        self._set(session, e)
        session.execute(api_tokens.insert().values(
            token_id=e.token_id, token_hash=e.token_hash, user_id=e.originator_id.hex, city=e.city,
            label=e.label, created_at=e.timestamp, revoked_at=None))

    @on(User.TokenRevoked)
    def token_revoked(self, session, e):
        self._set(session, e)
        session.execute(update(api_tokens).where(api_tokens.c.token_id == e.token_id).values(revoked_at=e.timestamp))

    @on(User.SessionStarted)
    def session_started(self, session, e):
        self._set(session, e)
        session.execute(sessions.insert().values(session_hash=e.session_hash, user_id=e.originator_id.hex,
                                                 started_at=e.timestamp, until=e.until, ended_at=None, why=None))

    @on(User.SessionEnded)
    def session_ended(self, session, e):
        self._set(session, e)
        session.execute(update(sessions).where(sessions.c.session_hash == e.session_hash, sessions.c.ended_at.is_(None))
                        .values(ended_at=e.timestamp, why=e.why))

    @on(User.SignedOutEverywhere)
    def signed_out_everywhere(self, session, e):
        self._set(session, e)
        self._end_sessions(session, e, "signed out everywhere")
