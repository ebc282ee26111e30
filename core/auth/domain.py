"""The User aggregate: an account's life, as events."""

from __future__ import annotations

import uuid
from datetime import datetime

from core.events import Aggregate, event
from core.vault import Personal

USER_NAMESPACE = uuid.UUID("0f2b6a1e-7c44-4f0e-9d7b-3c1a7f9e5d21")


def user_id_for(username: str) -> uuid.UUID:
    """Derive an account's id from its username, so that usernames stay unique."""
    return uuid.uuid5(USER_NAMESPACE, username.lower())


class User(Aggregate):
    """A staff member's account: city, roles, password, language, tokens."""

    class Registered(Aggregate.Created):
        username: str
        display_name: Personal
        city: str | None
        language: str
        password: Personal

    class RoleGranted(Aggregate.Event):
        role: str

    class RoleRevoked(Aggregate.Event):
        role: str

    class PasswordChanged(Aggregate.Event):
        password: Personal

    class LoginFailed(Aggregate.Event):
        attempts: int

    class LoggedIn(Aggregate.Event):
        pass

    class Locked(Aggregate.Event):
        until: datetime

    class Deactivated(Aggregate.Event):
        reason: str

    class LanguageChosen(Aggregate.Event):
        language: str

    class TokenIssued(Aggregate.Event):
        token_id: str
        token_hash: str
        city: str | None
        label: str

    class TokenRevoked(Aggregate.Event):
        token_id: str

    class SessionStarted(Aggregate.Event):
        session_hash: str  # SHA-256 of the session's id: the id itself lives only in the signed cookie
        until: datetime

    class SessionEnded(Aggregate.Event):
        session_hash: str
        why: str  # "signed out", "idle"

    class SignedOutEverywhere(Aggregate.Event):
        reason: str

    @classmethod
    def create_id(cls, username: str, **_) -> uuid.UUID:
        return user_id_for(username)

    @event(Registered)
    def __init__(self, username: str, display_name: Personal, city: str | None, language: str, password: Personal):
        self.username = username
        self.city = city
        self.language = language
        self.roles: set[str] = set()
        self.failed = 0
        self.active = True
        self.tokens: set[str] = set()

    @event(RoleGranted)
    def grant(self, role: str):
        self.roles.add(role)

    @event(RoleRevoked)
    def revoke(self, role: str):
        self.roles.discard(role)

    @event(PasswordChanged)
    def change_password(self, password: Personal):
        pass

    @event(LoginFailed)
    def fail_login(self, attempts: int):
        self.failed = attempts

    @event(LoggedIn)
    def log_in(self):
        self.failed = 0

    @event(Locked)
    def lock(self, until: datetime):
        self.failed = 0

    @event(Deactivated)
    def deactivate(self, reason: str):
        self.active = False

    @event(LanguageChosen)
    def choose_language(self, language: str):
        self.language = language

    @event(TokenIssued)
    def issue_token(self, token_id: str, token_hash: str, city: str | None, label: str):
        self.tokens.add(token_id)

    @event(TokenRevoked)
    def revoke_token(self, token_id: str):
        self.tokens.discard(token_id)

    @event(SessionStarted)
    def start_session(self, session_hash: str, until: datetime):
        pass

    @event(SessionEnded)
    def end_session(self, session_hash: str, why: str):
        pass

    @event(SignedOutEverywhere)
    def sign_out_everywhere(self, reason: str):
        pass
